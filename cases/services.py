"""Every write to a case. One transaction each, one timeline event each, clocks kept right.

Services take keyword-only arguments. Those that change a case accept `expected_version`: the
version the person saw. If someone else saved the case meanwhile, `CaseChanged` is raised, naming
what changed, and nothing is written. `expected_version=None` applies the action to the current
state (one-click actions such as "checked" that cannot conflict in a harmful way).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cases import clocks, text_guard
from cases.identifiers import normalize_case_id, normalize_identifier
from cases.models import (
    OPEN_STATUSES,
    Brand,
    Case,
    CaseEvent,
    CaseProduct,
    CaseTemplate,
    Channel,
    ClosedReason,
    EventKind,
    Status,
)

# Fields a person may edit on the case page (the rest move through the actions).
EDITABLE_FIELDS = (
    "case_id", "channel", "brand", "marketplace", "login", "contact_method", "amazon_urgent", "issue_type",
    "issue", "subject", "message", "notes", "priority", "started_at",
)


class CaseChanged(Exception):
    """Someone saved the case after the person loaded it; nothing was written."""

    def __init__(self, case: Case, changes: list["FieldChange"]):
        self.case = case
        self.changes = changes
        names = ", ".join(c.label for c in changes) or "its timeline"
        super().__init__(
            f"{case.get_channel_display()} case {case.case_id} was changed by someone else while you had it open "
            f"({names}). Nothing was saved: look at the current version and try again."
        )


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: object
    after: object


def _display(case: Case, field: str):
    value = getattr(case, field)
    getter = getattr(case, f"get_{field}_display", None)
    if getter:
        return getter()
    return value


def _json_value(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _lock(case: Case, expected_version: int | None) -> Case:
    """Lock the case row for this transaction and check the version the person saw."""
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to the owner.
    current = Case.objects.select_for_update(of=("self",)).select_related("brand", "issue_type", "owner").get(pk=case.pk)
    if expected_version is not None and current.version != int(expected_version):
        changes = []
        # The fields another save changed, from the events written since the person's version.
        for event in current.events.filter(version__gt=int(expected_version)).order_by("version", "id")[:20]:
            for field, pair in (event.changes or {}).items():
                # Some events record facts, not before/after pairs (files attached, the new case's ID).
                if not isinstance(pair, list | tuple) or len(pair) != 2:
                    continue
                before, after = pair
                label = Case._meta.get_field(field).verbose_name if _is_field(field) else field
                changes.append(FieldChange(field, str(label), before, after))
        raise CaseChanged(current, changes)
    return current


def _is_field(name: str) -> bool:
    try:
        Case._meta.get_field(name)
    except Exception:
        return False
    return True


def _refresh_clock_columns(case: Case, p: clocks.ClockPolicy | None = None) -> None:
    p = p or clocks.policy()
    case.response_due_at = clocks.response_due(
        status=case.status, amazon_replied_at=case.amazon_replied_at, we_replied_at=case.we_replied_at, p=p
    )
    case.warn_at = (
        clocks.warn_at(case.response_due_at, p, started=case.amazon_replied_at) if case.response_due_at else None
    )
    case.follow_up_due_at = clocks.follow_up_due(
        status=case.status,
        escalated_at=case.escalated_at,
        followed_up_at=case.followed_up_at,
        amazon_replied_at=case.amazon_replied_at,
        p=p,
    )
    case.stale_at = clocks.stale_at(
        status=case.status, started_at=case.started_at, amazon_replied_at=case.amazon_replied_at, p=p
    )


def _save(case: Case, *, before: dict, actor, kind: str, at: datetime, text: str = "", extra: dict | None = None) -> CaseEvent:
    """Validate, bump the version, save, and write the one event that records the change."""
    _refresh_clock_columns(case)
    _clean(case)
    changes = {}
    for field, old in before.items():
        new = getattr(case, field)
        if old != new:
            changes[field] = [_json_value(old), _json_value(new)]
    case.version = F("version") + 1
    case.save()
    case.refresh_from_db(fields=["version", "updated_at"])
    if extra:
        changes.update(extra)
    return CaseEvent.objects.create(
        case=case, kind=kind, actor=actor, at=at, text=text, changes=changes, version=case.version
    )


def _clean(case: Case) -> None:
    """The model's validation, plus what it skips: a blank-able text field given None (not NULL in the table)."""
    # Foreign keys are guaranteed by the database; validating them here would cost a query each.
    case.full_clean(exclude=_FK_FIELDS, validate_constraints=False)
    empty = {f.name: f"{str(f.verbose_name).capitalize()} cannot be None; leave it empty instead."
             for f in case._meta.concrete_fields if not f.null and getattr(case, f.attname) is None
             and f.name not in _FK_FIELDS and not f.primary_key and not getattr(f, "auto_now_add", False)
             and not getattr(f, "auto_now", False)}
    if empty:
        raise ValidationError(empty)


