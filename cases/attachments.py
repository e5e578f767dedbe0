"""What may be attached to a case, decided from the file itself: pure functions, no database.

The browser's content type and the file name are the uploader's claims; the first bytes are the
file's. A file is accepted only when its extension is on the list AND its bytes look like that kind,
so a renamed executable or an HTML page called "screenshot.png" is refused. The content type we
store and serve comes from this table, never from the upload.
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Outlook .msg files are OLE2 compound documents.


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    inline: bool  # safe to show in the browser (images, PDFs); the rest download


KINDS = {
    "png": Kind("PNG image", "image/png", True),
    "jpg": Kind("JPEG image", "image/jpeg", True),
    "jpeg": Kind("JPEG image", "image/jpeg", True),
    "gif": Kind("GIF image", "image/gif", True),
    "webp": Kind("WebP image", "image/webp", True),
    "pdf": Kind("PDF", "application/pdf", True),
    "txt": Kind("text file", "text/plain; charset=utf-8", False),
    "csv": Kind("CSV file", "text/csv; charset=utf-8", False),
    "eml": Kind("e-mail (.eml)", "message/rfc822", False),
    "msg": Kind("Outlook e-mail (.msg)", "application/vnd.ms-outlook", False),
}
ALLOWED = "PNG, JPG, GIF, WebP, PDF, TXT, CSV, EML or MSG"
SNIFF_BYTES = 2048


def _looks_like(ext: str, head: bytes) -> bool:
    if ext == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext == "gif":
        return head[:6] in (b"GIF87a", b"GIF89a")
    if ext == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if ext == "pdf":
        return head.startswith(b"%PDF-")
    if ext == "msg":
        return head.startswith(OLE2)
    # Text kinds: no NUL bytes, and nothing a browser would take for a web page.
    if b"\x00" in head:
        return False
    start = head.lstrip()[:64].lower()
    return not start.startswith((b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml"))


def safe_name(name: str, ext: str) -> str:
    """A file name that is safe on disk and in a header: ASCII letters, digits, '-', '_' and '.'."""
    stem = PurePath(str(name).replace("\\", "/")).stem
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")[:80] or "attachment"
    return f"{stem}.{ext}"


def check_upload(*, name: str, size: int, head: bytes, max_bytes: int) -> tuple[str, Kind]:
    """(extension, kind) of an acceptable upload; ValidationError with a message a person understands."""
    ext = PurePath(str(name)).suffix.lower().lstrip(".")
    shown = PurePath(str(name).replace("\\", "/")).name
    if size == 0:
        raise ValidationError(f"“{shown}” is empty.", code="attachment_empty")
    if size > max_bytes:
        raise ValidationError(
            f"“{shown}” is {size / 1024 / 1024:.1f} MB; attachments may be at most {max_bytes // (1024 * 1024)} MB.",
            code="attachment_too_big",
        )
    if ext not in KINDS:
        raise ValidationError(f"“{shown}” cannot be attached: casedesk takes {ALLOWED} files.",
                              code="attachment_type")
    if not _looks_like(ext, head):
        raise ValidationError(
            f"“{shown}” is not really a {KINDS[ext].label}: its contents do not match its name. "
            "Save it again in the right format.",
            code="attachment_mismatch",
        )
    if ext == "jpeg":
        ext = "jpg"
    return ext, KINDS[ext]
