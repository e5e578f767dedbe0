from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html

from cases import exporters, selectors, services
from cases.admin_templates import CaseTemplateAdmin  # noqa: F401  (registers case templates)
from cases.identifiers import guess_identifier, normalize_case_id
from cases.models import (
    Alert,
    Attachment,
    Brand,
    CalendarToken,
    Case,
    CaseDraft,
    CaseEvent,
    CaseProduct,
    DigestSent,
    MonitorHeartbeat,
)
from cases.permissions import SUPERVISOR_GROUP, TEAM_GROUP
from cases.services_supervisor import case_archive


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CaseProductInline(ReadOnlyInline):
    model = CaseProduct
    fields = ("kind", "value")
    readonly_fields = fields


class CaseEventInline(ReadOnlyInline):
    model = CaseEvent
    fields = ("at", "kind", "actor", "text", "changes")
    readonly_fields = fields
    ordering = ("-at", "-id")
    show_change_link = False


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ("name", "active", "created_at")
    list_filter = ("active",)
    search_fields = ("name",)


class ClockStateFilter(admin.SimpleListFilter):
    title = "clock"
    parameter_name = "clock"

    def lookups(self, request, model_admin):
        return selectors.CLOCK_STATES

    def queryset(self, request, queryset):
        if self.value() in dict(selectors.CLOCK_STATES):
            return queryset.filter(selectors.clock_state_q(self.value(), now=timezone.now()))
        return queryset


class BrandListFilter(admin.SimpleListFilter):
    """At most 25 brands in the sidebar (the busiest lists stay bounded); any brand is one search away."""

    title = "brand"
    parameter_name = "brand__id__exact"
    limit = 25

    def lookups(self, request, model_admin):
        brands = list(Brand.objects.filter(active=True).order_by("name").values_list("pk", "name")[: self.limit])
        selected = self.value()
        if selected and selected.isdigit() and int(selected) not in {pk for pk, _ in brands}:
            brands += list(Brand.objects.filter(pk=selected).values_list("pk", "name"))
        return [(str(pk), name) for pk, name in brands]

    def queryset(self, request, queryset):
        return queryset.filter(brand_id=self.value()) if self.value() and self.value().isdigit() else queryset


