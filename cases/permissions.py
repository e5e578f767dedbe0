"""Who may do what: team members work cases; supervisors also oversee (admin, reports, templates)."""

from functools import wraps

from django.core.exceptions import PermissionDenied

TEAM_GROUP = "Team member"
SUPERVISOR_GROUP = "Supervisor"


def _groups(user) -> set[str]:
    # The group list is cached on the user for the request, so templates and middleware can ask freely.
    if not hasattr(user, "_casedesk_groups"):
        user._casedesk_groups = set(user.groups.values_list("name", flat=True))
    return user._casedesk_groups


def is_supervisor(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.is_staff and SUPERVISOR_GROUP in _groups(user)


def is_on_the_team(user) -> bool:
    """A team member or a supervisor (a logged-in account in no group, a former member say, is not)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(_groups(user) & {TEAM_GROUP, SUPERVISOR_GROUP})


def supervisor_required(view):
    """Logged-in team members get 403; anonymous people are sent to log in by the middleware."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_supervisor(request.user):
            raise PermissionDenied("Only supervisors can open this page.")
        return view(request, *args, **kwargs)

    wrapper.supervisor_only = True  # tests/url_walk.py finds the supervisor pages by it
    return wrapper