def _typed(data: dict) -> dict:
    """Each edited value as its field's type, or a message naming the field (a caller's wrong type is not a 500)."""
    errors, typed = {}, {}
    for name, value in data.items():
        field = Case._meta.get_field(name)
        if value is None and not field.null:
            errors[name] = f"{str(field.verbose_name).capitalize()} cannot be empty."
        elif isinstance(value, str) and text_guard.NUL in value:
            # Refused before any query: PostgreSQL cannot even compare a text with a NUL in it.
            errors[name] = f"{str(field.verbose_name).capitalize()} {text_guard.MESSAGE}"
        elif field.is_relation:
            if value is not None and not isinstance(value, field.related_model):
                errors[name] = f"{str(field.verbose_name).capitalize()}: choose one from the list."
            else:
                typed[name] = value
        else:
            try:
                typed[name] = field.to_python(value)
            except ValidationError as exc:
                errors[name] = exc.messages
            except (TypeError, ValueError, OverflowError):
                errors[name] = f"{str(field.verbose_name).capitalize()}: {value!r} is not a valid value."
    if errors:
        raise ValidationError(errors)
    return typed


def _snapshot(case: Case, fields) -> dict:
    return {f: getattr(case, f) for f in fields}


_FK_FIELDS = ("brand", "issue_type", "owner", "last_checked_by", "reopened_from")
_CLOCK_FIELDS = ("status", "response_due_at", "follow_up_due_at", "stale_at")
# Every stored column _refresh_clock_columns writes (cases.monitoring recomputes them when the settings change).
CLOCK_COLUMNS = ("response_due_at", "warn_at", "follow_up_due_at", "stale_at")


def _status_after_our_message(case: Case) -> str:
    # An open escalation stays escalated while we wait for Amazon.
    return Status.ESCALATED if case.escalated_at and case.status == Status.ESCALATED else Status.WAITING


def _ensure_open(case: Case, action: str) -> None:
    if case.status not in OPEN_STATUSES:
        raise ValidationError(
            f"This case is {case.get_status_display().lower()}; you cannot {action} on it. "
            "Reopen it as a new case instead."
        )


# --- Opening ---------------------------------------------------------------------------------------


@transaction.atomic
def case_open(
    *,
    actor: AbstractBaseUser | None,
    case_id: str,
    channel: str,
    brand: Brand,
    issue_type: CaseTemplate,
    issue: str,
    products: list[tuple[str, str]],
    marketplace: str = "US",
    login: str = "shared",
    contact_method: str = "email",
    amazon_urgent: bool = False,
    subject: str = "",
    message: str = "",
    precheck: dict | None = None,
    priority: int | None = None,
    owner: AbstractBaseUser | None = None,
    notes: str = "",
    reopened_from: Case | None = None,
    now: datetime | None = None,
) -> Case:
    """Record a case just opened at Amazon: checked today, waiting on Amazon, its message the first event."""
    now = _now(now)
    if not products:
        raise ValidationError({"products": "Add at least one ASIN, or for ASIN creation a UPC or SKU."})
    clean_products = []
    errors = []
    for kind, value in products:
        try:
            clean_products.append(normalize_identifier(kind, value))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"products": errors})
    case = Case(
        case_id=normalize_case_id(case_id),
        channel=channel,
        brand=brand,
        issue_type=issue_type,
        issue=issue.strip(),
        marketplace=marketplace,
        login=login,
        contact_method=contact_method,
        amazon_urgent=amazon_urgent,
        subject=subject.strip(),
        message=message.strip(),
        precheck=precheck or {},
        priority=priority or issue_type.default_priority,
        owner=owner if owner is not None else actor,
        notes=notes,
        status=Status.WAITING,
        started_at=now,
        last_checked_at=now,
        last_checked_by=actor,
        we_replied_at=now,
        reopened_from=reopened_from,
    )
    _refresh_clock_columns(case)
    _clean(case)
    _check_case_id_free(case)
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        raise ValidationError({"case_id": _duplicate_message(case)})
    CaseProduct.objects.bulk_create(
        [CaseProduct(case=case, kind=kind, value=value) for kind, value in dict.fromkeys(clean_products)]
    )
    CaseEvent.objects.create(
        case=case,
        version=case.version,
        kind=EventKind.OPENED,
        actor=actor,
        at=now,
        text=case.message,
        changes={
            "subject": case.subject,
            "products": [f"{k.upper()} {v}" for k, v in clean_products],
            "precheck": case.precheck,
            "reopened_from": reopened_from.case_id if reopened_from else None,
        },
    )
    return case


