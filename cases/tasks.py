"""Celery tasks: thin, each calls a service in cases.monitoring (beat schedule: casedesk/celery.py).

acks_late only where a re-run is harmless: the scan and the digest are idempotent (the Alert and
DigestSent constraints), so a task redelivered after a worker died mid-run does no harm and misses nothing.
"""

import logging

from celery import shared_task

from cases import monitoring

log = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def scan_cases():
    result = monitoring.scan()
    log.info("scan: raised %s, notified %s, failed cases %s", result.raised, result.notified, result.failed)
    return None


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_morning_digest():
    sent = monitoring.send_morning_digest()
    log.info("morning digest: %s sent", sent)
    return None
