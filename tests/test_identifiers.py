"""Validators for what people paste: Case IDs, ASINs, UPC/EAN (check digit) and SKUs."""

import pytest
from django.core.exceptions import ValidationError

from cases.identifiers import (
    guess_identifier,
    normalize_asin,
    normalize_case_id,
    normalize_gtin,
    normalize_identifier,
    normalize_sku,
    parse_identifiers,
)


@pytest.mark.parametrize("pasted, stored", [
    ("15728394061", "15728394061"),
    (" 15728394061 ", "15728394061"),
    ("#15728394061", "15728394061"),
    ("Case ID: 15728394061", "15728394061"),
    ("case id 15728394061", "15728394061"),
    ("CASE ID:15728394061", "15728394061"),
    ("Case #15728394061", "15728394061"),
    ("Amazon case number 15728394061", "15728394061"),
    ("157 2839 4061", "157 2839 4061".replace(" ", "")),
    ("1572-8394-061", "15728394061"),
    ("1234567890", "1234567890"),
])
def test_case_id_is_normalised_to_its_digits(pasted, stored):
    assert normalize_case_id(pasted) == stored


@pytest.mark.parametrize("pasted, code, words", [
    ("", "case_id_empty", "Enter the Case ID"),
    ("   ", "case_id_empty", "Enter the Case ID"),
    ("Wrong main image on B07XJ8C8F5", "case_id_format", "digits only"),
    ("15728394061a", "case_id_format", "digits only"),
    ("1234567", "case_id_length", "has 7 digits"),
    ("123456789012345", "case_id_length", "has 15 digits"),
])
def test_case_id_refusals_say_what_is_wrong(pasted, code, words):
    with pytest.raises(ValidationError) as refused:
        normalize_case_id(pasted)
    assert refused.value.code == code
    assert words in refused.value.messages[0]


@pytest.mark.parametrize("pasted, stored", [
    ("B07XJ8C8F5", "B07XJ8C8F5"),
    ("b07xj8c8f5", "B07XJ8C8F5"),
    (" B07X J8C8F5 ", "B07XJ8C8F5"),
    ("ASIN:B07XJ8C8F5", "B07XJ8C8F5"),
    ("0306406152", "0306406152"),  # an ISBN-10 with a correct check digit (books)
    ("080442957X", "080442957X"),
])
def test_asin_is_normalised(pasted, stored):
    assert normalize_asin(pasted) == stored


@pytest.mark.parametrize("pasted, code", [
    ("", "asin_empty"),
    ("B07XJ8C8F", "asin_format"),  # 9 characters
    ("B07XJ8C8F55", "asin_format"),  # 11
    ("A07XJ8C8F5", "asin_format"),  # does not start with B0
    ("B07XJ8C8F-", "asin_format"),
    ("0306406153", "asin_isbn"),  # ISBN-10 with a wrong check digit
])
def test_asin_refusals(pasted, code):
    with pytest.raises(ValidationError) as refused:
        normalize_asin(pasted)
    assert refused.value.code == code
    assert refused.value.messages[0]


@pytest.mark.parametrize("pasted, kind, stored", [
    ("036000291452", "upc", "036000291452"),
    ("0 36000 29145 2", "upc", "036000291452"),
    ("036000-291452", "upc", "036000291452"),
    ("4006381333931", "ean", "4006381333931"),
    ("5901234123457", "ean", "5901234123457"),
])
def test_upc_and_ean_with_a_correct_check_digit(pasted, kind, stored):
    assert normalize_gtin(pasted) == (kind, stored)


@pytest.mark.parametrize("pasted, code", [
    ("036000291453", "gtin_check_digit"),
    ("4006381333932", "gtin_check_digit"),
    ("03600029145", "gtin_format"),  # 11 digits
    ("03600029145A", "gtin_format"),
    ("", "gtin_format"),
])
def test_upc_and_ean_refusals(pasted, code):
    with pytest.raises(ValidationError) as refused:
        normalize_gtin(pasted)
    assert refused.value.code == code


def test_wrong_check_digit_message_names_the_barcode():
    with pytest.raises(ValidationError) as refused:
        normalize_gtin("036000291453")
    assert "check digit" in refused.value.messages[0] and "036000291453" in refused.value.messages[0]


@pytest.mark.parametrize("pasted, stored", [
    ("NW-1234-BLK", "NW-1234-BLK"),
    ("  nw-1234-blk  ", "nw-1234-blk"),  # a SKU is the seller's own code: its case is kept
    ("Towel set/grey+2", "Towel set/grey+2"),
    ("A" * 40, "A" * 40),
])
def test_sku_is_trimmed_and_otherwise_kept(pasted, stored):
    assert normalize_sku(pasted) == stored


@pytest.mark.parametrize("pasted, code", [
    ("", "sku_empty"),
    ("   ", "sku_empty"),
    ("A" * 41, "sku_length"),
    ("NW-1234<script>", "sku_format"),
    ("SKU, with comma", "sku_format"),
])
def test_sku_refusals(pasted, code):
    with pytest.raises(ValidationError) as refused:
        normalize_sku(pasted)
    assert refused.value.code == code


@pytest.mark.parametrize("pasted, expected", [
    ("b07xj8c8f5", ("asin", "B07XJ8C8F5")),
    ("036000291452", ("upc", "036000291452")),
    ("4006381333931", ("ean", "4006381333931")),
    ("0306406152", ("asin", "0306406152")),
    ("NW-1234-BLK", ("sku", "NW-1234-BLK")),
])
def test_one_box_tells_the_kinds_apart(pasted, expected):
    assert guess_identifier(pasted) == expected


def test_a_list_reports_every_bad_identifier_at_once_and_drops_duplicates():
    assert parse_identifiers("B07XJ8C8F5, b07xj8c8f5\n036000291452") == [
        ("asin", "B07XJ8C8F5"), ("upc", "036000291452")]
    with pytest.raises(ValidationError) as refused:
        parse_identifiers("036000291453; NW<1>; B07XJ8C8F5")
    assert len(refused.value.messages) == 2


def test_unknown_identifier_kind_is_refused():
    with pytest.raises(ValidationError) as refused:
        normalize_identifier("isbn13", "9780306406157")
    assert refused.value.code == "identifier_kind"
