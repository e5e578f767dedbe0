from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

BROKER_TIMEOUT_SECONDS = 2


def broker_check() -> str:
    """Ping the Celery broker with a short timeout: 'ok' or what went wrong."""
    from casedesk.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT_SECONDS)
            if conn.transport.driver_type == "filesystem":
                import os

                folder = conn.transport_options["data_folder_out"]
                return "ok" if os.access(folder, os.W_OK) else f"error: {folder} is not writable"
            conn.default_channel.client.ping()
        return "ok"
    except Exception as exc:  # the point is to report any failure, whatever it is
        return f"error: {exc.__class__.__name__}"


def scan_check() -> tuple[str, dict]:
    from cases.models import MonitorHeartbeat
    from cases.monitoring import SCAN, scan_is_late

    beat = MonitorHeartbeat.objects.filter(name=SCAN).values("finished_at", "created_at").first() or {}
    finished = beat.get("finished_at")
    info = {
        "last_finished": finished.isoformat() if finished else None,
        "interval_minutes": settings.CASEDESK_SCAN_INTERVAL_MINUTES,
    }
    if scan_is_late(finished_at=finished, created_at=beat.get("created_at"), now=timezone.now()):
        return "error: the scan has not finished for three intervals", info
    return "ok", info


@login_not_required
@never_cache
@require_GET
def healthz(request):
    checks = {}
    details = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # the point is to report any failure, whatever it is
        checks["database"] = f"error: {exc.__class__.__name__}"
    checks["broker"] = broker_check()
    if checks["database"] == "ok":
        try:
            checks["scan"], details["scan"] = scan_check()
        except Exception as exc:
            checks["scan"] = f"error: {exc.__class__.__name__}"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks, **details},
                        status=200 if healthy else 503)
