"""The case domain: brands, case templates (SOPs), cases, their products, timeline and alerts.

Cases are written only through `cases.services`; each write leaves a CaseEvent. The stored clock
columns (`response_due_at`, `follow_up_due_at`, `stale_at`) are kept right by the services so the
board and the scheduled jobs can query them with an index.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from cases import clocks


class Channel(models.TextChoices):
    SELLER_CENTRAL = "SC", "Seller Central"
    BRAND_REGISTRY = "BR", "Brand Registry"


class Status(models.TextChoices):
    WAITING = "waiting", "Waiting on Amazon"
    ACTION_NEEDED = "action_needed", "Action needed"
    ON_HOLD = "on_hold", "On hold"
    ESCALATED = "escalated", "Escalated"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed_by_amazon", "Closed by Amazon"


OPEN_STATUSES = [Status.WAITING, Status.ACTION_NEEDED, Status.ON_HOLD, Status.ESCALATED]
assert tuple(OPEN_STATUSES) == clocks.OPEN_STATUSES


class ClosedReason(models.TextChoices):
    AMAZON = "amazon", "Closed by Amazon"
    # Agents have different permissions: closing and opening a new case reaches another one.
    ANOTHER_AGENT = "another_agent", "Closed to reach another agent"


class Priority(models.IntegerChoices):
    URGENT = 1, "Urgent"
    HIGH = 2, "High"
    NORMAL = 3, "Normal"
    LOW = 4, "Low"


class Marketplace(models.TextChoices):
    US = "US", "United States"
    CA = "CA", "Canada"
    MX = "MX", "Mexico"
    BR = "BR", "Brazil"
    UK = "UK", "United Kingdom"
    DE = "DE", "Germany"
    FR = "FR", "France"
    IT = "IT", "Italy"
    ES = "ES", "Spain"
    NL = "NL", "Netherlands"
    SE = "SE", "Sweden"
    PL = "PL", "Poland"
    BE = "BE", "Belgium"
    IE = "IE", "Ireland"
    TR = "TR", "Turkey"
    AE = "AE", "United Arab Emirates"
    SA = "SA", "Saudi Arabia"
    EG = "EG", "Egypt"
    IN = "IN", "India"
    JP = "JP", "Japan"
    AU = "AU", "Australia"
    SG = "SG", "Singapore"


class Login(models.TextChoices):
    SHARED = "shared", "Shared brand-protection login"
    BRAND = "brand", "The brand's own login"


class ContactMethod(models.TextChoices):
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Phone"
    CHAT = "chat", "Chat"


class ChannelScope(models.TextChoices):
    SC = "SC", "Seller Central"
    BR = "BR", "Brand Registry"
    BOTH = "both", "Seller Central or Brand Registry"


class Brand(models.Model):
    name = models.CharField(max_length=120)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="brand_name_unique_ci",
                                    violation_error_message="A brand with this name already exists."),
        ]

    def __str__(self):
        return self.name


class CaseTemplate(models.Model):
    """One issue type and its SOP: where to open it, what to write, what to check first."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    channels = models.CharField(max_length=4, choices=ChannelScope.choices, default=ChannelScope.SC)
    click_path = models.TextField(blank=True, help_text="Where to open the case, step by step.")
    precheck_required = models.BooleanField(
        default=False, help_text="Product-detail changes: check Salesforce and Seller Central first."
    )
    identifier_kinds = models.CharField(
        max_length=40, default="asin", help_text="Which identifiers this case needs: asin, or upc/sku for ASIN creation."
    )
    subject_template = models.CharField(max_length=250, blank=True)
    body_template = models.TextField(blank=True)
    tips = models.TextField(blank=True)
    default_priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    escalation_worthy = models.BooleanField(
        default=False, help_text="Account health, suspension, payments, suppression, policy/IP: escalate early."
    )
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=100)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "case template (SOP)"
        verbose_name_plural = "case templates (SOPs)"

    def __str__(self):
        return self.name


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def for_list(self):
        return self.select_related("brand", "issue_type", "owner", "last_checked_by")


