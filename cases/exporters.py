"""Cases out as CSV, in the columns the Asana importer reads, so export → import loses nothing.

One writer for every export: the admin's bulk action, the supervisors' "all cases" download and
the board's filtered download. Column names follow the team's Asana board (Name = the Case ID,
"SC or BR", "ASIN/SKU", "Date Started", "Last Checked" …) so old and new files read alike.
"""

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from cases.identifiers import guess_identifier
from cases.models import Case, CaseEvent, CaseProduct


def _when(value: datetime | None) -> str:
    return value.astimezone(timezone.get_current_timezone()).isoformat() if value else ""


def format_products(products: Iterable[CaseProduct]) -> str:
    """'B0ABC12345, SKU: B0LOOKALIKE' — a kind is written only where reading the value alone would guess another."""
    parts = []
    for product in products:
        try:
            guessed = guess_identifier(product.value)[0]
        except Exception:
            guessed = None
        parts.append(product.value if guessed == product.kind else f"{product.kind.upper()}: {product.value}")
    return ", ".join(parts)


# (column, how to read it from a case). The importer accepts every one of these names.
CASE_COLUMNS = [
    ("Name", lambda c: c.case_id),
    ("SC or BR", lambda c: c.channel),
    ("Brand", lambda c: c.brand.name),
    ("ASIN/SKU", lambda c: format_products(c.products.all())),
    ("Issue", lambda c: c.issue),
    ("Issue type", lambda c: c.issue_type.name),
    ("Status", lambda c: c.get_status_display()),
    ("Date Started", lambda c: _when(c.started_at)),
    ("Last Checked", lambda c: _when(c.last_checked_at)),
    ("Assignee", lambda c: c.owner.username if c.owner else ""),
    ("Assignee Email", lambda c: c.owner.email if c.owner else ""),
    ("Marketplace", lambda c: c.marketplace),
    ("Login", lambda c: c.login),
    ("Contact method", lambda c: c.contact_method),
    ("Urgent at Amazon", lambda c: "yes" if c.amazon_urgent else ""),
    ("Priority", lambda c: c.get_priority_display()),
    ("Subject", lambda c: c.subject),
    ("Message", lambda c: c.message),
    ("Notes", lambda c: c.notes),
    ("Amazon Last Replied", lambda c: _when(c.amazon_replied_at)),
    ("We Last Replied", lambda c: _when(c.we_replied_at)),
    ("Escalated At", lambda c: _when(c.escalated_at)),
    ("Followed Up At", lambda c: _when(c.followed_up_at)),
    ("Escalation Level", lambda c: str(c.escalation_level or "")),
    ("Escalation Route", lambda c: c.escalation_route),
    ("Completed At", lambda c: _when(c.resolved_at)),
    ("Closed By Amazon At", lambda c: _when(c.closed_at)),
    ("Resolution", lambda c: c.resolution),
]
CASE_HEADER = [name for name, _ in CASE_COLUMNS]

EVENT_HEADER = ["Name", "SC or BR", "At", "Kind", "Actor", "Text", "Changes"]


def export_queryset(cases: QuerySet) -> QuerySet:
    """What the writer needs, fetched with the cases: no query per row."""
    return cases.select_related("brand", "issue_type", "owner").prefetch_related(
        Prefetch("products", queryset=CaseProduct.objects.order_by("id"))
    ).order_by("started_at", "id")


class _Echo:
    def write(self, value):
        return value


def case_rows(cases: QuerySet) -> Iterator[list[str]]:
    yield CASE_HEADER
    for case in export_queryset(cases).iterator(chunk_size=1000):
        yield [read(case) for _, read in CASE_COLUMNS]


def event_rows(cases: QuerySet) -> Iterator[list[str]]:
    yield EVENT_HEADER
    events = (
        CaseEvent.objects.filter(case__in=cases.values("pk"))
        .select_related("case", "actor")
        .order_by("case__started_at", "case_id", "at", "id")
    )
    for event in events.iterator(chunk_size=2000):
        yield [
            event.case.case_id,
            event.case.channel,
            _when(event.at),
            event.get_kind_display(),
            event.actor.username if event.actor else "",
            event.text,
            json.dumps(event.changes, ensure_ascii=False, sort_keys=True) if event.changes else "",
        ]


def write_csv(rows: Iterable[list[str]], out) -> None:
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(row)


def csv_response(rows: Iterable[list[str]], filename: str) -> StreamingHttpResponse:
    """Stream a CSV download (a UTF-8 BOM first, so spreadsheets read the accents right)."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def cases_csv_response(cases: QuerySet, filename: str = "casedesk-cases.csv") -> StreamingHttpResponse:
    return csv_response(case_rows(cases), filename)


def events_csv_response(cases: QuerySet, filename: str = "casedesk-timeline.csv") -> StreamingHttpResponse:
    return csv_response(event_rows(cases), filename)


# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(…)" in a note).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading apostrophe stops it being read as a formula."""
    return f"'{value}" if value and value.startswith(FORMULA_STARTS) else value


BOARD_HEADER = ["Case ID", "Brand", "ASIN/SKU", "SC or BR", "Issue", "Issue type", "Status", "Owner", "Priority",
                "Marketplace", "Last checked", "Time left", "Response due", "Date started", "Subject", "Notes"]


def board_rows(cases: QuerySet, *, now: datetime) -> Iterator[list[str]]:
    """The board as a sheet: its columns, in its order (the queryset's), every cell spreadsheet-safe."""
    yield BOARD_HEADER
    for case in cases.iterator(chunk_size=1000):
        clock = case.clock(now)
        owner = (case.owner.get_full_name() or case.owner.username) if case.owner else ""
        row = [
            case.case_id, case.brand.name, format_products(case.products.all()), case.channel, case.issue,
            case.issue_type.name, case.get_status_display(), owner, case.get_priority_display(), case.marketplace,
            _when(case.last_checked_at), clock.time_left_text, _when(clock.response_due_at), _when(case.started_at),
            case.subject, case.notes,
        ]
        yield [spreadsheet_safe(cell) for cell in row]


def all_cases() -> QuerySet:
    return Case.objects.all()
