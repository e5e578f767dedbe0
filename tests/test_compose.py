"""cases.compose: drafting from a template and the message checks, each rule firing and not firing."""

import pytest

from cases import compose

OWN = "We are the owner, manufacturer, and hold Brand Registry for Northwind."
GOOD_SUBJECT = "Incorrect title on ASIN B07XJ8C8F5"
GOOD_BODY = f"Hello,\n\n{OWN}\n\nThe title on ASIN B07XJ8C8F5 is wrong. Please show ours.\n\nThank you."
ASIN = ["B07XJ8C8F5"]


def codes(checks):
    return {c.code for c in checks}


def test_a_good_message_passes_every_check():
    assert compose.check_message(GOOD_SUBJECT, GOOD_BODY, ASIN) == []


@pytest.mark.parametrize(
    ("subject", "body", "identifiers", "code", "level"),
    [
        ("", GOOD_BODY, ASIN, "subject_empty", "error"),
        ("x" * 240 + " B07XJ8C8F5", GOOD_BODY, ASIN, "subject_too_long", "error"),
        (GOOD_SUBJECT, "", ASIN, "body_empty", "error"),
        (GOOD_SUBJECT, GOOD_BODY, [], "no_identifier", "error"),
        (GOOD_SUBJECT, GOOD_BODY.replace("ASIN B07XJ8C8F5", "our tent"), ASIN, "identifier_missing", "error"),
        (GOOD_SUBJECT, GOOD_BODY, ["B07XJ8C8F5", "B0ZZZZZZZ1"], "identifier_partly_missing", "warning"),
        ("Incorrect title", GOOD_BODY, ASIN, "subject_without_identifier", "error"),
        (GOOD_SUBJECT, GOOD_BODY.replace(OWN, "We sell this product."), ASIN, "ownership_missing", "error"),
        (GOOD_SUBJECT, GOOD_BODY + "\nSee https://example.test/x", ASIN, "link", "error"),
        (GOOD_SUBJECT, GOOD_BODY + "\nSee www.northwind.test", ASIN, "link", "error"),
        (GOOD_SUBJECT, GOOD_BODY + "\nOur site northwind.com shows it.", ASIN, "link", "error"),
        (GOOD_SUBJECT + " (amazon.co.uk)", GOOD_BODY, ASIN, "link", "error"),
        ("Incorrect {detail} on ASIN B07XJ8C8F5", GOOD_BODY, ASIN, "placeholder", "error"),
        (GOOD_SUBJECT, GOOD_BODY + " {description}", ASIN, "placeholder", "error"),
        (GOOD_SUBJECT, GOOD_BODY + " Shipment [SHIPMENT ID].", ASIN, "placeholder", "error"),
        (GOOD_SUBJECT, GOOD_BODY + " TODO", ASIN, "placeholder", "error"),
        (GOOD_SUBJECT, GOOD_BODY + " more" * 400, ASIN, "long", "warning"),
        (GOOD_SUBJECT, GOOD_BODY + " more" * 1300, ASIN, "too_long", "error"),
    ],
)
def test_each_rule_fires(subject, body, identifiers, code, level):
    checks = compose.check_message(subject, body, identifiers)
    fired = [c for c in checks if c.code == code]
    assert fired, f"{code} did not fire: {checks}"
    assert fired[0].level == level
    assert fired[0].message
    assert compose.has_errors(checks) == (level == "error" or any(c.is_error for c in checks))


@pytest.mark.parametrize(
    ("subject", "body", "code"),
    [
        # The ownership sentence as people really write it: no Oxford comma, "we hold", another case.
        (GOOD_SUBJECT, GOOD_BODY.replace(OWN, "we are the owner, manufacturer and we hold Brand Registry."),
         "ownership_missing"),
        (GOOD_SUBJECT, GOOD_BODY.replace(OWN, "WE ARE THE OWNER, MANUFACTURER, AND HOLD BRAND REGISTRY"),
         "ownership_missing"),
        # Things that look a little like links or blanks but are not.
        (GOOD_SUBJECT, GOOD_BODY + " e.g. the 3.5 in. model, no. 4, approx. 2 lb.", "link"),
        (GOOD_SUBJECT, GOOD_BODY + " Units received [see attachment].", "placeholder"),
        # The identifier in lower case, as pasted, still names the product.
        ("Incorrect title on b07xj8c8f5", GOOD_BODY, "subject_without_identifier"),
        # Just under the long-message threshold.
        (GOOD_SUBJECT, GOOD_BODY + " " + "x" * (compose.LONG_MESSAGE - len(GOOD_BODY) - 1), "long"),
    ],
)
def test_rule_does_not_fire(subject, body, code):
    assert code not in codes(compose.check_message(subject, body, ASIN))


