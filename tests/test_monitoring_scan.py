"""The scan, called directly over a table of cases and times (weekends and DST included)."""

import logging
from datetime import timedelta

import pytest

from cases import clocks, monitoring
from cases.models import Alert, AlertKind, Case, MonitorHeartbeat, Status
from tests.factories import CaseFactory
from tests.monitoring_helpers import alerts_of, ny, waiting_for_us

pytestmark = pytest.mark.django_db


def kinds_for(case, **filters):
    return sorted(Alert.objects.filter(case=case, **filters).values_list("kind", flat=True))


# A reply on Friday 20 Nov 2026 15:00 (New York) is due Monday 23 Nov 15:00; it warns on Sunday 15:00
# (24 h before) and the e-mail waits for Monday 09:00.
FRIDAY_AFTERNOON = ny(2026, 11, 20, 15, 0)


@pytest.mark.parametrize(
    "now, expected",
    [
        (ny(2026, 11, 21, 12, 0), []),  # Saturday: 51 h left, not due soon yet
        (ny(2026, 11, 22, 15, 0), [AlertKind.DUE_SOON]),  # Sunday 15:00: 24 h left
        (ny(2026, 11, 23, 14, 59), [AlertKind.DUE_SOON]),  # Monday, a minute before the deadline
        (ny(2026, 11, 23, 15, 0), [AlertKind.OVERDUE]),  # the deadline: overdue, no late "due soon"
        (ny(2026, 11, 26, 8, 0), [AlertKind.OVERDUE]),  # a scan days later still catches up
    ],
)
def test_friday_afternoon_reply_is_flagged_at_the_right_times(member, now, expected):
    case = waiting_for_us(replied=FRIDAY_AFTERNOON, owner=member)
    monitoring.scan(now=now, notify=False)
    assert kinds_for(case, kind__in=[AlertKind.DUE_SOON, AlertKind.OVERDUE]) == expected


def test_due_soon_on_a_weekend_is_e_mailed_first_thing_monday(member):
    case = waiting_for_us(replied=FRIDAY_AFTERNOON, owner=member)
    monitoring.scan(now=ny(2026, 11, 22, 16, 0), notify=False)
    alert = Alert.objects.get(case=case, kind=AlertKind.DUE_SOON)
    assert alert.notify_after == ny(2026, 11, 23, 9, 0)
    assert alert.window_at == case.response_due_at
    assert alert.recipient == member


def test_overdue_is_e_mailed_at_once_even_at_night(member):
    case = waiting_for_us(replied=ny(2026, 11, 20, 23, 30), owner=member)
    now = ny(2026, 11, 23, 23, 45)  # Monday night, 15 min after the deadline
    monitoring.scan(now=now, notify=False)
    assert Alert.objects.get(case=case, kind=AlertKind.OVERDUE).notify_after == now


def test_due_monday_morning_warns_on_friday_at_work(member):
    # Due Monday 08:00, before anyone is at work: the warning comes at the start of Friday.
    case = waiting_for_us(replied=ny(2026, 11, 20, 8, 0), owner=member)
    monitoring.scan(now=ny(2026, 11, 20, 8, 30), notify=False)
    assert kinds_for(case, kind=AlertKind.DUE_SOON) == []
    monitoring.scan(now=ny(2026, 11, 20, 9, 0), notify=False)
    alert = Alert.objects.get(case=case, kind=AlertKind.DUE_SOON)
    assert alert.notify_after == ny(2026, 11, 20, 9, 0)


def test_due_soon_e_mail_goes_at_once_when_waiting_for_work_would_lose_the_case(member):
    # Due Monday 10:00; found Sunday night: 09:00 Monday leaves one hour, so the e-mail goes now.
    case = waiting_for_us(replied=ny(2026, 11, 20, 10, 0), owner=member)
    now = ny(2026, 11, 22, 22, 0)
    monitoring.scan(now=now, notify=False)
    assert Alert.objects.get(case=case, kind=AlertKind.DUE_SOON).notify_after == now


def test_window_counts_calendar_hours_across_the_dst_change(member):
    # Clocks go back on Sunday 1 Nov 2026: a reply on Friday 10:00 EDT is due Monday 09:00 EST (72 real hours).
    case = waiting_for_us(replied=ny(2026, 10, 30, 10, 0), owner=member)
    assert case.response_due_at == ny(2026, 11, 2, 9, 0)
    monitoring.scan(now=ny(2026, 11, 2, 8, 59), notify=False)
    assert kinds_for(case, kind=AlertKind.OVERDUE) == []
    monitoring.scan(now=ny(2026, 11, 2, 9, 0), notify=False)
    assert kinds_for(case, kind=AlertKind.OVERDUE) == [AlertKind.OVERDUE]


