"""The supervisors' admin site: only supervisors get in; team members are told no, not asked to log in again."""

from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cases.permissions import is_supervisor


class SupervisorAdminSite(admin.AdminSite):
    site_header = "casedesk · supervisors"
    site_title = "casedesk admin"
    index_title = "Cases, case templates and the team"
    site_url = "/"

    def has_permission(self, request):
        return is_supervisor(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            # Anonymous people go to the app's one login page (throttled by django-axes), not the admin's.
            if not request.user.is_authenticated and not getattr(view, "login_not_required", False):
                return redirect_to_login(request.get_full_path())
            # Django's admin would show its own login form to a logged-in team member; a clear 403 is kinder.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied("Only supervisors can open the admin.")
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, inner)

    @login_not_required
    def login(self, request, extra_context=None):
        """One login page for everyone: the app's (throttled by django-axes)."""
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied("Only supervisors can open the admin.")
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
