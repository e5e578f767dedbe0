"""Alert e-mail under a lease: a run that dies mid-send leaves its e-mails to the next run, and no e-mail
is sent twice while its run lives."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from cases import monitoring
from cases.models import Alert, AlertKind, Status
from tests.conftest import need_service
from tests.factories import CaseFactory
from tests.workers import database_is_shared, subprocess_env

ROOT = Path(__file__).resolve().parent.parent


def _overdue_alerts(owner, count):
    alerts = []
    for i in range(count):
        replied = timezone.now() - timedelta(hours=80 + i)
        case = CaseFactory(owner=owner, status=Status.ACTION_NEEDED, amazon_replied_at=replied,
                           started_at=replied - timedelta(days=1), last_checked_at=timezone.now())
        alerts.append(Alert.objects.create(
            case=case, kind=AlertKind.OVERDUE, window=monitoring._window_text(case.response_due_at),
            window_at=case.response_due_at, recipient=owner, notify_after=timezone.now() - timedelta(minutes=i + 1),
        ))
    return alerts


@pytest.mark.django_db
def test_claimed_alert_is_not_sent_again_while_its_lease_runs(member, mailoutbox):
    _overdue_alerts(member, 2)
    held = monitoring._claim_notifications(timezone.now(), 10)
    assert len(held) == 2
    assert monitoring.send_due_notifications() == 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_expired_lease_is_reclaimed_and_the_e_mail_sent_once(member, mailoutbox, settings):
    settings.CASEDESK_NOTIFY_LEASE_SECONDS = 60
    alert, = _overdue_alerts(member, 1)
    monitoring._claim_notifications(timezone.now(), 10)  # this run dies before sending
    Alert.objects.filter(pk=alert.pk).update(claimed_at=timezone.now() - timedelta(seconds=61))
    assert monitoring.send_due_notifications() == 1
    assert monitoring.send_due_notifications() == 0
    assert len(mailoutbox) == 1
    alert.refresh_from_db()
    assert alert.notified_at is not None and alert.claimed_at is not None


@pytest.mark.django_db
def test_run_whose_lease_was_taken_over_does_not_send(member, mailoutbox):
    alert, = _overdue_alerts(member, 1)
    lease = monitoring.Lease()
    monitoring._claim_notifications(timezone.now(), 10, lease=lease)
    # Another run took the alert over after this one's lease ran out.
    Alert.objects.filter(pk=alert.pk).update(claimed_at=timezone.now() + timedelta(seconds=1))
    lease.token -= timedelta(seconds=lease.seconds)  # half-time passed: the run renews before sending
    assert monitoring._deliver([alert.pk], timezone.now(), lease) == 0
    assert mailoutbox == []
    alert.refresh_from_db()
    assert alert.notified_at is None


@pytest.mark.django_db
def test_live_run_renews_its_lease_and_keeps_its_e_mails(member, mailoutbox):
    alerts = _overdue_alerts(member, 2)
    lease = monitoring.Lease()
    monitoring._claim_notifications(timezone.now(), 10, lease=lease)
    old = lease.token
    lease.token -= timedelta(seconds=lease.seconds * 0.6)
    Alert.objects.filter(pk__in=[a.pk for a in alerts]).update(claimed_at=lease.token)
    assert monitoring._deliver([a.pk for a in alerts], timezone.now(), lease) == 2
    assert lease.token >= old
    assert Alert.objects.filter(notified_at__isnull=True).count() == 0
    assert len(mailoutbox) == 2


def test_lease_shorter_than_four_e_mail_timeouts_is_refused():
    env = {**os.environ, "CASEDESK_NOTIFY_LEASE_SECONDS": "30", "EMAIL_TIMEOUT": "10",
           "DJANGO_SETTINGS_MODULE": "casedesk.settings_test"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "CASEDESK_NOTIFY_LEASE_SECONDS=30 is too short for EMAIL_TIMEOUT=10" in result.stderr


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_send_loses_no_e_mail_and_doubles_none(member, mailoutbox, settings, tmp_path):
    need_service(database_is_shared(connection), "needs a database file or server a second process can open "
                 "(set SQLITE_TEST_NAME)")
    alerts = _overdue_alerts(member, 4)
    outbox = tmp_path / "outbox.txt"
    worker = subprocess.Popen([sys.executable, "-m", "tests.workers.notify_until_killed", str(outbox), "3"],
                              cwd=ROOT, env=subprocess_env(connection), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not Path(str(outbox) + ".hanging").exists():
            assert worker.poll() is None, worker.stdout.read().decode()
            assert time.monotonic() < deadline, "the worker never reached its third e-mail"
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)
    sent_before = outbox.read_text().splitlines()
    assert len(sent_before) == 2
    assert Alert.objects.filter(notified_at__isnull=False).count() == 2
    assert Alert.objects.filter(notified_at__isnull=True, claimed_at__isnull=False).count() == 2

    # The dead run's lease still holds: nobody sends its e-mails yet.
    assert monitoring.send_due_notifications() == 0
    settings.CASEDESK_NOTIFY_LEASE_SECONDS = 1
    time.sleep(1.2)
    assert monitoring.send_due_notifications() == 2

    subjects = sent_before + [m.subject for m in mailoutbox]
    assert len(subjects) == len(set(subjects)) == 4
    for alert in alerts:
        assert any(alert.case.case_id in s for s in subjects)
    assert Alert.objects.filter(notified_at__isnull=True).count() == 0
