from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case
from tests.browser.conftest import log_in, screenshot
from tests.supervisor_data import seed_cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "asana_sample.csv"


def test_supervisor_reads_the_reports(page, supervisor, member, other_member):
    seed_cases(900, now=timezone.now(), owners=[member, other_member, supervisor])
    log_in(page, supervisor)
    page.goto("/reports/")
    assert page.get_by_role("heading", name="Reports").is_visible()
    for title in ("Cases opened and resolved per week", "Closed by Amazon, and response windows missed",
                  "Workload per owner (now)", "Products that keep needing cases", "Escalations and how they ended"):
        assert page.get_by_role("heading", name=title).is_visible()
    assert page.locator("svg.chart").count() == 9
    screenshot(page, "reports")
    # Every chart has its numbers as a table, one click away.
    page.locator("#workload summary").click()
    assert page.locator("#workload table").is_visible()
    assert page.locator("#workload tbody tr").count() >= 3
    # The brand filter narrows every chart.
    page.select_option("#id_brand", label="Northwind")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**brand=**")
    assert "· Northwind" in page.locator(".reports-head p").inner_text()
    assert page.js_errors == []


def test_supervisor_previews_and_imports_an_asana_file(page, supervisor, member):
    log_in(page, supervisor)
    page.goto("/import/")
    page.set_input_files("#id_file", str(SAMPLE))
    page.get_by_role("button", name="Upload and preview").click()
    page.wait_for_url("**/import/*/")
    assert page.get_by_text("new cases").is_visible()
    rows = page.locator("table.import-table tbody tr")
    assert rows.count() == 4
    # The Case ID came from the task name; the subtask joined its parent.
    assert page.get_by_text("15728394062").is_visible()
    assert page.get_by_text("+1 subtask").is_visible()
    # The column mapping was guessed from the headers.
    assert page.locator("#id_map_products").input_value() == "ASIN/SKU"
    assert page.locator("#id_map_channel").input_value() == "SC or BR"
    screenshot(page, "import-preview")
    page.get_by_role("button", name="Import 4 cases").click()
    page.wait_for_url("**/admin/cases/case/**")
    expect(page.get_by_text("Imported 4 case(s)")).to_be_visible()
    assert Case.objects.count() == 4
    assert page.js_errors == []


def test_supervisor_reassigns_overdue_cases_from_the_admin(page, supervisor, member, other_member, brand):
    from datetime import timedelta

    from cases.models import Status
    from tests.factories import CaseFactory

    now = timezone.now()
    overdue = [CaseFactory(owner=member, brand=brand, status=Status.ACTION_NEEDED,
                           amazon_replied_at=now - timedelta(hours=75 + i)) for i in range(3)]
    CaseFactory(owner=member, brand=brand)
    log_in(page, supervisor)
    page.goto("/admin/cases/case/")
    page.get_by_role("link", name="Response overdue").click()
    page.wait_for_url("**clock=overdue**")
    assert page.locator("#result_list tbody tr").count() == 3
    assert page.locator(".cd-clock-overdue").count() == 3
    screenshot(page, "admin-cases")
    page.locator("#action-toggle").check()
    page.select_option("select[name=action]", "reassign_cases")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("Give these 3 cases to someone else")).to_be_visible()
    # The owner box is the admin's autocomplete: type a name, pick the person.
    page.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").fill("bob")
    page.locator(".select2-results__option", has_text="bob").click()
    page.fill("#id_text", "Alice is on holiday")
    page.get_by_role("button", name="Reassign 3 cases").click()
    expect(page.get_by_text("Reassigned 3 case(s).")).to_be_visible()
    for case in overdue:
        case.refresh_from_db()
        assert case.owner == other_member
    assert page.js_errors == []
