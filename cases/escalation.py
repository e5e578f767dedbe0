"""Escalating a case when support stalls: when to, which route, what to ask for, and the message.

Pure functions of a case's attributes, its timeline events and `now` — no database, no request —
so the case page, the composer and the tests agree (PRODUCT.md "Escalating", the escalation guide).
"Stale" comes from `cases.clocks`, where the clock rules live.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from cases import clocks, compose

# --- Issue categories --------------------------------------------------------------------------------------

ACCOUNT_HEALTH = "account_health"
PAYMENTS = "payments"
LISTING_SUPPRESSED = "listing_suppressed"
POLICY_IP = "policy_ip"
OTHER = "other"

# The escalation-worthy kinds of issue the guide names, told apart by the issue type's slug and name.
# First match wins: "Account suspension over an IP complaint" is account health.
_CATEGORY_WORDS = (
    (ACCOUNT_HEALTH, ("account health", "account-health", "suspension", "suspended", "deactivat", "reinstat")),
    (PAYMENTS, ("payment", "disbursement", "withheld", "reserve", "deduction", "payout")),
    (LISTING_SUPPRESSED, ("suppress", "listing removed", "listing-removed", "search suppressed")),
    (POLICY_IP, ("policy", "infring", "intellectual", "trademark", "copyright", "patent", "-ip-", " ip ", "ip complaint")),
)

CATEGORY_LABELS = {
    ACCOUNT_HEALTH: "account health or suspension",
    PAYMENTS: "payments",
    LISTING_SUPPRESSED: "a suppressed listing",
    POLICY_IP: "a policy or IP complaint",
    OTHER: "an unresolved issue",
}

# What to ask for, per kind of issue (the guide: reinstatement, payment release, listing reactivation).
OUTCOMES = {
    ACCOUNT_HEALTH: (
        "Reinstate our account and selling privileges.",
        "Remove the account health warning, which was issued in error.",
        "Tell us exactly what is needed to resolve the account health issue.",
    ),
    PAYMENTS: (
        "Release the withheld disbursement to our bank account.",
        "Explain and reverse the deduction from our payments.",
        "Give us a firm date on which the payment will be released.",
    ),
    LISTING_SUPPRESSED: (
        "Reactivate the suppressed listing.",
        "Name the exact attribute or document that causes the suppression.",
    ),
    POLICY_IP: (
        "Withdraw the inaccurate policy warning or IP complaint.",
        "Reinstate the listing removed because of the complaint.",
        "Remove the complaint's effect on our account health.",
    ),
    OTHER: (
        "Apply the requested change to the detail page.",
        "Pass the case to a team with the permissions to fix it.",
        "A specific answer that addresses the issue, not a general policy reply.",
    ),
}


def issue_category(*, slug: str = "", name: str = "", issue: str = "") -> str:
    """The kind of issue a case is about, from its issue type (and, failing that, its one-line issue)."""
    for text in (f" {slug} {name} ".lower(), f" {issue} ".lower()):
        for category, words in _CATEGORY_WORDS:
            if any(word in text for word in words):
                return category
    return OTHER


def case_category(case) -> str:
    issue_type = case.issue_type
    return issue_category(slug=issue_type.slug, name=issue_type.name, issue=case.issue)


def outcomes_for(category: str) -> tuple[str, ...]:
    return OUTCOMES.get(category, OUTCOMES[OTHER])


# --- When to escalate ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    code: str
    text: str


WORTHY = "worthy_issue_type"
STALE = "stale"
GENERIC_REPLIES = "generic_replies"
CLOSED_UNRESOLVED = "closed_unresolved"

# Escalating makes sense while Amazon still holds the case — or just after it closed it unresolved.
CAN_ESCALATE_STATUSES = ("waiting", "action_needed", "on_hold", "escalated", "closed_by_amazon")


def generic_reply_threshold() -> int:
    return settings.CASEDESK_ESCALATE_AFTER_GENERIC_REPLIES


def escalation_reasons(
    *,
    status: str,
    escalation_worthy: bool,
    category: str,
    issue_type_name: str,
    started_at: datetime,
    amazon_replied_at: datetime | None,
    generic_replies: int,
    closed_reason: str = "",
    now: datetime,
    p: clocks.ClockPolicy,
    generic_threshold: int,
) -> list[Reason]:
    """Why a case is a candidate for escalation; empty when it is not (or no longer can be) one.

    A case already escalated is not a candidate again: its follow-up clock says what comes next.
    """
    if status not in CAN_ESCALATE_STATUSES or status == "escalated":
        return []
    reasons = []
    if status == "closed_by_amazon":
        if closed_reason == "another_agent":
            return []
        reasons.append(Reason(CLOSED_UNRESOLVED, "Amazon closed the case without resolving it."))
    if escalation_worthy or category != OTHER:
        reasons.append(Reason(
            WORTHY,
            f"{issue_type_name} is an escalation-worthy issue type ({CATEGORY_LABELS[category]}): "
            "escalate as soon as standard support does not fix it."
            if category != OTHER else
            f"{issue_type_name} is marked escalation-worthy: escalate as soon as standard support does not fix it.",
        ))
    if clocks.is_stale(status=status, started_at=started_at, amazon_replied_at=amazon_replied_at, now=now, p=p):
        since = clocks.stale_since(started_at=started_at, amazon_replied_at=amazon_replied_at)
        days = int((now - since).total_seconds() // 86400)
        reasons.append(Reason(STALE, f"No reply from Amazon for {days} days (stale after "
                                     f"{p.stale_after.days} days)."))
    if generic_threshold and generic_replies >= generic_threshold:
        reasons.append(Reason(GENERIC_REPLIES, f"{generic_replies} generic replies from Amazon that did not "
                                               "address the issue."))
    return reasons


def case_reasons(case, now: datetime, p: clocks.ClockPolicy | None = None) -> list[Reason]:
    """`escalation_reasons` for a Case (with its issue type loaded)."""
    return escalation_reasons(
        status=case.status,
        escalation_worthy=case.issue_type.escalation_worthy,
        category=case_category(case),
        issue_type_name=case.issue_type.name,
        started_at=case.started_at,
        amazon_replied_at=case.amazon_replied_at,
        generic_replies=getattr(case, "generic_replies", 0),
        closed_reason=getattr(case, "closed_reason", ""),
        now=now,
        p=p or clocks.policy(),
        generic_threshold=generic_reply_threshold(),
    )


def is_candidate(reasons: list[Reason]) -> bool:
    return bool(reasons)


# --- Routes ----------------------------------------------------------------------------------------------

THREAD = "thread"
ACCOUNT_HEALTH_EMAIL = "account_health_email"
SELLER_SUPPORT_EMAIL = "seller_support_email"


@dataclass(frozen=True)
class Route:
    key: str
    label: str
    address: str  # "" for the case thread
    how: str


def routes() -> list[Route]:
    """The routes, in the order the guide takes them: the case thread first, then e-mail."""
    return [
        Route(THREAD, "In the case thread", "",
              "Reply in the case's own thread in Seller Central and ask for escalation there."),
        Route(ACCOUNT_HEALTH_EMAIL, "Account-health e-mail", settings.CASEDESK_ESCALATION_EMAIL_ACCOUNT_HEALTH,
              "For account health, suspension and policy or IP issues, when the thread did not help."),
        Route(SELLER_SUPPORT_EMAIL, "Seller-support e-mail", settings.CASEDESK_ESCALATION_EMAIL_SELLER_SUPPORT,
              "For other unresolved cases, when the thread did not help."),
    ]


def route_by_key(key: str) -> Route | None:
    return next((r for r in routes() if r.key == key), None)


def suggested_route(*, category: str, status: str, escalation_level: int) -> str:
    """The thread first; e-mail once the thread was tried (or Amazon closed it, and the thread with it)."""
    if status != "closed_by_amazon" and escalation_level == 0:
        return THREAD
    return ACCOUNT_HEALTH_EMAIL if category in (ACCOUNT_HEALTH, POLICY_IP) else SELLER_SUPPORT_EMAIL


def route_problem(*, route: str, status: str, escalation_level: int) -> str:
    """Why a route cannot be taken now ("" when it can)."""
    if route_by_key(route) is None:
        return "Pick a route: the case thread, or one of the e-mail routes."
    if route == THREAD and status == "closed_by_amazon":
        return "Amazon closed the case, and its thread with it: escalate by e-mail, or open a new linked case."
    if status not in CAN_ESCALATE_STATUSES:
        return "A resolved case cannot be escalated."
    return ""


ORDINALS = ("first", "second", "third", "fourth", "fifth")


def ordinal(level: int) -> str:
    return ORDINALS[level - 1] if 1 <= level <= len(ORDINALS) else f"{level}th"


# --- Drafting the messages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str


def _day(moment: datetime, p: clocks.ClockPolicy) -> str:
    local = moment.astimezone(p.tz)
    return f"{local.strftime('%a')} {local.day} {local.strftime('%b %Y')}"


def _clip(text: str, limit: int = 140) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# What each timeline event says in "the actions already taken"; kinds left out (checks, notes, edits) are ours alone.
def _action_line(event, p) -> str | None:
    changes = event.changes if isinstance(getattr(event, "changes", None), dict) else {}
    kind, text = event.kind, _clip(getattr(event, "text", ""))
    when = _day(event.at, p)
    if kind == "opened":
        return f"{when}: we opened this case and described the issue."
    if kind == "imported":
        return f"{when}: we opened this case."
    if kind == "amazon_replied":
        if changes.get("generic"):
            return f"{when}: Seller Support replied with a general answer that did not address the issue."
        return f"{when}: Seller Support replied" + (f": “{text}”" if text else ".")
    if kind == "we_replied":
        return f"{when}: we replied with the information requested."
    if kind == "keep_open":
        return f"{when}: we asked for the case to be kept open while we gathered information."
    if kind == "escalated":
        level = changes.get("level")
        which = f"{ordinal(level)} " if isinstance(level, int) else ""
        return f"{when}: we asked for escalation ({which}request), without a resolution."
    if kind == "follow_up":
        return f"{when}: we followed up on the escalation."
    if kind == "closed_by_amazon":
        return f"{when}: the case was closed without the issue being resolved."
    if kind == "attachment":
        files = changes.get("files") or []
        return f"{when}: we provided supporting documents ({', '.join(files)})." if files else None
    return None


# Enough to show the history without burying the request: the first step and the latest ones.
MAX_ACTIONS = 8


def actions_taken(events: Iterable, p: clocks.ClockPolicy) -> list[str]:
    """The case's own timeline as "date: what happened", oldest first; a long one keeps its first and last steps."""
    ordered = sorted(events, key=lambda e: (e.at, getattr(e, "pk", 0) or 0))
    lines = [line for line in (_action_line(e, p) for e in ordered) if line]
    if len(lines) > MAX_ACTIONS:
        kept = MAX_ACTIONS - 2
        lines = [lines[0], f"({len(lines) - 1 - kept} further exchanges in between)", *lines[-kept:]]
    return lines


