"""The personal ICS feed: valid RFC 5545 (parsed with the icalendar library), stable UIDs, alarms, secret URL."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cases import clocks
from cases.models import CalendarToken, Status
from cases.services_supervisor import calendar_token_regenerate, calendar_token_revoke
from tests.factories import CaseFactory


@pytest.fixture
def token(member):
    return calendar_token_regenerate(user=member)


def _feed(client, token):
    return client.get(reverse("calendar_feed", args=[token.token]))


def _events(response):
    cal = Calendar.from_ical(response.content)
    return cal, [c for c in cal.walk("VEVENT")]


def test_feed_holds_response_deadlines_and_follow_ups_with_alarms(client, member, other_member, brand, token):
    now = timezone.now()
    replied = now - timedelta(hours=10)
    due_case = CaseFactory(owner=member, brand=brand, status=Status.ACTION_NEEDED, amazon_replied_at=replied,
                           issue="Wrong image; the old one, again\nsee notes")
    escalated = CaseFactory(owner=member, brand=brand, status=Status.ESCALATED, escalated_at=now - timedelta(hours=3))
    CaseFactory(owner=member, brand=brand)  # waiting on Amazon: no deadline of ours
    CaseFactory(owner=other_member, brand=brand, status=Status.ACTION_NEEDED, amazon_replied_at=replied)  # not mine
    CaseFactory(owner=member, brand=brand, status=Status.RESOLVED, resolved_at=now)

    response = _feed(client, token)  # no login: calendar apps cannot log in
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal, events = _events(response)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    uids = {str(e["UID"]) for e in events}
    assert uids == {f"casedesk-case-{due_case.pk}-response@127.0.0.1", f"casedesk-case-{escalated.pk}-follow-up@127.0.0.1"}
    by_uid = {str(e["UID"]): e for e in events}
    response_event = by_uid[f"casedesk-case-{due_case.pk}-response@127.0.0.1"]
    due = replied + timedelta(hours=72)
    # iCalendar times have whole seconds.
    assert response_event.decoded("DTEND") == due.replace(microsecond=0)
    assert "DTSTAMP" in response_event and "SEQUENCE" in response_event
    assert str(response_event["DESCRIPTION"]).startswith("Wrong image; the old one, again\nsee notes")
    alarm = response_event.walk("VALARM")[0]
    assert str(alarm["ACTION"]) == "DISPLAY"
    # The alarm rings when the case turns "due soon" on the board.
    warn = clocks.warn_at(due, clocks.policy(), started=replied)
    assert abs(response_event.decoded("DTSTART") + alarm.decoded("TRIGGER") - warn) < timedelta(seconds=1)
    follow = by_uid[f"casedesk-case-{escalated.pk}-follow-up@127.0.0.1"]
    assert follow.decoded("DTSTART") == (escalated.escalated_at + timedelta(hours=48)).replace(microsecond=0)
    assert follow.walk("VALARM")


def test_special_characters_are_escaped_per_rfc_5545(client, member, brand, token):
    CaseFactory(owner=member, brand=brand, status=Status.ACTION_NEEDED, amazon_replied_at=timezone.now(),
                issue="Commas, semicolons; and a backslash \\ here")
    raw = _feed(client, token).content.decode()
    assert "Commas\\, semicolons\\; and a backslash \\\\ here" in raw
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))


def test_uid_is_stable_across_fetches_and_the_sequence_follows_the_case(client, member, brand, token):
    case = CaseFactory(owner=member, brand=brand, status=Status.ACTION_NEEDED, amazon_replied_at=timezone.now())
    _, first = _events(_feed(client, token))
    case.version = 5
    case.save()
    _, second = _events(_feed(client, token))
    assert first[0]["UID"] == second[0]["UID"]
    assert int(second[0]["SEQUENCE"]) == 5


def test_unknown_or_revoked_token_is_404(client, member, token):
    assert client.get(reverse("calendar_feed", args=["not-a-token"])).status_code == 404
    old = token.token
    calendar_token_revoke(user=member)
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404


def test_regenerating_replaces_the_old_url(client, member, token):
    old = token.token
    new = calendar_token_regenerate(user=member)
    assert new.token != old and len(new.token) >= 40
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert _feed(client, new).status_code == 200
    assert CalendarToken.objects.filter(user=member).count() == 1


def test_deactivated_person_has_no_feed(client, member, token):
    member.is_active = False
    member.save()
    assert _feed(client, token).status_code == 404


def test_feed_is_get_only(client, token):
    assert client.post(reverse("calendar_feed", args=[token.token])).status_code == 405


def test_feed_query_count_does_not_grow(client, member, brand, token, django_assert_max_num_queries):
    for _ in range(20):
        CaseFactory(owner=member, brand=brand, status=Status.ACTION_NEEDED, amazon_replied_at=timezone.now())
    with django_assert_max_num_queries(3):
        assert _feed(client, token).status_code == 200
