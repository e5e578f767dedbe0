"""Case templates (SOPs) in the supervisors' admin, with a live preview of the message they draft."""

from django import forms
from django.contrib import admin
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from cases import compose
from cases.models import CaseTemplate

IDENTIFIER_KINDS = {"asin", "upc", "sku"}


def _preview_html(*, name, subject_template, body_template, identifier_kinds) -> str:
    preview = compose.preview_template(name=name, subject_template=subject_template, body_template=body_template,
                                       identifier_kinds=identifier_kinds)
    kinds = [k.strip() for k in (identifier_kinds or "asin").split(",") if k.strip()]
    sample = ", ".join(f"{k.upper()} {v}" for kind in kinds for k, v in compose.SAMPLE_PRODUCTS.get(kind, []))
    return render_to_string("admin/cases/casetemplate/_preview.html",
                            {"preview": preview, "sample_products": sample or "ASIN B07XJ8C8F5"})


class CaseTemplateForm(forms.ModelForm):
    class Meta:
        model = CaseTemplate
        fields = ("name", "slug", "active", "position", "channels", "click_path", "precheck_required",
                  "identifier_kinds", "subject_template", "body_template", "tips", "default_priority",
                  "escalation_worthy")
        widgets = {
            "subject_template": forms.TextInput(attrs={"size": 90}),
            "body_template": forms.Textarea(attrs={"rows": 14, "cols": 90}),
            "click_path": forms.Textarea(attrs={"rows": 2, "cols": 90}),
            "tips": forms.Textarea(attrs={"rows": 3, "cols": 90}),
        }

    def clean_identifier_kinds(self):
        kinds = [k.strip().lower() for k in self.cleaned_data["identifier_kinds"].split(",") if k.strip()]
        wrong = [k for k in kinds if k not in IDENTIFIER_KINDS]
        if not kinds or wrong:
            raise forms.ValidationError("Write asin, or for ASIN creation upc,sku (comma-separated).")
        return ",".join(dict.fromkeys(kinds))

    def clean(self):
        data = super().clean()
        if "identifier_kinds" not in data:
            return data
        preview = compose.preview_template(
            name=data.get("name") or "", subject_template=data.get("subject_template") or "",
            body_template=data.get("body_template") or "", identifier_kinds=data["identifier_kinds"])
        # A template whose sample message fails the checks would give every team member a message to fix.
        errors = [c.message for c in preview.checks if c.is_error]
        if errors:
            raise forms.ValidationError(["Drafted for a sample case, this template's message fails the checks "
                                         "(see the preview):", *errors])
        return data


@admin.register(CaseTemplate)
class CaseTemplateAdmin(admin.ModelAdmin):
    form = CaseTemplateForm
    list_display = ("name", "channels", "precheck_required", "default_priority", "escalation_worthy", "active", "position")
    list_filter = ("channels", "active", "escalation_worthy", "precheck_required")
    list_editable = ("active", "position")
    search_fields = ("name", "subject_template", "body_template")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("placeholders", "preview")
    fieldsets = (
        (None, {"fields": ("name", "slug", "active", "position")}),
        ("Where to open it", {"fields": ("channels", "click_path")}),
        ("Before opening", {"fields": ("precheck_required", "identifier_kinds")}),
        ("The message", {"fields": ("subject_template", "body_template", "placeholders", "preview")}),
        ("Handling", {"fields": ("tips", "default_priority", "escalation_worthy")}),
    )

    class Media:
        css = {"all": ("css/admin-casedesk.css", "css/template-preview.css")}
        js = ("js/template-preview.js",)

    @admin.display(description="Placeholders")
    def placeholders(self, obj):
        rows = format_html_join("", "<li><code>{{{}}}</code> — {}</li>", compose.PLACEHOLDERS.items())
        return format_html('<p>Write these in the subject and message; the form fills them in. Any other '
                           '<code>{{name}}</code> is asked of the person by that name.</p>'
                           '<ul class="placeholder-list">{}</ul>', rows)

    @admin.display(description="Preview")
    def preview(self, obj):
        return _preview_html(name=obj.name if obj else "", subject_template=obj.subject_template if obj else "",
                             body_template=obj.body_template if obj else "",
                             identifier_kinds=obj.identifier_kinds if obj else "asin")

    def get_urls(self):
        urls = [path("preview/", self.admin_site.admin_view(self.preview_view), name="cases_casetemplate_preview")]
        return urls + super().get_urls()

    def preview_view(self, request):
        return _template_preview(request, self)


@require_POST
def _template_preview(request, model_admin):
    if not model_admin.has_view_or_change_permission(request):
        return HttpResponse(status=403)
    post = request.POST
    html = _preview_html(name=post.get("name", ""), subject_template=post.get("subject_template", ""),
                         body_template=post.get("body_template", ""),
                         identifier_kinds=post.get("identifier_kinds", "asin"))
    return HttpResponse(html)