def _products_words(products: list[str]) -> str:
    return ", ".join(products) if products else ""


def summary(*, issue: str, category: str, products: list[str], brand: str, marketplace: str,
            reasons: list[Reason], started_at: datetime, p: clocks.ClockPolicy) -> str:
    """Two or three sentences: what is wrong, since when, and why support has not resolved it."""
    about = f" concerning {_products_words(products)}" if products else ""
    first = f"Our brand {brand} has {CATEGORY_LABELS[category]}{about} in the {marketplace} marketplace: {issue.rstrip('.')}."
    codes = {r.code for r in reasons}
    if CLOSED_UNRESOLVED in codes:
        why = "the case was closed without a resolution"
    elif GENERIC_REPLIES in codes:
        why = "the replies so far have been general answers that do not address the issue"
    elif STALE in codes:
        why = "we have had no answer for several days"
    else:
        why = "the issue is still not resolved"
    second = f"We opened this case on {_day(started_at, p)}, and {why}."
    third = "The issue directly affects our business operations, so we ask for it to be reviewed urgently."
    return " ".join((first, second, third))


def subject_line(*, case_id: str, issue: str) -> str:
    return f"Urgent Escalation Request: {case_id} for {_clip(issue, 120).rstrip('.')}"


def draft_escalation(
    *,
    case_id: str,
    issue: str,
    category: str,
    products: list[str],
    brand: str,
    marketplace: str,
    started_at: datetime,
    events: Iterable,
    reasons: list[Reason],
    level: int,
    outcome: str,
    attachments: list[str],
    p: clocks.ClockPolicy,
) -> Draft:
    """The escalation message the guide describes, drafted from the case and its timeline."""
    which = "" if level <= 1 else f" This is our {ordinal(level)} escalation request for this case."
    opening = (f"Hello,\n\nI am writing to respectfully request the escalation of Case ID {case_id}, an unresolved "
               f"issue that is affecting our business operations.{which} {compose.OWNERSHIP_SENTENCE} for {brand}.")
    lines = [
        opening,
        "",
        "Summary:",
        summary(issue=issue, category=category, products=products, brand=brand, marketplace=marketplace,
                reasons=reasons, started_at=started_at, p=p),
        "",
        "Actions already taken:",
        *[f"- {line}" for line in actions_taken(events, p)],
        "",
        "Desired outcome:",
        outcome.strip() or "—",
    ]
    if attachments:
        lines += ["", "Attachments:", *[f"- {name}" for name in attachments]]
    lines += ["", f"Thank you for your help in resolving Case ID {case_id}.", "", "Kind regards,"]
    return Draft(subject=subject_line(case_id=case_id, issue=issue), body="\n".join(lines))


