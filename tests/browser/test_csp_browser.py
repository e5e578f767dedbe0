"""Every main page works under the strict Content-Security-Policy: Chromium reports no violation, no
script error, and the htmx one-click actions still work."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Alert, AlertKind
from tests.browser.conftest import log_in
from tests.factories import CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _watch(page):
    console = []
    page.on("console", lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.add_init_script(LISTEN)
    return console


def _visit(page, console, url):
    response = page.goto(url)
    assert response.status < 400, (url, response.status)
    assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()} or \
        "content-security-policy" in response.headers, url
    page.wait_for_load_state("load")
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], (url, violations)
    assert console == [], (url, console)


def test_main_pages_raise_no_csp_violation(page, supervisor, member):
    console = _watch(page)
    case = CaseFactory(owner=supervisor)
    Alert.objects.create(case=case, kind=AlertKind.OVERDUE, window="w", window_at=timezone.now(),
                         recipient=supervisor)
    _visit(page, console, "/accounts/login/")
    log_in(page, supervisor)
    for url in ["/", case.get_absolute_url(), "/alerts/", "/me/", "/cases/new/", "/reports/", "/import/", "/admin/",
                "/admin/cases/case/", f"/admin/cases/case/{case.pk}/change/", "/admin/cases/brand/add/",
                "/admin/auth/user/"]:
        _visit(page, console, url)
    assert page.js_errors == []


def test_htmx_quick_action_works_under_the_policy(page, member):
    console = _watch(page)
    case = CaseFactory(owner=member, last_checked_at=None)
    log_in(page, member)
    _visit(page, console, "/")
    row = page.locator(f"#case-row-{case.pk}")
    row.get_by_role("button", name="Checked").click()
    expect(page.locator(f"#case-row-{case.pk}")).to_contain_text("today", timeout=10_000)
    case.refresh_from_db()
    assert case.last_checked_at is not None
    assert page.evaluate("window.__cspViolations") == [] and console == []
    assert page.js_errors == []
