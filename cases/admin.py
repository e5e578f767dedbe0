from django.contrib import admin

from cases.models import Alert, Attachment, Brand, Case, CaseEvent, CaseProduct, CaseTemplate


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


@admin.register(CaseTemplate)
class CaseTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "channels", "precheck_required", "default_priority", "escalation_worthy", "active", "position")
    list_filter = ("channels", "active", "escalation_worthy", "precheck_required")
    search_fields = ("name", "subject_template", "body_template")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("case_id", "channel", "brand", "issue", "status", "priority", "owner", "last_checked_at", "response_due_at")
    list_filter = ("status", "channel", "priority", "marketplace", "issue_type")
    search_fields = ("case_id", "products__value", "subject")
    list_select_related = ("brand", "owner", "issue_type")
    raw_id_fields = ("brand", "owner", "last_checked_by", "reopened_from", "issue_type")
    show_full_result_count = False
    inlines = [CaseProductInline, CaseEventInline]

    def has_add_permission(self, request):
        # Cases are opened through the guided form so that every case starts with its event.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Edits go through the case page and its services; the admin shows and filters.
        return False


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "case", "actor")
    list_filter = ("kind",)
    search_fields = ("case__case_id", "text")
    list_select_related = ("case", "actor")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "content_type", "size", "uploaded_at")
    search_fields = ("original_name",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "case", "recipient", "notified_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("case__case_id",)
    list_select_related = ("case", "recipient")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
