"""The supervisors' case list: clock state, bounded filters, search, bulk actions through the services."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseEvent, CaseProduct, EventKind, Status
from cases.permissions import SUPERVISOR_GROUP, TEAM_GROUP
from tests.factories import BrandFactory, CaseEventFactory, CaseFactory, UserFactory
from tests.supervisor_data import seed_cases

CHANGELIST = reverse("admin:cases_case_changelist")


def _action(client, action, cases, **extra):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [c.pk for c in cases], "index": 0, **extra})


def test_case_list_shows_the_clock_state(supervisor_client, member, brand):
    now = timezone.now()
    overdue = CaseFactory(owner=member, brand=brand, status=Status.ACTION_NEEDED, amazon_replied_at=now - timedelta(hours=80))
    response = supervisor_client.get(CHANGELIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert overdue.case_id in html
    assert "cd-clock-overdue" in html and "overdue by 8 h" in html


@pytest.mark.parametrize("state,expected", [("overdue", "overdue"), ("due_soon", "soon"), ("window", "running"),
                                            ("needs_check", "unchecked"), ("stale", "stale"), ("follow_up", "follow")])
def test_clock_filter_agrees_with_the_clock(supervisor_client, member, brand, state, expected):
    now = timezone.now()
    made = {
        "overdue": CaseFactory(owner=member, brand=brand, status=Status.ACTION_NEEDED,
                               amazon_replied_at=now - timedelta(hours=80)),
        "soon": CaseFactory(owner=member, brand=brand, status=Status.ACTION_NEEDED,
                            amazon_replied_at=now - timedelta(hours=71)),
        "running": CaseFactory(owner=member, brand=brand, status=Status.ACTION_NEEDED,
                               amazon_replied_at=now - timedelta(minutes=5), last_checked_at=now),
        "unchecked": CaseFactory(owner=member, brand=brand, last_checked_at=now - timedelta(days=4),
                                 started_at=now - timedelta(days=1)),
        "stale": CaseFactory(owner=member, brand=brand, started_at=now - timedelta(days=9)),
        "follow": CaseFactory(owner=member, brand=brand, status=Status.ESCALATED, escalated_at=now - timedelta(hours=50)),
    }
    response = supervisor_client.get(CHANGELIST, {"clock": state})
    shown = {c.pk for c in response.context["cl"].result_list}
    assert made[expected].pk in shown
    for case in shown:
        clock = Case.objects.get(pk=case).clock(now)
        assert {
            "overdue": clock.window.value == "overdue", "due_soon": clock.window.value == "due_soon",
            "window": clock.window.value == "ok", "needs_check": clock.needs_check, "stale": clock.stale,
            "follow_up": clock.follow_up_due,
        }[state]


def test_brand_and_owner_filters_stay_bounded(supervisor_client, member):
    for i in range(40):
        BrandFactory(name=f"Brand {i:02d}")
    response = supervisor_client.get(CHANGELIST)
    specs = {spec.title: spec for spec in response.context["cl"].filter_specs}
    assert len(specs["brand"].lookup_choices) == 25
    # A brand beyond the first 25 can still be filtered on (it is added to the list when chosen).
    late = BrandFactory(name="Zeta")
    CaseFactory(brand=late, owner=member)
    response = supervisor_client.get(CHANGELIST, {"brand__id__exact": late.pk})
    assert [c.brand_id for c in response.context["cl"].result_list] == [late.pk]


def test_search_finds_a_pasted_case_id_an_asin_and_a_subject(supervisor_client, member, brand):
    case = CaseFactory(owner=member, brand=brand, case_id="15728394061", asin="B07XJ8C8F5", subject="Blurry swatch")
    CaseFactory(owner=member, brand=brand)
    CaseProduct.objects.create(case=case, kind="upc", value="012345678905")
    for term in ("Case ID: 1572 8394 061", "B07XJ8C8F5", "b07xj8c8f5", "012345678905", "blurry"):
        response = supervisor_client.get(CHANGELIST, {"q": term})
        assert [c.pk for c in response.context["cl"].result_list] == [case.pk], term


def test_reassign_asks_for_the_owner_then_reassigns_through_the_service(supervisor_client, supervisor, member,
                                                                        other_member, brand):
    cases = [CaseFactory(owner=member, brand=brand) for _ in range(3)]
    page = _action(supervisor_client, "reassign_cases", cases)
    assert page.status_code == 200
    assert "Reassign 3 cases" in page.content.decode()
    assert Case.objects.filter(owner=other_member).count() == 0
    done = _action(supervisor_client, "reassign_cases", cases, apply="1", owner=other_member.pk, text="Holiday cover")
    assert done.status_code == 302
    assert Case.objects.filter(owner=other_member).count() == 3
    events = CaseEvent.objects.filter(kind=EventKind.REASSIGNED)
    assert events.count() == 3
    assert {e.actor_id for e in events} == {supervisor.pk}
    assert {e.text for e in events} == {"Holiday cover"}


def test_reassign_with_an_unknown_person_changes_nothing(supervisor_client, member, brand):
    cases = [CaseFactory(owner=member, brand=brand)]
    page = _action(supervisor_client, "reassign_cases", cases, apply="1", owner=999999)
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()
    assert Case.objects.get().owner == member
    assert not CaseEvent.objects.filter(kind=EventKind.REASSIGNED).exists()


def test_resolve_action_resolves_open_cases_and_names_the_ones_it_cannot(supervisor_client, member, brand):
    open_case = CaseFactory(owner=member, brand=brand)
    closed = CaseFactory(owner=member, brand=brand, status=Status.CLOSED)
    response = _action(supervisor_client, "resolve_cases", [open_case, closed])
    assert response.status_code == 302
    open_case.refresh_from_db()
    closed.refresh_from_db()
    assert open_case.status == Status.RESOLVED and open_case.resolved_at
    assert closed.status == Status.CLOSED
    assert CaseEvent.objects.filter(kind=EventKind.RESOLVED, case=open_case).count() == 1
    shown = [str(m) for m in supervisor_client.get(CHANGELIST).context["messages"]]
    assert any(closed.case_id in m for m in shown)


def test_archive_action_takes_finished_cases_only(supervisor_client, member, brand):
    done = CaseFactory(owner=member, brand=brand, status=Status.RESOLVED, resolved_at=timezone.now())
    still_open = CaseFactory(owner=member, brand=brand)
    _action(supervisor_client, "archive_cases", [done, still_open])
    done.refresh_from_db()
    still_open.refresh_from_db()
    assert done.archived_at and not still_open.archived_at
    assert CaseEvent.objects.filter(kind=EventKind.ARCHIVED).count() == 1
    response = supervisor_client.get(CHANGELIST, {"archived": "yes"})
    assert [c.pk for c in response.context["cl"].result_list] == [done.pk]


def test_export_action_writes_the_importers_columns(supervisor_client, member, brand):
    case = CaseFactory(owner=member, brand=brand)
    response = _action(supervisor_client, "export_cases_csv", [case])
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[0]["Name"] == case.case_id and rows[0]["Brand"] == brand.name


def test_events_are_never_editable_or_deletable_in_the_admin(supervisor_client, case):
    event = CaseEventFactory(case=case, text="Original")
    change = reverse("admin:cases_caseevent_change", args=[event.pk])
    assert supervisor_client.post(change, {"text": "Rewritten", "kind": "note", "at_0": "2024-01-01", "at_1": "10:00"}).status_code == 403
    assert supervisor_client.post(reverse("admin:cases_caseevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert supervisor_client.get(reverse("admin:cases_caseevent_add")).status_code == 403
    response = supervisor_client.post(reverse("admin:cases_caseevent_changelist"),
                                      {"action": "delete_selected", "_selected_action": [event.pk], "index": 0})
    event.refresh_from_db()
    assert event.text == "Original"
    assert response.status_code in (200, 302)
    # The case page in the admin shows the timeline read-only: no form fields for events.
    page = supervisor_client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert page.status_code == 200
    assert "Original" in page.content.decode()
    assert 'name="events-0-text"' not in page.content.decode()
    assert supervisor_client.post(reverse("admin:cases_case_change", args=[case.pk]), {}).status_code == 403
    assert supervisor_client.post(reverse("admin:cases_case_delete", args=[case.pk]), {"post": "yes"}).status_code == 403


def test_supervisor_adds_a_team_member_and_promotes_them(supervisor_client):
    add = supervisor_client.post(reverse("admin:auth_user_add"), {
        "username": "carol", "password1": "a-long-enough-secret", "password2": "a-long-enough-secret",
        "usable_password": "true",
    })
    assert add.status_code == 302, add.content.decode()[:2000]
    from django.contrib.auth import get_user_model

    carol = get_user_model().objects.get(username="carol")
    supervisor_group = Group.objects.get(name=SUPERVISOR_GROUP)
    change = reverse("admin:auth_user_change", args=[carol.pk])
    page = supervisor_client.get(change)
    assert "is_superuser" not in page.content.decode()
    response = supervisor_client.post(change, {
        "username": "carol", "first_name": "Carol", "last_name": "Cole", "email": "carol@example.com",
        "is_active": "on", "groups": [supervisor_group.pk, Group.objects.get(name=TEAM_GROUP).pk],
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    carol.refresh_from_db()
    assert carol.is_staff and carol.groups.filter(name=SUPERVISOR_GROUP).exists()
    assert not carol.is_superuser


def test_supervisor_cannot_change_an_administrator(supervisor_client):
    admin_user = UserFactory(username="root")
    admin_user.is_superuser = True
    admin_user.save()
    assert supervisor_client.post(reverse("admin:auth_user_change", args=[admin_user.pk]), {"username": "x"}).status_code == 403


def _changelist_queries(client, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(CHANGELIST, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.slow
def test_case_list_runs_the_same_queries_at_1k_and_10k_cases(supervisor_client, member, other_member):
    """1,000 then 10,000 cases (bulk_create); bench/admin_changelist.py measures 100,000."""
    now = timezone.now()
    seed_cases(1000, now=now, owners=[member, other_member, None])
    small = [_changelist_queries(supervisor_client, p) for p in ({}, {"clock": "overdue"}, {"status": "waiting"})]
    seed_cases(9000, now=now, owners=[member, other_member, None], start_number=17_000_000_000, seed=8)
    assert Case.objects.count() == 10_000
    large = [_changelist_queries(supervisor_client, p) for p in ({}, {"clock": "overdue"}, {"status": "waiting"})]
    assert small == large
    assert max(large) <= 14
