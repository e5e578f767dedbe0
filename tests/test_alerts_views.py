"""/alerts/: the list, mark one read, mark all read."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Alert, AlertKind
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def make_alert(case, kind=AlertKind.OVERDUE, recipient="owner"):
    now = timezone.now()
    return Alert.objects.create(case=case, kind=kind, window=f"{kind}-{case.pk}", window_at=now,
                                recipient=case.owner if recipient == "owner" else recipient, notify_after=now)


@pytest.fixture
def own_alert(member, brand):
    return make_alert(CaseFactory(owner=member, brand=brand))


@pytest.fixture
def others_alert(other_member):
    return make_alert(CaseFactory(owner=other_member))


def test_alert_list_shows_own_and_team_alerts_not_others(member_client, own_alert, others_alert):
    team_alert = make_alert(CaseFactory(owner=None), recipient=None)
    response = member_client.get(reverse("alerts"))
    assert response.status_code == 200
    body = response.content.decode()
    assert own_alert.case.case_id in body
    assert team_alert.case.case_id in body
    assert others_alert.case.case_id not in body
    assert "Northwind" in body


def test_top_bar_badge_counts_unread_alerts(member_client, member, own_alert):
    make_alert(CaseFactory(owner=member), recipient=None)
    response = member_client.get(reverse("board"))
    assert '<span id="unread-alerts" class="badge-count" title="2 unread">2' in response.content.decode()


def test_badge_costs_one_query(rf, member, own_alert, django_assert_num_queries):
    from cases.context_processors import MonitorStatus

    status = MonitorStatus(member)
    with django_assert_num_queries(1):
        assert status.unread_alerts == 1
        assert status.scan_late is False


def test_anonymous_user_is_sent_to_log_in(client, db):
    response = client.get(reverse("alerts"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_cannot_mark_read(client, own_alert):
    response = client.post(reverse("alert_read", args=[own_alert.pk]))
    assert response.status_code == 302
    own_alert.refresh_from_db()
    assert own_alert.read_at is None


def test_wrong_methods_are_refused(member_client, own_alert):
    assert member_client.post(reverse("alerts")).status_code == 405
    assert member_client.get(reverse("alert_read", args=[own_alert.pk])).status_code == 405
    assert member_client.get(reverse("alerts_read_all")).status_code == 405


def test_mark_read_with_a_plain_form(member_client, own_alert):
    response = member_client.post(reverse("alert_read", args=[own_alert.pk]))
    assert response.status_code == 302
    own_alert.refresh_from_db()
    assert own_alert.read_at is not None


def test_mark_read_with_htmx_returns_the_row_and_the_new_badge(member_client, own_alert):
    response = member_client.post(reverse("alert_read", args=[own_alert.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="alert-{own_alert.pk}"' in body and "alert-item read" in body
    assert 'id="unread-alerts" hx-swap-oob="outerHTML"' in body


def test_someone_elses_alert_cannot_be_marked_read(member_client, others_alert):
    response = member_client.post(reverse("alert_read", args=[others_alert.pk]))
    assert response.status_code == 404
    others_alert.refresh_from_db()
    assert others_alert.read_at is None


def test_unknown_alert_is_404(member_client, db):
    assert member_client.post(reverse("alert_read", args=[999999])).status_code == 404


def test_mark_all_read_touches_only_own_and_team_alerts(member_client, own_alert, others_alert):
    team_alert = make_alert(CaseFactory(owner=None), recipient=None)
    response = member_client.post(reverse("alerts_read_all"), follow=True)
    assert "2 alerts marked read." in response.content.decode()
    own_alert.refresh_from_db()
    team_alert.refresh_from_db()
    others_alert.refresh_from_db()
    assert own_alert.read_at and team_alert.read_at
    assert others_alert.read_at is None


def test_alert_list_query_count_does_not_grow(member_client, member, django_assert_max_num_queries):
    for _ in range(3):
        make_alert(CaseFactory(owner=member))
    with django_assert_max_num_queries(8) as small:
        member_client.get(reverse("alerts"))
    for _ in range(12):
        make_alert(CaseFactory(owner=member))
    with django_assert_max_num_queries(len(small.captured_queries)):
        member_client.get(reverse("alerts"))
