from django.conf import settings
from django.utils.functional import cached_property

from cases.permissions import is_supervisor


class MonitorStatus:
    """Read on first use only, once per request: the unread-alert badge and the late-scan banner."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def _status(self) -> dict:
        from cases.selectors import monitor_status

        return monitor_status(self.user)

    @property
    def unread_alerts(self) -> int:
        return self._status["unread"]

    @property
    def scan_finished_at(self):
        return self._status["scan_finished_at"]

    @property
    def scan_late(self) -> bool:
        from cases.monitoring import scan_is_late

        return scan_is_late(finished_at=self._status["scan_finished_at"], created_at=self._status["scan_created_at"])


def casedesk(request):
    user = getattr(request, "user", None)
    return {
        "is_supervisor": bool(user and is_supervisor(user)),
        "team_time_zone": settings.TIME_ZONE,
        "debug": settings.DEBUG,
        "monitor": MonitorStatus(user) if user is not None and user.is_authenticated else None,
    }