def draft_follow_up(*, case_id: str, issue: str, escalated_at: datetime | None, outcome: str,
                    p: clocks.ClockPolicy, products: list[str] | None = None) -> Draft:
    """A short, polite restatement for the same thread, referring to the Case ID (and naming the product)."""
    when = f" on {_day(escalated_at, p)}" if escalated_at else ""
    about = f" ({_products_words(products)})" if products else ""
    ask = f" We are asking you to: {outcome.strip()[0].lower()}{outcome.strip()[1:]}" if outcome.strip() else ""
    body = (
        f"Hello,\n\nI am following up on Case ID {case_id}, which we escalated{when}. The issue is still "
        f"unresolved: {_clip(issue, 200).rstrip('.')}{about}.{ask}\n\nCould you please let us know the status of the "
        "escalation and when we can expect a resolution?\n\nThank you for your help.\n\nKind regards,"
    )
    return Draft(subject=f"Follow-up: Case ID {case_id} — {_clip(issue, 120).rstrip('.')}", body=body)


# --- Checks on an escalation message -----------------------------------------------------------------------

# The Case ID stands in for the product in an escalation's subject ("Urgent Escalation Request: [Case ID] for …").
_NOT_FOR_ESCALATIONS = {"subject_without_identifier"}


def escalation_checks(*, subject: str, body: str, case_id: str, identifiers: list[str], route: str,
                      status: str, escalation_level: int, follow_up: bool = False) -> list[compose.Check]:
    """The open-a-case form's message checks (no links, the product named, no blanks …), and what an
    escalation needs besides: the Case ID in the subject and the message, the thread tried first.

    A follow-up is a short restatement in the same thread: it need not repeat the ownership sentence.
    """
    found = [c for c in compose.check_message(subject, body, identifiers, require_ownership=not follow_up)
             if c.code not in _NOT_FOR_ESCALATIONS]
    if (subject or "").strip() and case_id not in subject:
        found.append(compose.Check(compose.ERROR, "case_id_subject", f"Put the Case ID {case_id} in the subject line."))
    if (body or "").strip() and case_id not in body:
        found.append(compose.Check(compose.ERROR, "case_id_body", f"Refer to Case ID {case_id} in the message."))
    if not follow_up and route != THREAD and escalation_level == 0 and status != "closed_by_amazon":
        found.append(compose.Check(compose.WARNING, "thread_first",
                                   "The guide says to ask for escalation in the case thread first, then by e-mail."))
    return sorted(found, key=lambda c: not c.is_error)