def _duplicate_message(case: Case) -> str:
    return f"{Channel(case.channel).label} case {case.case_id} is already recorded."


def _check_case_id_free(case: Case) -> None:
    clash = Case.objects.filter(channel=case.channel, case_id=case.case_id).exclude(pk=case.pk).first()
    if clash:
        raise ValidationError({"case_id": _duplicate_message(clash)}, code="duplicate_case_id")


# --- The daily routine ---------------------------------------------------------------------------------


@transaction.atomic
def case_mark_checked(*, case: Case, actor, expected_version: int | None = None, text: str = "", now: datetime | None = None) -> Case:
    """Checked at Amazon, nothing new: the daily check is done."""
    now = _now(now)
    case = _lock(case, expected_version)
    _ensure_open(case, "mark it checked")
    before = _snapshot(case, ("last_checked_at",))
    case.last_checked_at = now
    case.last_checked_by = actor
    _save(case, before=before, actor=actor, kind=EventKind.CHECKED, at=now, text=text)
    return case


@transaction.atomic
def case_log_amazon_reply(
    *, case: Case, actor, at: datetime | None = None, text: str = "", generic: bool = False,
    expected_version: int | None = None, now: datetime | None = None,
) -> Case:
    """Amazon answered and waits for us: the response window starts at their reply (and any escalation
    follow-up clock stops). `generic`: the answer did not address the issue — enough of those make the
    case a candidate for escalation."""
    now = _now(now)
    at = at or now
    if at > now + timedelta(minutes=5):
        raise ValidationError({"at": "Amazon's reply cannot be in the future: check the date and time."})
    case = _lock(case, expected_version)
    _ensure_open(case, "log an Amazon reply")
    before = _snapshot(case, ("amazon_replied_at", "generic_replies", *_CLOCK_FIELDS))
    case.amazon_replied_at = max(at, case.amazon_replied_at) if case.amazon_replied_at else at
    case.status = Status.ACTION_NEEDED
    case.last_checked_at = now
    case.last_checked_by = actor
    if generic:
        case.generic_replies += 1
    _save(case, before=before, actor=actor, kind=EventKind.AMAZON_REPLIED, at=at, text=text,
          extra={"generic": True} if generic else None)
    return case


def _log_our_message(*, case, actor, at, text, expected_version, now, kind) -> Case:
    now = _now(now)
    at = at or now
    if at > now + timedelta(minutes=5):
        raise ValidationError({"at": "That time is in the future: check the date and time."})
    case = _lock(case, expected_version)
    _ensure_open(case, "log a reply")
    before = _snapshot(case, ("we_replied_at", *_CLOCK_FIELDS))
    case.we_replied_at = max(at, case.we_replied_at) if case.we_replied_at else at
    case.status = _status_after_our_message(case)
    case.last_checked_at = now
    case.last_checked_by = actor
    _save(case, before=before, actor=actor, kind=kind, at=at, text=text)
    return case


@transaction.atomic
def case_log_our_reply(*, case: Case, actor, at: datetime | None = None, text: str = "",
                       expected_version: int | None = None, now: datetime | None = None) -> Case:
    """We answered Amazon: the response window stops, the case waits on Amazon."""
    return _log_our_message(case=case, actor=actor, at=at, text=text, expected_version=expected_version,
                            now=now, kind=EventKind.WE_REPLIED)


