from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases.views.common import get_case_or_404


@require_GET
def case_detail(request, pk: int):
    case = get_case_or_404(pk)
    now = timezone.now()
    events = case.events.select_related("actor").order_by("-at", "-id")[:200]
    return render(request, "cases/case_detail.html", {"case": case, "clock": case.clock(now), "events": events, "now": now})
