"""The clock rules of PRODUCT.md as tables: response window, due soon/overdue, daily check, stale, follow-up,
working time — across weekends and both DST changes (America/New_York: 8 March and 1 November 2026)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cases import clocks
from cases.clocks import WindowState as W

NY = ZoneInfo("America/New_York")
P = clocks.ClockPolicy(tz=NY)  # Mon–Fri 09:00–17:00, 72 h window, due soon at 24 h, stale after 5 days, 48 h follow-up


def ny(*args):
    return datetime(*args, tzinfo=NY)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


# --- The response window --------------------------------------------------------------------------------

# Arithmetic on UTC times: Python adds wall-clock hours to times in a local zone, Amazon counts real hours.
REPLY = ny(2026, 3, 4, 10, 0).astimezone(UTC)


@pytest.mark.parametrize("status, amazon, we, due", [
    ("action_needed", REPLY, None, REPLY + timedelta(hours=72)),
    ("action_needed", REPLY, REPLY - timedelta(hours=5), REPLY + timedelta(hours=72)),  # we wrote before their reply
    ("action_needed", REPLY, REPLY + timedelta(minutes=1), None),  # our reply stops the clock
    ("action_needed", REPLY, REPLY, None),
    ("on_hold", REPLY, None, REPLY + timedelta(hours=72)),  # on hold, Amazon still waits for us
    ("waiting", REPLY, None, None),
    ("escalated", REPLY, None, None),
    ("resolved", REPLY, None, None),
    ("closed_by_amazon", REPLY, None, None),
    ("action_needed", None, None, None),
])
def test_response_due(status, amazon, we, due):
    assert clocks.response_due(status=status, amazon_replied_at=amazon, we_replied_at=we, p=P) == due


def test_window_counts_real_hours_across_the_spring_dst_change():
    friday_reply = ny(2026, 3, 6, 15, 0)  # EST
    due = clocks.response_due(status="action_needed", amazon_replied_at=friday_reply, we_replied_at=None, p=P)
    assert due - friday_reply == timedelta(hours=72)
    assert due.astimezone(NY) == ny(2026, 3, 9, 16, 0)  # Monday 16:00 EDT: the clock on the wall moved an hour


def test_window_counts_real_hours_across_the_autumn_dst_change():
    reply_in_the_fold = utc(2026, 11, 1, 5, 30)  # Sunday 01:30 EDT, the first of the two 01:30s
    due = clocks.response_due(status="action_needed", amazon_replied_at=reply_in_the_fold, we_replied_at=None, p=P)
    assert due == utc(2026, 11, 4, 5, 30)
    assert due.astimezone(NY).strftime("%a %H:%M %Z") == "Wed 00:30 EST"


@pytest.mark.parametrize("replied, now, state", [
    # Wednesday reply, due Saturday 10:00: warned from the start of Friday, the last working day before it.
    (ny(2026, 3, 4, 10, 0), ny(2026, 3, 4, 10, 0), W.OK),
    (ny(2026, 3, 4, 10, 0), ny(2026, 3, 5, 10, 0), W.OK),
    (ny(2026, 3, 4, 10, 0), ny(2026, 3, 6, 8, 59), W.OK),
    (ny(2026, 3, 4, 10, 0), ny(2026, 3, 6, 9, 0), W.DUE_SOON),
    (ny(2026, 3, 4, 10, 0), ny(2026, 3, 7, 9, 59), W.DUE_SOON),
    (ny(2026, 3, 4, 10, 0), ny(2026, 3, 7, 10, 0), W.OVERDUE),
    # Friday-afternoon reply over the spring-forward weekend, due Monday 16:00 EDT: due soon 24 h before.
    (ny(2026, 3, 6, 15, 0), ny(2026, 3, 7, 12, 0), W.OK),
    (ny(2026, 3, 6, 15, 0), ny(2026, 3, 8, 15, 59), W.OK),
    (ny(2026, 3, 6, 15, 0), ny(2026, 3, 8, 16, 0), W.DUE_SOON),
    (ny(2026, 3, 6, 15, 0), ny(2026, 3, 9, 15, 59), W.DUE_SOON),
    (ny(2026, 3, 6, 15, 0), ny(2026, 3, 9, 16, 0), W.OVERDUE),
    # Friday 08:00 reply over the fall-back weekend, due Monday 07:00 EST, before anyone is at work:
    # the warning comes at the start of Friday's working day, not on Sunday.
    (ny(2026, 10, 30, 8, 0), ny(2026, 10, 30, 8, 30), W.OK),
    (ny(2026, 10, 30, 8, 0), ny(2026, 10, 30, 9, 0), W.DUE_SOON),
    (ny(2026, 10, 30, 8, 0), ny(2026, 11, 2, 6, 59), W.DUE_SOON),
    (ny(2026, 10, 30, 8, 0), ny(2026, 11, 2, 7, 0), W.OVERDUE),
])
def test_window_state(replied, now, state):
    due = clocks.response_due(status="action_needed", amazon_replied_at=replied, we_replied_at=None, p=P)
    assert clocks.window_state(due, now, P, started=replied) is state


def test_no_window_when_amazon_is_not_waiting():
    assert clocks.window_state(None, ny(2026, 3, 4, 10, 0), P) is W.NONE


@pytest.mark.parametrize("due, now, words", [
    (utc(2026, 3, 9, 20, 0), ny(2026, 3, 9, 15, 15), "45 min left"),  # due Monday 16:00 EDT
    (utc(2026, 3, 9, 20, 0), ny(2026, 3, 9, 13, 59), "2 h left"),
    (utc(2026, 3, 9, 20, 0), ny(2026, 3, 6, 16, 0), "71 h left"),  # from Friday 16:00 EST: 71 real hours
    (utc(2026, 3, 9, 20, 0), ny(2026, 3, 9, 19, 0), "overdue by 3 h"),
])
def test_time_left_in_words(due, now, words):
    assert clocks.describe_time_left(due, now) == words


# --- The daily check -------------------------------------------------------------------------------------

FRIDAY_4PM = ny(2026, 3, 6, 16, 0)


@pytest.mark.parametrize("now, checked, needs", [
    (ny(2026, 3, 9, 10, 0), FRIDAY_4PM, True),  # Monday: Friday's check is not today's
    (ny(2026, 3, 7, 10, 0), FRIDAY_4PM, False),  # Saturday: Friday was the last working day, and it was checked
    (ny(2026, 3, 8, 10, 0), ny(2026, 3, 5, 16, 0), True),  # Sunday: Thursday's check missed Friday
    (ny(2026, 3, 9, 0, 30), ny(2026, 3, 8, 23, 0), True),  # Monday 00:30: checked on Sunday night
    (ny(2026, 3, 9, 8, 0), ny(2026, 3, 9, 0, 5), False),
    # The team's day, not UTC's: Monday 22:00 EST is Tuesday 03:00 UTC.
    (ny(2026, 11, 3, 10, 0), utc(2026, 11, 3, 3, 0), True),
    # The Monday after fall-back starts at 05:00 UTC (EST), not 04:00 UTC (EDT).
    (ny(2026, 11, 2, 10, 0), utc(2026, 11, 2, 4, 30), True),
    (ny(2026, 11, 2, 10, 0), utc(2026, 11, 2, 5, 30), False),
    (ny(2026, 3, 9, 10, 0), None, True),
])
def test_needs_check(now, checked, needs):
    assert clocks.needs_check(status="waiting", last_checked_at=checked, now=now, p=P) is needs


@pytest.mark.parametrize("status", ["resolved", "closed_by_amazon"])
def test_finished_cases_need_no_check(status):
    assert clocks.needs_check(status=status, last_checked_at=None, now=ny(2026, 3, 9, 10, 0), p=P) is False


def test_needs_check_follows_the_working_days_setting():
    dubai = ZoneInfo("Asia/Dubai")
    sun_to_thu = clocks.ClockPolicy(tz=dubai, working_days=(6, 0, 1, 2, 3))
    friday = datetime(2026, 3, 6, 10, 0, tzinfo=dubai)
    thursday_noon = datetime(2026, 3, 5, 12, 0, tzinfo=dubai)
    assert clocks.needs_check(status="waiting", last_checked_at=thursday_noon, now=friday, p=sun_to_thu) is False
    sunday = datetime(2026, 3, 8, 10, 0, tzinfo=dubai)
    assert clocks.needs_check(status="waiting", last_checked_at=thursday_noon, now=sunday, p=sun_to_thu) is True


@pytest.mark.parametrize("now, deadline", [
    (ny(2026, 3, 9, 10, 0), ny(2026, 3, 9, 12, 0)),  # a working day: today's noon
    (ny(2026, 3, 7, 10, 0), None),  # Saturday: no check deadline
])
def test_check_deadline_on_working_days_only(now, deadline):
    assert clocks.check_missed_at(now, P) == deadline


# --- Stale and escalation follow-up ------------------------------------------------------------------------

MONDAY = ny(2026, 3, 2, 10, 0)


@pytest.mark.parametrize("status, amazon, stale", [
    ("waiting", None, utc(2026, 3, 7, 15, 0)),  # opened Monday 10:00 EST, nothing since: stale Saturday
    ("waiting", ny(2026, 3, 4, 12, 0), utc(2026, 3, 9, 17, 0)),  # from Amazon's last word, 120 real hours across DST
    ("action_needed", None, None),  # our move: not stale, the window covers it
    ("escalated", None, None),  # the follow-up covers it
    ("resolved", None, None),
])
def test_stale_at(status, amazon, stale):
    assert clocks.stale_at(status=status, started_at=MONDAY, amazon_replied_at=amazon, p=P) == stale


def test_is_stale_from_that_moment():
    at = clocks.stale_at(status="waiting", started_at=MONDAY, amazon_replied_at=None, p=P)
    assert not clocks.is_stale(status="waiting", started_at=MONDAY, amazon_replied_at=None,
                               now=at - timedelta(seconds=1), p=P)
    assert clocks.is_stale(status="waiting", started_at=MONDAY, amazon_replied_at=None, now=at, p=P)


ESCALATED = ny(2026, 3, 6, 11, 0).astimezone(UTC)


@pytest.mark.parametrize("status, followed_up, amazon, due", [
    ("escalated", None, None, ESCALATED + timedelta(hours=48)),
    ("escalated", ESCALATED + timedelta(hours=50), None, ESCALATED + timedelta(hours=98)),  # from the last follow-up
    ("escalated", None, ESCALATED - timedelta(hours=3), ESCALATED + timedelta(hours=48)),  # a reply before it
    ("escalated", None, ESCALATED + timedelta(hours=3), None),  # Amazon answered the escalation
    ("waiting", None, None, None),
])
def test_follow_up_due(status, followed_up, amazon, due):
    assert clocks.follow_up_due(status=status, escalated_at=ESCALATED, followed_up_at=followed_up,
                                amazon_replied_at=amazon, p=P) == due


def test_follow_up_48_hours_are_real_hours_across_dst():
    due = clocks.follow_up_due(status="escalated", escalated_at=ESCALATED, followed_up_at=None,
                               amazon_replied_at=None, p=P)
    assert due.astimezone(NY) == ny(2026, 3, 8, 12, 0)  # Friday 11:00 EST + 48 h = Sunday 12:00 EDT


# --- Working time --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("moment, start", [
    (ny(2026, 3, 9, 16, 0), ny(2026, 3, 9, 9, 0)),
    (ny(2026, 3, 9, 9, 0), ny(2026, 3, 6, 9, 0)),  # "before": Monday's start itself does not count
    (ny(2026, 3, 9, 8, 0), ny(2026, 3, 6, 9, 0)),
    (ny(2026, 3, 8, 12, 0), ny(2026, 3, 6, 9, 0)),  # Sunday
])
def test_last_working_start_before(moment, start):
    assert clocks.last_working_start_before(moment, P) == start


@pytest.mark.parametrize("moment, start", [
    (ny(2026, 3, 6, 16, 59), ny(2026, 3, 6, 16, 59)),  # in working time: now
    (ny(2026, 3, 6, 17, 0), ny(2026, 3, 9, 9, 0)),  # Friday evening: Monday 09:00 EDT
    (ny(2026, 3, 7, 12, 0), ny(2026, 3, 9, 9, 0)),
    (ny(2026, 3, 9, 8, 0), ny(2026, 3, 9, 9, 0)),
])
def test_next_working_start(moment, start):
    assert clocks.next_working_start(moment, P) == start


def test_a_week_without_working_days_is_refused():
    nobody = clocks.ClockPolicy(tz=NY, working_days=())
    with pytest.raises(ValueError, match="CASEDESK_WORKING_DAYS"):
        clocks.start_of_check_day(ny(2026, 3, 9, 10, 0), nobody)
