"""What the escalation composers read about one case: its timeline as drafting needs it, its files."""

from cases.models import Attachment, CaseEvent, EventKind

# The kinds that can appear in "the actions already taken" (escalation._action_line).
DRAFT_KINDS = (EventKind.OPENED, EventKind.IMPORTED, EventKind.AMAZON_REPLIED, EventKind.WE_REPLIED,
               EventKind.KEEP_OPEN, EventKind.ESCALATED, EventKind.FOLLOW_UP, EventKind.CLOSED_BY_AMAZON,
               EventKind.ATTACHMENT)
MAX_ATTACHMENTS = 50


def events_for_draft(case) -> list[CaseEvent]:
    """The case's exchanges with Amazon, oldest first: one query."""
    return list(
        CaseEvent.objects.filter(case=case, kind__in=DRAFT_KINDS)
        .only("pk", "kind", "at", "text", "changes")
        .order_by("at", "id")
    )


def attachment_names(case) -> list[str]:
    """The files attached to the case, newest first, each name once: one query."""
    names = (
        Attachment.objects.filter(event__case=case)
        .order_by("-uploaded_at", "-id")
        .values_list("original_name", flat=True)[:MAX_ATTACHMENTS]
    )
    return list(dict.fromkeys(names))


def last_escalation(events: list[CaseEvent]) -> dict:
    """The details of the latest escalation among already-fetched events ({} if none)."""
    for event in reversed(events):
        if event.kind == EventKind.ESCALATED and isinstance((event.changes or {}).get("escalation"), dict):
            return event.changes["escalation"]
    return {}