@transaction.atomic
def case_request_keep_open(*, case: Case, actor, at: datetime | None = None, text: str = "",
                           expected_version: int | None = None, now: datetime | None = None) -> Case:
    """We asked Amazon to keep the case open while we gather information: the window stops too."""
    return _log_our_message(case=case, actor=actor, at=at, text=text, expected_version=expected_version,
                            now=now, kind=EventKind.KEEP_OPEN)


@transaction.atomic
def case_change_status(*, case: Case, actor, status: str, text: str = "", expected_version: int | None = None,
                       now: datetime | None = None) -> Case:
    """Move a case between the open statuses (resolving and closing have their own services)."""
    now = _now(now)
    if status not in Status.values:
        raise ValidationError({"status": f"“{status}” is not a status."})
    if status == Status.RESOLVED:
        return case_resolve(case=case, actor=actor, resolution=text, expected_version=expected_version, now=now)
    if status == Status.CLOSED:
        return case_mark_closed_by_amazon(case=case, actor=actor, text=text, expected_version=expected_version, now=now)
    case = _lock(case, expected_version)
    _ensure_open(case, "change its status")
    if status == Status.ESCALATED and not case.escalated_at:
        raise ValidationError({"status": "Use “Escalate” to escalate a case, so the escalation is recorded."})
    if case.status == status:
        raise ValidationError({"status": f"The case is already {case.get_status_display().lower()}."})
    before = _snapshot(case, _CLOCK_FIELDS)
    case.status = status
    _save(case, before=before, actor=actor, kind=EventKind.STATUS_CHANGED, at=now, text=text)
    return case


@transaction.atomic
def case_add_note(*, case: Case, actor, text: str, now: datetime | None = None) -> CaseEvent:
    """A note on the timeline. Notes never conflict, so they need no version."""
    now = _now(now)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the note first."})
    case = _lock(case, None)
    return _save(case, before={}, actor=actor, kind=EventKind.NOTE, at=now, text=text)


@transaction.atomic
def case_reassign(*, case: Case, actor, owner, text: str = "", expected_version: int | None = None,
                  now: datetime | None = None) -> Case:
    now = _now(now)
    case = _lock(case, expected_version)
    if owner is not None and not owner.is_active:
        raise ValidationError({"owner": f"{owner} can no longer sign in; pick someone on the team."})
    if case.owner_id == (owner.pk if owner else None):
        raise ValidationError({"owner": "The case already belongs to that person."})
    before = _snapshot(case, ("owner",))
    case.owner = owner
    _save(case, before=before, actor=actor, kind=EventKind.REASSIGNED, at=now, text=text)
    return case


@transaction.atomic
def case_resolve(*, case: Case, actor, resolution: str = "", expected_version: int | None = None,
                 now: datetime | None = None) -> Case:
    """Amazon fixed it, or we confirmed nothing more is needed."""
    now = _now(now)
    case = _lock(case, expected_version)
    _ensure_open(case, "resolve it")
    before = _snapshot(case, ("resolution", *_CLOCK_FIELDS))
    case.status = Status.RESOLVED
    case.resolved_at = now
    case.resolution = (resolution or "").strip()
    _save(case, before=before, actor=actor, kind=EventKind.RESOLVED, at=now, text=case.resolution)
    return case


@transaction.atomic
def case_mark_closed_by_amazon(*, case: Case, actor, text: str = "", at: datetime | None = None,
                               expected_version: int | None = None, now: datetime | None = None) -> Case:
    """Amazon closed the case unresolved (often: the response window was missed)."""
    now = _now(now)
    case = _lock(case, expected_version)
    _ensure_open(case, "mark it closed by Amazon")
    before = _snapshot(case, _CLOCK_FIELDS)
    missed = case.response_due_at is not None and (at or now) >= case.response_due_at
    case.status = Status.CLOSED
    case.closed_at = at or now
    case.closed_reason = ClosedReason.AMAZON
    _save(case, before=before, actor=actor, kind=EventKind.CLOSED_BY_AMAZON, at=at or now, text=text,
          extra={"window_missed": missed})
    return case


# --- Escalating -------------------------------------------------------------------------------------------


