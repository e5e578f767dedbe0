import pytest

from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_logs_in_and_sees_the_board(page, member, case):
    page.goto("/")
    assert "/accounts/login/" in page.url
    screenshot(page, "login")
    log_in(page, member)
    assert page.locator("table.cases").is_visible()
    assert page.get_by_text(case.case_id).is_visible()
    assert page.js_errors == []
