"""Text a person (or an imported file) typed never runs as HTML: markup sent through each form, the Asana
importer and the admin comes out escaped on every page it reaches."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Brand, Case, CaseTemplate
from tests.test_case_edit import _form_data
from tests.test_import_asana import csv_bytes, row

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def payload(tag: str) -> str:
    return f'<script>pwn("{tag}")</script><b onclick="pwn()">{tag}</b>'


def assert_escaped(html: str, tag: str, where: str):
    assert "<script>pwn(" not in html, f"{tag}: a live script on {where}"
    assert "<b onclick" not in html, f"{tag}: live markup on {where}"
    assert re.search(rf"&lt;script&gt;pwn\((&quot;|&#x27;|\"){tag}", html), f"{tag} never reached {where}"


def _pages(client, urls, tag):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert_escaped(response.content.decode(), tag, url)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("field", ["issue", "subject", "message", "notes"])
def test_case_edit_form(member_client, case, field):
    tag = f"edit-{field}"
    response = member_client.post(reverse("case_edit", args=[case.pk]), _form_data(case, **{field: payload(tag)}))
    assert response.status_code == 302
    pages = [case.get_absolute_url()] + (["/"] if field == "issue" else [])
    _pages(member_client, pages, tag)


@pytest.mark.parametrize("action, extra", [
    ("note", {}),
    ("amazon-replied", {"at": "2026-11-16T09:00"}),
    ("we-replied", {"at": "2026-11-16T10:00"}),
])
def test_case_action_texts(member_client, case, action, extra):
    tag = f"action-{action}"
    data = {"version": case.version, "text": payload(tag), **extra}
    response = member_client.post(reverse("case_action", args=[case.pk, action]), data)
    assert response.status_code == 302, response.content.decode()[:400]
    _pages(member_client, [case.get_absolute_url()], tag)


def test_attachment_note_and_file_name(member_client, case):
    response = member_client.post(reverse("case_attach", args=[case.pk]), {
        "files": [SimpleUploadedFile(payload("file-name")[:60] + ".png", PNG)], "text": payload("attach-note"),
    })
    assert response.status_code == 302, response.content.decode()[:400]
    _pages(member_client, [case.get_absolute_url()], "attach-note")
    html = member_client.get(case.get_absolute_url()).content.decode()
    assert "<script>pwn(" not in html


def test_a_persons_name_from_their_settings(member_client, member, case):
    response = member_client.post(reverse("me"), {"first_name": payload("me-name")[:150], "last_name": "",
                                                  "email": member.email})
    assert response.status_code == 302
    _pages(member_client, ["/", reverse("me"), case.get_absolute_url()], "me-name")


def test_asana_import_preview_and_imported_cases(supervisor_client, member):
    data = csv_bytes(row(brand=payload("import-brand")[:100], issue=payload("import-issue"),
                         notes=payload("import-notes")))
    upload = supervisor_client.post(reverse("import_upload"), {"file": SimpleUploadedFile("board.csv", data)})
    assert upload.status_code == 302
    preview = supervisor_client.get(upload.url)
    for tag in ("import-brand", "import-issue"):
        assert_escaped(preview.content.decode(), tag, "the import preview")
    mapping = {f"map_{k}": v for k, v in preview.context["plan"].mapping.items()}
    assert supervisor_client.post(upload.url, {**mapping, "confirm": "1"}).status_code == 302
    case = Case.objects.get()
    _pages(supervisor_client, ["/", case.get_absolute_url()], "import-brand")
    _pages(supervisor_client, ["/", case.get_absolute_url()], "import-issue")
    _pages(supervisor_client, [case.get_absolute_url()], "import-notes")
    _pages(supervisor_client, [reverse("admin:cases_case_changelist"),
                               reverse("admin:cases_case_change", args=[case.pk])], "import-brand")


def test_brand_added_in_the_admin(supervisor_client, member):
    response = supervisor_client.post(reverse("admin:cases_brand_add"), {"name": payload("admin-brand")[:120],
                                                                        "active": "on"})
    assert response.status_code == 302, response.content.decode()[:600]
    brand = Brand.objects.get()
    from tests.factories import CaseFactory

    case = CaseFactory(owner=member, brand=brand)
    _pages(supervisor_client, ["/", case.get_absolute_url(), reverse("reports"),
                               reverse("admin:cases_brand_changelist"), reverse("admin:cases_case_changelist")],
           "admin-brand")


def test_case_template_edited_in_the_admin(supervisor_client, case):
    template = case.issue_type or CaseTemplate.objects.first()
    change = reverse("admin:cases_casetemplate_change", args=[template.pk])
    form = supervisor_client.get(change).context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data = {k: v for k, v in data.items() if not isinstance(v, bool) or v}
    data.update({"name": payload("template-name")[:120], "tips": payload("template-tips")})
    response = supervisor_client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case.issue_type = template
    Case.objects.filter(pk=case.pk).update(issue_type=template)
    _pages(supervisor_client, [case.get_absolute_url(), reverse("admin:cases_casetemplate_changelist")],
           "template-name")


def test_user_name_set_in_the_admin(supervisor_client, member, case):
    change = reverse("admin:auth_user_change", args=[member.pk])
    form = supervisor_client.get(change).context["adminform"].form
    data = {}
    for name, value in form.initial.items():
        if name in {"password", "groups", "user_permissions"} or value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = value.strftime("%Y-%m-%d %H:%M:%S") if hasattr(value, "strftime") else value
    data.update({"first_name": payload("admin-user")[:150]})
    for field in ("role",):
        if field in form.fields and form.initial.get(field):
            data[field] = form.initial[field]
    response = supervisor_client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    _pages(supervisor_client, ["/", case.get_absolute_url(), reverse("admin:auth_user_changelist")], "admin-user")


def test_board_and_case_page_show_a_case_nobody_owns(member_client, db):
    from tests.factories import CaseFactory

    case = CaseFactory(owner=None)
    assert member_client.get("/").status_code == 200
    assert "Unassigned" in member_client.get(case.get_absolute_url()).content.decode()
