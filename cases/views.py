from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases import selectors
from cases.models import Case


def _get_case_or_404(pk: int) -> Case:
    return get_object_or_404(selectors.case_list_queryset(), pk=pk)


@require_GET
def board(request):
    now = timezone.now()
    page = Paginator(selectors.board_open_cases(now=now), 50).get_page(request.GET.get("page"))
    rows = [(case, case.clock(now)) for case in page.object_list]
    return render(request, "cases/board.html", {"page": page, "rows": rows, "now": now})


@require_GET
def case_detail(request, pk: int):
    case = _get_case_or_404(pk)
    now = timezone.now()
    events = case.events.select_related("actor").order_by("-at", "-id")[:200]
    return render(request, "cases/case_detail.html", {"case": case, "clock": case.clock(now), "events": events, "now": now})


@login_not_required
@never_cache
@require_GET
def healthz(request):
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # the point is to report any failure, whatever it is
        checks["database"] = f"error: {exc.__class__.__name__}"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)