@transaction.atomic
def case_escalate(
    *, case: Case, actor, route: str, subject: str, message: str, outcome: str, attachments: list[str] | None = None,
    at: datetime | None = None, expected_version: int | None = None, now: datetime | None = None,
) -> Case:
    """We asked Amazon to escalate (in the thread or by e-mail): the case is Escalated, one level up, and the
    follow-up clock starts (`CASEDESK_ESCALATION_FOLLOW_UP_HOURS`). The message we sent is the event's text."""
    from cases import escalation

    now = _now(now)
    at = at or now
    if at > now + timedelta(minutes=5):
        raise ValidationError({"at": "That time is in the future: check the date and time."})
    subject, message, outcome = (subject or "").strip(), (message or "").strip(), (outcome or "").strip()
    errors = {}
    if not subject:
        errors["subject"] = "Write the subject line."
    if not message:
        errors["message"] = "Write the escalation message."
    if not outcome:
        errors["outcome"] = "Say what outcome you want: pick one or write your own."
    if errors:
        raise ValidationError(errors)
    case = _lock(case, expected_version)
    if case.closed_reason == ClosedReason.ANOTHER_AGENT and case.status == Status.CLOSED:
        raise ValidationError("We closed this case to reach another agent: escalate the new case instead.")
    problem = escalation.route_problem(route=route, status=case.status, escalation_level=case.escalation_level)
    if problem:
        raise ValidationError({"route": problem})
    before = _snapshot(case, ("escalated_at", "escalation_level", "escalation_route", "we_replied_at",
                              *_CLOCK_FIELDS))
    case.status = Status.ESCALATED
    case.escalated_at = at
    case.escalation_level += 1
    case.escalation_route = route
    case.we_replied_at = max(at, case.we_replied_at) if case.we_replied_at else at
    case.last_checked_at = now
    case.last_checked_by = actor
    route_obj = escalation.route_by_key(route)
    _save(case, before=before, actor=actor, kind=EventKind.ESCALATED, at=at, text=message, extra={
        # One dict, not a [before, after] pair: the record of what was sent, where, and at which level.
        "escalation": {"route": route, "address": route_obj.address, "level": case.escalation_level,
                       "subject": subject, "outcome": outcome, "attachments": list(attachments or [])},
    })
    return case


@transaction.atomic
def case_log_follow_up(*, case: Case, actor, text: str, subject: str = "", at: datetime | None = None,
                       expected_version: int | None = None, now: datetime | None = None) -> Case:
    """We followed up on the escalation in the same thread: the follow-up clock starts again."""
    now = _now(now)
    at = at or now
    if at > now + timedelta(minutes=5):
        raise ValidationError({"at": "That time is in the future: check the date and time."})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the follow-up message first."})
    case = _lock(case, expected_version)
    if case.status != Status.ESCALATED:
        raise ValidationError(
            f"This case is {case.get_status_display().lower()}, not escalated: log Amazon's reply or our reply instead."
        )
    before = _snapshot(case, ("followed_up_at", "we_replied_at", *_CLOCK_FIELDS))
    case.followed_up_at = at
    case.we_replied_at = max(at, case.we_replied_at) if case.we_replied_at else at
    case.last_checked_at = now
    case.last_checked_by = actor
    _save(case, before=before, actor=actor, kind=EventKind.FOLLOW_UP, at=at, text=text,
          extra={"follow_up": {"subject": (subject or "").strip(), "level": case.escalation_level}})
    return case


@transaction.atomic
def case_close_for_another_agent(*, case: Case, actor, reason: str, expected_version: int | None = None,
                                 now: datetime | None = None) -> Case:
    """We closed the case at Amazon to reach another agent (agents differ in what they may see and change).
    The reason is recorded; the new case is opened with the guided form, linked to this one."""
    now = _now(now)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why another agent is needed, so the new case can say it too."})
    case = _lock(case, expected_version)
    _ensure_open(case, "close it to reach another agent")
    before = _snapshot(case, _CLOCK_FIELDS)
    case.status = Status.CLOSED
    case.closed_at = now
    case.closed_reason = ClosedReason.ANOTHER_AGENT
    _save(case, before=before, actor=actor, kind=EventKind.CLOSED_FOR_AGENT, at=now, text=reason)
    return case


