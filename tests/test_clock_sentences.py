"""The clock state in words (cases.clocks sentence helpers): pure functions over fixed moments."""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from cases import clocks

NY = ZoneInfo("America/New_York")
P = clocks.ClockPolicy(tz=NY)


def _case(**kw):
    base = dict(status="waiting", amazon_replied_at=None, we_replied_at=None, started_at=datetime(2026, 11, 2, 9, tzinfo=NY),
                escalated_at=None, followed_up_at=None, last_checked_at=None)
    base.update(kw)
    return SimpleNamespace(**base)


def test_running_window_reads_like_the_brief():
    replied = datetime(2026, 11, 17, 14, 2, tzinfo=NY)  # a Tuesday
    case = _case(status="action_needed", amazon_replied_at=replied)
    now = replied + timedelta(hours=21)
    assert clocks.window_sentence(case, now, P) == "Amazon replied Tue 14:02 — answer by Fri 14:02, 51 h left"


def test_just_logged_reply_has_72_hours_left():
    now = datetime(2026, 11, 17, 14, 2, 30, tzinfo=NY)
    case = _case(status="action_needed", amazon_replied_at=now)
    assert clocks.window_sentence(case, now, P).endswith("72 h left")


def test_missed_window_says_overdue():
    replied = datetime(2026, 11, 10, 9, 0, tzinfo=NY)
    case = _case(status="action_needed", amazon_replied_at=replied)
    now = replied + timedelta(hours=75)
    assert clocks.window_sentence(case, now, P).endswith("overdue by 3 h")


def test_no_window_when_we_wrote_last():
    at = datetime(2026, 11, 17, 9, tzinfo=NY)
    case = _case(status="waiting", amazon_replied_at=at, we_replied_at=at + timedelta(hours=1))
    assert clocks.window_sentence(case, at + timedelta(hours=2), P) == ""
    assert clocks.waiting_sentence(case, at + timedelta(hours=2), P) == "Waiting on Amazon since we wrote Tue 10:00"


def test_far_moments_carry_the_date():
    moment = datetime(2026, 10, 6, 8, 30, tzinfo=NY)
    assert clocks.moment_words(moment, moment + timedelta(days=20), P) == "Tue 6 Oct 08:30"


@pytest.mark.parametrize(
    "checked, now, expected",
    [
        (datetime(2026, 11, 18, 9, 5, tzinfo=NY), datetime(2026, 11, 18, 15, tzinfo=NY), "Checked today by Alice"),
        (datetime(2026, 11, 16, 9, 5, tzinfo=NY), datetime(2026, 11, 18, 15, tzinfo=NY), "Not checked since Mon"),
        (datetime(2026, 11, 17, 9, 5, tzinfo=NY), datetime(2026, 11, 18, 15, tzinfo=NY), "Not checked since yesterday"),
        # Friday's check still counts on Saturday (no working day has started since).
        (datetime(2026, 11, 20, 16, tzinfo=NY), datetime(2026, 11, 21, 11, tzinfo=NY), "Checked yesterday by Alice"),
        (None, datetime(2026, 11, 18, 15, tzinfo=NY), "Never checked"),
    ],
)
def test_daily_check_in_words(checked, now, expected):
    assert clocks.check_sentence(status="waiting", last_checked_at=checked, checked_by="Alice", now=now, p=P) == expected


def test_closed_case_needs_no_check_sentence():
    now = datetime(2026, 11, 18, 15, tzinfo=NY)
    assert clocks.check_sentence(status="resolved", last_checked_at=None, checked_by="", now=now, p=P) == ""


def test_stale_case_names_the_last_word_from_amazon():
    started = datetime(2026, 11, 2, 9, tzinfo=NY)  # a Monday
    case = _case(started_at=started)
    assert clocks.follow_up_sentence(case, started + timedelta(days=6), P) == \
        "Stale: nothing from Amazon since Mon 2 Nov — consider escalating"
    assert clocks.follow_up_sentence(case, started + timedelta(days=4), P) == ""


def test_escalation_follow_up_due():
    escalated = datetime(2026, 11, 16, 10, tzinfo=NY)
    case = _case(status="escalated", escalated_at=escalated)
    assert clocks.follow_up_sentence(case, escalated + timedelta(hours=50), P) == \
        "Escalation follow-up due since Wed 10:00: follow up in the same thread"
    assert clocks.follow_up_sentence(case, escalated + timedelta(hours=2), P) == \
        "Follow up on the escalation Wed 10:00 if Amazon has not answered"
