import pytest
from django.core.exceptions import ValidationError

from cases.attachments import check_upload, safe_name

MB = 1024 * 1024


@pytest.mark.parametrize(
    "name, head, ext",
    [
        ("a.PNG", b"\x89PNG\r\n\x1a\n....", "png"),
        ("a.jpeg", b"\xff\xd8\xff\xe0", "jpg"),
        ("a.gif", b"GIF89a....", "gif"),
        ("a.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
        ("a.pdf", b"%PDF-1.4", "pdf"),
        ("a.csv", b"asin,status\nB0TEST0001,ok\n", "csv"),
        ("a.eml", b"From: seller-support@amazon.com\r\nSubject: Your case\r\n", "eml"),
        ("a.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "msg"),
    ],
)
def test_allowed_kinds_are_accepted_by_name_and_bytes(name, head, ext):
    assert check_upload(name=name, size=len(head), head=head, max_bytes=MB)[0] == ext


@pytest.mark.parametrize(
    "name, head, code",
    [
        ("a.svg", b"<svg></svg>", "attachment_type"),
        ("a.html", b"<html>", "attachment_type"),
        ("noextension", b"hello", "attachment_type"),
        ("a.jpg", b"\x89PNG\r\n\x1a\n", "attachment_mismatch"),
        ("a.pdf", b"MZ\x90\x00", "attachment_mismatch"),
        ("a.csv", b"a,b\x00c", "attachment_mismatch"),
        ("a.eml", b"  <script>alert(1)</script>", "attachment_mismatch"),
    ],
)
def test_other_kinds_and_disguised_files_are_refused(name, head, code):
    with pytest.raises(ValidationError) as exc:
        check_upload(name=name, size=len(head), head=head, max_bytes=MB)
    assert exc.value.code == code


def test_size_limit_names_the_limit():
    with pytest.raises(ValidationError, match="at most 1 MB"):
        check_upload(name="a.pdf", size=MB + 1, head=b"%PDF-", max_bytes=MB)


def test_safe_names_keep_the_gist_and_lose_the_danger():
    assert safe_name("../../etc/passwd.png", "png") == "passwd.png"
    assert safe_name("Écran de contrôle (1).PNG", "png") == "Ecran-de-controle-1.png"
    assert safe_name("...", "pdf") == "attachment.pdf"