class OwnerListFilter(admin.SimpleListFilter):
    """Unassigned, then the people on the team (active accounts in a team group), at most 40."""

    title = "owner"
    parameter_name = "owner"
    limit = 40

    def lookups(self, request, model_admin):
        people = (
            get_user_model().objects.filter(is_active=True, groups__name__in=[TEAM_GROUP, SUPERVISOR_GROUP])
            .distinct().order_by("first_name", "last_name", "username")[: self.limit]
        )
        return [("none", "Unassigned")] + [(str(u.pk), u.get_full_name() or u.username) for u in people]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(owner__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(owner_id=self.value())
        return queryset


class ArchivedFilter(admin.SimpleListFilter):
    title = "archived"
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", "Not archived"), ("yes", "Archived")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(archived_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        return queryset


class ReassignForm(forms.Form):
    owner = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        empty_label="Nobody (unassigned)",
        help_text="Type a name to find a person.",
    )
    text = forms.CharField(label="Note for the timeline", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        widget = AutocompleteSelect(Case._meta.get_field("owner"), admin_site)
        widget.choices = self.fields["owner"].choices
        widget.is_required = False
        self.fields["owner"].widget = widget


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("case_id", "channel_code", "brand", "issue", "status", "clock_state", "owner", "last_checked_at")
    list_filter = ("status", "channel", ClockStateFilter, BrandListFilter, OwnerListFilter, "issue_type",
                   "priority", "marketplace", ArchivedFilter)
    search_fields = ("case_id", "products__value", "subject", "issue", "brand__name")
    search_help_text = "Case ID, ASIN / SKU / UPC, subject, issue or brand."
    list_select_related = ("brand", "owner", "issue_type")
    autocomplete_fields = ("brand", "owner", "last_checked_by", "reopened_from", "issue_type")
    show_full_result_count = False
    # Facet counts would run a COUNT per filter choice over every case on each page view.
    show_facets = admin.ShowFacets.NEVER
    list_per_page = 50
    inlines = [CaseProductInline, CaseEventInline]
    actions = ["reassign_cases", "resolve_cases", "archive_cases", "export_cases_csv", "export_timeline_csv"]

    class Media:
        css = {"all": ("css/admin-casedesk.css",)}

    def has_add_permission(self, request):
        # Cases are opened through the guided form so that every case starts with its event.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Edits go through the case page and its services; the admin shows, filters and acts in bulk.
        return False

    def get_search_results(self, request, queryset, search_term):
        # A pasted "Case ID: 1572 8394 061", an ASIN, a UPC or an EAN is looked up exactly, with the indexes,
        # rather than by a LIKE over every case and product. (12 or 13 digits can be either a Case ID or a UPC/EAN.)
        exact = Q()
        try:
            exact |= Q(case_id=normalize_case_id(search_term))
        except ValidationError:
            pass
        try:
            kind, value = guess_identifier(search_term)
            if kind in ("asin", "upc", "ean"):
                exact |= Q(pk__in=CaseProduct.objects.filter(value=value).values("case_id"))
        except ValidationError:
            pass
        if exact:
            return queryset.filter(exact), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="SC or BR", ordering="channel")
    def channel_code(self, case):
        return case.channel

    @admin.display(description="clock")
    def clock_state(self, case):
        clock = case.clock(timezone.now())
        if clock.window.value in ("overdue", "due_soon", "ok"):
            label = {"overdue": "Overdue", "due_soon": "Due soon", "ok": "Window running"}[clock.window.value]
            return format_html('<span class="cd-clock cd-clock-{}">{}</span> <span class="cd-left">{}</span>',
                               clock.window.value, label, clock.time_left_text)
        if clock.follow_up_due:
            return format_html('<span class="cd-clock cd-clock-due_soon">{}</span>', "Follow-up due")
        if clock.stale:
            return format_html('<span class="cd-clock cd-clock-stale">{}</span>', "Stale")
        if clock.needs_check:
            return format_html('<span class="cd-clock cd-clock-check">{}</span>', "Needs check")
        return "—" if case.is_open else ""

    def _each(self, request, queryset, action, verb):
        done, refused = 0, []
        for case in queryset.order_by("pk"):
            try:
                action(case)
                done += 1
            except ValidationError as exc:
                refused.append(f"{case}: {' '.join(exc.messages)}")
        if done:
            self.message_user(request, f"{verb} {done} case(s).", messages.SUCCESS)
        for line in refused[:20]:
            self.message_user(request, line, messages.WARNING)
        if len(refused) > 20:
            self.message_user(request, f"… and {len(refused) - 20} more not changed.", messages.WARNING)

    @admin.action(description="Reassign selected cases…")
    def reassign_cases(self, request, queryset):
        if "apply" in request.POST:
            form = ReassignForm(request.POST, admin_site=self.admin_site)
            if form.is_valid():
                owner, text = form.cleaned_data["owner"], form.cleaned_data["text"]
                self._each(request, queryset,
                           lambda c: services.case_reassign(case=c, actor=request.user, owner=owner, text=text),
                           "Reassigned")
                return None
        else:
            form = ReassignForm(admin_site=self.admin_site)
        context = {
            **self.admin_site.each_context(request),
            "title": "Reassign cases",
            "opts": self.model._meta,
            "cases": queryset.select_related("brand", "owner")[:200],
            "count": queryset.count(),
            "form": form,
            "media": self.media + form.media,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/cases/case/reassign.html", context)

    @admin.action(description="Mark selected cases resolved")
    def resolve_cases(self, request, queryset):
        self._each(request, queryset, lambda c: services.case_resolve(
            case=c, actor=request.user, resolution="Resolved by a supervisor from the admin."), "Resolved")

    @admin.action(description="Archive selected finished cases")
    def archive_cases(self, request, queryset):
        self._each(request, queryset, lambda c: case_archive(case=c, actor=request.user), "Archived")

    @admin.action(description="Export selected cases as CSV (importable)")
    def export_cases_csv(self, request, queryset):
        return exporters.cases_csv_response(queryset)

    @admin.action(description="Export the timelines of selected cases as CSV")
    def export_timeline_csv(self, request, queryset):
        return exporters.events_csv_response(queryset)


class ReadOnlyAdmin(admin.ModelAdmin):
    """What the app writes itself (the timeline, files, products, drafts…): supervisors look, nobody edits."""

    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "case", "actor")
    list_filter = ("kind",)
    search_fields = ("case__case_id", "text")
    list_select_related = ("case", "actor")


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "content_type", "size", "uploaded_at")
    list_filter = ("content_type",)
    search_fields = ("original_name", "event__case__case_id")


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "case", "recipient", "claimed_at", "notified_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("case__case_id",)
    list_select_related = ("case", "recipient")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- The team: supervisors add people and give them a role --------------------------------------------

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class TeamUserAdmin(UserAdmin):
    """Users as supervisors need them: a person, an e-mail, a role. Being a supervisor is the group."""

    list_display = ("username", "first_name", "last_name", "email", "roles", "is_active", "last_login")
    list_filter = ("is_active", "groups")
    search_fields = ("username", "first_name", "last_name", "email")
    ordering = ("username",)
    team_fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Role", {"fields": ("is_active", "groups"),
                  "description": "Team members work cases; supervisors also get the admin, reports and imports."}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="role")
    def roles(self, user):
        return ", ".join(sorted(g.name for g in user.groups.all())) or "—"

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.team_fieldsets

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        # Only an administrator (superuser) changes an administrator.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        staff = user.is_superuser or user.groups.filter(name=SUPERVISOR_GROUP).exists()
        if user.is_staff != staff:
            user.is_staff = staff
            user.save(update_fields=["is_staff"])


# --- What the app keeps for itself: visible to supervisors, written only by the app -------------------------


@admin.register(CaseProduct)
class CaseProductAdmin(ReadOnlyAdmin):
    list_display = ("value", "kind", "case")
    list_filter = ("kind",)
    search_fields = ("value", "case__case_id")
    list_select_related = ("case",)


@admin.register(CaseDraft)
class CaseDraftAdmin(ReadOnlyAdmin):
    list_display = ("owner", "template", "reason", "updated_at")
    list_filter = ("template", "reason")
    search_fields = ("owner__username", "owner__first_name", "owner__last_name")
    list_select_related = ("owner", "template")
    exclude = ("data",)


@admin.register(MonitorHeartbeat)
class MonitorHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("name", "finished_at", "created_at")
    list_filter = ("name",)
    search_fields = ("name",)


@admin.register(DigestSent)
class DigestSentAdmin(ReadOnlyAdmin):
    list_display = ("day", "user", "sent_at")
    list_filter = ("day",)
    search_fields = ("user__username",)
    list_select_related = ("user",)


@admin.register(CalendarToken)
class CalendarTokenAdmin(ReadOnlyAdmin):
    """Who has a calendar feed; the token itself is a secret and is not shown."""

    list_display = ("user", "created_at")
    list_filter = ("created_at",)
    search_fields = ("user__username",)
    list_select_related = ("user",)
    exclude = ("token",)
