"""The guided "Open a case" form's drafts: every write to a draft, and turning a finished draft into a case.

A draft keeps the answers of each step in `CaseDraft.data` (step name -> answers) and the steps done in
`data["done"]`. A step can be shown once every step before it is done. Recording the Case ID re-checks the
whole draft, opens the case through `services.case_open` (the message and pre-check answers become its
first event) and deletes the draft, in one transaction.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import compose, services
from cases.identifiers import normalize_identifier
from cases.models import Brand, Case, CaseDraft, CaseTemplate, Channel, ContactMethod, EventKind, Marketplace

STEPS = (
    ("about", "What it is about"),
    ("where", "Where"),
    ("products", "Products"),
    ("message", "Message"),
    ("contact", "Contact method"),
    ("send", "Copy and send"),
    ("record", "Case ID"),
)
STEP_NAMES = tuple(name for name, _ in STEPS)
REASONS = {
    "": "",
    "closed": "Amazon closed case {case_id} before the issue was resolved; this case continues it.",
    "another_agent": "We are opening this new case to reach another associate: the answers in case {case_id} "
                     "did not address the issue.",
}
# The note on the old case's timeline.
REOPEN_NOTES = {
    "closed": "Opened a new case for this with the guided form.",
    "another_agent": "Opened a new case for this to reach another associate.",
}

BR_CLICK_PATH = "Brand Registry > Support > Contact Brand Support > Technical Issue (in the list on the left) > " \
                "e-mail or chat"
SC_CLICK_PATH = "Seller Central > Help (top right) > Get Help and Resources > the matching issue > try the " \
                "self-help fixes > Contact an Associate — or “My issue is not listed”"


def done_steps(draft: CaseDraft) -> list[str]:
    return [s for s in draft.data.get("done", []) if s in STEP_NAMES]


def next_step(draft: CaseDraft) -> str:
    """The first step not done yet (the last one when all are)."""
    done = set(done_steps(draft))
    for name in STEP_NAMES:
        if name not in done:
            return name
    return STEP_NAMES[-1]


def step_allowed(draft: CaseDraft, step: str) -> bool:
    return STEP_NAMES.index(step) <= STEP_NAMES.index(next_step(draft))


def click_paths(template: CaseTemplate) -> dict[str, str]:
    """Where to open this issue type, per channel."""
    path = (template.click_path or "").strip()
    return {
        Channel.SELLER_CENTRAL: path if path and template.channels != "BR" else SC_CLICK_PATH,
        Channel.BRAND_REGISTRY: path if path and template.channels == "BR" else BR_CLICK_PATH,
    }


def compose_values(draft: CaseDraft, *, brand_name: str = "", fills: bool = True) -> dict[str, str]:
    """What the form knows for the template's placeholders, from the steps done so far (and, with `fills`,
    what the person wrote into the blanks)."""
    data = draft.data
    products = [tuple(p) for p in data.get("products", [])]
    marketplace = data.get("marketplace") or ""
    values = compose.identifier_values(
        products,
        marketplace=Marketplace(marketplace).label if marketplace in Marketplace.values else "",
        brand=brand_name,
        issue=data.get("issue", ""),
        previous_case_id=draft.reopened_from.case_id if draft.reopened_from_id and draft.reopened_from else "",
    )
    if fills:
        for name, value in (data.get("fills") or {}).items():
            if not (values.get(name) or "").strip():
                values[name] = value
    return values


def identifiers(draft: CaseDraft) -> list[str]:
    return [value for _, value in draft.data.get("products", [])]


def message_checks(draft: CaseDraft, subject: str, body: str) -> list[compose.Check]:
    return compose.check_message(subject, body, identifiers(draft))


def _mark_done(data: dict, step: str) -> None:
    done = [s for s in data.get("done", []) if s != step]
    done.append(step)
    data["done"] = [s for s in STEP_NAMES if s in done]


def _undo(data: dict, *steps: str) -> None:
    data["done"] = [s for s in data.get("done", []) if s not in steps]


def _intro(old: Case, reason: str) -> str:
    """The new message's first line: which case it continues, and why (as recorded when we closed it)."""
    intro = REASONS[reason].format(case_id=old.case_id)
    if reason == "another_agent":
        why = (
            old.events.filter(kind=EventKind.CLOSED_FOR_AGENT).order_by("-at", "-id").values_list("text", flat=True)
            .first()
        )
        if why:
            intro = f"{intro} {why.strip()}"
    return intro


@transaction.atomic
def draft_start(*, actor, template: CaseTemplate, issue: str, precheck: dict, reopened_from: Case | None = None,
                reason: str = "") -> CaseDraft:
    """The first step answered: the draft exists from now on (prefilled from the case it continues, if any)."""
    if reason not in REASONS:
        raise ValidationError({"reason": "Unknown reason for continuing a case."})
    data = {"issue": issue.strip(), "precheck": precheck}
    _mark_done(data, "about")
    if reopened_from is not None:
        old = reopened_from
        data.update(
            channel=old.channel, login=old.login, brand=old.brand_id, marketplace=old.marketplace,
            products=[[p.kind, p.value] for p in old.products.all()],
            contact_method=old.contact_method,
        )
        _mark_done(data, "where")
        _mark_done(data, "products")
        intro = _intro(old, reason or "closed")
        if old.message and old.issue_type_id == template.pk:
            data.update(subject=old.subject, body=f"{intro}\n\n{old.message}", drafted_from=template.pk)
    else:
        data["channel"] = Channel.BRAND_REGISTRY if template.channels == "BR" else Channel.SELLER_CENTRAL
    return CaseDraft.objects.create(owner=actor, template=template, data=data, reopened_from=reopened_from,
                                    reason=reason)


