"""The reports' escalation table: how many, how they ended, time to resolution after escalating."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import selectors_reports as reports
from cases import services
from cases.escalation import ACCOUNT_HEALTH_EMAIL, THREAD
from cases.models import Status
from tests.factories import CaseFactory
from tests.supervisor_data import seed_cases

pytestmark = pytest.mark.django_db


def _escalated(brand, owner, *, route, days_ago, status=Status.ESCALATED, resolved_after=None, level=1):
    now = timezone.now()
    escalated_at = now - timedelta(days=days_ago)
    return CaseFactory(
        brand=brand, owner=owner, status=status, started_at=escalated_at - timedelta(days=6), escalated_at=escalated_at,
        escalation_route=route, escalation_level=level,
        resolved_at=escalated_at + resolved_after if resolved_after is not None else None,
    )


@pytest.fixture
def escalated_cases(brand, member):
    day = timedelta(days=1)
    return [
        _escalated(brand, member, route=THREAD, days_ago=10, status=Status.RESOLVED, resolved_after=2 * day),
        _escalated(brand, member, route=THREAD, days_ago=9, status=Status.RESOLVED, resolved_after=4 * day),
        _escalated(brand, member, route=THREAD, days_ago=8, status=Status.RESOLVED, resolved_after=9 * day),
        _escalated(brand, member, route=THREAD, days_ago=3),
        _escalated(brand, member, route=ACCOUNT_HEALTH_EMAIL, days_ago=5, level=2),
        _escalated(brand, member, route=ACCOUNT_HEALTH_EMAIL, days_ago=4, status=Status.CLOSED),
        # Before the period: not counted.
        _escalated(brand, member, route=THREAD, days_ago=200, status=Status.RESOLVED, resolved_after=day),
    ]


def test_escalations_per_route_with_outcome_and_median_time_to_resolution(escalated_cases):
    found = reports.escalations(reports.default_range())
    by_route = {row["escalation_route"]: row for row in found["rows"]}
    thread, health = by_route[THREAD], by_route[ACCOUNT_HEALTH_EMAIL]
    assert (thread["escalated"], thread["resolved"], thread["still_open"], thread["closed"]) == (4, 3, 1, 0)
    assert (health["escalated"], health["resolved"], health["still_open"], health["closed"], health["repeated"]) == \
        (2, 0, 1, 1, 1)
    assert thread["median"] == timedelta(days=4)
    assert health["median"] is None
    assert found["median"] == timedelta(days=4)


def test_escalation_requests_count_every_escalation_event(member, brand):
    case = CaseFactory(owner=member, brand=brand)
    for route in (THREAD, ACCOUNT_HEALTH_EMAIL):
        case = services.case_escalate(case=case, actor=member, route=route, subject="s", message="m", outcome="o")
    found = reports.escalations(reports.default_range())
    assert found["requests"] == 2
    assert [(row["escalation_route"], row["escalated"], row["repeated"]) for row in found["rows"]] == \
        [(ACCOUNT_HEALTH_EMAIL, 1, 1)]


def test_reports_page_shows_the_escalation_table(supervisor_client, escalated_cases):
    body = supervisor_client.get(reverse("reports")).content.decode()
    assert "Escalations and how they ended" in body
    assert "Median days to resolution after escalating" in body
    assert '6</span><span class="kpi-l">cases escalated (0 requests), resolved a median 4.0 d after' in body


def test_escalation_csv(supervisor_client, escalated_cases):
    response = supervisor_client.get(reverse("report_csv", args=["escalations"]))
    text = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "In the case thread,4,3,1,0,0,4.0" in text


@pytest.mark.parametrize("size", [200, 2000])
def test_escalation_table_costs_the_same_queries_at_any_size(member, other_member, size):
    seed_cases(size, now=timezone.now(), owners=[member, other_member, None])
    with CaptureQueriesContext(connection) as queries:
        reports.escalations(reports.default_range())
    assert len(queries) == 4
