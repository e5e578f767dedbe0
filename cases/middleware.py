"""casedesk is for the team: a logged-in account in no group (a former member, say) sees nothing."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cases.permissions import is_on_the_team


class TeamOnlyMiddleware:
    """403 for an authenticated account that is neither team member nor supervisor; it may still log out."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.open_paths = None

    def __call__(self, request):
        if self.open_paths is None:
            self.open_paths = {reverse("logout"), reverse("login"), reverse("healthz")}
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.path not in self.open_paths:
            if not is_on_the_team(user):
                raise PermissionDenied("This account is not on the casedesk team. Ask a supervisor to add you.")
        return self.get_response(request)
