"""The Celery app: the worker runs the monitoring jobs, beat schedules them.

Configuration comes from Django settings under the CELERY_ namespace (see settings.py, "Monitoring").
The broker is Redis when REDIS_URL is set, else kombu's filesystem transport under DATA_DIR, so a
laptop runs web + worker + beat with nothing but Python.
"""

import os
from datetime import timedelta

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casedesk.settings")

app = Celery("casedesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _celery_weekdays(working_days) -> str:
    # Python counts Monday as 0; crontab counts Sunday as 0.
    return ",".join(str((day + 1) % 7) for day in sorted(working_days))


def beat_schedule() -> dict:
    """The schedule, as code: the scan every few minutes, the digest at the start of each working day."""
    from django.conf import settings

    interval = timedelta(minutes=settings.CASEDESK_SCAN_INTERVAL_MINUTES)
    work_start, _ = settings.CASEDESK_WORKING_HOURS
    return {
        "scan-response-windows": {
            "task": "cases.tasks.scan_cases",
            "schedule": interval,
            # A queued scan that waited longer than an interval is dropped: the next one covers it.
            "options": {"expires": scan_expiry_seconds()},
        },
        "morning-digest": {
            "task": "cases.tasks.send_morning_digest",
            # Evaluated in CELERY_TIMEZONE, which is the team's time zone.
            "schedule": crontab(
                minute=work_start.minute, hour=work_start.hour,
                day_of_week=_celery_weekdays(settings.CASEDESK_WORKING_DAYS),
            ),
            "options": {"expires": 60 * 60 * 2},
        },
    }


def scan_expiry_seconds() -> int:
    from django.conf import settings

    interval = settings.CASEDESK_SCAN_INTERVAL_MINUTES * 60
    return max(30, interval - 30)


@app.on_after_configure.connect
def _install_beat_schedule(sender, **kwargs):
    sender.conf.beat_schedule = {**beat_schedule(), **(sender.conf.beat_schedule or {})}


@worker_ready.connect
def _scan_when_a_worker_starts(sender, **kwargs):
    # Catch up at once after downtime (and give /healthz a first heartbeat) instead of waiting an interval.
    sender.app.send_task("cases.tasks.scan_cases", expires=scan_expiry_seconds())
