"""The case timeline as people read it: a label and an icon per kind, changes as "before → after".

Events store changes as JSON ({field: [before, after]}, datetimes as ISO text, foreign keys as
their names). This module turns them into words; it does no database work.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from cases import clocks
from cases.models import Case, EventKind, Priority, Status

# kind -> (icon, tone). The icon is decoration (aria-hidden); the label says it in words.
ICONS = {
    EventKind.OPENED: ("✉", "ours"),
    EventKind.CHECKED: ("✓", "quiet"),
    EventKind.AMAZON_REPLIED: ("A", "amazon"),
    EventKind.WE_REPLIED: ("↩", "ours"),
    EventKind.KEEP_OPEN: ("⏸", "ours"),
    EventKind.STATUS_CHANGED: ("⇄", "quiet"),
    EventKind.NOTE: ("✎", "note"),
    EventKind.EDITED: ("✎", "quiet"),
    EventKind.ESCALATED: ("▲", "alarm"),
    EventKind.FOLLOW_UP: ("↻", "ours"),
    EventKind.REASSIGNED: ("→", "quiet"),
    EventKind.RESOLVED: ("★", "good"),
    EventKind.CLOSED_BY_AMAZON: ("✕", "alarm"),
    EventKind.CLOSED_FOR_AGENT: ("⤳", "quiet"),
    EventKind.REOPENED: ("↗", "quiet"),
    EventKind.ATTACHMENT: ("❏", "note"),
    EventKind.IMPORTED: ("⇩", "quiet"),
    EventKind.ARCHIVED: ("▣", "quiet"),
}

# Clock columns follow from the event itself; listing them would only repeat it.
HIDDEN_CHANGES = {"response_due_at", "follow_up_due_at", "stale_at", "last_checked_at", "amazon_replied_at",
                  "we_replied_at", "window_missed", "reopened_as_pk", "files", "precheck",
                  # An escalation, a follow-up and a generic reply say it in their facts.
                  "escalated_at", "escalation_level", "escalation_route", "followed_up_at", "generic_replies",
                  "escalation", "follow_up", "generic"}
# Whose words the text is, for the events that carry a message.
TEXT_LABELS = {
    EventKind.AMAZON_REPLIED: "Amazon wrote",
    EventKind.WE_REPLIED: "We wrote",
    EventKind.KEEP_OPEN: "We wrote",
    EventKind.OPENED: "Message sent",
    EventKind.RESOLVED: "Resolution",
    EventKind.FOLLOW_UP: "We wrote",
    EventKind.ESCALATED: "We wrote",
    EventKind.CLOSED_FOR_AGENT: "Why",
}
_LABELS = {"products": "Products", "reopened_from": "Reopened from", "reopened_as": "Reopened as",
           "subject": "Subject", "issue_type": "Issue type"}
LOGGED_LATE = timedelta(minutes=10)
_CHOICES = {"status": Status, "priority": Priority}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str
    long: bool = False  # a message or notes: shown as two blocks, not on one line


@dataclass
class Entry:
    event: object
    icon: str
    tone: str
    label: str
    text_label: str
    changes: list[Change] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    logged_at: datetime | None = None  # when it was written into casedesk, if well after it happened
    who: str = "casedesk"
    files: list = field(default_factory=list)


def _label(name: str) -> str:
    if name in _LABELS:
        return _LABELS[name]
    try:
        label = str(Case._meta.get_field(name).verbose_name)
    except Exception:
        label = name.replace("_", " ")
    return label[:1].upper() + label[1:]


def _words(name: str, value, now: datetime, p) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    choices = _CHOICES.get(name)
    if choices is None:
        try:
            model_field = Case._meta.get_field(name)
            choices = dict(model_field.choices) if model_field.choices else None
        except Exception:
            choices = None
    if choices is not None:
        mapping = dict(choices.choices) if hasattr(choices, "choices") else choices
        for key, text in mapping.items():
            if str(key) == str(value):
                return str(text)
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            return clocks.moment_words(moment, now, p) if abs(moment - now).days < 6 else \
                moment.astimezone(p.tz).strftime("%a %-d %b %Y, %H:%M")
    return str(value)


def _escalation_facts(details: dict) -> list[tuple[str, str]]:
    from cases import escalation

    route = escalation.route_by_key(details.get("route", ""))
    where = route.label if route else str(details.get("route", ""))
    if details.get("address"):
        where = f"{where} ({details['address']})"
    facts = []
    if isinstance(details.get("level"), int):
        facts.append(("Level", f"{escalation.ordinal(details['level']).capitalize()} escalation"))
    facts.append(("Route", where))
    for label, key in (("Subject", "subject"), ("Desired outcome", "outcome")):
        if details.get(key):
            facts.append((label, str(details[key])))
    if details.get("attachments"):
        facts.append(("Attachments included", ", ".join(str(a) for a in details["attachments"])))
    return facts


def present(events, *, now: datetime | None = None) -> list[Entry]:
    """Timeline entries for events (already ordered and fetched with their actor and attachments:
    see `selectors.case_timeline`, or this costs a query per event)."""
    now = now or timezone.now()
    p = clocks.policy()
    entries = []
    for event in events:
        icon, tone = ICONS.get(event.kind, ("•", "quiet"))
        entry = Entry(event=event, icon=icon, tone=tone, label=event.get_kind_display(),
                      text_label=TEXT_LABELS.get(event.kind, ""),
                      who=(event.actor.get_full_name() or event.actor.username) if event.actor else "casedesk",
                      files=list(event.attachments.all()))
        if event.recorded_at and event.recorded_at - event.at > LOGGED_LATE:
            entry.logged_at = event.recorded_at
        changes = event.changes or {}
        if event.kind in (EventKind.OPENED, EventKind.IMPORTED):
            for name in ("subject", "products", "reopened_from"):
                if changes.get(name):
                    entry.facts.append((_label(name), _words(name, changes[name], now, p)))
        elif event.kind == EventKind.REOPENED and changes.get("reopened_as"):
            entry.facts.append(("New case", str(changes["reopened_as"])))
        else:
            for name, pair in changes.items():
                if name in HIDDEN_CHANGES or not isinstance(pair, list | tuple) or len(pair) != 2:
                    continue
                before, after = pair
                entry.changes.append(Change(_label(name), _words(name, before, now, p), _words(name, after, now, p),
                                            long=name in ("message", "notes", "resolution")))
        if event.kind == EventKind.ESCALATED and isinstance(changes.get("escalation"), dict):
            entry.facts.extend(_escalation_facts(changes["escalation"]))
        if event.kind == EventKind.FOLLOW_UP and isinstance(changes.get("follow_up"), dict):
            if changes["follow_up"].get("subject"):
                entry.facts.append(("Subject", changes["follow_up"]["subject"]))
        if event.kind == EventKind.AMAZON_REPLIED and changes.get("generic"):
            entry.facts.append(("Generic reply", "did not address the issue"))
        if changes.get("window_missed"):
            entry.facts.append(("Response window", "missed"))
        entries.append(entry)
    return entries
