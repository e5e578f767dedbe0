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
