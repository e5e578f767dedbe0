"""Supervisors import the Asana board: upload, map the columns, look at the preview, import (all or nothing)."""

import secrets
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cases.forms_supervisor import ColumnMappingForm, ImportUploadForm
from cases.importers import asana
from cases.permissions import supervisor_required

SESSION_KEY = "casedesk_imports"
PREVIEW_ROWS = 100


def _path(token: str) -> str:
    return f"imports/{token}.csv"


def _forget_old_uploads(max_age=timedelta(days=1)) -> None:
    """Uploads previewed but never imported are kept a day, then removed."""
    if not default_storage.exists("imports"):
        return
    cutoff = timezone.now() - max_age
    for name in default_storage.listdir("imports")[1]:
        if default_storage.get_modified_time(f"imports/{name}") < cutoff:
            default_storage.delete(f"imports/{name}")


@supervisor_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        _forget_old_uploads()
        token = secrets.token_urlsafe(16)
        default_storage.save(_path(token), ContentFile(upload.read()))
        uploads = request.session.get(SESSION_KEY, {})
        uploads[token] = upload.name
        request.session[SESSION_KEY] = uploads
        return redirect("import_preview", token=token)
    return render(request, "cases/import_upload.html", {"form": form}, status=400 if form.errors else 200)


@supervisor_required
@require_http_methods(["GET", "POST"])
def import_preview(request, token: str):
    filename = request.session.get(SESSION_KEY, {}).get(token)
    if not filename or not default_storage.exists(_path(token)):
        raise Http404("This upload has expired: upload the file again.")
    with default_storage.open(_path(token), "rb") as fh:
        data = fh.read()
    source = request.POST if request.method == "POST" else request.GET
    first = asana.read_file(data, filename=filename)
    mapping = None
    if any(key.startswith("map_") for key in source):
        mapping_form = ColumnMappingForm(source, headers=first.headers, initial_mapping=first.mapping)
        if mapping_form.is_valid():
            mapping = mapping_form.mapping()
    plan = first if mapping is None else asana.read_file(data, filename=filename, mapping=mapping)
    mapping_form = ColumnMappingForm(headers=plan.headers, initial_mapping=plan.mapping)
    if request.method == "POST" and "confirm" in request.POST:
        try:
            result = asana.run_import(plan, actor=request.user)
        except ValidationError as exc:
            messages.error(request, "Nothing was imported: " + " ".join(exc.messages[:5]))
        else:
            default_storage.delete(_path(token))
            uploads = request.session.get(SESSION_KEY, {})
            uploads.pop(token, None)
            request.session[SESSION_KEY] = uploads
            brands = f" New brands: {', '.join(result.brands_created)}." if result.brands_created else ""
            messages.success(request, f"Imported {len(result.created)} case(s) from {filename}.{brands}")
            return redirect(reverse("admin:cases_case_changelist"))
    return render(request, "cases/import_preview.html", {
        "plan": plan,
        "filename": filename,
        "token": token,
        "mapping_form": mapping_form,
        "rows": plan.cases[:PREVIEW_ROWS],
        "more": max(len(plan.cases) - PREVIEW_ROWS, 0),
        "hidden_mapping": [(f"map_{k}", v) for k, v in plan.mapping.items()],
    }, status=200 if plan.ok or request.method == "GET" else 400)
