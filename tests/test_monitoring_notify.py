"""Alert e-mails: who gets them, when, what they say, and that each goes out once."""

from datetime import timedelta

import pytest
from django.db import connection

from cases import monitoring
from cases.models import Alert, AlertKind, Case
from tests.factories import CaseFactory, UserFactory
from tests.monitoring_helpers import ny, waiting_for_us

pytestmark = pytest.mark.django_db


def test_overdue_e_mail_names_case_brand_time_left_and_links_it(member, brand, mailoutbox, settings):
    settings.SITE_URL = "https://casedesk.example.com"
    case = waiting_for_us(replied=ny(2026, 11, 16, 10, 0), owner=member, brand=brand)
    monitoring.scan(now=ny(2026, 11, 19, 13, 0))
    [mail] = [m for m in mailoutbox if "Overdue" in m.subject]
    assert mail.to == [member.email]
    assert case.case_id in mail.subject and "Northwind" in mail.subject
    assert "overdue by 3 h" in mail.body
    assert f"https://casedesk.example.com/cases/{case.pk}/" in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="https://casedesk.example.com/cases/{case.pk}/"' in html
    assert "Northwind" in html


def test_case_without_owner_e_mails_the_whole_active_team(member, other_member, supervisor, outsider, mailoutbox):
    UserFactory(username="gone", is_active=False)
    waiting_for_us(replied=ny(2026, 11, 16, 10, 0), owner=None)
    monitoring.scan(now=ny(2026, 11, 19, 13, 0))
    overdue = [m for m in mailoutbox if "Overdue" in m.subject]
    assert sorted(m.to[0] for m in overdue) == sorted([member.email, other_member.email, supervisor.email])
    assert "Nobody owns this case" in overdue[0].body
    assert Alert.objects.get(kind=AlertKind.OVERDUE).recipient is None


def test_due_soon_found_at_the_weekend_waits_for_monday_morning(member, mailoutbox):
    waiting_for_us(replied=ny(2026, 11, 20, 15, 0), owner=member, last_checked_at=ny(2026, 11, 23, 8, 0))
    monitoring.scan(now=ny(2026, 11, 22, 16, 0))
    assert mailoutbox == []
    monitoring.scan(now=ny(2026, 11, 23, 8, 55))
    assert mailoutbox == []
    monitoring.scan(now=ny(2026, 11, 23, 9, 0))
    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Reply due soon"]
    assert "6 h left" in mailoutbox[0].body


def test_each_alert_is_e_mailed_once_over_many_runs(member, mailoutbox):
    for hour in (9, 10, 11):
        waiting_for_us(replied=ny(2026, 11, 16, hour, 0), owner=member, last_checked_at=ny(2026, 11, 19, 9, 0))
    now = ny(2026, 11, 19, 13, 0)
    for minutes in range(0, 30, 5):
        monitoring.scan(now=now + timedelta(minutes=minutes))
    assert len(mailoutbox) == 3
    assert Alert.objects.filter(notified_at__isnull=True).count() == 0


def test_claim_returns_only_rows_this_run_changed(member):
    waiting_for_us(replied=ny(2026, 11, 16, 9, 0), owner=member, last_checked_at=ny(2026, 11, 19, 9, 0))
    now = ny(2026, 11, 19, 13, 0)
    monitoring.scan(now=now, notify=False)
    first = monitoring._claim_notifications(now, 10)
    second = monitoring._claim_notifications(now, 10)
    assert len(first) == 1 and second == []


def test_failed_send_is_logged_and_retried_by_the_next_run(member, other_member, monkeypatch, mailoutbox, caplog):
    bad = waiting_for_us(replied=ny(2026, 11, 16, 9, 0), owner=other_member, last_checked_at=ny(2026, 11, 19, 9, 0))
    good = waiting_for_us(replied=ny(2026, 11, 16, 10, 0), owner=member, last_checked_at=ny(2026, 11, 19, 9, 0))
    real = monitoring.alert_email

    def broken(alert, person, now, mail=None):
        if alert.case_id == bad.pk:
            raise ConnectionError("SMTP down")
        return real(alert, person, now, mail=mail)

    monkeypatch.setattr(monitoring, "alert_email", broken)
    monitoring.scan(now=ny(2026, 11, 19, 13, 0))
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert f"case {bad.pk}" in caplog.text
    assert Alert.objects.get(case=bad).notified_at is None
    assert Alert.objects.get(case=good).notified_at is not None
    monkeypatch.undo()
    monitoring.scan(now=ny(2026, 11, 19, 13, 5))
    assert sorted(m.to[0] for m in mailoutbox) == sorted([member.email, other_member.email])


def test_alert_answered_before_its_e_mail_was_due_sends_nothing(member, mailoutbox):
    case = waiting_for_us(replied=ny(2026, 11, 20, 15, 0), owner=member, last_checked_at=ny(2026, 11, 23, 8, 0))
    monitoring.scan(now=ny(2026, 11, 22, 16, 0))
    # Someone answered Amazon on Sunday evening: the window stopped.
    Case.objects.filter(pk=case.pk).update(we_replied_at=ny(2026, 11, 22, 18, 0), status="waiting",
                                           response_due_at=None, warn_at=None)
    monitoring.scan(now=ny(2026, 11, 23, 9, 0))
    assert mailoutbox == []
    assert Alert.objects.get(case=case).notified_at is not None


def test_claim_sql_runs_on_this_database(member):
    # UPDATE … RETURNING needs SQLite ≥ 3.35 or PostgreSQL.
    assert connection.vendor in {"sqlite", "postgresql"}
    CaseFactory(owner=member)
    assert monitoring._claim_notifications(ny(2026, 11, 19, 13, 0), 5) == []
