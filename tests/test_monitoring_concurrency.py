"""Two scans at once on PostgreSQL, in real transactions on their own connections: one alert, one e-mail."""

import threading

import pytest
from django.db import connection, connections

from cases import monitoring
from cases.models import Alert, AlertKind
from tests.conftest import need_service
from tests.monitoring_helpers import ny, waiting_for_us


def need_postgres():
    """These tests are about PostgreSQL's row locking. On a SQLite run (the first pass of .ci/run) they skip with
    this reason — the PostgreSQL pass runs them; with DATABASE_URL set to PostgreSQL, it must be reachable."""
    if connection.vendor == "sqlite":
        pytest.skip("PostgreSQL-only: run with DATABASE_URL=postgres://… (the second pass of .ci/run does)")
    need_service(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL=postgres://…")


pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_scans_at_once_raise_and_send_each_alert_once(member, other_member, monkeypatch, mailoutbox):
    need_postgres()
    cases = [waiting_for_us(replied=ny(2026, 11, 16, 9, m), owner=member, last_checked_at=ny(2026, 11, 19, 9, 0))
             for m in range(20)]
    cases += [waiting_for_us(replied=ny(2026, 11, 16, 10, m), owner=None, last_checked_at=ny(2026, 11, 19, 9, 0))
              for m in range(5)]
    now = ny(2026, 11, 19, 13, 0)
    # Both runs read the same candidates before either inserts: the constraint, not luck, must decide.
    gate = threading.Barrier(2, timeout=20)
    real_insert = monitoring._insert

    def insert_together(alerts, result):
        if alerts:
            gate.wait()
        return real_insert(alerts, result)

    monkeypatch.setattr(monitoring, "_insert", insert_together)
    errors = []

    def run():
        try:
            monitoring.scan(now=now)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    overdue = Alert.objects.filter(kind=AlertKind.OVERDUE)
    assert overdue.count() == 25
    assert set(overdue.values_list("case_id", flat=True)) == {c.pk for c in cases}
    # 20 owner e-mails, plus 5 team alerts × 2 team members.
    assert len([m for m in mailoutbox if m.subject.startswith("Overdue")]) == 20 + 5 * 2
    assert Alert.objects.filter(notified_at__isnull=True).count() == 0


def test_two_claims_at_once_split_the_work(member):
    need_postgres()
    for m in range(30):
        waiting_for_us(replied=ny(2026, 11, 16, 9, m), owner=member, last_checked_at=ny(2026, 11, 19, 9, 0))
    now = ny(2026, 11, 19, 13, 0)
    monitoring.scan(now=now, notify=False)
    gate = threading.Barrier(2, timeout=20)
    claimed = []

    def claim():
        try:
            gate.wait()
            claimed.append(monitoring._claim_notifications(now, 1000))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    first, second = claimed
    assert not set(first) & set(second)
    assert len(first) + len(second) == Alert.objects.count()
