"""Logins: failures throttled and logged, every attempt recorded, supervisors see the record."""

import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse

from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


@pytest.fixture
def alice(member):
    member.set_password(PASSWORD)
    member.save()
    return member


def test_successful_login_is_recorded(client, alice):
    response = _log_in(client, "alice", PASSWORD)
    assert response.status_code == 302
    entry = AccessLog.objects.get()
    assert entry.username == "alice" and entry.ip_address == "10.0.0.7"


def test_failed_login_is_recorded_and_logged(client, alice, caplog):
    with caplog.at_level(logging.WARNING):
        response = _log_in(client, "alice", "wrong password")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
    failure = AccessFailureLog.objects.get()
    assert failure.username == "alice" and failure.ip_address == "10.0.0.7"
    assert "alice" in caplog.text and "login failure" in caplog.text.lower()


def test_fifth_failure_locks_the_account_from_that_address_even_with_the_right_password(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, "alice", "wrong password")
    response = _log_in(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="alice").failures_since_start >= settings.AXES_FAILURE_LIMIT


def test_lockout_is_per_user_name_and_address(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, "alice", "wrong password")
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="10.0.0.8")
    assert response.status_code == 302


def test_success_resets_the_failure_count(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _log_in(client, "alice", "wrong password")
    assert _log_in(client, "alice", PASSWORD).status_code == 302
    client.logout()
    _log_in(client, "alice", "wrong password")
    assert _log_in(client, "alice", PASSWORD).status_code == 302


@pytest.mark.parametrize("url, then_succeed", [("/admin/axes/accessattempt/", False),
                                                ("/admin/axes/accesslog/", True),
                                                ("/admin/axes/accessfailurelog/", True)])
def test_supervisor_sees_login_attempts_in_the_admin(client, alice, supervisor, url, then_succeed):
    _log_in(client, "alice", "wrong password")
    if then_succeed:
        _log_in(client, "alice", PASSWORD)  # a success clears the pending attempts, not the logs
    client.logout()
    client.force_login(supervisor)
    response = client.get(url)
    assert response.status_code == 200
    assert "10.0.0.7" in response.text


def test_team_member_cannot_see_login_attempts(member_client):
    assert member_client.get("/admin/axes/accesslog/").status_code == 403