@transaction.atomic
def case_reopen_as_new(*, case: Case, actor, case_id: str, text: str = "", subject: str | None = None,
                       message: str | None = None, now: datetime | None = None) -> Case:
    """Amazon closed it (or we closed it to reach another agent): open a new, linked case."""
    now = _now(now)
    old = _lock(case, None)
    if old.is_open:
        raise ValidationError("Close or resolve this case before opening a new one for it.")
    new = case_open(
        actor=actor,
        case_id=case_id,
        channel=old.channel,
        brand=old.brand,
        issue_type=old.issue_type,
        issue=old.issue,
        products=list(old.products.values_list("kind", "value")),
        marketplace=old.marketplace,
        login=old.login,
        contact_method=old.contact_method,
        subject=old.subject if subject is None else subject,
        message=old.message if message is None else message,
        priority=old.priority,
        owner=old.owner or actor,
        reopened_from=old,
        now=now,
    )
    _save(old, before={}, actor=actor, kind=EventKind.REOPENED, at=now, text=text,
          extra={"reopened_as": new.case_id, "reopened_as_pk": new.pk})
    return new


@transaction.atomic
def case_update(*, case: Case, actor, expected_version: int, data: dict, products: list[tuple[str, str]] | None = None,
                now: datetime | None = None) -> Case:
    """Edit a case's details from the case page; a stale version is refused, nothing overwritten."""
    now = _now(now)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be edited here: {', '.join(sorted(unknown))}.")
    data = _typed(data)
    case = _lock(case, expected_version)
    before = _snapshot(case, data.keys())
    for field, value in data.items():
        setattr(case, field, value)
    if "case_id" in data or "channel" in data:
        case.case_id = normalize_case_id(case.case_id)
        _check_case_id_free(case)
    extra = {}
    if products is not None:
        clean = list(dict.fromkeys(normalize_identifier(k, v) for k, v in products))
        if not clean:
            raise ValidationError({"products": "A case needs at least one ASIN, UPC or SKU."})
        current = list(case.products.values_list("kind", "value"))
        if current != clean:
            case.products.all().delete()
            CaseProduct.objects.bulk_create([CaseProduct(case=case, kind=k, value=v) for k, v in clean])
            extra["products"] = [[f"{k.upper()} {v}" for k, v in current], [f"{k.upper()} {v}" for k, v in clean]]
    changed = {f for f, old in before.items() if getattr(case, f) != old}
    if not changed and not extra:
        return case
    _save(case, before=before, actor=actor, kind=EventKind.EDITED, at=now, extra=extra)
    return case


# --- Attachments ----------------------------------------------------------------------------------------

MAX_ATTACHMENTS_PER_UPLOAD = 10


@transaction.atomic
def case_add_attachment(*, case: Case, actor, files: list, text: str = "", now: datetime | None = None) -> CaseEvent:
    """Screenshots, PDFs, e-mails on a case: one "attachment" event holding the files and a note.

    Every file is checked before anything is written; one refused file refuses the whole upload.
    """
    from django.conf import settings

    from cases.attachments import SNIFF_BYTES, check_upload, safe_name
    from cases.models import Attachment

    now = _now(now)
    files = [f for f in files if f]
    if not files:
        raise ValidationError({"files": "Choose a file to attach."})
    if len(files) > MAX_ATTACHMENTS_PER_UPLOAD:
        raise ValidationError({"files": f"Attach at most {MAX_ATTACHMENTS_PER_UPLOAD} files at once."})
    max_bytes = settings.CASEDESK_ATTACHMENT_MAX_MB * 1024 * 1024
    checked, errors = [], []
    for upload in files:
        upload.seek(0)
        head = upload.read(SNIFF_BYTES)
        upload.seek(0)
        try:
            ext, kind = check_upload(name=upload.name, size=upload.size, head=head, max_bytes=max_bytes)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        checked.append((upload, ext, kind))
    if errors:
        raise ValidationError({"files": errors})
    case = _lock(case, None)
    names = [str(upload.name)[:200] for upload, _, _ in checked]
    event = _save(case, before={}, actor=actor, kind=EventKind.ATTACHMENT, at=now, text=(text or "").strip(),
                  extra={"files": names})
    saved = []
    try:
        for (upload, ext, kind), original in zip(checked, names, strict=True):
            attachment = Attachment(event=event, original_name=original, content_type=kind.content_type,
                                    size=upload.size)
            attachment.file.save(safe_name(upload.name, ext), upload, save=False)
            saved.append(attachment.file.name)
            attachment.save()
    except BaseException:
        # The transaction rolls the rows back; take the files already written with it.
        for name in saved:
            Attachment.file.field.storage.delete(name)
        raise
    return event
