"""Amazon Case IDs and product identifiers: normalise what people paste, refuse the rest.

Each `normalize_*` function returns the canonical form or raises ValidationError with a message a
team member understands. Forms, the importer and the services all call these.
"""

import re

from django.core.exceptions import ValidationError

CASE_ID_MIN_DIGITS = 8
CASE_ID_MAX_DIGITS = 14
SKU_MAX_LENGTH = 40

_CASE_ID_PREFIX = re.compile(r"^\s*(amazon\s+)?(case\s*(id|number|no\.?|#)?\s*[:#.]?\s*)", re.IGNORECASE)
_ASIN = re.compile(r"^B0[A-Z0-9]{8}$")
_ISBN10 = re.compile(r"^\d{9}[\dX]$")
_SKU = re.compile(r"^[A-Za-z0-9._\-/+ ]+$")


def normalize_case_id(value: str) -> str:
    """'Case ID: 12345 67890', '#1234567890', ' 1234567890 ' -> '1234567890'."""
    text = str(value or "").strip()
    if not text:
        raise ValidationError("Enter the Case ID Amazon gave you (digits only).", code="case_id_empty")
    text = _CASE_ID_PREFIX.sub("", text).lstrip("#").strip()
    digits = re.sub(r"[\s\-#]", "", text)
    if not digits.isdigit():
        raise ValidationError(
            "A Case ID has digits only, for example 15728394061. Check that you copied the Case ID and not the subject.",
            code="case_id_format",
        )
    if not CASE_ID_MIN_DIGITS <= len(digits) <= CASE_ID_MAX_DIGITS:
        raise ValidationError(
            f"This Case ID has {len(digits)} digits; Amazon's have {CASE_ID_MIN_DIGITS} to {CASE_ID_MAX_DIGITS} "
            "(usually 10 or 11). Check that it was copied whole.",
            code="case_id_length",
        )
    return digits


def _isbn10_is_valid(text: str) -> bool:
    total = sum((10 - i) * (10 if ch == "X" else int(ch)) for i, ch in enumerate(text))
    return total % 11 == 0


def normalize_asin(value: str) -> str:
    """'b0abc12345', ' B0ABC12345 ' -> 'B0ABC12345'; an ISBN-10 is accepted for books."""
    text = re.sub(r"\s+", "", str(value or "")).upper()
    if text.startswith("ASIN:"):
        text = text[5:]
    if not text:
        raise ValidationError("Enter an ASIN.", code="asin_empty")
    if _ASIN.match(text):
        return text
    if _ISBN10.match(text):
        if _isbn10_is_valid(text):
            return text
        raise ValidationError(f"{text} looks like a book ISBN-10 but its check digit is wrong.", code="asin_isbn")
    raise ValidationError(
        f"“{value}” is not an ASIN. An ASIN has 10 characters: B0 and then 8 letters or digits "
        "(for example B07XJ8C8F5), or an ISBN-10 for books.",
        code="asin_format",
    )


def gtin_check_digit_ok(digits: str) -> bool:
    """GS1 check digit, which UPC-A (12) and EAN-13 share."""
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def normalize_gtin(value: str) -> tuple[str, str]:
    """A UPC (12 digits) or EAN (13 digits) with a correct check digit -> (kind, digits)."""
    text = re.sub(r"[\s\-]", "", str(value or ""))
    if not text.isdigit() or len(text) not in (12, 13):
        raise ValidationError(
            f"“{value}” is not a UPC or EAN: a UPC has 12 digits and an EAN 13.", code="gtin_format"
        )
    if not gtin_check_digit_ok(text):
        raise ValidationError(
            f"{text} has a wrong check digit (the last digit). Check it against the product's barcode.",
            code="gtin_check_digit",
        )
    return ("upc" if len(text) == 12 else "ean"), text


def normalize_sku(value: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValidationError("Enter a SKU.", code="sku_empty")
    if len(text) > SKU_MAX_LENGTH:
        raise ValidationError(
            f"A SKU has at most {SKU_MAX_LENGTH} characters; this one has {len(text)}.", code="sku_length"
        )
    if not _SKU.match(text):
        raise ValidationError(
            "A SKU may hold letters, digits, spaces and . _ - / + only.", code="sku_format"
        )
    return text


def normalize_identifier(kind: str, value: str) -> tuple[str, str]:
    """Normalise one identifier of a known kind -> (kind, value)."""
    if kind == "asin":
        return "asin", normalize_asin(value)
    if kind in ("upc", "ean", "gtin"):
        return normalize_gtin(value)
    if kind == "sku":
        return "sku", normalize_sku(value)
    raise ValidationError(f"Unknown kind of product identifier: {kind}.", code="identifier_kind")


def guess_identifier(value: str) -> tuple[str, str]:
    """Tell an ASIN, a UPC/EAN or a SKU apart in something pasted into one box."""
    text = str(value or "").strip()
    compact = re.sub(r"[\s\-]", "", text)
    if _ASIN.match(compact.upper()):
        return "asin", compact.upper()
    if compact.isdigit() and len(compact) in (12, 13):
        return normalize_gtin(compact)
    if _ISBN10.match(compact.upper()) and _isbn10_is_valid(compact.upper()):
        return "asin", compact.upper()
    return "sku", normalize_sku(text)


def parse_identifiers(text: str) -> list[tuple[str, str]]:
    """Several identifiers separated by commas, semicolons or new lines; duplicates dropped.

    Every bad one is reported in a single ValidationError, so a person fixes them all at once.
    """
    found: list[tuple[str, str]] = []
    errors: list[str] = []
    for part in re.split(r"[,;\n]+", str(text or "")):
        if not part.strip():
            continue
        try:
            item = guess_identifier(part)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        if item not in found:
            found.append(item)
    if errors:
        raise ValidationError(errors)
    return found
