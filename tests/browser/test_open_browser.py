"""The guided "Open a case" form in a real browser: the whole flow for an SC and a BR case, the clipboard,
a duplicate warning, resuming a draft, and the effort an experienced person needs (clicks and keystrokes)."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Case, CaseDraft, CaseEvent, CaseTemplate, Status
from tests.browser.conftest import log_in, screenshot
from tests.factories import BrandFactory, CaseFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEXT = ".open-buttons button[value=next]"


class Effort:
    """Counts what a person does: each click, and each key pressed (a typed character is one key)."""

    def __init__(self, page):
        self.page = page
        self.clicks = 0
        self.keys = 0

    def click(self, selector_or_locator):
        target = self.page.locator(selector_or_locator) if isinstance(selector_or_locator, str) else selector_or_locator
        target.click()
        self.clicks += 1

    def type(self, selector, text):
        self.page.locator(selector).press_sequentially(text)
        self.keys += len(text)

    def press(self, selector, key):
        self.page.locator(selector).press(key)
        self.keys += 1

    def choose(self, selector, label):
        # A drop-down: one click to open it, one to pick.
        self.page.select_option(selector, label=label)
        self.clicks += 2


@pytest.fixture
def team(db):
    alice = UserFactory(username="alice", first_name="Alice", last_name="Adams")
    BrandFactory(name="Acme Kitchen")
    brand = BrandFactory(name="Northwind Outdoor")
    BrandFactory(name="Summit Gear")
    return alice, brand


def test_product_detail_case_from_the_board_to_a_recorded_case(page, team, capsys):
    """The SOP's common case, done the way an experienced person does it; the effort is counted."""
    alice, brand = team
    log_in(page, alice)
    page.goto("/")
    effort = Effort(page)

    effort.click("#open-a-case")
    expect(page.get_by_role("heading", name="Step 1 of 7 · What it is about")).to_be_visible()
    expect(page.locator("#precheck")).to_be_hidden()
    effort.click(page.get_by_text("Product detail change (title, bullets, images, description)"))
    expect(page.locator("#precheck")).to_be_visible()
    effort.click(page.get_by_label("I checked the content in Salesforce"))
    effort.click(page.get_by_label("I checked it in Seller Central (Manage Inventory > ASIN edit)"))
    effort.click(page.get_by_label("Yes, and I fixed them"))
    expect(page.locator("#precheck-fixed")).to_be_visible()
    effort.click(page.get_by_label("I made the change"))
    effort.click(page.get_by_label("I pressed “Update CA” in Salesforce"))
    effort.click(page.get_by_label("A day has passed since"))
    screenshot(page, "open-1-about")
    effort.click(NEXT)

    expect(page.get_by_role("heading", name="Step 2 of 7 · Where")).to_be_visible()
    expect(page.get_by_text("Products, listings, or inventory > the matching issue")).to_be_visible()
    effort.choose("#id_brand", "Northwind Outdoor")
    screenshot(page, "open-2-where")
    effort.click(NEXT)

    expect(page.get_by_role("heading", name="Step 3 of 7 · Products")).to_be_visible()
    effort.type("textarea[name=products]", "B07XJ8C8F")
    expect(page.locator("#products-feedback")).to_contain_text("is not an ASIN")
    effort.type("textarea[name=products]", "5")
    expect(page.locator("#products-feedback")).to_contain_text("✓ ASIN B07XJ8C8F5")
    screenshot(page, "open-3-products")
    effort.click(NEXT)

    expect(page.get_by_role("heading", name="Step 4 of 7 · Message")).to_be_visible()
    subject = page.locator("input[name=subject]")
    expect(subject).to_have_value("Incorrect {detail} on ASIN B07XJ8C8F5")
    expect(page.locator("#message-checks")).to_contain_text("Fill in the blanks: {detail}, {description}")
    # The cursor starts in the first blank: no click needed.
    effort.type("input[name=fill_detail]", "title")
    effort.press("input[name=fill_detail]", "Tab")
    effort.type("textarea[name=fill_description]",
                "The title shows last year's product name; ours says Trailhead 2 Tent.")
    expect(subject).to_have_value("Incorrect title on ASIN B07XJ8C8F5")
    expect(page.locator("textarea[name=body]")).to_have_value(re.compile("ours says Trailhead 2 Tent"))
    expect(page.locator("#message-checks")).to_contain_text("Ready")
    screenshot(page, "open-4-message")
    effort.click(NEXT)

    expect(page.get_by_role("heading", name="Step 5 of 7 · Contact method")).to_be_visible()
    expect(page.get_by_label("E-mail")).to_be_checked()
    screenshot(page, "open-5-contact")
    effort.click(NEXT)

    expect(page.get_by_role("heading", name="Step 6 of 7 · Copy and send")).to_be_visible()
    effort.click(page.get_by_role("button", name="Copy subject"))
    expect(page.get_by_role("button", name="Copied ✓")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == "Incorrect title on ASIN B07XJ8C8F5"
    effort.click(page.get_by_role("button", name="Copy message"))
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Hello,") and "hold Brand Registry for Northwind Outdoor" in copied
    assert "Trailhead 2 Tent" in copied
    screenshot(page, "open-6-send")
    effort.click(NEXT)

    expect(page.get_by_role("heading", name="Step 7 of 7 · Case ID")).to_be_visible()
    # Pasted from Amazon's page (Ctrl+V: one key).
    page.locator("input[name=case_id]").fill("Case ID: 1572 8394 061")
    effort.keys += 1
    screenshot(page, "open-7-record")
    effort.click(NEXT)

    expect(page.get_by_text("Case 15728394061 recorded")).to_be_visible()
    case = Case.objects.get(case_id="15728394061")
    assert case.owner == alice and case.status == Status.WAITING and case.brand == brand
    assert case.precheck["a_day_passed"] is True and case.subject == "Incorrect title on ASIN B07XJ8C8F5"
    assert CaseEvent.objects.get(case=case).text == copied
    screenshot(page, "open-recorded")
    assert not page.js_errors

    own_words = len("title") + len("The title shows last year's product name; ours says Trailhead 2 Tent.")
    asin = len("B07XJ8C8F5")
    with capsys.disabled():
        print(f"\nEFFORT product-detail case, board to recorded case: {effort.clicks} clicks, {effort.keys} keys "
              f"({asin} for the ASIN, {own_words} for the person's own words, {effort.keys - asin - own_words} other)")
    # An experienced person: about 20 clicks and only the keys that carry information.
    assert effort.clicks <= 20
    assert effort.keys - asin - own_words <= 2


def test_brand_registry_case_offers_no_phone(page, team):
    alice, brand = team
    log_in(page, alice)
    page.goto("/cases/new/")
    page.get_by_text("Brand Registry technical issue").click()
    page.get_by_label("The issue, in a line").fill("Brand logo missing from the store")
    page.click(NEXT)
    expect(page.get_by_label("Brand Registry")).to_be_checked()
    expect(page.get_by_text("Contact Brand Support > Technical Issue (e-mail or chat; no phone)")).to_be_visible()
    page.select_option("#id_brand", label="Northwind Outdoor")
    page.click(NEXT)
    page.fill("textarea[name=products]", "B07XJ8C8F5")
    page.click(NEXT)
    page.fill("textarea[name=body]", page.locator("textarea[name=body]").input_value().replace(
        "{description}", "The brand logo does not show on the brand store."))
    expect(page.locator("#message-checks")).to_contain_text("Ready")
    page.click(NEXT)
    expect(page.get_by_label("Phone")).to_have_count(0)
    page.get_by_label("Chat").check()
    page.click(NEXT)
    expect(page.get_by_text("Log in to Brand Registry")).to_be_visible()
    page.click(NEXT)
    page.fill("input[name=case_id]", "9876543210")
    page.click(NEXT)
    expect(page.get_by_text("Case 9876543210 recorded")).to_be_visible()
    case = Case.objects.get(case_id="9876543210")
    assert (case.channel, case.contact_method, case.issue) == ("BR", "chat", "Brand logo missing from the store")
    assert not page.js_errors


def _to_the_message_step(page, issue: str):
    """Steps 1–3 the quick way: the issue, Northwind Outdoor on the shared login, one ASIN."""
    page.goto("/cases/new/")
    page.get_by_text(issue).click()
    page.click(NEXT)
    page.select_option("#id_brand", label="Northwind Outdoor")
    page.click(NEXT)
    page.fill("textarea[name=products]", "B07XJ8C8F5")
    page.click(NEXT)


def test_live_checks_flag_a_link_as_it_is_typed(page, team):
    alice, brand = team
    log_in(page, alice)
    _to_the_message_step(page, "Listing suppressed or removed")
    body = page.locator("textarea[name=body]")
    body.fill(body.input_value().replace("{description}", "It was removed yesterday."))
    expect(page.locator("#message-checks")).to_contain_text("Ready")
    body.press("End")
    body.press_sequentially(" Our page www.northwind-outdoor.com shows it.")
    expect(page.locator("#message-checks")).to_contain_text("No links or website names")
    page.locator("input[name=subject]").fill("Listing suppressed")
    expect(page.locator("#message-checks")).to_contain_text("The subject must name the product")
    screenshot(page, "open-4-message-checks")
    page.click(NEXT)
    expect(page.get_by_text("Nothing was saved")).to_be_visible()
    expect(page.get_by_role("heading", name="Step 4 of 7 · Message")).to_be_visible()
    assert "message" not in CaseDraft.objects.get().data["done"]


def test_duplicate_warning_then_a_separate_case_anyway(page, team):
    alice, brand = team
    existing = CaseFactory(brand=brand, issue_type=CaseTemplate.objects.get(slug="catalog-error"), asin="B07XJ8C8F5",
                           case_id="15000000077")
    log_in(page, alice)
    page.goto("/cases/new/")
    page.get_by_text("Catalog error / wrong image").click()
    page.click(NEXT)
    page.select_option("#id_brand", label="Northwind Outdoor")
    page.click(NEXT)
    page.locator("textarea[name=products]").press_sequentially("B07XJ8C8F5")
    expect(page.locator("#products-feedback")).to_contain_text("Already open for this issue")
    page.click(NEXT)
    warning = page.locator(".dup-warning")
    expect(warning).to_contain_text("An open case for this product and issue already exists")
    expect(warning.get_by_role("link", name="Seller Central case 15000000077")).to_have_attribute(
        "href", existing.get_absolute_url())
    screenshot(page, "open-duplicate")
    page.get_by_label("Open a separate case anyway").check()
    page.click(NEXT)
    expect(page.get_by_role("heading", name="Step 4 of 7 · Message")).to_be_visible()


def test_resume_a_draft_from_the_board_with_what_was_typed(page, team):
    alice, brand = team
    log_in(page, alice)
    _to_the_message_step(page, "FBA inventory discrepancy")
    body = page.locator("textarea[name=body]")
    body.fill(body.input_value().replace("{description}", "Shipment FBA15ABCD: 120 sent, 96 received."))
    expect(page.locator("#message-checks")).to_contain_text("Ready")
    # Reload: what was typed is still there (kept as the checks ran).
    page.reload()
    expect(page.locator("textarea[name=body]")).to_have_value(re.compile("120 sent, 96 received"))
    # Back button: the products step shows its answer.
    page.go_back()
    page.goto(page.url)
    page.goto("/")
    drafts = page.locator(".my-drafts")
    expect(drafts).to_contain_text("FBA inventory discrepancy")
    expect(drafts).to_contain_text("3 of 7 steps")
    screenshot(page, "open-my-drafts", full_page=False)
    drafts.get_by_role("link", name="Resume").click()
    expect(page.get_by_role("heading", name="Step 4 of 7 · Message")).to_be_visible()
    expect(page.locator("textarea[name=body]")).to_have_value(re.compile("120 sent, 96 received"))
    page.get_by_role("link", name="Products").click()
    expect(page.locator("textarea[name=products]")).to_have_value("B07XJ8C8F5")
    page.get_by_role("button", name="Discard this draft").click()
    expect(page.get_by_text("discarded")).to_be_visible()
    assert not CaseDraft.objects.exists()


def test_supervisor_edits_a_template_with_a_live_preview(page, supervisor):
    template = CaseTemplate.objects.get(slug="listing-suppressed")
    log_in(page, supervisor)
    page.goto(f"/admin/cases/casetemplate/{template.pk}/change/")
    preview = page.locator("#template-preview")
    expect(preview).to_contain_text("Listing suppressed for ASIN B07XJ8C8F5")
    expect(preview).to_contain_text("Passes every message check")
    body = page.locator("textarea[name=body_template]")
    body.press("Control+End")
    body.press_sequentially("\nShipment {shipment_id}; see www.northwind.test")
    expect(preview).to_contain_text("casedesk does not know {shipment_id}")
    expect(preview).to_contain_text("No links or website names")
    page.locator("input[name=subject_template]").fill("Listing suppressed")
    expect(preview).to_contain_text("The subject must name the product")
    page.locator(".field-preview").scroll_into_view_if_needed()
    screenshot(page, "open-template-admin", full_page=False)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("fails the checks")).to_be_visible()
    template.refresh_from_db()
    assert template.subject_template == "Listing suppressed for ASIN {asin}"
    assert not page.js_errors


