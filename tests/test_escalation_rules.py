"""When to escalate, which route, what to ask for, and the drafted messages: pure functions over tables."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from cases import clocks, escalation
from cases.escalation import (
    ACCOUNT_HEALTH,
    ACCOUNT_HEALTH_EMAIL,
    CLOSED_UNRESOLVED,
    GENERIC_REPLIES,
    LISTING_SUPPRESSED,
    OTHER,
    PAYMENTS,
    POLICY_IP,
    SELLER_SUPPORT_EMAIL,
    STALE,
    THREAD,
    WORTHY,
)

P = clocks.ClockPolicy(tz=ZoneInfo("America/New_York"), stale_after=timedelta(days=5))
NOW = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)  # a Wednesday
DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("slug", "name", "issue", "expected"),
    [
        ("account-health-warning", "Account health warning", "", ACCOUNT_HEALTH),
        ("suspension", "Account suspended", "", ACCOUNT_HEALTH),
        ("payments", "Payment withheld", "", PAYMENTS),
        ("other", "Other", "Disbursement withheld for two weeks", PAYMENTS),
        ("listing-suppressed", "Listing suppressed or removed", "", LISTING_SUPPRESSED),
        ("policy-ip-complaint", "Policy or IP complaint", "", POLICY_IP),
        ("other", "Other", "Inaccurate trademark complaint", POLICY_IP),
        ("catalog-error", "Catalog error / wrong image", "Wrong main image", OTHER),
        ("product-detail-change", "Product detail change (title, bullets, images, description)", "Title", OTHER),
        ("other", "Other", "Shipping restriction on a toy", OTHER),
    ],
)
def test_issue_category_from_the_issue_type_then_the_issue(slug, name, issue, expected):
    assert escalation.issue_category(slug=slug, name=name, issue=issue) == expected


def _reasons(**overrides):
    facts = dict(
        status="waiting", escalation_worthy=False, category=OTHER, issue_type_name="Catalog error",
        started_at=NOW - 2 * DAY, amazon_replied_at=None, generic_replies=0, closed_reason="",
        now=NOW, p=P, generic_threshold=2,
    )
    facts.update(overrides)
    return [r.code for r in escalation.escalation_reasons(**facts)]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, []),
        # Escalation-worthy issue types, by flag or by kind.
        ({"escalation_worthy": True}, [WORTHY]),
        ({"category": ACCOUNT_HEALTH}, [WORTHY]),
        ({"category": PAYMENTS, "status": "action_needed"}, [WORTHY]),
        # Stale: waiting on Amazon N days since its last word.
        ({"started_at": NOW - 5 * DAY}, [STALE]),
        ({"started_at": NOW - 5 * DAY + timedelta(minutes=1)}, []),
        ({"started_at": NOW - 20 * DAY, "amazon_replied_at": NOW - 4 * DAY}, []),
        ({"started_at": NOW - 20 * DAY, "amazon_replied_at": NOW - 6 * DAY}, [STALE]),
        # Only a case waiting on Amazon goes stale: in "action needed" it is our move.
        ({"started_at": NOW - 20 * DAY, "status": "action_needed"}, []),
        # Generic replies, from the setting's threshold.
        ({"generic_replies": 1}, []),
        ({"generic_replies": 2}, [GENERIC_REPLIES]),
        ({"generic_replies": 2, "generic_threshold": 3}, []),
        # Amazon closed it unresolved; we closed it to reach another agent is not that.
        ({"status": "closed_by_amazon"}, [CLOSED_UNRESOLVED]),
        ({"status": "closed_by_amazon", "closed_reason": "another_agent"}, []),
        # Several at once, in the order the card lists them.
        ({"category": POLICY_IP, "started_at": NOW - 9 * DAY, "generic_replies": 3}, [WORTHY, STALE, GENERIC_REPLIES]),
        # Not a candidate: already escalated (its follow-up clock runs), or done.
        ({"status": "escalated", "started_at": NOW - 20 * DAY, "generic_replies": 5}, []),
        ({"status": "resolved", "category": ACCOUNT_HEALTH}, []),
    ],
)
def test_escalation_reasons(overrides, expected):
    assert _reasons(**overrides) == expected


def test_stale_reason_says_how_long():
    reasons = escalation.escalation_reasons(
        status="waiting", escalation_worthy=False, category=OTHER, issue_type_name="Other",
        started_at=NOW - 7 * DAY - timedelta(hours=3), amazon_replied_at=None, generic_replies=0,
        now=NOW, p=P, generic_threshold=2,
    )
    assert reasons[0].text == "No reply from Amazon for 7 days (stale after 5 days)."


@pytest.mark.parametrize(
    ("category", "status", "level", "expected"),
    [
        (ACCOUNT_HEALTH, "waiting", 0, THREAD),
        (OTHER, "waiting", 0, THREAD),
        (ACCOUNT_HEALTH, "escalated", 1, ACCOUNT_HEALTH_EMAIL),
        (POLICY_IP, "waiting", 1, ACCOUNT_HEALTH_EMAIL),
        (PAYMENTS, "escalated", 1, SELLER_SUPPORT_EMAIL),
        (LISTING_SUPPRESSED, "escalated", 2, SELLER_SUPPORT_EMAIL),
        # The thread closed with the case: e-mail straight away.
        (OTHER, "closed_by_amazon", 0, SELLER_SUPPORT_EMAIL),
        (ACCOUNT_HEALTH, "closed_by_amazon", 0, ACCOUNT_HEALTH_EMAIL),
    ],
)
def test_suggested_route_is_the_thread_first(category, status, level, expected):
    assert escalation.suggested_route(category=category, status=status, escalation_level=level) == expected


@pytest.mark.parametrize(
    ("route", "status", "problem"),
    [
        (THREAD, "waiting", ""),
        (SELLER_SUPPORT_EMAIL, "closed_by_amazon", ""),
        (THREAD, "closed_by_amazon", "Amazon closed the case, and its thread with it"),
        (THREAD, "resolved", "A resolved case cannot be escalated."),
        ("twitter", "waiting", "Pick a route"),
    ],
)
def test_route_problem(route, status, problem):
    found = escalation.route_problem(route=route, status=status, escalation_level=0)
    assert (found.startswith(problem) if problem else found == "")


def test_routes_show_the_addresses_from_settings(settings):
    settings.CASEDESK_ESCALATION_EMAIL_ACCOUNT_HEALTH = "health@example.com"
    settings.CASEDESK_ESCALATION_EMAIL_SELLER_SUPPORT = "support@example.com"
    by_key = {r.key: r.address for r in escalation.routes()}
    assert by_key == {THREAD: "", ACCOUNT_HEALTH_EMAIL: "health@example.com", SELLER_SUPPORT_EMAIL: "support@example.com"}


@pytest.mark.parametrize("category", [ACCOUNT_HEALTH, PAYMENTS, LISTING_SUPPRESSED, POLICY_IP, OTHER])
def test_every_category_offers_outcomes(category):
    outcomes = escalation.outcomes_for(category)
    assert 2 <= len(outcomes) <= 3
    assert all(o.endswith(".") for o in outcomes)


@pytest.mark.parametrize(("level", "word"), [(1, "first"), (2, "second"), (3, "third"), (7, "7th")])
def test_ordinal(level, word):
    assert escalation.ordinal(level) == word


def _event(kind, at, text="", **changes):
    return SimpleNamespace(kind=kind, at=at, text=text, changes=changes, pk=None)


TIMELINE = [
    _event("checked", NOW - 8 * DAY + timedelta(hours=2)),
    _event("amazon_replied", NOW - 6 * DAY, "Please refer to our help pages.", generic=True),
    _event("opened", NOW - 8 * DAY, "Hello, the image is wrong."),
    _event("note", NOW - 7 * DAY, "internal: asked the designer"),
    _event("we_replied", NOW - 5 * DAY, "Here is the image again."),
    _event("attachment", NOW - 5 * DAY, files=["main-image.png"]),
    _event("amazon_replied", NOW - 3 * DAY, "We have passed this to the catalog team."),
]


def test_actions_taken_come_from_the_timeline_oldest_first_without_internal_entries():
    lines = escalation.actions_taken(TIMELINE, P)
    assert lines == [
        "Tue 10 Nov 2026: we opened this case and described the issue.",
        "Thu 12 Nov 2026: Seller Support replied with a general answer that did not address the issue.",
        "Fri 13 Nov 2026: we replied with the information requested.",
        "Fri 13 Nov 2026: we provided supporting documents (main-image.png).",
        "Sun 15 Nov 2026: Seller Support replied: “We have passed this to the catalog team.”",
    ]


def _draft(**overrides):
    facts = dict(
        case_id="15123456789", issue="Wrong main image", category=OTHER, products=["ASIN B0TEST1234"],
        brand="Northwind", marketplace="United States", started_at=NOW - 8 * DAY, events=TIMELINE,
        reasons=[escalation.Reason(GENERIC_REPLIES, "")], level=1,
        outcome="Apply the requested change to the detail page.", attachments=["main-image.png"], p=P,
    )
    facts.update(overrides)
    return escalation.draft_escalation(**facts)


def test_escalation_draft_has_the_guides_parts_in_order():
    draft = _draft()
    assert draft.subject == "Urgent Escalation Request: 15123456789 for Wrong main image"
    body = draft.body
    parts = ["Hello,", "respectfully request the escalation of Case ID 15123456789", "Summary:",
             "Actions already taken:", "- Tue 10 Nov 2026: we opened this case", "Desired outcome:",
             "Apply the requested change to the detail page.", "Attachments:", "- main-image.png", "Kind regards,"]
    positions = [body.index(part) for part in parts]
    assert positions == sorted(positions)
    assert "internal: asked the designer" not in body


def test_summary_is_two_or_three_sentences_naming_the_product_and_why_support_stalled():
    summary = _draft().body.split("Summary:\n")[1].split("\n")[0]
    assert 2 <= summary.count(". ") + 1 <= 3
    assert "ASIN B0TEST1234" in summary
    assert "general answers that do not address the issue" in summary


@pytest.mark.parametrize(
    ("codes", "why"),
    [
        ([CLOSED_UNRESOLVED, STALE], "closed without a resolution"),
        ([STALE], "no answer for several days"),
        ([WORTHY], "still not resolved"),
    ],
)
def test_summary_says_why_support_has_not_resolved_it(codes, why):
    body = _draft(reasons=[escalation.Reason(c, "") for c in codes]).body
    assert why in body


def test_second_escalation_says_so_and_drafts_without_attachments():
    body = _draft(level=2, attachments=[]).body
    assert "This is our second escalation request for this case." in body
    assert "Attachments:" not in body


def test_follow_up_draft_is_short_polite_and_names_the_case_id():
    draft = escalation.draft_follow_up(case_id="15123456789", issue="Wrong main image.",
                                       escalated_at=NOW - 2 * DAY, outcome="Reactivate the suppressed listing.", p=P,
                                       products=["ASIN B0TEST1234"])
    assert draft.subject == "Follow-up: Case ID 15123456789 — Wrong main image"
    assert "following up on Case ID 15123456789, which we escalated on Mon 16 Nov 2026" in draft.body
    assert "still unresolved: Wrong main image (ASIN B0TEST1234)." in draft.body
    assert "We are asking you to: reactivate the suppressed listing." in draft.body
    assert draft.body.startswith("Hello,") and "Thank you" in draft.body
    assert len(draft.body) < 600


CHECK_BASE = dict(case_id="15123456789", identifiers=["B0TEST1234"], route=THREAD, status="waiting",
                  escalation_level=0)
OWN = "We are the owner, manufacturer, and hold Brand Registry for Northwind."
SUBJECT = "Urgent Escalation Request: 15123456789 for Wrong image"


@pytest.mark.parametrize(
    ("subject", "body", "overrides", "codes"),
    [
        (SUBJECT, f"Case ID 15123456789, ASIN B0TEST1234. {OWN}", {}, []),
        # The Case ID stands in for the product in the subject; it must be there, and in the message.
        ("Urgent Escalation Request for X", f"Case ID 15123456789, ASIN B0TEST1234. {OWN}", {}, ["case_id_subject"]),
        (SUBJECT, f"About ASIN B0TEST1234. {OWN}", {}, ["case_id_body"]),
        # The open-a-case form's checks: the product named, the ownership sentence, no links, no blanks.
        (SUBJECT, f"Case ID 15123456789. {OWN}", {}, ["identifier_missing"]),
        (SUBJECT, f"Case ID 15123456789 b0test1234. {OWN}", {}, []),
        (SUBJECT, "Case ID 15123456789, ASIN B0TEST1234.", {}, ["ownership_missing"]),
        (SUBJECT, f"Case ID 15123456789, ASIN B0TEST1234, see www.northwind.example.com. {OWN}", {}, ["link"]),
        (SUBJECT, f"Case ID 15123456789, ASIN B0TEST1234 [Desired Outcome]. {OWN}", {}, ["placeholder"]),
        # The thread first: a warning, not a refusal.
        (SUBJECT, f"Case ID 15123456789 B0TEST1234. {OWN}", {"route": SELLER_SUPPORT_EMAIL}, ["thread_first"]),
        (SUBJECT, f"Case ID 15123456789 B0TEST1234. {OWN}", {"route": SELLER_SUPPORT_EMAIL, "escalation_level": 1}, []),
        (SUBJECT, f"Case ID 15123456789 B0TEST1234. {OWN}", {"route": SELLER_SUPPORT_EMAIL, "status": "closed_by_amazon"},
         []),
        # A follow-up in the same thread need not repeat the ownership sentence.
        ("Follow-up: Case ID 15123456789", "Case ID 15123456789 B0TEST1234, any news?", {"follow_up": True}, []),
    ],
)
def test_escalation_checks(subject, body, overrides, codes):
    found = escalation.escalation_checks(subject=subject, body=body, **{**CHECK_BASE, **overrides})
    assert [c.code for c in found] == codes


def test_errors_come_before_warnings():
    found = escalation.escalation_checks(subject="Escalation", body="Nothing here", **{**CHECK_BASE,
                                         "route": SELLER_SUPPORT_EMAIL})
    levels = [c.level for c in found]
    assert levels == sorted(levels, key=lambda level: level != "error") and levels[-1] == "warning"


def test_the_drafted_message_passes_its_own_checks():
    draft = _draft()
    assert escalation.escalation_checks(subject=draft.subject, body=draft.body, **CHECK_BASE) == []


def test_the_drafted_follow_up_passes_its_checks():
    draft = escalation.draft_follow_up(case_id="15123456789", issue="Wrong image", products=["ASIN B0TEST1234"],
                                       escalated_at=NOW, outcome="", p=P)
    assert escalation.escalation_checks(subject=draft.subject, body=draft.body, follow_up=True, **CHECK_BASE) == []


def test_a_long_timeline_keeps_the_first_and_the_latest_steps():
    events = [_event("opened", NOW - 30 * DAY)] + [
        _event("amazon_replied" if i % 2 else "we_replied", NOW - (29 - i) * DAY, f"reply {i}") for i in range(20)]
    lines = escalation.actions_taken(events, P)
    assert len(lines) == escalation.MAX_ACTIONS
    assert lines[0].endswith("we opened this case and described the issue.")
    assert lines[1] == "(14 further exchanges in between)"
    assert lines[-1].endswith("“reply 19”")


def test_an_escalation_address_that_is_not_an_address_stops_start_up(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from casedesk.env import env_email

    monkeypatch.setenv("CASEDESK_ESCALATION_EMAIL_SELLER_SUPPORT", "seller support")
    with pytest.raises(ImproperlyConfigured, match="CASEDESK_ESCALATION_EMAIL_SELLER_SUPPORT"):
        env_email("CASEDESK_ESCALATION_EMAIL_SELLER_SUPPORT", "seller-support@amazon.com")
    monkeypatch.setenv("CASEDESK_ESCALATION_EMAIL_SELLER_SUPPORT", "escalations@example.com")
    assert env_email("CASEDESK_ESCALATION_EMAIL_SELLER_SUPPORT", "x@example.com") == "escalations@example.com"
