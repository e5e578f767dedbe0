"""manage.py seed_demo and cases.demo: believable, idempotent demo data; no published login in production."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse

from cases import clocks
from cases.demo import DEMO_MEMBER, DEMO_PASSWORD, DEMO_SUPERVISOR, seed_demo
from cases.models import Alert, Brand, Case, CaseEvent, CaseProduct, Channel, Status
from cases.permissions import is_supervisor
from cases.services import CLOCK_COLUMNS, _refresh_clock_columns

NY = ZoneInfo("America/New_York")
WEDNESDAY_NOON = datetime(2026, 11, 18, 12, 30, tzinfo=NY)


def _seed(n, **kwargs):
    out = StringIO()
    call_command("seed_demo", cases=n, stdout=out, **kwargs)
    return out.getvalue()


def _counts():
    return (Case.objects.count(), CaseEvent.objects.count(), CaseProduct.objects.count(), Brand.objects.count(),
            get_user_model().objects.count(), Alert.objects.count())


@pytest.mark.django_db
def test_demo_covers_every_status_clock_state_and_channel():
    seed_demo(cases=40, logins=False, now=WEDNESDAY_NOON)
    cases = list(Case.objects.all())
    assert len(cases) == 40
    assert {c.status for c in cases} == set(Status.values)
    assert {c.channel for c in cases} == set(Channel.values)
    p = clocks.policy()
    states = [clocks.case_clock(c, WEDNESDAY_NOON, p) for c in cases]
    assert {s.window for s in states} == set(clocks.WindowState)
    assert any(s.needs_check for s in states)
    assert any(s.stale for s in states)
    assert any(s.follow_up_due for s in states)
    assert any(c.owner_id is None for c in cases)
    reopened = [c for c in cases if c.reopened_from_id]
    assert reopened and all(c.reopened_from.status == Status.CLOSED for c in reopened)
    kinds = set(Alert.objects.values_list("kind", flat=True))
    assert {"overdue", "due_soon", "stale", "check_missed", "follow_up_due"} <= kinds


@pytest.mark.django_db
def test_demo_timelines_are_consistent_with_their_cases():
    seed_demo(cases=60, logins=False, now=WEDNESDAY_NOON)
    p = clocks.policy()
    for case in Case.objects.annotate(n=Count("events")).prefetch_related("events", "products"):
        events = sorted(case.events.all(), key=lambda e: e.version)
        assert case.version == case.n == len(events)
        assert [e.version for e in events] == list(range(1, case.n + 1))
        assert events[0].kind == "opened" and events[0].at == case.started_at
        assert all(case.started_at <= e.at <= WEDNESDAY_NOON for e in events)
        assert [e.at for e in events] == sorted(e.at for e in events)
        assert case.products.exists()
        # The stored clock columns are what the services would have stored.
        stored = {c: getattr(case, c) for c in CLOCK_COLUMNS}
        _refresh_clock_columns(case, p)
        assert stored == {c: getattr(case, c) for c in CLOCK_COLUMNS}
        # Every identifier passes the validators people's input goes through.
        case.full_clean(validate_constraints=False)


@pytest.mark.django_db
def test_a_second_run_adds_nothing(settings):
    settings.DEBUG = True
    _seed(30)
    before = _counts()
    out = _seed(30)
    assert _counts() == before
    assert "0 case(s) added (30 were there already)" in out


@pytest.mark.django_db
def test_a_larger_run_tops_the_desk_up_without_touching_the_first_cases(settings):
    settings.DEBUG = True
    _seed(20)
    first = dict(Case.objects.values_list("case_id", "version"))
    _seed(35)
    assert Case.objects.count() == 35
    assert {k: v for k, v in Case.objects.values_list("case_id", "version") if k in first} == first


@pytest.mark.django_db
def test_demo_logins_are_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        _seed(5)
    assert _counts()[0] == 0
    assert not get_user_model().objects.filter(username__in=[DEMO_MEMBER, DEMO_SUPERVISOR]).exists()


@pytest.mark.django_db
def test_without_logins_nobody_can_sign_in(settings):
    settings.DEBUG = False
    out = _seed(10, without_logins=True)
    assert Case.objects.count() == 10
    people = get_user_model().objects.all()
    assert people.exists() and not any(u.has_usable_password() for u in people)
    assert "password" not in out


@pytest.mark.django_db
def test_demo_logins_when_explicitly_allowed_with_debug_off(settings):
    settings.DEBUG = False
    out = _seed(5, allow_demo_logins=True)
    supervisor = get_user_model().objects.get(username=DEMO_SUPERVISOR)
    assert supervisor.check_password(DEMO_PASSWORD) and is_supervisor(supervisor)
    assert f"user {DEMO_MEMBER}" in out and DEMO_PASSWORD in out


@pytest.mark.django_db
def test_a_run_with_logins_after_one_without_gives_the_demo_accounts_their_password(settings):
    settings.DEBUG = True
    _seed(3, without_logins=True)
    _seed(3)
    assert get_user_model().objects.get(username=DEMO_MEMBER).check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_the_demo_member_logs_in_and_sees_the_demo_cases(client, settings):
    settings.DEBUG = True
    _seed(25)
    response = client.post(reverse("login"), {"username": DEMO_MEMBER, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    board = client.get(reverse("board"))
    assert board.status_code == 200
    open_case = Case.objects.filter(status=Status.WAITING).order_by("-last_checked_at").first()
    assert open_case.case_id in board.content.decode()


@pytest.mark.django_db
def test_demo_cases_default_comes_from_the_environment(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_CASES", "7")
    call_command("seed_demo", stdout=StringIO())
    assert Case.objects.count() == 7


@pytest.mark.django_db
def test_a_malformed_demo_cases_is_refused_by_name(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_CASES", "lots")
    with pytest.raises(CommandError, match="DEMO_CASES"):
        call_command("seed_demo", stdout=StringIO())
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_only_the_demo_members_alerts_wait_to_be_emailed(settings):
    settings.DEBUG = True
    _seed(60)
    waiting = Alert.objects.filter(notified_at__isnull=True)
    assert waiting.exists()
    assert set(waiting.values_list("recipient__username", flat=True)) == {DEMO_MEMBER}
