"""The case page in a real browser: log a reply, edit, a refused stale save, attach and download."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone

from cases import services
from cases.models import Case, CaseEvent, CaseTemplate
from tests.browser.conftest import PASSWORD, PNG, log_in, screenshot
from tests.factories import BrandFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _believable_case(member, colleague):
    """A Seller Central case four days into its life, with the timeline a real one would have."""
    now = timezone.now()
    start = now - timedelta(days=4, hours=3)
    case = services.case_open(
        actor=member, case_id="Case ID: 1572 8394 061", channel="SC", brand=BrandFactory(name="Northwind Outdoor"),
        issue_type=CaseTemplate.objects.get(slug="other"), issue="Main image shows the wrong colour",
        products=[("asin", "B07XJ8C8F5")], marketplace="US", priority=2,
        subject="Incorrect main image on ASIN B07XJ8C8F5",
        message=("Hello Seller Support,\n\nThe main image on ASIN B07XJ8C8F5 shows the green tent; the listing is "
                 "for the blue one. We are the owner, manufacturer, and hold Brand Registry for Northwind Outdoor.\n\n"
                 "Please replace the main image with the one in our latest inventory upload.\n\nThank you"),
        precheck={"checked_in_salesforce": True, "checked_in_seller_central": True, "update_ca_pushed": True},
        now=start,
    )
    services.case_mark_checked(case=case, actor=colleague, now=start + timedelta(days=1, hours=2))
    services.case_log_amazon_reply(
        case=case, actor=member, at=start + timedelta(days=1, hours=20), now=start + timedelta(days=1, hours=21),
        text="Hello,\n\nThank you for contacting Amazon. To update the image we need a picture of the product "
             "packaging showing the brand name.\n\nBest regards,\nSeller Support")
    services.case_add_attachment(
        case=case, actor=member, now=start + timedelta(days=2),
        files=[SimpleUploadedFile("tent-packaging.png", PNG)], text="Packaging photo from the warehouse")
    services.case_log_our_reply(case=case, actor=member, now=start + timedelta(days=2, minutes=10),
                                text="Attached the packaging photo, as requested.")
    services.case_add_note(case=case, actor=colleague, now=start + timedelta(days=3),
                           text="Brand confirms the blue tent image is the right one.")
    services.case_update(case=case, actor=colleague, expected_version=Case.objects.get(pk=case.pk).version, now=start + timedelta(days=3, hours=1),
                         data={"notes": "Brand contact: Dana (product team)"})
    services.case_mark_checked(case=case, actor=colleague, now=now - timedelta(hours=2))
    # As if each was recorded when it happened (the services stamp the real clock); Amazon's first
    # reply was logged an hour after it came in.
    CaseEvent.objects.filter(case=case).update(recorded_at=F("at"))
    CaseEvent.objects.filter(case=case, kind="amazon_replied").update(recorded_at=F("at") + timedelta(hours=1))
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def people(db):
    alice = UserFactory(username="alice", first_name="Alice", last_name="Adams")
    bob = UserFactory(username="bob", first_name="Bob", last_name="Baker")
    return alice, bob


def test_log_amazon_reply_and_see_72_hours_left(page, people):
    alice, bob = people
    case = _believable_case(alice, bob)
    log_in(page, alice)
    page.goto(case.get_absolute_url())
    assert page.get_by_text("Waiting on Amazon since we wrote").is_visible()
    page.get_by_text("Amazon replied…").click()
    page.fill("#ar-text", "We reviewed the photo.\nPlease confirm the colour name.")
    page.get_by_role("button", name="Log Amazon's reply").click()
    page.wait_for_load_state()
    clock = page.locator("#clock")
    assert "72 h left" in clock.inner_text()
    assert "answer by" in clock.inner_text()
    assert page.get_by_text("Amazon's reply logged").is_visible()
    first = page.locator(".timeline .ev").first
    assert "Amazon replied" in first.inner_text() and "Please confirm the colour name." in first.inner_text()
    screenshot(page, "case-page")
    assert page.js_errors == []


def test_edit_a_field_and_save(page, people):
    alice, bob = people
    case = _believable_case(alice, bob)
    log_in(page, alice)
    page.goto(case.get_absolute_url())
    page.click("#edit-details")
    page.fill("#id_issue", "Main image shows the green tent")
    page.get_by_role("button", name="Save details").click()
    page.wait_for_load_state()
    assert page.get_by_text("Case details saved.").is_visible()
    assert page.locator("#details").get_by_text("Main image shows the green tent").is_visible()
    change = page.locator(".timeline .ev").first.inner_text()
    assert "Details edited" in change and "Main image shows the wrong colour" in change
    assert Case.objects.get(pk=case.pk).issue == "Main image shows the green tent"
    assert page.js_errors == []


def test_stale_save_is_refused_with_what_changed(page, browser, live_server, people):
    alice, bob = people
    case = _believable_case(alice, bob)
    log_in(page, alice)
    page.goto(case.get_absolute_url() + "?edit=1")
    other = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=live_server.url).new_page()
    try:
        log_in(other, bob, PASSWORD)
        other.goto(case.get_absolute_url() + "?edit=1")
        other.select_option("#id_priority", "1")
        other.fill("#id_issue", "Main image wrong colour (blue tent)")
        other.get_by_role("button", name="Save details").click()
        other.wait_for_load_state()
        assert other.get_by_text("Case details saved.").is_visible()
    finally:
        other.context.close()
    page.fill("#id_notes", "Dana sent the new image on Friday.")
    page.fill("#id_issue", "Alice's wording")
    page.get_by_role("button", name="Save details").click()
    page.wait_for_load_state()
    panel = page.locator(".stale-panel")
    assert "someone changed this case while you were editing" in panel.inner_text()
    assert "Bob Baker" in panel.inner_text() and "Urgent" in panel.inner_text()
    assert "You both changed: Issue" in panel.inner_text()
    # Nothing was overwritten; Alice's input is still in the form, Bob's priority is now shown.
    saved = Case.objects.get(pk=case.pk)
    assert saved.issue == "Main image wrong colour (blue tent)" and saved.priority == 1
    assert saved.notes == "Brand contact: Dana (product team)"
    assert page.input_value("#id_notes") == "Dana sent the new image on Friday."
    assert page.input_value("#id_priority") == "1"
    screenshot(page, "case-page-stale")
    assert page.js_errors == []


def test_attach_a_file_and_download_it(page, people, tmp_path):
    alice, bob = people
    case = _believable_case(alice, bob)
    log_in(page, alice)
    page.goto(case.get_absolute_url())
    upload = tmp_path / "Seller Central reply.png"
    upload.write_bytes(PNG)
    page.get_by_text("Attach a file").click()
    page.set_input_files("#id_files", str(upload))
    page.fill("#id_text", "Screenshot of Amazon's reply")
    page.get_by_role("button", name="Attach", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("File attached.").is_visible()
    entry = page.locator(".timeline .ev").first
    assert "Attachment added" in entry.inner_text() and "Screenshot of Amazon's reply" in entry.inner_text()
    with page.expect_download() as info:
        entry.get_by_role("link", name="download").click()
    download = info.value
    assert download.suggested_filename == "Seller Central reply.png"
    with open(download.path(), "rb") as fh:
        assert fh.read() == PNG
    # Logged out, the same link sends you to log in.
    href = entry.get_by_role("link", name="Seller Central reply.png").get_attribute("href")
    page.context.clear_cookies()
    page.goto(href)
    assert "/accounts/login/" in page.url
    assert page.js_errors == []


def test_copy_buttons_copy_the_message(page, people):
    alice, bob = people
    case = _believable_case(alice, bob)
    log_in(page, alice)
    page.goto(case.get_absolute_url())
    page.get_by_role("button", name="Copy subject").click()
    assert page.evaluate("navigator.clipboard.readText()") == "Incorrect main image on ASIN B07XJ8C8F5"
    page.get_by_role("button", name="Copy message").click()
    assert page.evaluate("navigator.clipboard.readText()").startswith("Hello Seller Support,\n\nThe main image")
    assert page.js_errors == []
