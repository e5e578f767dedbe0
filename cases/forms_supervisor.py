"""Forms for the supervisors' pages: report filters, the import upload and column mapping, the person's settings."""

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model

from cases.importers.asana import ASANA_FIELDS, FIELDS
from cases.models import Brand
from cases.selectors_reports import ReportRange, default_range

MAX_REPORT_DAYS = 366 * 3
BRAND_CHOICES_LIMIT = 300


class ReportFilterForm(forms.Form):
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    brand = forms.ModelChoiceField(queryset=Brand.objects.none(), required=False, empty_label="All brands")

    def __init__(self, data=None):
        default = default_range()
        merged = {"start": default.start.isoformat(), "end": default.end.isoformat()}
        if data:
            merged.update({k: v for k, v in data.items() if k in ("start", "end", "brand") and v})
        super().__init__(merged)
        # A bounded list: active brands, by name.
        ids = list(Brand.objects.filter(active=True).order_by("name").values_list("pk", flat=True)[:BRAND_CHOICES_LIMIT])
        self.fields["brand"].queryset = Brand.objects.filter(pk__in=ids).order_by("name")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError("“To” is before “From”: pick the earlier date first.")
            if end - start > timedelta(days=MAX_REPORT_DAYS):
                raise forms.ValidationError("Pick at most three years at a time.")
        return data

    def report_range(self) -> ReportRange:
        if not self.is_valid():
            return default_range()
        brand = self.cleaned_data.get("brand")
        return ReportRange(self.cleaned_data["start"], self.cleaned_data["end"], brand.pk if brand else None)


class ImportUploadForm(forms.Form):
    file = forms.FileField(label="Asana CSV export", help_text="The .csv file Asana exports from the Case Management board.")

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB: split it and import the parts one by one.")
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("Upload the .csv file Asana exports (File → Export → CSV).")
        return upload


class ColumnMappingForm(forms.Form):
    """One select per case field: which column of the file fills it."""

    def __init__(self, *args, headers: list[str], initial_mapping: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— not in this file —")] + [(h, h) for h in headers if h]
        for name, label, _aliases in FIELDS:
            self.fields[f"map_{name}"] = forms.ChoiceField(
                label=label, choices=choices, required=False, initial=initial_mapping.get(name, "")
            )

    def main_fields(self):
        return [self[f"map_{name}"] for name, _l, _a in FIELDS if name in ASANA_FIELDS]

    def more_fields(self):
        return [self[f"map_{name}"] for name, _l, _a in FIELDS if name not in ASANA_FIELDS]

    def mapping(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"map_{name}") for name, _l, _a in FIELDS if self.cleaned_data.get(f"map_{name}")}


class PersonForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ("first_name", "last_name", "email")
        labels = {"email": "E-mail (alerts go here)"}

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email and get_user_model().objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Someone else on the team already uses this e-mail address.")
        return email
