"""The case page: everything about one case, its details edited in place, its timeline and files."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cases import clocks, escalation, forms, selectors, services, timeline
from cases.attachments import KINDS
from cases.forms_open import PRECHECK_LABELS
from cases.models import Attachment, Status


def _new_case_url(case) -> str:
    # The guided form's URL name; the literal path keeps the link working before it is merged.
    try:
        base = reverse("case_new")
    except NoReverseMatch:
        base = "/cases/new/"
    params = {"from": case.pk}
    if case.closed_reason == "another_agent":
        params["reason"] = "another_agent"
    return f"{base}?{urlencode(params)}"


def _escalation_card(case, now, p) -> dict:
    """What the escalation card says: a candidate or not, and why; the escalation under way; what comes next."""
    reasons = escalation.case_reasons(case, now, p)
    suggested = escalation.suggested_route(category=escalation.case_category(case), status=case.status,
                                           escalation_level=case.escalation_level)
    suggested_route = escalation.route_by_key(suggested)
    return {
        "reasons": reasons,
        "candidate": escalation.is_candidate(reasons),
        "level_word": escalation.ordinal(case.escalation_level) if case.escalation_level else "",
        "next_level_word": escalation.ordinal(case.escalation_level + 1),
        "route": escalation.route_by_key(case.escalation_route),
        "suggested_route": suggested,
        "suggested_route_label": suggested_route.label if suggested_route else "",
        "stale_days": f"{p.stale_after.total_seconds() / 86400:g}",
        "generic_threshold": escalation.generic_reply_threshold(),
    }


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _reassign_form(case):
    form = forms.ReassignForm(initial={"owner": case.owner_id}, auto_id="ra-%s")
    form.fields["owner"].label_from_instance = _person
    return form


def _render(request, case, *, edit_form=None, attach_form=None, stale=None, status=200):
    now = timezone.now()
    p = clocks.policy()
    show_all = request.GET.get("events") == "all"
    events, more = selectors.case_timeline(case, limit=None if show_all else selectors.TIMELINE_PAGE)
    editing = edit_form is not None or request.GET.get("edit") == "1"
    if editing and edit_form is None:
        edit_form = forms.CaseEditForm(case=case)
    context = {
        "case": case,
        "now": now,
        "clock": case.clock(now),
        "window_sentence": clocks.window_sentence(case, now, p),
        "waiting_sentence": clocks.waiting_sentence(case, now, p),
        "check_sentence": clocks.check_sentence(
            status=case.status, last_checked_at=case.last_checked_at, checked_by=_person(case.last_checked_by),
            now=now, p=p,
        ),
        "follow_up_sentence": clocks.follow_up_sentence(case, now, p),
        "entries": timeline.present(events, now=now),
        "more_events": more,
        "show_all": show_all,
        "editing": editing,
        "edit_form": edit_form,
        "attach_form": attach_form or forms.AttachmentForm(),
        "stale": stale,
        "precheck": _precheck_rows(case.precheck),
        "new_case_url": _new_case_url(case) if case.status == Status.CLOSED else "",
        "max_attachment_mb": settings.CASEDESK_ATTACHMENT_MAX_MB,
        "response_window_hours": f"{settings.CASEDESK_RESPONSE_WINDOW_HOURS:g}",
        "reassign_form": _reassign_form(case),
        "status_form": forms.StatusForm(initial={"status": case.status}),
        "generic_reply_threshold": settings.CASEDESK_ESCALATE_AFTER_GENERIC_REPLIES,
        "escalation": _escalation_card(case, now, p),
    }
    return render(request, "cases/case_detail.html", context, status=status)


def _precheck_rows(precheck) -> list[tuple[str, str]]:
    """The pre-check answers recorded when the case was opened, whatever their shape, in words."""
    if not isinstance(precheck, dict):
        return []
    rows = []
    for key, value in precheck.items():
        label = PRECHECK_LABELS.get(key) or str(key).replace("_", " ").strip().capitalize()
        if isinstance(value, bool):
            value = "Yes" if value else "No"
        elif value in (None, ""):
            value = "—"
        elif isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        rows.append((label, str(value)))
    return rows


@require_GET
def case_detail(request, pk: int):
    return _render(request, selectors.case_for_page(pk))


@require_POST
def case_edit(request, pk: int):
    case = selectors.case_for_page(pk)
    form = forms.CaseEditForm(request.POST, case=case)
    if not form.is_valid():
        messages.error(request, "Nothing was saved: correct the fields marked below.")
        return _render(request, case, edit_form=form, status=400)
    data, products = form.changed_values(), form.changed_products()
    if not data and products is None:
        messages.info(request, "Nothing to save: no field was changed.")
        return redirect(case.get_absolute_url())
    try:
        services.case_update(case=case, actor=request.user, expected_version=form.cleaned_data["version"],
                             data=data, products=products)
    except services.CaseChanged as exc:
        current = selectors.case_for_page(pk)
        since = selectors.case_events_since(current, form.cleaned_data["version"])
        rebased = forms.rebase_edit(request.POST, case=current)
        others = {c.field for c in exc.changes}
        stale = {
            "events": timeline.present(since),
            "conflicts": [rebased[name].label for name in rebased.kept_edits if name in others],
            "conflict_names": [name for name in rebased.kept_edits if name in others],
            "kept": [rebased[name].label for name in rebased.kept_edits],
        }
        return _render(request, current, edit_form=rebased, stale=stale, status=409)
    except ValidationError as exc:
        _add_errors(form, exc)
        messages.error(request, "Nothing was saved: correct the fields marked below.")
        return _render(request, case, edit_form=form, status=400)
    messages.success(request, "Case details saved.")
    return redirect(case.get_absolute_url())


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@require_POST
def case_attach(request, pk: int):
    case = selectors.case_for_page(pk)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.case_add_attachment(case=case, actor=request.user, files=form.cleaned_data["files"],
                                         text=form.cleaned_data["text"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            count = len(form.cleaned_data["files"])
            messages.success(request, "File attached." if count == 1 else f"{count} files attached.")
            return redirect(f"{case.get_absolute_url()}#timeline")
    messages.error(request, "Nothing was attached: " + " ".join(e for errs in form.errors.values() for e in errs))
    return _render(request, case, attach_form=form, status=400)


@never_cache
@require_GET
def attachment_download(request, pk: int, name: str):
    """A file attached to a case, for logged-in people only (the login middleware sees to that).

    Never served from MEDIA_URL: the web server must not expose MEDIA_ROOT.
    """
    attachment = get_object_or_404(Attachment.objects.select_related("event"), pk=pk)
    if name != attachment.original_name:
        raise Http404("No such attachment.")
    ext = attachment.file.name.rsplit(".", 1)[-1].lower()
    kind = KINDS.get(ext)
    inline = bool(kind and kind.inline) and request.GET.get("download") != "1"
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.")
    response = FileResponse(handle, as_attachment=not inline, filename=attachment.original_name,
                            content_type=kind.content_type if kind else "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    # Even a file that slipped through is never run as a page of this site. (Chromium refuses to
    # show PDFs in a sandboxed document, and a PDF's bytes were checked, so PDFs go without it.)
    policy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    response["Content-Security-Policy"] = policy if ext == "pdf" else f"{policy}; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
