"""clocks.due_soon_until lets a query agree with window_state: checked over a table of moments, incl. weekends and DST."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cases import clocks

NY = ZoneInfo("America/New_York")
P = clocks.ClockPolicy(tz=NY)

MOMENTS = [
    datetime(2024, 3, 6, 10, 0, tzinfo=NY),  # Wednesday morning
    datetime(2024, 3, 8, 16, 30, tzinfo=NY),  # Friday afternoon
    datetime(2024, 3, 9, 12, 0, tzinfo=NY),  # Saturday, the day before DST starts
    datetime(2024, 3, 10, 3, 30, tzinfo=NY),  # just after the spring-forward gap
    datetime(2024, 11, 3, 1, 30, tzinfo=NY),  # inside the autumn fold
    datetime(2024, 3, 11, 8, 59, tzinfo=NY),  # Monday, a minute before work
]


@pytest.mark.parametrize("now", MOMENTS)
def test_due_soon_until_agrees_with_window_state(now):
    limit = clocks.due_soon_until(now, P)
    for minutes in range(1, 72 * 60 + 24 * 60, 37):
        due = now + timedelta(minutes=minutes)
        state = clocks.window_state(due, now, P, started=now - timedelta(hours=1))
        assert (state is clocks.WindowState.DUE_SOON) == (due <= limit), (now, due, state, limit)


def test_next_working_start_after_skips_the_weekend():
    friday_evening = datetime(2024, 3, 8, 18, 0, tzinfo=NY)
    assert clocks.next_working_start_after(friday_evening, P) == datetime(2024, 3, 11, 9, 0, tzinfo=NY)
    monday_nine = datetime(2024, 3, 11, 9, 0, tzinfo=NY)
    assert clocks.next_working_start_after(monday_nine, P) == datetime(2024, 3, 12, 9, 0, tzinfo=NY)