class Case(models.Model):
    case_id = models.CharField("Case ID", max_length=20, help_text="Amazon's number for the case: digits only.")
    channel = models.CharField("SC or BR", max_length=2, choices=Channel.choices, default=Channel.SELLER_CENTRAL)
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="cases")
    marketplace = models.CharField(max_length=2, choices=Marketplace.choices, default=Marketplace.US)
    login = models.CharField("login used", max_length=10, choices=Login.choices, default=Login.SHARED)
    contact_method = models.CharField(max_length=10, choices=ContactMethod.choices, default=ContactMethod.EMAIL)
    amazon_urgent = models.BooleanField("marked urgent at Amazon", default=False)
    issue_type = models.ForeignKey(CaseTemplate, on_delete=models.PROTECT, related_name="cases")
    issue = models.CharField("issue", max_length=200, help_text="What the case is about, in a line.")
    subject = models.CharField(max_length=250, blank=True)
    message = models.TextField("message sent", blank=True)
    precheck = models.JSONField(default=dict, blank=True)
    notes = models.TextField(blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )

    started_at = models.DateTimeField("date started")
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    amazon_replied_at = models.DateTimeField("Amazon last replied", null=True, blank=True)
    we_replied_at = models.DateTimeField("we last replied", null=True, blank=True)
    response_due_at = models.DateTimeField("response due", null=True, blank=True)
    # When the running response window turns "due soon" (clocks.warn_at): stored so the scan can find it with an index.
    warn_at = models.DateTimeField("due-soon warning at", null=True, blank=True)

    escalated_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    escalation_route = models.CharField(max_length=40, blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)
    generic_replies = models.PositiveSmallIntegerField(
        default=0, help_text="Amazon replies logged as generic: answers that did not address the issue.")
    follow_up_due_at = models.DateTimeField(null=True, blank=True)
    stale_at = models.DateTimeField(null=True, blank=True)

    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField("closed by Amazon at", null=True, blank=True)
    closed_reason = models.CharField(max_length=20, choices=ClosedReason.choices, blank=True)
    resolution = models.TextField(blank=True)
    reopened_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reopened_as"
    )
    archived_at = models.DateTimeField(null=True, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "case_id"],
                name="case_id_unique_per_channel",
                violation_error_message="A case with this Case ID already exists for this channel.",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="case_version_positive"),
        ]
        indexes = [
            # The scheduled jobs: "due before now" over open cases only.
            models.Index(fields=["response_due_at"], name="case_response_due_open",
                         condition=Q(response_due_at__isnull=False)),
            models.Index(fields=["follow_up_due_at"], name="case_follow_up_due_open",
                         condition=Q(follow_up_due_at__isnull=False)),
            models.Index(fields=["stale_at"], name="case_stale_open", condition=Q(stale_at__isnull=False)),
            models.Index(fields=["warn_at"], name="case_warn_open", condition=Q(warn_at__isnull=False)),
            # The reports' escalation table: cases escalated in a period.
            models.Index(fields=["escalated_at"], name="case_escalated", condition=Q(escalated_at__isnull=False)),
            # The board: open cases by last check, by owner and by brand.
            models.Index(fields=["status", "last_checked_at"], name="case_status_checked"),
            models.Index(fields=["owner", "status"], name="case_owner_status"),
            models.Index(fields=["brand", "status"], name="case_brand_status"),
            models.Index(fields=["-started_at"], name="case_started"),
            models.Index(fields=["case_id"], name="case_case_id"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} case {self.case_id}"

    def get_absolute_url(self):
        return reverse("case_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def status_label(self) -> str:
        """The status as people read it: a case we closed to reach another agent is not "Closed by Amazon"."""
        if self.status == Status.CLOSED and self.closed_reason == ClosedReason.ANOTHER_AGENT:
            return ClosedReason.ANOTHER_AGENT.label
        return self.get_status_display()

    def clock(self, now=None):
        from django.utils import timezone

        return clocks.case_clock(self, now or timezone.now())

    def clean(self):
        from cases.identifiers import normalize_case_id

        if self.case_id:
            try:
                self.case_id = normalize_case_id(self.case_id)
            except ValidationError as exc:
                raise ValidationError({"case_id": exc.messages})
        if self.channel == Channel.BRAND_REGISTRY and self.contact_method == ContactMethod.PHONE:
            raise ValidationError({"contact_method": "Brand Registry support has no phone line: use e-mail or chat."})


class ProductKind(models.TextChoices):
    ASIN = "asin", "ASIN"
    UPC = "upc", "UPC"
    EAN = "ean", "EAN"
    SKU = "sku", "SKU"


class CaseProduct(models.Model):
    """One product identifier a case concerns: an ASIN, or for ASIN creation a UPC/EAN or SKU."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="products")
    kind = models.CharField(max_length=4, choices=ProductKind.choices)
    value = models.CharField(max_length=40)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["case", "kind", "value"], name="case_product_unique")]
        indexes = [models.Index(fields=["value"], name="case_product_value")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.value}"


class EventKind(models.TextChoices):
    OPENED = "opened", "Opened"
    CHECKED = "checked", "Checked — no update"
    AMAZON_REPLIED = "amazon_replied", "Amazon replied"
    WE_REPLIED = "we_replied", "We replied"
    KEEP_OPEN = "keep_open", "Keep-open requested"
    STATUS_CHANGED = "status_changed", "Status changed"
    NOTE = "note", "Note"
    EDITED = "edited", "Details edited"
    ESCALATED = "escalated", "Escalated"
    FOLLOW_UP = "follow_up", "Follow-up sent"
    REASSIGNED = "reassigned", "Reassigned"
    RESOLVED = "resolved", "Resolved"
    CLOSED_BY_AMAZON = "closed_by_amazon", "Closed by Amazon"
    CLOSED_FOR_AGENT = "closed_another_agent", "Closed to reach another agent"
    REOPENED = "reopened", "Reopened as a new case"
    ATTACHMENT = "attachment", "Attachment added"
    IMPORTED = "imported", "Imported"
    ARCHIVED = "archived", "Archived"


class AppendOnlyError(Exception):
    pass


class CaseEvent(models.Model):
    """One entry on a case's timeline. Append-only: the timeline is the audit trail."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="case_events"
    )
    at = models.DateTimeField(help_text="When it happened (Amazon's reply time, for a reply).")
    recorded_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True, help_text="What changed: {field: [before, after]}.")
    version = models.PositiveIntegerField(null=True, blank=True, help_text="The case's version after this event.")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["case", "-at"], name="event_case_at"),
            models.Index(fields=["kind", "at"], name="event_kind_at"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.case_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("Case events are append-only; add a new event instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Case events are append-only and cannot be deleted.")


def attachment_path(instance, filename):
    return f"attachments/{instance.event.case_id}/{instance.event_id}/{filename}"


class Attachment(models.Model):
    event = models.ForeignKey(CaseEvent, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class AlertKind(models.TextChoices):
    DUE_SOON = "due_soon", "Response due soon"
    OVERDUE = "overdue", "Response overdue — at risk of being closed"
    CHECK_MISSED = "check_missed", "Daily check not done"
    STALE = "stale", "No reply from Amazon — consider escalating"
    FOLLOW_UP_DUE = "follow_up_due", "Escalation follow-up due"


class Alert(models.Model):
    """A threshold a case crossed. One per case, kind and window: the constraint forbids a second."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    # Identifies the window the alert belongs to: the due time it was raised for (or the day, for checks).
    window = models.CharField(max_length=40)
    # The same window as a time (the due time, or the check deadline), so the scan can anti-join on it in SQL.
    window_at = models.DateTimeField(null=True, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    notify_after = models.DateTimeField(null=True, blank=True, help_text="E-mail waits for working hours.")
    # A run that sends the e-mail holds a lease on it from claimed_at (CASEDESK_NOTIFY_LEASE_SECONDS);
    # notified_at is written once the e-mail went out, so a run that died mid-send leaves it to the next one.
    claimed_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "window"], name="alert_once_per_case_kind_window"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="alert_recipient_unread"),
            models.Index(fields=["notify_after"], name="alert_to_notify", condition=Q(notified_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.case}"


class MonitorHeartbeat(models.Model):
    """When a scheduled job last finished: /healthz and the supervisors' banner read it.

    Created by the migration, so a deployment whose beat never ran is noticed three intervals after install.
    `policy` fingerprints the clock settings the stored clock columns were computed with.
    """

    name = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    policy = models.CharField(max_length=64, blank=True)
    stats = models.JSONField(default=dict, blank=True)

    def __str__(self):
        return f"{self.name}: {self.finished_at or 'never'}"


class DigestSent(models.Model):
    """One morning digest per person per working day: the constraint forbids a second."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_user_day")]

    def __str__(self):
        return f"digest {self.day} for {self.user_id}"

class CalendarToken(models.Model):
    """The secret in a person's calendar feed URL. Regenerating replaces it; revoking deletes it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"


class CaseDraft(models.Model):
    """A case being opened with the guided form: the person's answers so far, kept on the server.

    The draft survives reloads, the back button and a lunch break; recording the Case ID turns it into a
    case (through `services.case_open`) and deletes it. `data` holds the answers step by step.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_drafts")
    template = models.ForeignKey(CaseTemplate, on_delete=models.PROTECT, related_name="drafts",
                                 verbose_name="issue type")
    data = models.JSONField(default=dict, blank=True)
    reopened_from = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=20, blank=True, help_text="Why it continues another case.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["owner", "-updated_at"], name="draft_owner_updated")]

    def __str__(self):
        return f"Draft: {self.template} ({self.owner})"

    def get_absolute_url(self):
        from cases.services_drafts import next_step

        return reverse("draft_step", args=[self.pk, next_step(self)])
