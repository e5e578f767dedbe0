"""Faults with real processes: Redis goes down and comes back; a Celery worker is SIGKILLed mid-scan.

Each test starts its OWN redis-server on a free port (never the machine's Redis) and a real Celery worker
(tests/workers/celery_worker.py) on the test's database. Whatever happens: every alert exists once, every
alert e-mail goes out once.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases.models import Alert, AlertKind, Case, CaseEvent, Status
from tests.conftest import need_service
from tests.factories import CaseFactory
from tests.workers import database_is_shared, subprocess_env

ROOT = Path(__file__).resolve().parent.parent
REDIS_SERVER = shutil.which("redis-server")

pytestmark = [pytest.mark.slow, pytest.mark.redis, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("reference_data")]


class OwnRedis:
    """A throwaway redis-server on a free loopback port that the test may stop and start at will."""

    def __init__(self, workdir: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.workdir = workdir
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir), "--maxmemory-policy", "noeviction"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        deadline = time.monotonic() + 20
        while True:
            try:
                if redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping():
                    return
            except redis.RedisError:
                assert time.monotonic() < deadline, "our redis-server did not start"
                time.sleep(0.1)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)


@pytest.fixture
def own_redis(tmp_path):
    need_service(REDIS_SERVER is not None, "needs redis-server on the PATH (apt-get install redis-server)")
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def shared_database():
    need_service(database_is_shared(connection),
                 "needs a database file or server other processes can open (set SQLITE_TEST_NAME)")


class Worker:
    def __init__(self, redis: OwnRedis, tmp_path: Path, queue: str, **env):
        self.outbox = tmp_path / "outbox.txt"
        self.runs = tmp_path / "runs.txt"
        self.log = open(tmp_path / f"worker-{uuid.uuid4().hex[:6]}.log", "w")
        environment = subprocess_env(connection, CASEDESK_TEST_BROKER=redis.url, CASEDESK_TEST_QUEUE=queue,
                                     CASEDESK_TEST_OUTBOX=str(self.outbox), CASEDESK_TEST_RUNS_FILE=str(self.runs),
                                     **env)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tests.workers.celery_worker", "worker", "-P", "solo",
             "-c", "1", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO", "-Q", queue,
             "-n", f"fault-{uuid.uuid4().hex[:6]}@%h"],
            cwd=ROOT, env=environment, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(20)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()

    def e_mails(self) -> list[str]:
        return self.outbox.read_text().splitlines() if self.outbox.exists() else []

    def scans_started(self) -> int:
        return len(self.runs.read_text().splitlines()) if self.runs.exists() else 0


def _send_scan(redis: OwnRedis, queue: str):
    from celery import Celery

    app = Celery("casedesk-fault-test", broker=redis.url, set_as_current=False)
    app.conf.broker_transport_options = {"socket_connect_timeout": 3}
    app.send_task("cases.tasks.scan_cases", queue=queue)


def _wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def _overdue_cases(owner, count):
    replied = timezone.now() - timedelta(hours=80)
    return [CaseFactory(owner=owner, status=Status.ACTION_NEEDED, amazon_replied_at=replied - timedelta(minutes=i),
                        started_at=replied - timedelta(days=1), last_checked_at=timezone.now())
            for i in range(count)]


def _assert_each_alert_once(cases, worker):
    per_case = Counter(Alert.objects.filter(case__in=cases, kind=AlertKind.OVERDUE).values_list("case_id", flat=True))
    assert per_case == Counter({c.pk: 1 for c in cases})
    overdue_mail = Counter(line for line in worker.e_mails() if line.startswith("Overdue"))
    assert len(overdue_mail) == len(cases) and set(overdue_mail.values()) == {1}, overdue_mail


def test_redis_down_the_web_saves_every_action_and_the_scan_catches_up(own_redis, shared_database, member,
                                                                       client, monkeypatch, tmp_path):
    from casedesk.celery import app

    # The web's Celery app (read by /healthz) points at our Redis; it is configured once per process.
    monkeypatch.setitem(app.conf, "broker_url", own_redis.url)
    monkeypatch.setitem(app.conf, "broker_transport_options", {"socket_connect_timeout": 1})
    queue = f"fault-{uuid.uuid4().hex[:8]}"
    worker = Worker(own_redis, tmp_path, queue)
    try:
        cases = [CaseFactory(owner=member, status=Status.WAITING) for _ in range(6)]
        own_redis.stop()

        # Redis is down: people keep working. Each logs Amazon's reply from 80 hours ago — now overdue.
        client.force_login(member)
        replied = timezone.localtime(timezone.now() - timedelta(hours=80)).strftime("%Y-%m-%dT%H:%M")
        started = time.monotonic()
        for case in cases:
            response = client.post(reverse("case_action", args=[case.pk, "amazon-replied"]),
                                   {"version": case.version, "at": replied, "text": "Amazon asked for an invoice"})
            assert response.status_code == 302
        assert time.monotonic() - started < 10  # nobody waits on the dead broker
        assert CaseEvent.objects.filter(case__in=cases, kind="amazon_replied").count() == len(cases)
        assert set(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("status", flat=True)) == {
            Status.ACTION_NEEDED}
        health = client.get("/healthz")
        assert health.status_code == 503 and "broker" in health.content.decode().lower()

        # Redis is back (empty: what was queued is gone); beat's next tick queues a scan.
        own_redis.start()
        _send_scan(own_redis, queue)
        _wait_for(lambda: len([m for m in worker.e_mails() if m.startswith("Overdue")]) >= len(cases), 90,
                  "the scan after Redis came back")
        _send_scan(own_redis, queue)  # and the next tick changes nothing
        _wait_for(lambda: worker.scans_started() >= 2, 60, "the second scan")
        time.sleep(1)
        _assert_each_alert_once(cases, worker)
    finally:
        worker.stop()


def test_worker_killed_mid_scan_loses_and_doubles_no_alert(own_redis, shared_database, member, tmp_path):
    queue = f"fault-{uuid.uuid4().hex[:8]}"
    cases = _overdue_cases(member, 8)
    due_soon = [CaseFactory(owner=member, status=Status.ACTION_NEEDED, started_at=timezone.now() - timedelta(days=3),
                            amazon_replied_at=timezone.now() - timedelta(hours=60), last_checked_at=timezone.now())
                for _ in range(4)]
    pause = tmp_path / "paused"
    dying = Worker(own_redis, tmp_path, queue, CASEDESK_TEST_PAUSE_FILE=str(pause), CASEDESK_TEST_VISIBILITY="3")
    try:
        _send_scan(own_redis, queue)
        _wait_for(pause.exists, 90, "the scan to reach the middle")
        # Mid-scan: the overdue alerts are in, the due-soon ones not yet, no e-mail sent.
        assert Alert.objects.filter(kind=AlertKind.OVERDUE).count() == len(cases)
        assert Alert.objects.filter(kind=AlertKind.DUE_SOON).count() == 0
        dying.kill()
    finally:
        dying.stop()
    assert dying.e_mails() == []

    # acks_late: the task was never acknowledged, so Redis hands it to the next worker.
    survivor = Worker(own_redis, tmp_path, queue, CASEDESK_TEST_VISIBILITY="3")
    try:
        _wait_for(lambda: len([m for m in survivor.e_mails() if m.startswith("Overdue")]) >= len(cases), 120,
                  "the redelivered scan")
        assert survivor.scans_started() == 2  # the killed run, then the redelivered one
        time.sleep(1)
        _assert_each_alert_once(cases, survivor)
        per_case = Counter(Alert.objects.filter(kind=AlertKind.DUE_SOON).values_list("case_id", flat=True))
        assert per_case == Counter({c.pk: 1 for c in due_soon})
    finally:
        survivor.stop()


def test_acks_late_only_on_idempotent_tasks():
    import cases.tasks  # noqa: F401
    from casedesk.celery import app

    # Each of these is safe to run twice (the Alert and DigestSent constraints; the e-mail lease).
    idempotent = {"cases.tasks.scan_cases", "cases.tasks.send_morning_digest"}
    late = {name for name, task in app.tasks.items() if getattr(task, "acks_late", False)}
    assert late <= idempotent
    assert "cases.tasks.scan_cases" in late
