import pytest
from django.utils import timezone

from cases.models import Alert, AlertKind, MonitorHeartbeat
from tests.browser.conftest import log_in, screenshot
from tests.factories import BrandFactory, CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _alert(case, kind, recipient):
    now = timezone.now()
    return Alert.objects.create(case=case, kind=kind, window=f"{kind}-{case.pk}", window_at=now,
                                recipient=recipient, notify_after=now)


def test_member_reads_alerts_from_the_top_bar_badge(page, member):
    brands = [BrandFactory(name=n) for n in ("Northwind", "Acme Outdoor", "Lumen Home")]
    kinds = [AlertKind.OVERDUE, AlertKind.DUE_SOON, AlertKind.CHECK_MISSED, AlertKind.STALE]
    for i, kind in enumerate(kinds):
        _alert(CaseFactory(owner=member, brand=brands[i % 3], issue="Main image replaced by a competitor"), kind,
               member)
    _alert(CaseFactory(owner=member, brand=brands[0], issue="Listing suppressed"), AlertKind.FOLLOW_UP_DUE, None)
    MonitorHeartbeat.objects.update_or_create(name="scan", defaults={"finished_at": timezone.now()})
    log_in(page, member)
    badge = page.locator("#unread-alerts")
    assert badge.inner_text().startswith("5")
    page.click("nav.mainnav >> text=Alerts")
    page.wait_for_url("**/alerts/")
    screenshot(page, "alerts")
    first = page.locator("li.alert-item.unread").first
    first.get_by_role("button", name="Mark read").click()
    page.wait_for_selector("li.alert-item.read")
    assert page.locator("#unread-alerts").inner_text().startswith("4")
    page.get_by_role("button", name="Mark all read").click()
    page.wait_for_url("**/alerts/")
    assert page.locator("li.alert-item.unread").count() == 0
    assert page.locator("#unread-alerts").inner_text() == ""
    assert page.js_errors == []


def test_supervisor_sees_a_banner_when_the_scan_is_late(page, supervisor):
    MonitorHeartbeat.objects.update_or_create(
        name="scan", defaults={"finished_at": timezone.now() - timezone.timedelta(hours=2)})
    log_in(page, supervisor)
    banner = page.get_by_role("alert")
    assert "has not run since" in banner.inner_text()
    screenshot(page, "scan-late-banner", full_page=False)
