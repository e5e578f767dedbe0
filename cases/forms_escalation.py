"""The escalation composer, the follow-up composer and "close to reach another agent"."""

from django import forms

from cases import escalation

OTHER_OUTCOME = "other"


class EscalationForm(forms.Form):
    """Route, desired outcome, attachments to include — and the message drafted from them, as edited."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    route = forms.ChoiceField(widget=forms.RadioSelect, label="Route")
    outcome_choice = forms.ChoiceField(widget=forms.RadioSelect, label="Desired outcome", required=False)
    outcome_text = forms.CharField(required=False, max_length=300, label="Another outcome, in your words",
                                   widget=forms.TextInput(attrs={"placeholder": "What you want Amazon to do"}))
    attachments = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                            label="Attachments to include")
    subject = forms.CharField(max_length=250, required=False, label="Subject")
    message = forms.CharField(max_length=6000, required=False, label="Message",
                              widget=forms.Textarea(attrs={"rows": 22}))

    def __init__(self, *args, category: str, attachment_names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        routes = escalation.routes()
        self.fields["route"].choices = [(r.key, r.label) for r in routes]
        self.routes = routes
        outcomes = escalation.outcomes_for(category)
        self.fields["outcome_choice"].choices = [(o, o) for o in outcomes] + [(OTHER_OUTCOME, "Something else")]
        self.fields["attachments"].choices = [(name, name) for name in attachment_names]

    def clean(self):
        data = super().clean()
        choice, text = data.get("outcome_choice"), (data.get("outcome_text") or "").strip()
        if choice == OTHER_OUTCOME or (not choice and text):
            data["outcome"] = text
            if not text:
                self.add_error("outcome_text", "Write the outcome you want, or pick one above.")
        elif choice:
            data["outcome"] = choice
        else:
            data["outcome"] = ""
            self.add_error("outcome_choice", "Pick the outcome you want, or write your own.")
        return data


class FollowUpForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    subject = forms.CharField(max_length=250, required=False, label="Subject")
    message = forms.CharField(max_length=6000, label="Message", widget=forms.Textarea(attrs={"rows": 10}),
                              error_messages={"required": "Write the follow-up message first."})


class AnotherAgentForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = forms.CharField(
        max_length=2000, label="Why another agent is needed", widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why another agent is needed, so the new case can say it too."},
        help_text="E.g. “This agent cannot see the dangerous-goods review” or “transferred twice without an answer”.",
    )
