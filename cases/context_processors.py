from django.conf import settings

from cases.permissions import is_supervisor


def casedesk(request):
    user = getattr(request, "user", None)
    return {
        "is_supervisor": bool(user and is_supervisor(user)),
        "team_time_zone": settings.TIME_ZONE,
        "debug": settings.DEBUG,
    }
