"""django.contrib.admin, with casedesk's supervisors-only site as `admin.site` (kept apart: loaded before the models)."""

from django.contrib.admin.apps import AdminConfig


class CasedeskAdminConfig(AdminConfig):
    default_site = "cases.admin_site.SupervisorAdminSite"
