"""The person's settings (/me/: name, e-mail, calendar link) and the calendar feed itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.calendar_feed import build_feed
from cases.forms_supervisor import PersonForm
from cases.models import CalendarToken
from cases.services_supervisor import calendar_token_regenerate, calendar_token_revoke


def _feed_url(request, token: CalendarToken | None) -> str:
    return request.build_absolute_uri(reverse("calendar_feed", args=[token.token])) if token else ""


@require_http_methods(["GET", "POST"])
def me(request):
    form = PersonForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved.")
        return redirect("me")
    token = CalendarToken.objects.filter(user=request.user).first()
    return render(request, "cases/me.html", {"form": form, "token": token, "feed_url": _feed_url(request, token)},
                  status=400 if form.errors else 200)


@require_POST
def me_calendar(request):
    if request.POST.get("action") == "revoke":
        calendar_token_revoke(user=request.user)
        messages.success(request, "Calendar link turned off: calendars using it stop updating.")
    elif request.POST.get("action") == "new":
        calendar_token_regenerate(user=request.user)
        messages.success(request, "New calendar link made. The old one, if any, no longer works.")
    else:
        messages.error(request, "Choose “Make a new link” or “Turn off”.")
    return redirect(reverse("me") + "#calendar")


@login_not_required
@never_cache
@require_GET
def calendar_feed(request, token: str):
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404("No such calendar.")
    response = HttpResponse(build_feed(found.user, now=timezone.now()), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="casedesk.ics"'
    return response
