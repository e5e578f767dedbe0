"""Forms for the quick actions on a case (board rows and the case page)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from cases.models import OPEN_STATUSES, Status


class ActionForm(forms.Form):
    """What every quick action carries: the version the person saw, and an optional note."""

    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    text = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}), label="Note")


class _WhenForm(ActionForm):
    at = forms.DateTimeField(
        required=False,
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text="Leave empty for now.",
    )

    def clean_at(self):
        at = self.cleaned_data.get("at")
        if at and at > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError("That time is in the future: check the date and time.")
        return at


class AmazonReplyForm(_WhenForm):
    text = forms.CharField(
        required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 3}), label="What Amazon said"
    )
    generic = forms.BooleanField(required=False, label="A generic reply: it did not address the issue")


class OurReplyForm(_WhenForm):
    text = forms.CharField(required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 3}), label="What we wrote")


class StatusForm(ActionForm):
    status = forms.ChoiceField(choices=[(s.value, s.label) for s in Status if s != Status.ESCALATED])

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status not in [*OPEN_STATUSES, Status.RESOLVED, Status.CLOSED]:
            raise forms.ValidationError("Pick a status from the list.")
        return status


class ReassignForm(ActionForm):
    owner = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True, groups__name__in=["Team member", "Supervisor"])
        .distinct()
        .order_by("first_name", "username"),
        required=False,
        empty_label="Unassigned",
    )


class NoteForm(ActionForm):
    text = forms.CharField(max_length=20000, widget=forms.Textarea(attrs={"rows": 3}), label="Note",
                           error_messages={"required": "Write the note first."})


# --- The case page: editing the details, attaching files ---------------------------------------------


class _MinuteDateTimeField(forms.DateTimeField):
    """A date and time edited to the minute: seconds the form never showed do not count as a change."""

    def has_changed(self, initial, data):
        try:
            data = self.to_python(data)
            initial = self.to_python(initial)
        except forms.ValidationError:
            return True
        trim = lambda v: v.replace(second=0, microsecond=0) if v else v  # noqa: E731
        return trim(data) != trim(initial)


class ProductsField(forms.CharField):
    """ASINs, UPCs/EANs and SKUs, one per line (or comma-separated), told apart by their shape."""

    widget = forms.Textarea(attrs={"rows": 2})

    def to_python(self, value):
        from cases.identifiers import parse_identifiers

        text = super().to_python(value)
        try:
            found = parse_identifiers(text)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.messages)
        if not found:
            raise forms.ValidationError("A case needs at least one ASIN, UPC or SKU.")
        return found

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(v for _, v in value)
        return value

    def has_changed(self, initial, data):
        try:
            return self.to_python(self.prepare_value(initial)) != self.to_python(data)
        except forms.ValidationError:
            return True


class CaseEditForm(forms.Form):
    """The case's details as the case page edits them: the model's own fields and validation.

    Each field carries the value the person loaded (a hidden "initial-" input), so `changed_data`
    names exactly what they changed; only those fields are saved, and only if nobody saved the case
    since `version`.
    """

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    FIELD_ORDER = ("case_id", "channel", "brand", "marketplace", "issue_type", "issue", "products", "priority",
                   "login", "contact_method", "amazon_urgent", "started_at", "subject", "message", "notes")

    def __init__(self, *args, case, **kwargs):
        from django.db.models import Q
        from django.forms.models import fields_for_model, model_to_dict

        from cases.models import Brand, CaseTemplate
        from cases.services import EDITABLE_FIELDS

        initial = model_to_dict(case, fields=EDITABLE_FIELDS)
        initial["products"] = [(p.kind, p.value) for p in case.products.all()]
        initial["version"] = case.version
        super().__init__(*args, initial=initial, **kwargs)
        fields = fields_for_model(
            type(case), fields=EDITABLE_FIELDS,
            field_classes={"started_at": _MinuteDateTimeField},
            widgets={
                "started_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                "message": forms.Textarea(attrs={"rows": 10}),
                "notes": forms.Textarea(attrs={"rows": 3}),
            },
        )
        fields["started_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S",
                                              "%Y-%m-%dT%H:%M:%S"]
        # Inactive brands and templates stay choosable for the case that already uses them.
        fields["brand"].queryset = Brand.objects.filter(Q(active=True) | Q(pk=case.brand_id))
        fields["issue_type"].queryset = CaseTemplate.objects.filter(Q(active=True) | Q(pk=case.issue_type_id))
        fields["issue_type"].label = "Issue type"
        fields["products"] = ProductsField(label="Products", help_text="ASIN, UPC or SKU — one per line.")
        for name in self.FIELD_ORDER:
            fields[name].show_hidden_initial = True
            self.fields[name] = fields[name]

    def changed_values(self) -> dict:
        """The fields the person changed (products aside), as `services.case_update` takes them."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name not in ("version", "products")}

    def changed_products(self):
        return self.cleaned_data["products"] if "products" in self.changed_data else None


def rebase_edit(data, *, case) -> "CaseEditForm":
    """After a refused (stale) save: the current case, with the person's own edits laid on top.

    Fields they did not touch show the current values, fields they changed keep their input, and
    the hidden "loaded" values become today's, so saving again applies just their edits.
    """
    current = CaseEditForm(case=case)
    theirs = CaseEditForm(data, case=case)
    mine = set(theirs.changed_data) if data else set()
    merged = data.copy()
    for name, field in current.fields.items():
        bound = current[name]
        value = bound.value()
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            as_data = "on" if value else ""
        elif isinstance(widget, forms.DateTimeInput):
            as_data = widget.format_value(value) or ""
        else:
            as_data = "" if value is None else str(value)
        if name == "version":
            merged[name] = as_data
            continue
        merged[f"initial-{name}"] = as_data
        if name not in mine:
            if isinstance(widget, forms.CheckboxInput) and not value:
                merged.pop(name, None)
            else:
                merged[name] = as_data
    form = CaseEditForm(merged, case=case)
    form.kept_edits = sorted(mine - {"version"})
    return form


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class AttachmentForm(forms.Form):
    files = MultipleFileField(label="Files", required=False,
                              help_text="Screenshots, PDFs, e-mails: PNG, JPG, GIF, WebP, PDF, TXT, CSV, EML, MSG.")
    text = forms.CharField(required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 2}),
                           label="Note (optional)")