def test_an_identifier_inside_a_longer_word_does_not_count():
    body = GOOD_BODY.replace("B07XJ8C8F5", "B07XJ8C8F5X")
    assert "identifier_missing" in codes(compose.check_message(GOOD_SUBJECT, body, ASIN))


def test_ownership_can_be_waived_for_templates_that_do_not_need_it():
    body = GOOD_BODY.replace(OWN, "")
    assert "ownership_missing" not in codes(compose.check_message(GOOD_SUBJECT, body, ASIN, require_ownership=False))


def test_the_length_limits_are_parameters():
    checks = compose.check_message(GOOD_SUBJECT, GOOD_BODY, ASIN, max_length=50, long_length=20)
    assert "too_long" in codes(checks) and "long" not in codes(checks)
    checks = compose.check_message(GOOD_SUBJECT, GOOD_BODY, ASIN, max_length=5000, long_length=20)
    assert "long" in codes(checks)


def test_errors_come_before_warnings():
    checks = compose.check_message("Title", GOOD_BODY + " more" * 400, ASIN)
    levels = [c.level for c in checks]
    assert levels == sorted(levels, key=lambda lv: lv != "error") and levels[-1] == "warning"


def test_draft_fills_known_placeholders_and_leaves_the_rest_visible():
    values = compose.identifier_values([("asin", "B07XJ8C8F5"), ("asin", "B0ZZZZZZZ1")], marketplace="United States",
                                       brand="Northwind", issue="Wrong title")
    subject, body = compose.draft("Incorrect {detail} on ASIN {asin}",
                                  "For {brand}: {asins} ({marketplace}). {description}", values)
    assert subject == "Incorrect {detail} on ASIN B07XJ8C8F5"
    assert body == "For Northwind: B07XJ8C8F5, B0ZZZZZZZ1 (United States). {description}"
    assert compose.asked_placeholders("Incorrect {detail} on ASIN {asin}", "{description} {previous_case_id}",
                                      values) == ["detail", "description", "previous_case_id"]


def test_draft_with_every_blank_filled_passes_the_checks():
    values = compose.identifier_values([("asin", "B07XJ8C8F5")], marketplace="United States", brand="Northwind")
    values.update(detail="title", description="It shows last year's name.")
    subject, body = compose.draft("Incorrect {detail} on ASIN {asin}",
                                  "Hello,\n\nWe are the owner, manufacturer, and hold Brand Registry for {brand}.\n\n"
                                  "The {detail} of ASIN {asin} ({marketplace}) is wrong. {description}", values)
    assert compose.check_message(subject, body, ["B07XJ8C8F5"]) == []


def test_identifier_values_for_asin_creation_use_the_upc_and_sku():
    values = compose.identifier_values([("upc", "036000291452"), ("sku", "NW-TENT-2")])
    assert values["asin"] == "036000291452"
    assert values["identifiers"] == "UPC 036000291452, SKU NW-TENT-2"
    assert values["upc"] == "036000291452" and values["sku"] == "NW-TENT-2"


def test_empty_values_leave_the_placeholder():
    assert compose.fill("{a} and { b }", {"a": "  ", "b": "x"}) == "{a} and x"
    assert compose.placeholders("{a} {b} {a}") == ["a", "b"]


def test_every_starter_template_drafts_a_message_that_passes_once_the_blanks_are_filled():
    from importlib import import_module

    starter = import_module("cases.migrations.0002_groups_and_starter_templates").STARTER_TEMPLATES
    for template in starter:
        products = [("upc", "036000291452")] if "upc" in template["identifier_kinds"] else [("asin", "B07XJ8C8F5")]
        values = compose.identifier_values(products, marketplace="United States", brand="Northwind", issue="Wrong title")
        values.update(detail="title", description="It shows last year's name.")
        subject, body = compose.draft(template["subject_template"], template["body_template"], values)
        assert compose.check_message(subject, body, [products[0][1]]) == [], template["slug"]
