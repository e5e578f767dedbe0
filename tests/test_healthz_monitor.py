"""/healthz reports the broker and the scan; a late scan is non-200 and supervisors see a banner."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import MonitorHeartbeat
from cases.views import health

pytestmark = pytest.mark.django_db


def set_last_scan(minutes_ago):
    MonitorHeartbeat.objects.update_or_create(
        name="scan", defaults={"finished_at": timezone.now() - timedelta(minutes=minutes_ago)}
    )


def test_healthz_reports_broker_and_last_scan(client):
    set_last_scan(2)
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["checks"]["broker"] == "ok"
    assert data["checks"]["scan"] == "ok"
    assert data["scan"]["last_finished"] is not None


def test_scan_late_for_three_intervals_is_not_healthy(client, settings):
    settings.CASEDESK_SCAN_INTERVAL_MINUTES = 5
    set_last_scan(16)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["scan"].startswith("error")


def test_scan_that_never_ran_is_late_three_intervals_after_install(client):
    MonitorHeartbeat.objects.update_or_create(name="scan", defaults={"finished_at": None})
    MonitorHeartbeat.objects.filter(name="scan").update(created_at=timezone.now() - timedelta(hours=1))
    assert client.get("/healthz").status_code == 503


def test_unreachable_broker_is_not_healthy(client, settings):
    from casedesk.celery import app

    set_last_scan(1)
    old = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = old
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error")


def test_supervisor_sees_banner_when_scan_is_late(supervisor_client):
    set_last_scan(60)
    body = supervisor_client.get(reverse("board")).content.decode()
    assert "The response-window scan has not run since" in body


def test_team_member_sees_no_banner(member_client):
    set_last_scan(60)
    assert "response-window scan has not run" not in member_client.get(reverse("board")).content.decode()


def test_no_banner_when_scan_is_recent(supervisor_client):
    set_last_scan(1)
    assert "response-window scan has not run" not in supervisor_client.get(reverse("board")).content.decode()


def test_broker_check_names_the_failure():
    assert health.broker_check() == "ok"
