"""A real Celery worker for the fault tests, on the test's database and broker.

python -m celery -A tests.workers.celery_worker worker -P solo …, with the environment:
  CASEDESK_TEST_BROKER       the broker URL (the test's own redis-server)
  CASEDESK_TEST_QUEUE        the queue to consume
  CASEDESK_TEST_VISIBILITY   seconds before Redis hands an unacknowledged task to another worker
  CASEDESK_TEST_PAUSE_FILE   if set: the scan stops for good after its first threshold, having written this
                             file — the test SIGKILLs the worker there, mid-scan
  CASEDESK_TEST_RUNS_FILE    a line is appended each time a scan starts
"""

import os
import time

from tests.workers import setup_django

setup_django()

from celery.signals import worker_ready  # noqa: E402

from casedesk import celery as casedesk_celery  # noqa: E402
from cases import monitoring  # noqa: E402

app = casedesk_celery.app
app.conf.broker_url = os.environ["CASEDESK_TEST_BROKER"]
app.conf.broker_transport_options = {
    "visibility_timeout": float(os.environ.get("CASEDESK_TEST_VISIBILITY", "3600")),
    "socket_connect_timeout": 3,
    # Look for abandoned (unacknowledged) tasks every second instead of every 100 s.
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
app.conf.task_default_queue = os.environ["CASEDESK_TEST_QUEUE"]
app.conf.beat_schedule = {}
app.conf.broker_connection_retry = True
app.conf.broker_connection_max_retries = None
# Only what the test sends runs (no start-up scan), so a completed scan after a kill proves the redelivery.
worker_ready.disconnect(casedesk_celery._scan_when_a_worker_starts)

_real_raise = monitoring._raise_due_alerts
_real_scan = monitoring.scan
_calls = {"n": 0}


def _raise_then_die(threshold, now, p, result):
    count = _real_raise(threshold, now, p, result)
    _calls["n"] += 1
    if _calls["n"] == 1 and os.environ.get("CASEDESK_TEST_PAUSE_FILE"):
        with open(os.environ["CASEDESK_TEST_PAUSE_FILE"], "w") as marker:
            marker.write(str(count))
        time.sleep(3600)
    return count


def _counted_scan(**kwargs):
    if os.environ.get("CASEDESK_TEST_RUNS_FILE"):
        with open(os.environ["CASEDESK_TEST_RUNS_FILE"], "a") as runs:
            runs.write(f"{os.getpid()}\n")
    return _real_scan(**kwargs)


monitoring._raise_due_alerts = _raise_then_die
monitoring.scan = _counted_scan