def test_the_whole_form_works_without_javascript(browser, live_server, team):
    alice, brand = team
    context = browser.new_context(viewport={"width": 1200, "height": 900}, base_url=live_server.url,
                                  java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in(page, alice)
        page.goto("/cases/new/")
        page.get_by_text("Product detail change (title, bullets, images, description)").click()
        page.click(NEXT)
        expect(page.get_by_text("check the content in Salesforce")).to_be_visible()
        page.get_by_label("I checked the content in Salesforce").check()
        page.get_by_label("I checked it in Seller Central (Manage Inventory > ASIN edit)").check()
        page.get_by_label("No, both were right").check()
        page.click(NEXT)
        page.select_option("#id_brand", label="Northwind Outdoor")
        page.click(NEXT)
        page.fill("textarea[name=products]", "B07XJ8C8F5")
        page.click(NEXT)
        page.fill("input[name=fill_detail]", "images")
        page.fill("textarea[name=fill_description]", "The main image shows the green tent; ours is blue.")
        page.get_by_role("button", name="Put them into the message").click()
        expect(page.locator("input[name=subject]")).to_have_value("Incorrect images on ASIN B07XJ8C8F5")
        expect(page.get_by_text("Ready: names the product")).to_be_visible()
        page.click(NEXT)
        page.click(NEXT)
        expect(page.locator("#copy-body")).to_contain_text("ours is blue")
        expect(page.get_by_role("button", name="Copy message")).to_be_hidden()
        page.click(NEXT)
        page.fill("input[name=case_id]", "15728394061")
        page.click(NEXT)
        expect(page.get_by_text("Case 15728394061 recorded")).to_be_visible()
        assert Case.objects.get().subject == "Incorrect images on ASIN B07XJ8C8F5"
    finally:
        context.close()
