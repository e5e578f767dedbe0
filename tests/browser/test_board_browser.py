"""The board in a real browser: check a case with the key `c`, log Amazon's reply inline, bulk check."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, CaseEvent, CaseProduct, EventKind, Status
from tests.browser.conftest import log_in, screenshot
from tests.factories import BrandFactory, CaseFactory, UserFactory, template

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = [
    # case id, brand, ASIN, issue, issue type, status, hours since Amazon replied, days since checked, days since start
    ("15728394061", "Northwind Outdoor", "B07XJ8C8F5", "Main image shows the wrong colour", "catalog-error",
     Status.ACTION_NEEDED, 75, 0, 6),
    ("15730018842", "Blue Heron", "B08KTZ9Q3M", "Listing suppressed: missing safety sheet", "listing-suppressed",
     Status.ACTION_NEEDED, 58, 1, 4),
    ("15731120957", "Copperleaf", "B09ZZ1K2LP", "Title not updating after Update CA", "product-detail-change",
     Status.ON_HOLD, 20, 0, 3),
    ("15725550310", "Northwind Outdoor", "B07QW6RD1S", "Units lost at the Phoenix warehouse", "fba-inventory-discrepancy",
     Status.WAITING, None, 3, 5),
    ("15724409981", "Evergreen Pets", "B0BX7N2M4K", "Reseller IP complaint on the dog bed", "policy-ip-complaint",
     Status.WAITING, None, 4, 9),
    ("15733301175", "Acme Toys", "B0C1R5T8WQ", "Bullet points show the old size chart", "catalog-error",
     Status.WAITING, None, 0, 1),
    ("15720087713", "Driftwood Home", "B0B4H6J8K2", "Account health warning: pricing", "account-health-warning",
     Status.WAITING, None, 0, 12),
]


def _board(alice, bob):
    now = timezone.now()
    made = []
    for n, (case_id, brand, asin, issue, slug, status, replied_h, checked_d, started_d) in enumerate(ROWS):
        case = CaseFactory(
            case_id=case_id, brand=BrandFactory(name=brand), asin=asin, issue=issue, issue_type=template(slug),
            status=status, owner=alice if n % 3 else bob, priority=2 if n == 1 else 3,
            channel="BR" if n == 4 else "SC", started_at=now - timedelta(days=started_d),
            amazon_replied_at=now - timedelta(hours=replied_h) if replied_h else None,
            we_replied_at=now - timedelta(days=started_d),
            last_checked_at=now - timedelta(days=checked_d, hours=1) if checked_d else now - timedelta(hours=1),
        )
        made.append(case)
    CaseProduct.objects.create(case=made[3], kind="sku", value="NW-TENT-2P")
    return made


@pytest.fixture
def people(db):
    return (UserFactory(username="alice", first_name="Alice", last_name="Adams"),
            UserFactory(username="bob", first_name="Bob", last_name="Baker"))


def test_keyboard_check_inline_reply_and_bulk_check(page, people):
    alice, bob = people
    cases = _board(alice, bob)
    log_in(page, alice)
    page.goto("/")
    expect(page.locator("#board-rows tr.case-row")).to_have_count(len(ROWS))
    # The most urgent first: the overdue case leads.
    expect(page.locator("#board-rows tr.case-row").first).to_contain_text("overdue by 3 h")
    expect(page.locator(".summary")).to_contain_text("1 overdue")
    screenshot(page, "board")

    # j selects the first row, j again the second; c marks it checked without a reload.
    page.locator(".sum-total").click()
    page.keyboard.press("j")
    page.keyboard.press("j")
    second = page.locator("#board-rows tr.case-row").nth(1)
    expect(second).to_have_class("case-row selected")
    page.keyboard.press("c")
    expect(second).to_contain_text("Marked checked — no update.")
    assert CaseEvent.objects.filter(case__case_id="15730018842", kind=EventKind.CHECKED, actor=alice).count() == 1

    # r on a waiting case opens the inline form; "when" defaults to now.
    row = page.locator(f"#case-row-{cases[5].pk}")
    row.click(position={"x": 5, "y": 5})
    page.keyboard.press("r")
    textarea = row.locator('details[data-menu="amazon-replied"] textarea')
    expect(textarea).to_be_focused()
    textarea.fill("Please send the new size chart as a PDF.")
    screenshot(page, "board-amazon-replied", full_page=False)
    row.get_by_role("button", name="Log Amazon's reply").click()
    expect(page.locator(f"#case-row-{cases[5].pk}")).to_contain_text("72 h left")
    assert Case.objects.get(pk=cases[5].pk).status == Status.ACTION_NEEDED

    # Select two unchecked cases and mark them checked at once.
    for case in (cases[3], cases[4]):
        page.locator(f"#case-row-{case.pk} input[type=checkbox]").check()
    expect(page.locator(".bulk-count")).to_have_text("2 selected")
    page.get_by_role("button", name="Mark selected checked").click()
    expect(page.locator(".messages")).to_contain_text("Marked checked: 2 cases.")
    assert CaseEvent.objects.filter(kind=EventKind.CHECKED, case__in=[cases[3], cases[4]]).count() == 2
    expect(page.locator(".summary")).not_to_contain_text("to check")

    # / jumps to the search box; ? lists the keys.
    page.locator(".sum-total").click()
    page.keyboard.press("?")
    expect(page.locator("#keys-dialog")).to_be_visible()
    page.keyboard.press("Escape")
    page.keyboard.press("/")
    expect(page.locator("#id_q")).to_be_focused()
    page.keyboard.type("B07QW6RD1S")
    page.keyboard.press("Enter")
    expect(page.locator("#board-rows tr.case-row")).to_have_count(1)
    assert page.js_errors == []


def test_board_on_a_phone(browser, live_server, people):
    alice, bob = people
    _board(alice, bob)
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url,
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        log_in(page, alice)
        page.goto("/")
        expect(page.locator("#board-rows tr.case-row").first).to_be_visible()
        # Nothing runs off the side of the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "board-phone", full_page=False)
    finally:
        context.close()
