"""One form per step of the guided "Open a case" form (cases.views.open)."""

from django import forms

from cases import compose
from cases.forms import ProductsField
from cases.identifiers import normalize_asin, normalize_case_id
from cases.models import Brand, CaseTemplate, Channel, ContactMethod, Login, Marketplace

# The pre-check answers as the case page shows them.
PRECHECK_LABELS = {
    "checked_in_salesforce": "Checked in Salesforce",
    "checked_in_seller_central": "Checked in Seller Central (ASIN edit)",
    "content_differed": "Salesforce or Seller Central differed",
    "change_made": "Change made",
    "update_ca_pushed": "“Update CA” pushed in Salesforce",
    "a_day_passed": "A day has passed since",
}
YES_NO = [("no", "No, both were right"), ("yes", "Yes, and I fixed them")]


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class AboutForm(forms.Form):
    template = TemplateChoiceField(
        queryset=CaseTemplate.objects.filter(active=True), widget=forms.RadioSelect, empty_label=None,
        label="What is the case about?", error_messages={"required": "Pick what the case is about."},
    )
    issue = forms.CharField(
        max_length=200, required=False, label="The issue, in a line",
        help_text="Shown on the board and in reports. Leave it empty to use the subject of the message.",
    )
    # The pre-check (SOP "Before opening a case"), for product-detail changes.
    checked_in_salesforce = forms.BooleanField(required=False, label="I checked the content in Salesforce")
    checked_in_seller_central = forms.BooleanField(
        required=False, label="I checked it in Seller Central (Manage Inventory > ASIN edit)")
    content_differed = forms.ChoiceField(
        choices=YES_NO, required=False, widget=forms.RadioSelect,
        label="Did Salesforce or Seller Central differ from what we want?",
    )
    change_made = forms.BooleanField(required=False, label="I made the change")
    update_ca_pushed = forms.BooleanField(required=False, label="I pressed “Update CA” in Salesforce")
    a_day_passed = forms.BooleanField(required=False, label="A day has passed since, and Amazon still shows the old content")

    PRECHECK = ("checked_in_salesforce", "checked_in_seller_central", "content_differed", "change_made",
                "update_ca_pushed", "a_day_passed")

    def clean(self):
        data = super().clean()
        template = data.get("template")
        if not template or not template.precheck_required:
            return data
        if not data.get("checked_in_salesforce") or not data.get("checked_in_seller_central"):
            self.add_error(None, "Before opening a product-detail case, check the content in Salesforce and in "
                                 "Seller Central (Manage Inventory > ASIN edit): the fix may be on our side.")
        if not data.get("content_differed"):
            self.add_error("content_differed", "Say whether they differed from what we want.")
        elif data["content_differed"] == "yes" and not (
            data.get("change_made") and data.get("update_ca_pushed") and data.get("a_day_passed")
        ):
            self.add_error(None, "Not yet: make the change, press “Update CA” in Salesforce and give it a day. "
                                 "Open a case only if Amazon still shows the old content after that.")
        return data

    def precheck(self) -> dict:
        """The answers as the case keeps them (empty for issue types without a pre-check)."""
        template = self.cleaned_data["template"]
        if not template.precheck_required:
            return {}
        answers = {name: self.cleaned_data.get(name) for name in self.PRECHECK}
        answers["content_differed"] = answers["content_differed"] == "yes"
        if not answers["content_differed"]:
            for name in ("change_made", "update_ca_pushed", "a_day_passed"):
                answers.pop(name)
        return answers


class WhereForm(forms.Form):
    channel = forms.ChoiceField(choices=Channel.choices, widget=forms.RadioSelect, label="Open it in")
    login = forms.ChoiceField(
        choices=Login.choices, widget=forms.RadioSelect, label="Log in with", initial=Login.SHARED,
        help_text="Seller Central: the shared brand-protection login, or the brand's own, depending on the issue.",
    )
    brand = forms.ModelChoiceField(queryset=Brand.objects.filter(active=True), label="Brand",
                                   empty_label="Pick the brand…",
                                   error_messages={"required": "Pick the brand the case is for."})


