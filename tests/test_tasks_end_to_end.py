"""End to end: the scan task sent through a real broker to a real Celery worker.

Once through the team's Redis (127.0.0.1:6379, our db 3) and once through the embedded filesystem
broker that `make run` uses. An overdue case must end with its alert row and its e-mail.
"""

import os
import time
import uuid
from datetime import timedelta

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

import cases.tasks  # noqa: F401  (registers the shared tasks with every app, this test's included)
from cases.models import Alert, AlertKind, Status
from tests.conftest import need_service
from tests.factories import CaseFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/3"


def _app(broker_url: str, transport_options: dict) -> Celery:
    app = Celery("casedesk-e2e", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.broker_url = broker_url
    app.conf.broker_transport_options = transport_options
    # A queue of our own, so nothing left in the broker by another run is picked up.
    app.conf.task_default_queue = f"e2e-{uuid.uuid4().hex[:8]}"
    app.conf.beat_schedule = {}
    return app


def _overdue_case(owner):
    replied = timezone.now() - timedelta(hours=80)
    return CaseFactory(owner=owner, status=Status.ACTION_NEEDED, amazon_replied_at=replied,
                       started_at=replied - timedelta(days=1), last_checked_at=timezone.now())


def _run_scan_through(app: Celery, case, mailoutbox):
    with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=20,
                      loglevel="WARNING"):
        app.send_task("cases.tasks.scan_cases")
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline:
            if Alert.objects.filter(case=case, kind=AlertKind.OVERDUE).exists() and mailoutbox:
                break
            time.sleep(0.2)
    alert = Alert.objects.get(case=case, kind=AlertKind.OVERDUE)
    assert alert.notified_at is not None
    overdue_mail = [m for m in mailoutbox if m.subject.startswith("Overdue")]
    assert len(overdue_mail) == 1
    assert case.case_id in overdue_mail[0].subject
    assert overdue_mail[0].to == [case.owner.email]


def _redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def test_overdue_case_is_alerted_and_e_mailed_by_a_worker_over_redis(member, mailoutbox):
    need_service(_redis_reachable(REDIS_URL), f"needs Redis at {REDIS_URL}")
    case = _overdue_case(member)
    app = _app(REDIS_URL, {"socket_connect_timeout": 3})
    _run_scan_through(app, case, mailoutbox)


def test_overdue_case_is_alerted_and_e_mailed_by_a_worker_over_the_embedded_broker(member, mailoutbox, tmp_path):
    queue, control = tmp_path / "queue", tmp_path / "control"
    queue.mkdir()
    control.mkdir()
    case = _overdue_case(member)
    app = _app("filesystem://", {"data_folder_in": str(queue), "data_folder_out": str(queue),
                                 "control_folder": str(control)})
    _run_scan_through(app, case, mailoutbox)
