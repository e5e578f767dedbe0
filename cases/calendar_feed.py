"""A person's deadlines as an iCalendar (RFC 5545) feed that Google Calendar and Outlook subscribe to.

Every response deadline and escalation follow-up of the person's open cases is an event with an
alarm. UIDs are stable per case and kind, so a moved deadline updates the same event (SEQUENCE is
the case's version); times are in UTC, which every client reads without a VTIMEZONE.
"""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Alarm, Calendar, Event

from cases import clocks
from cases.models import OPEN_STATUSES, Case

BLOCK = timedelta(minutes=30)
FOLLOW_UP_ALARM = timedelta(minutes=15)


def feed_cases(user):
    return (
        Case.objects.filter(owner=user, status__in=OPEN_STATUSES)
        .exclude(response_due_at__isnull=True, follow_up_due_at__isnull=True)
        .select_related("brand")
        .order_by("pk")
    )


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "casedesk"


def _event(case: Case, *, kind: str, summary: str, start: datetime, end: datetime, alarm_before: timedelta,
           now: datetime) -> Event:
    url = f"{settings.SITE_URL}{case.get_absolute_url()}"
    event = Event()
    event.add("uid", f"casedesk-case-{case.pk}-{kind}@{_host()}")
    event.add("dtstamp", now)
    event.add("last-modified", case.updated_at)
    event.add("sequence", case.version)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("description", f"{case.issue}\n\nCase ID {case.case_id} · {case.get_channel_display()} · {case.brand}\n{url}")
    event.add("url", url)
    event.add("categories", ["casedesk"])
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -alarm_before)
    event.add_component(alarm)
    return event


def build_feed(user, *, now: datetime) -> bytes:
    p = clocks.policy()
    cal = Calendar()
    cal.add("prodid", "-//casedesk//Amazon case deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"casedesk: {user.get_full_name() or user.username}")
    cal.add("x-published-ttl", "PT1H")
    for case in feed_cases(user):
        label = f"{case.get_channel_display()} case {case.case_id} · {case.brand}"
        if case.response_due_at:
            due = case.response_due_at
            # The alarm rings when the badge turns "due soon" (clocks.warn_at), counted from the event's start.
            warn = clocks.warn_at(due, p, started=case.amazon_replied_at)
            cal.add_component(_event(
                case, kind="response", summary=f"Reply to Amazon due: {label}", start=due - BLOCK, end=due,
                alarm_before=max(due - BLOCK - warn, timedelta(0)), now=now,
            ))
        if case.follow_up_due_at:
            due = case.follow_up_due_at
            cal.add_component(_event(
                case, kind="follow-up", summary=f"Follow up the escalation: {label}", start=due, end=due + BLOCK,
                alarm_before=FOLLOW_UP_ALARM, now=now,
            ))
    return cal.to_ical()
