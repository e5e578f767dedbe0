"""Supervisors' writes: archiving finished cases and importing cases from another tool.

Same rules as `cases.services`: keyword-only arguments, one transaction, one event per case changed.
"""

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from cases.models import OPEN_STATUSES, Brand, CalendarToken, Case, CaseEvent, CaseProduct, CaseTemplate, EventKind
from cases.services import _FK_FIELDS, _lock, _refresh_clock_columns, _save, _snapshot


@transaction.atomic
def case_archive(*, case: Case, actor, text: str = "", now: datetime | None = None) -> Case:
    """Take a finished case off the lists; it stays searchable in the admin with its timeline."""
    now = now or timezone.now()
    case = _lock(case, None)
    if case.status in OPEN_STATUSES:
        raise ValidationError(f"{case} is still open: resolve it or mark it closed by Amazon before archiving it.")
    if case.archived_at:
        raise ValidationError(f"{case} is already archived.")
    before = _snapshot(case, ("archived_at",))
    case.archived_at = now
    _save(case, before=before, actor=actor, kind=EventKind.ARCHIVED, at=now, text=text)
    return case


@dataclass
class IncomingCase:
    """One case as read from a file, already normalised; the importer builds these."""

    row: int
    case_id: str
    channel: str
    brand_name: str
    issue: str
    issue_type: CaseTemplate
    status: str
    started_at: datetime
    products: list[tuple[str, str]] = field(default_factory=list)
    task_id: str = ""
    notes: str = ""
    owner: object = None
    last_checked_at: datetime | None = None
    marketplace: str = "US"
    login: str = "shared"
    contact_method: str = "email"
    amazon_urgent: bool = False
    subject: str = ""
    message: str = ""
    priority: int | None = None
    amazon_replied_at: datetime | None = None
    we_replied_at: datetime | None = None
    escalated_at: datetime | None = None
    followed_up_at: datetime | None = None
    escalation_level: int = 0
    escalation_route: str = ""
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    resolution: str = ""


@dataclass
class ImportResult:
    created: list[Case]
    brands_created: list[str]


def existing_keys(incoming: list[IncomingCase]) -> tuple[set[tuple[str, str]], set[str]]:
    """The (channel, Case ID) pairs and Asana task ids already in casedesk, in two queries."""
    case_ids = {c.case_id for c in incoming}
    pairs = set(Case.objects.filter(case_id__in=case_ids).values_list("channel", "case_id"))
    task_ids = {c.task_id for c in incoming if c.task_id}
    seen_tasks: set[str] = set()
    if task_ids:
        # str(): SQLite hands a digits-only JSON string back as a number.
        seen_tasks = {
            str(value) for value in CaseEvent.objects.filter(kind=EventKind.IMPORTED, changes__task_id__in=sorted(task_ids))
            .values_list("changes__task_id", flat=True)
        }
    return pairs, seen_tasks


@transaction.atomic
def case_import(*, actor, incoming: list[IncomingCase], source: str, now: datetime | None = None) -> ImportResult:
    """Create the cases read from a file, each with an "imported" event naming its source.

    Cases already in casedesk (same channel and Case ID, or same Asana task) are left as they are,
    so importing a file twice changes nothing. All or nothing: one invalid case rolls back the lot.
    """
    now = now or timezone.now()
    pairs, seen_tasks = existing_keys(incoming)
    todo = [c for c in incoming if (c.channel, c.case_id) not in pairs and not (c.task_id and c.task_id in seen_tasks)]
    names = {c.brand_name.strip() for c in todo}
    brands = {b.name.lower(): b for b in Brand.objects.annotate(lname=Lower("name")).filter(lname__in=[n.lower() for n in names])}
    brands_created = []
    for name in sorted(names, key=str.lower):
        if name.lower() not in brands:
            brand = Brand(name=name)
            brand.full_clean()
            brand.save()
            brands[name.lower()] = brand
            brands_created.append(name)
    created = []
    errors = []
    for item in todo:
        case = Case(
            case_id=item.case_id,
            channel=item.channel,
            brand=brands[item.brand_name.strip().lower()],
            issue_type=item.issue_type,
            issue=item.issue[:200],
            marketplace=item.marketplace,
            login=item.login,
            contact_method=item.contact_method,
            amazon_urgent=item.amazon_urgent,
            subject=item.subject[:250],
            message=item.message,
            notes=item.notes,
            status=item.status,
            priority=item.priority or item.issue_type.default_priority,
            owner=item.owner,
            started_at=item.started_at,
            last_checked_at=item.last_checked_at,
            amazon_replied_at=item.amazon_replied_at,
            we_replied_at=item.we_replied_at,
            escalated_at=item.escalated_at,
            followed_up_at=item.followed_up_at,
            escalation_level=item.escalation_level,
            escalation_route=item.escalation_route,
            resolved_at=item.resolved_at,
            closed_at=item.closed_at,
            resolution=item.resolution,
        )
        _refresh_clock_columns(case)
        try:
            case.full_clean(exclude=_FK_FIELDS, validate_constraints=False)
        except ValidationError as exc:
            errors.append(f"Row {item.row}: " + "; ".join(exc.messages))
            continue
        case.save()
        CaseProduct.objects.bulk_create([CaseProduct(case=case, kind=k, value=v) for k, v in dict.fromkeys(item.products)])
        CaseEvent.objects.create(
            case=case, kind=EventKind.IMPORTED, actor=actor, at=now, version=case.version,
            text=f"Imported from {source}" + (f" (task {item.task_id})" if item.task_id else ""),
            changes={"source": source, "task_id": item.task_id, "row": item.row},
        )
        created.append(case)
    if errors:
        raise ValidationError(errors)
    return ImportResult(created=created, brands_created=brands_created)


# --- A person's calendar feed ------------------------------------------------------------------------


@transaction.atomic
def calendar_token_regenerate(*, user) -> "CalendarToken":
    """A new secret feed URL for the person; the old URL stops working at once."""
    CalendarToken.objects.filter(user=user).delete()
    return CalendarToken.objects.create(user=user, token=secrets.token_urlsafe(32))


@transaction.atomic
def calendar_token_revoke(*, user) -> None:
    CalendarToken.objects.filter(user=user).delete()