@transaction.atomic
def draft_save_step(*, draft: CaseDraft, step: str, values: dict, template: CaseTemplate | None = None) -> CaseDraft:
    """Keep one step's answers and mark it done. Answers that a change makes stale are asked again."""
    if step not in STEP_NAMES:
        raise ValidationError(f"Unknown step: {step}.")
    draft = CaseDraft.objects.select_for_update().get(pk=draft.pk)
    data = dict(draft.data)
    if template is not None and template.pk != draft.template_id:
        draft.template = template
        # Another issue type: another message and maybe another channel.
        _undo(data, "message", "send", "record")
    if step == "where" and values.get("channel") == Channel.BRAND_REGISTRY \
            and data.get("contact_method") == ContactMethod.PHONE:
        _undo(data, "contact", "send")
    if step == "products" and [list(p) for p in values.get("products", [])] != data.get("products"):
        _undo(data, "send")
    if step in ("message", "contact"):
        _undo(data, "send")
    data.update(values)
    _mark_done(data, step)
    draft.data = data
    draft.save(update_fields=["template", "data", "updated_at"])
    return draft


@transaction.atomic
def draft_keep_message(*, draft: CaseDraft, subject: str, body: str, fills: dict, drafted_from: int | None = None) -> None:
    """The message as the person types it (the live checks call this), so a reload keeps it; not marked done."""
    draft = CaseDraft.objects.select_for_update().get(pk=draft.pk)
    data = dict(draft.data)
    data.update(subject=subject[:compose.MAX_SUBJECT * 2], body=body[:compose.MAX_MESSAGE * 2],
                fills=_clean_fills(fills))
    if drafted_from is not None:
        data["drafted_from"] = drafted_from
    draft.data = data
    draft.save(update_fields=["data", "updated_at"])


def _clean_fills(fills: dict) -> dict:
    # Blanks are named by the template's placeholders; a bounded number of short answers.
    return {str(k)[:40]: str(v)[:2000] for k, v in list(fills.items())[:30] if compose.placeholders(f"{{{k}}}")}


def draft_discard(*, draft: CaseDraft) -> None:
    draft.delete()


def _issue(data: dict, template: CaseTemplate) -> str:
    """The board's one line: as the person wrote it, else the subject they sent, else the issue type."""
    subject = compose.fill(data.get("subject", ""), {})
    return (data.get("issue") or (data.get("fills") or {}).get("issue") or subject or template.name).strip()[:200]


@transaction.atomic
def draft_record(*, draft: CaseDraft, actor, case_id: str, now: datetime | None = None) -> Case:
    """The case was sent at Amazon and has its Case ID: record the case and drop the draft.

    Everything is checked again (a colleague may have recorded a case, a brand may have been retired);
    on any problem nothing is written and the ValidationError names the step to fix.
    """
    now = now or timezone.now()
    # of=self: PostgreSQL cannot lock the nullable side of the outer join to the case it continues.
    draft = (
        CaseDraft.objects.select_for_update(of=("self",)).select_related("template", "reopened_from")
        .filter(pk=draft.pk).first()
    )
    if draft is None:
        # A second click on "Record" waited for the first, which recorded the case and dropped the draft.
        raise ValidationError("This draft was just recorded (or discarded): look for the case on the board.",
                              code="draft_gone")
    data = draft.data
    missing = [label for name, label in STEPS[:-1] if name not in done_steps(draft)]
    if missing:
        raise ValidationError(f"Finish these steps first: {', '.join(missing)}.", code="steps_missing")
    brand = Brand.objects.filter(pk=data.get("brand")).first()
    if brand is None:
        raise ValidationError({"brand": "The brand of this draft no longer exists: pick another on the Where step."})
    products = [normalize_identifier(kind, value) for kind, value in data.get("products", [])]
    checks = compose.check_message(data.get("subject", ""), data.get("body", ""), [v for _, v in products])
    if compose.has_errors(checks):
        raise ValidationError({"message": [c.message for c in checks if c.is_error]})
    case = services.case_open(
        actor=actor,
        case_id=case_id,
        channel=data.get("channel", Channel.SELLER_CENTRAL),
        brand=brand,
        issue_type=draft.template,
        issue=_issue(data, draft.template),
        products=products,
        marketplace=data.get("marketplace", "US"),
        login=data.get("login", "shared"),
        contact_method=data.get("contact_method", ContactMethod.EMAIL),
        amazon_urgent=bool(data.get("urgent")),
        subject=data.get("subject", ""),
        message=data.get("body", ""),
        precheck=data.get("precheck") or {},
        owner=actor,
        reopened_from=draft.reopened_from,
        now=now,
    )
    old = draft.reopened_from
    if old is not None:
        old = services._lock(old, None)
        services._save(old, before={}, actor=actor, kind=EventKind.REOPENED, at=now,
                       text=REOPEN_NOTES[draft.reason or "closed"],
                       extra={"reopened_as": case.case_id, "reopened_as_pk": case.pk})
    draft.delete()
    return case
