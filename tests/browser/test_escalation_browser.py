"""Escalating in a real browser: a stale case is a candidate, the composer drafts and checks the message,
copy puts it on the clipboard, recording it escalates the case; two days later the follow-up is logged."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from cases.models import Case, CaseEvent, CaseTemplate, EventKind, Status
from tests.browser.conftest import PNG, SCREENSHOTS, log_in, screenshot
from tests.factories import BrandFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _stale_case(member):
    """A suppressed listing opened 11 days ago: one generic answer from Amazon, then nothing for a week."""
    now = timezone.now()
    start = now - timedelta(days=11, hours=2)
    case = services.case_open(
        actor=member, case_id="15739204861", channel="SC", brand=BrandFactory(name="Northwind Outdoor"),
        issue_type=CaseTemplate.objects.get(slug="listing-suppressed"), issue="Listing suppressed for a missing safety sheet",
        products=[("asin", "B07XJ8C8F5")], marketplace="US", priority=2,
        subject="Listing suppressed for ASIN B07XJ8C8F5",
        message=("Hello,\n\nWe are the owner, manufacturer, and hold Brand Registry for Northwind Outdoor.\n\nOur "
                 "listing for ASIN B07XJ8C8F5 was suppressed for a missing safety data sheet. The sheet was uploaded "
                 "on the same day.\n\nPlease reinstate the listing.\n\nThank you."),
        now=start,
    )
    services.case_log_amazon_reply(
        case=case, actor=member, at=start + timedelta(days=2), now=start + timedelta(days=2, hours=1), generic=True,
        text="Thank you for contacting Amazon. Please review our listing policies in Seller Central Help.")
    services.case_add_attachment(case=case, actor=member, now=start + timedelta(days=3),
                                 files=[SimpleUploadedFile("safety-data-sheet.png", PNG)], text="The SDS as uploaded")
    services.case_log_our_reply(case=case, actor=member, now=start + timedelta(days=3, minutes=5),
                                text="The safety data sheet is attached; it was uploaded on the day of suppression.")
    services.case_mark_checked(case=case, actor=member, now=now - timedelta(hours=1))
    CaseEvent.objects.filter(case=case).update(recorded_at=F("at"))
    return Case.objects.get(pk=case.pk)


def test_escalate_a_stale_case_copy_the_message_and_log_the_follow_up(page):
    alice = UserFactory(username="alice", first_name="Alice", last_name="Adams")
    case = _stale_case(alice)
    log_in(page, alice)

    # The case page says it is a candidate, and why.
    page.goto(case.get_absolute_url())
    card = page.locator("#escalation")
    expect(card.get_by_text("A candidate for escalation")).to_be_visible()
    expect(card.get_by_text("No reply from Amazon for")).to_be_visible()
    expect(card.get_by_text("Listing suppressed or removed is an escalation-worthy issue type")).to_be_visible()
    card.scroll_into_view_if_needed()
    screenshot(page, "escalation-card", full_page=False)

    # The composer: drafted from the case's own timeline, checked as it is edited.
    card.get_by_role("link", name="Escalate…").click()
    page.wait_for_url(f"**/cases/{case.pk}/escalate/")
    subject = page.locator("#id_subject")
    message = page.locator("#id_message")
    expect(subject).to_have_value("Urgent Escalation Request: 15739204861 for Listing suppressed for a missing safety sheet")
    expect(message).to_have_value(re.compile(re.escape("Seller Support replied with a general answer that did not address the issue.")))
    expect(message).to_have_value(re.compile(re.escape("- safety-data-sheet.png")))
    page.get_by_label("Name the exact attribute or document that causes the suppression.").check()
    expect(message).to_have_value(re.compile(re.escape("Desired outcome:\nName the exact attribute or document")))

    message.press("End")
    message.type(" More at www.northwind-outdoor.com")
    expect(page.locator("#checks")).to_contain_text("No links or website names")
    for _ in range(len(" More at www.northwind-outdoor.com")):
        message.press("Backspace")
    expect(page.locator("#checks")).to_contain_text("The message passes the checks")

    page.get_by_role("button", name="Copy message").click()
    expect(page.get_by_role("button", name="Copied ✓")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Hello,") and "Case ID 15739204861" in copied and "Desired outcome:" in copied
    screenshot(page, "escalation-composer")

    page.get_by_role("button", name="Record the escalation").click()
    page.wait_for_url(f"**/cases/{case.pk}/#escalation")
    expect(page.get_by_text("Escalation recorded (first, in the case thread)")).to_be_visible()
    expect(page.locator("#escalation").get_by_text("Follow up on the escalation")).to_be_visible()
    case.refresh_from_db()
    assert case.status == Status.ESCALATED and case.escalation_level == 1

    # Two days later and no answer: the follow-up is due.
    earlier = timezone.now() - timedelta(hours=49)
    CaseEvent.objects.filter(case=case, kind=EventKind.ESCALATED).update(at=earlier, recorded_at=earlier)
    Case.objects.filter(pk=case.pk).update(escalated_at=earlier, we_replied_at=earlier,
                                           follow_up_due_at=earlier + timedelta(hours=48))
    page.goto(case.get_absolute_url())
    expect(page.locator("#escalation").get_by_text("Escalation follow-up due since")).to_be_visible()
    page.locator("#escalation").scroll_into_view_if_needed()
    screenshot(page, "escalation-escalated", full_page=False)
    page.locator("#escalation").get_by_role("link", name="Write the follow-up…").click()
    page.wait_for_url(f"**/cases/{case.pk}/follow-up/")
    expect(page.locator("#id_message")).to_have_value(re.compile(re.escape("I am following up on Case ID 15739204861")))
    expect(page.locator("#checks")).to_contain_text("The message passes the checks")
    page.get_by_role("button", name="Copy message").click()
    assert "following up on Case ID 15739204861" in page.evaluate("navigator.clipboard.readText()")
    screenshot(page, "escalation-follow-up")
    page.get_by_role("button", name="Log the follow-up").click()
    page.wait_for_url(f"**/cases/{case.pk}/#escalation")
    expect(page.get_by_text("Follow-up logged")).to_be_visible()
    expect(page.locator("#timeline").get_by_text("Follow-up sent")).to_be_visible()
    escalated_entry = page.locator("#timeline li.ev", has_text="First escalation")
    expect(escalated_entry.locator("dd", has_text="Name the exact attribute or document")).to_be_visible()
    page.evaluate("document.querySelector('.topbar').style.position = 'static'")  # not over the element's picture
    page.locator("#timeline").screenshot(path=str(SCREENSHOTS / "escalation-timeline.png"))
    case.refresh_from_db()
    assert case.follow_up_due_at > timezone.now() + timedelta(hours=47)
    assert page.js_errors == []
