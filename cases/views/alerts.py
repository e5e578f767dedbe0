"""The alerts a person was sent: the list, mark one read, mark all read (htmx or a plain form POST)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cases import monitoring, selectors


@require_GET
def alert_list(request):
    now = timezone.now()
    page = Paginator(selectors.alert_list(request.user), 50).get_page(request.GET.get("page"))
    alerts = [monitoring.describe_alert(alert, now) for alert in page.object_list]
    return render(request, "cases/alerts.html", {"page": page, "alerts": alerts, "now": now})


def _get_own_alert_or_404(user, pk: int):
    alert = selectors.alert_list(user).filter(pk=pk).first()
    if alert is None:
        # Someone else's alert is as good as missing: say nothing about it.
        raise Http404("No such alert.")
    return alert


@require_POST
def alert_mark_read(request, pk: int):
    alert = _get_own_alert_or_404(request.user, pk)
    monitoring.alert_mark_read(alert=alert)
    if request.htmx:
        now = timezone.now()
        alert.refresh_from_db(fields=["read_at"])
        return render(request, "cases/_alert_read_response.html",
                      {"alert": monitoring.describe_alert(alert, now), "now": now})
    return redirect("alerts")


@require_POST
def alert_mark_all_read(request):
    count = monitoring.alert_mark_all_read(user=request.user)
    messages.success(request, f"{count} alert{'s' if count != 1 else ''} marked read." if count else "No unread alerts.")
    return redirect("alerts")
