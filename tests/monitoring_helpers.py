"""Helpers for the monitoring tests: team-time datetimes and cases in each clock state."""

from datetime import datetime
from zoneinfo import ZoneInfo

from cases.models import Alert, Status
from tests.factories import CaseFactory

NY = ZoneInfo("America/New_York")


def ny(*args) -> datetime:
    """A wall-clock time in the team's time zone (the default, America/New_York)."""
    return datetime(*args, tzinfo=NY)


def waiting_for_us(*, replied: datetime, owner=None, **kwargs):
    """Amazon replied at `replied` and waits for our answer: the response window runs."""
    kwargs.setdefault("started_at", replied.replace(day=1) if replied.day > 1 else replied)
    kwargs.setdefault("last_checked_at", replied)
    kwargs.setdefault("status", Status.ACTION_NEEDED)
    return CaseFactory(amazon_replied_at=replied, owner=owner, **kwargs)


def alerts_of(kind: str):
    return list(Alert.objects.filter(kind=kind).order_by("case_id"))