def test_a_new_amazon_reply_opens_a_new_window_with_its_own_alerts(member):
    case = waiting_for_us(replied=ny(2026, 11, 16, 10, 0), owner=member)
    monitoring.scan(now=ny(2026, 11, 19, 11, 0), notify=False)
    # We answered, Amazon replied again: a new window, due Thursday 26th.
    Case.objects.filter(pk=case.pk).update(amazon_replied_at=ny(2026, 11, 23, 10, 0))
    case.refresh_from_db()
    from cases.services import _refresh_clock_columns

    _refresh_clock_columns(case)
    case.save()
    monitoring.scan(now=ny(2026, 11, 26, 11, 0), notify=False)
    windows = Alert.objects.filter(case=case, kind=AlertKind.OVERDUE).values_list("window_at", flat=True)
    assert sorted(windows) == [ny(2026, 11, 19, 10, 0), ny(2026, 11, 26, 10, 0)]


def test_answered_case_is_not_flagged(member):
    case = waiting_for_us(replied=ny(2026, 11, 16, 10, 0), owner=member, we_replied_at=ny(2026, 11, 17, 10, 0),
                          status=Status.WAITING)
    monitoring.scan(now=ny(2026, 11, 20, 11, 0), notify=False)
    assert kinds_for(case, kind__in=[AlertKind.DUE_SOON, AlertKind.OVERDUE]) == []


@pytest.mark.parametrize(
    "now, window",
    [
        (ny(2026, 11, 20, 11, 59), "2026-11-19"),  # Friday before noon: Thursday's deadline is the last one
        (ny(2026, 11, 20, 12, 0), "2026-11-20"),  # Friday's deadline
        (ny(2026, 11, 22, 18, 0), "2026-11-20"),  # Sunday: no new deadline at the weekend
        (ny(2026, 11, 23, 12, 5), "2026-11-23"),  # Monday
        (ny(2026, 11, 2, 11, 30), "2026-10-30"),  # the Monday after the DST change, 16:30 UTC: before noon EST
        (ny(2026, 11, 2, 12, 0), "2026-11-02"),  # 17:00 UTC
    ],
)
def test_missed_daily_check_is_raised_once_for_the_last_deadline(member, now, window):
    case = CaseFactory(owner=member, started_at=ny(2026, 10, 1, 9, 0), last_checked_at=ny(2026, 10, 20, 9, 0))
    monitoring.scan(now=now, notify=False)
    monitoring.scan(now=now, notify=False)
    assert list(Alert.objects.filter(case=case, kind=AlertKind.CHECK_MISSED).values_list("window", flat=True)) == [window]


def test_case_checked_today_has_no_missed_check(member):
    case = CaseFactory(owner=member, started_at=ny(2026, 11, 1, 9, 0), last_checked_at=ny(2026, 11, 20, 9, 30))
    monitoring.scan(now=ny(2026, 11, 20, 13, 0), notify=False)
    assert kinds_for(case, kind=AlertKind.CHECK_MISSED) == []


def test_stale_case_and_escalation_follow_up_are_flagged(member):
    stale = CaseFactory(owner=member, started_at=ny(2026, 11, 10, 9, 0), last_checked_at=ny(2026, 11, 20, 9, 0))
    escalated = CaseFactory(owner=member, status=Status.ESCALATED, started_at=ny(2026, 11, 1, 9, 0),
                            escalated_at=ny(2026, 11, 18, 9, 0), last_checked_at=ny(2026, 11, 20, 9, 0))
    monitoring.scan(now=ny(2026, 11, 20, 10, 0), notify=False)
    assert kinds_for(stale) == [AlertKind.STALE]
    assert kinds_for(escalated) == [AlertKind.FOLLOW_UP_DUE]
    assert Alert.objects.get(case=escalated).window_at == ny(2026, 11, 20, 9, 0)


def test_resolved_cases_raise_nothing(member):
    CaseFactory(owner=member, status=Status.RESOLVED, started_at=ny(2026, 10, 1, 9, 0),
                last_checked_at=ny(2026, 10, 1, 9, 0))
    monitoring.scan(now=ny(2026, 11, 20, 13, 0), notify=False)
    assert Alert.objects.count() == 0


def test_scan_twice_in_a_row_raises_each_alert_once(member, other_member):
    cases = [waiting_for_us(replied=ny(2026, 11, 16, h, 0), owner=member) for h in range(9, 14)]
    cases.append(CaseFactory(owner=None, started_at=ny(2026, 11, 1, 9, 0), last_checked_at=ny(2026, 11, 1, 9, 0)))
    now = ny(2026, 11, 20, 13, 0)
    monitoring.scan(now=now)
    first = set(Alert.objects.values_list("case_id", "kind", "window"))
    monitoring.scan(now=now)
    monitoring.scan(now=now + timedelta(minutes=5))
    assert set(Alert.objects.values_list("case_id", "kind", "window")) == first
    assert Alert.objects.count() == len(first)
    assert len(alerts_of(AlertKind.OVERDUE)) == 5