class ProductsForm(forms.Form):
    products = ProductsField(
        label="Products", widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"}),
        help_text="ASINs, one per line (or separated by commas). For ASIN creation: the UPC and/or SKU.",
        error_messages={"required": "Add at least one ASIN, or for ASIN creation a UPC or SKU."},
    )
    marketplace = forms.ChoiceField(choices=Marketplace.choices, initial=Marketplace.US, label="Marketplace")
    separate_anyway = forms.BooleanField(required=False, label="Open a separate case anyway")

    def __init__(self, *args, template: CaseTemplate, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template

    def clean_products(self):
        products = self.cleaned_data["products"]
        return check_kinds(products, self.template)


def check_kinds(products: list[tuple[str, str]], template: CaseTemplate) -> list[tuple[str, str]]:
    """ASIN creation takes UPCs/EANs and SKUs (there is no ASIN yet); every other issue needs an ASIN."""
    kinds = {k.strip() for k in (template.identifier_kinds or "asin").split(",")}
    if "asin" in kinds:
        if not any(kind == "asin" for kind, _ in products):
            # Most often a mistyped ASIN that was taken for a SKU: say what is wrong with it.
            for _, value in products:
                if value.upper().startswith("B0") or len(value) == 10:
                    try:
                        normalize_asin(value)
                    except forms.ValidationError as exc:
                        raise forms.ValidationError(exc.messages)
            raise forms.ValidationError("Add the ASIN of the product (B0 and 8 letters or digits). "
                                        "UPCs and SKUs stand in for an ASIN only for ASIN creation.")
        return products
    asins = [value for kind, value in products if kind == "asin"]
    if asins:
        raise forms.ValidationError(f"{', '.join(asins)}: for ASIN creation give the UPC and/or SKU, not an ASIN.")
    return products


class MessageForm(forms.Form):
    subject = forms.CharField(max_length=compose.MAX_SUBJECT * 2, required=False, label="Subject",
                              widget=forms.TextInput(attrs={"spellcheck": "true", "autocomplete": "off"}))
    body = forms.CharField(max_length=compose.MAX_MESSAGE * 2, required=False, label="Message",
                           widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "true"}), strip=False)

    def __init__(self, *args, asked: list[str], identifiers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.identifiers = identifiers
        self.asked = asked
        fills = {}
        for name in asked:
            widget = forms.Textarea(attrs={"rows": 3}) if name == "description" else forms.TextInput()
            fills[f"fill_{name}"] = forms.CharField(
                required=False, max_length=2000, label=compose.ASKED.get(name, name.replace("_", " ").capitalize()),
                widget=widget)
        # The blanks come first: they are what the person writes.
        self.fields = {**fills, **self.fields}
        self.checks: list[compose.Check] = []

    def clean_body(self):
        # Browsers send a textarea's line breaks as CRLF; the case keeps plain new lines.
        return self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")

    def fills(self) -> dict:
        source = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {name: (source.get(f"fill_{name}") or "").replace("\r\n", "\n").strip() for name in self.asked}

    def clean(self):
        data = super().clean()
        self.checks = compose.check_message(data.get("subject", ""), data.get("body", ""), self.identifiers)
        if compose.has_errors(self.checks):
            raise forms.ValidationError("The message is not ready: fix what is marked below.")
        return data


class ContactForm(forms.Form):
    contact_method = forms.ChoiceField(choices=ContactMethod.choices, widget=forms.RadioSelect,
                                       initial=ContactMethod.EMAIL, label="Contact Amazon by")
    urgent = forms.BooleanField(required=False, label="Mark it urgent")

    def __init__(self, *args, channel: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel = channel
        if channel == Channel.BRAND_REGISTRY:
            self.fields["contact_method"].choices = [
                c for c in ContactMethod.choices if c[0] != ContactMethod.PHONE
            ]

    def clean_contact_method(self):
        method = self.cleaned_data["contact_method"]
        if self.channel == Channel.BRAND_REGISTRY and method == ContactMethod.PHONE:
            raise forms.ValidationError("Brand Registry support has no phone line: use e-mail or chat.")
        return method


class RecordForm(forms.Form):
    case_id = forms.CharField(
        max_length=60, label="Case ID", error_messages={"required": "Paste the Case ID Amazon gave you."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
        help_text="Paste it as Amazon shows it (“Case ID: 1234567890”, with spaces or #): casedesk keeps the digits.",
    )

    def clean_case_id(self):
        return normalize_case_id(self.cleaned_data["case_id"])
