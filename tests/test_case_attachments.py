"""Attachments on a case: the upload view, the service's checks, and the login-only download view."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Attachment, CaseEvent, EventKind

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _upload(client, case, *files, text=""):
    return client.post(reverse("case_attach", args=[case.pk]), {"files": list(files), "text": text})


def _stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_upload_writes_one_attachment_event_with_the_files(member_client, case, member, media):
    response = _upload(
        member_client, case,
        SimpleUploadedFile("Seller Central screenshot.png", PNG, content_type="image/png"),
        SimpleUploadedFile("invoice.pdf", PDF, content_type="application/pdf"),
        text="Amazon asked for these",
    )
    assert response.status_code == 302 and response["Location"].endswith("#timeline")
    event = CaseEvent.objects.get(case=case)
    assert event.kind == EventKind.ATTACHMENT and event.actor == member and event.text == "Amazon asked for these"
    names = list(event.attachments.values_list("original_name", "content_type", "size"))
    assert names == [("Seller Central screenshot.png", "image/png", len(PNG)), ("invoice.pdf", "application/pdf", len(PDF))]
    assert len(_stored_files(media)) == 2
    page = member_client.get(case.get_absolute_url()).content.decode()
    assert "Seller Central screenshot.png" in page and "Amazon asked for these" in page


def test_the_type_comes_from_the_bytes_not_from_the_browser(member_client, case):
    _upload(member_client, case, SimpleUploadedFile("notes.txt", b"plain words\n", content_type="application/x-evil"))
    assert Attachment.objects.get().content_type == "text/plain; charset=utf-8"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("setup.exe", b"MZ\x90\x00", "cannot be attached"),
        ("screenshot.png", b"<html><script>alert(1)</script></html>", "is not really a PNG image"),
        ("page.txt", b"<!DOCTYPE html><html></html>", "is not really a text file"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_refused_files_leave_nothing_behind(member_client, case, media, name, content, message):
    good = SimpleUploadedFile("ok.png", PNG)
    response = _upload(member_client, case, good, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Nothing was attached" in response.content.decode()
    assert CaseEvent.objects.count() == 0 and Attachment.objects.count() == 0
    assert _stored_files(media) == []


def test_too_big_a_file_is_refused(member_client, case, settings, media):
    settings.CASEDESK_ATTACHMENT_MAX_MB = 1
    response = _upload(member_client, case, SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024)))
    assert response.status_code == 400
    assert "attachments may be at most 1 MB" in response.content.decode()
    assert Attachment.objects.count() == 0 and _stored_files(media) == []


def test_no_file_chosen_is_a_clear_message(member_client, case):
    response = _upload(member_client, case)
    assert response.status_code == 400
    assert "Choose a file to attach" in response.content.decode()
    assert CaseEvent.objects.count() == 0


def test_download_for_a_logged_in_person(member_client, case):
    _upload(member_client, case, SimpleUploadedFile("invoice.pdf", PDF))
    attachment = Attachment.objects.get()
    url = reverse("attachment", args=[attachment.pk, attachment.original_name])
    response = member_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    forced = member_client.get(url + "?download=1")
    assert forced["Content-Disposition"].startswith("attachment") and 'filename="invoice.pdf"' in forced["Content-Disposition"]


def test_text_files_always_download_and_run_nothing(member_client, case):
    _upload(member_client, case, SimpleUploadedFile("notes.txt", b"hello"))
    attachment = Attachment.objects.get()
    response = member_client.get(reverse("attachment", args=[attachment.pk, attachment.original_name]))
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


def test_anonymous_download_is_sent_to_login(member_client, client, case):
    _upload(member_client, case, SimpleUploadedFile("invoice.pdf", PDF))
    attachment = Attachment.objects.get()
    client.logout()
    response = client.get(reverse("attachment", args=[attachment.pk, attachment.original_name]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_media_url_does_not_serve_attachments(member_client, case):
    _upload(member_client, case, SimpleUploadedFile("invoice.pdf", PDF))
    attachment = Attachment.objects.get()
    assert member_client.get("/media/" + attachment.file.name).status_code == 404


def test_wrong_name_or_id_is_404(member_client, case):
    _upload(member_client, case, SimpleUploadedFile("invoice.pdf", PDF))
    attachment = Attachment.objects.get()
    assert member_client.get(reverse("attachment", args=[attachment.pk, "other.pdf"])).status_code == 404
    assert member_client.get(reverse("attachment", args=[attachment.pk + 1, "invoice.pdf"])).status_code == 404


def test_anonymous_upload_is_sent_to_login(client, case):
    response = client.post(reverse("case_attach", args=[case.pk]), {})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert CaseEvent.objects.count() == 0


def test_get_on_upload_and_post_on_download_are_not_allowed(member_client, case):
    assert member_client.get(reverse("case_attach", args=[case.pk])).status_code == 405
    assert member_client.post(reverse("attachment", args=[1, "x.pdf"])).status_code == 405