def test_steady_state_scan_uses_a_constant_number_of_queries(member, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for h in range(9, 14):
        waiting_for_us(replied=ny(2026, 11, 16, h, 0), owner=member)
    now = ny(2026, 11, 20, 13, 0)
    monitoring.scan(now=now, notify=False)
    with CaptureQueriesContext(connection) as small:
        monitoring.scan(now=now, notify=False)
    for m in range(50):
        waiting_for_us(replied=ny(2026, 11, 17, 9, m), owner=member)
    with django_assert_max_num_queries(20):
        monitoring.scan(now=now, notify=False)  # raises 50 alerts in one batch per kind
    with django_assert_max_num_queries(len(small.captured_queries)):
        monitoring.scan(now=now, notify=False)
    assert len(small.captured_queries) <= 10
    assert len(alerts_of(AlertKind.OVERDUE)) == 55


def test_a_failing_case_is_logged_and_does_not_stop_the_run(member, monkeypatch, caplog):
    bad = waiting_for_us(replied=ny(2026, 11, 16, 9, 0), owner=member)
    good = waiting_for_us(replied=ny(2026, 11, 16, 10, 0), owner=member)
    real = clocks.notify_after

    def flaky(**kwargs):
        if kwargs["due"] == bad.response_due_at:
            raise ValueError("boom")
        return real(**kwargs)

    monkeypatch.setattr(monitoring.clocks, "notify_after", flaky)
    with caplog.at_level(logging.ERROR, logger="cases.monitoring"):
        result = monitoring.scan(now=ny(2026, 11, 20, 10, 0), notify=False)
    assert kinds_for(good, kind=AlertKind.OVERDUE) == [AlertKind.OVERDUE]
    assert kinds_for(bad, kind=AlertKind.OVERDUE) == []
    assert bad.pk in result.failed
    assert f"case {bad.pk}" in caplog.text
    monkeypatch.setattr(monitoring.clocks, "notify_after", real)
    monitoring.scan(now=ny(2026, 11, 20, 10, 5), notify=False)
    assert kinds_for(bad, kind=AlertKind.OVERDUE) == [AlertKind.OVERDUE]


def test_run_killed_after_raising_alerts_is_rerun_without_duplicates(member, monkeypatch, mailoutbox):
    waiting_for_us(replied=ny(2026, 11, 16, 9, 0), owner=member)

    def die(**kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(monitoring, "send_due_notifications", die)
    with pytest.raises(SystemExit):
        monitoring.scan(now=ny(2026, 11, 20, 10, 0))
    monkeypatch.undo()
    monitoring.scan(now=ny(2026, 11, 20, 10, 0))
    monitoring.scan(now=ny(2026, 11, 20, 10, 5))
    assert len(alerts_of(AlertKind.OVERDUE)) == 1
    assert len([m for m in mailoutbox if m.subject.startswith("Overdue")]) == 1


def test_scan_records_when_it_finished(member):
    monitoring.scan(now=ny(2026, 11, 20, 10, 0), notify=False)
    beat = MonitorHeartbeat.objects.get(name="scan")
    assert beat.finished_at is not None
    assert beat.policy == clocks.policy_fingerprint(clocks.policy())


def test_changed_clock_settings_recompute_stored_columns(member, settings):
    case = waiting_for_us(replied=ny(2026, 11, 19, 10, 0), owner=member)
    now = ny(2026, 11, 20, 11, 0)
    monitoring.scan(now=now, notify=False)
    assert kinds_for(case, kind=AlertKind.OVERDUE) == []
    settings.CASEDESK_RESPONSE_WINDOW_HOURS = 24
    result = monitoring.scan(now=now, notify=False)
    case.refresh_from_db()
    assert result.clocks_refreshed == 1
    assert case.response_due_at == ny(2026, 11, 20, 10, 0)
    assert kinds_for(case, kind=AlertKind.OVERDUE) == [AlertKind.OVERDUE]


def test_a_batch_that_fails_to_insert_is_retried_case_by_case(member, monkeypatch, caplog):
    from django.db import DatabaseError
    from django.db.models.query import QuerySet

    cases = [waiting_for_us(replied=ny(2026, 11, 16, h, 0), owner=member) for h in (9, 10, 11)]
    real = QuerySet.bulk_create

    def picky(self, objs, *args, **kwargs):
        if len(objs) > 1 or objs[0].case_id == cases[1].pk:
            raise DatabaseError("value too long")
        return real(self, objs, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "bulk_create", picky)
    result = monitoring.scan(now=ny(2026, 11, 20, 10, 0), notify=False)
    overdue = set(Alert.objects.filter(kind=AlertKind.OVERDUE).values_list("case_id", flat=True))
    assert overdue == {cases[0].pk, cases[2].pk}
    assert cases[1].pk in result.failed
    assert f"case {cases[1].pk}" in caplog.text
