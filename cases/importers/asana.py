"""Read the team's Asana "Case Management" CSV export (or a casedesk export) into cases.

Asana writes `Task ID, Created At, Completed At, Last Modified, Name, Section/Column, Assignee,
Assignee Email, Start Date, Due Date, Tags, Notes, Projects, Parent task` and then one column per
custom field (Brand, ASIN/SKU, SC or BR, Issue, Status, Date Started, Last Checked …). Real files
vary, so the reader is forgiving about the shape (a BOM, "Parent Task" spelled either way, blank
spacer rows, notes over several lines, dates in several formats) and strict about the content:
a row it cannot read exactly is refused with its row number and the reason, and then nothing is
imported. Subtasks are not cases: their text joins the parent's notes.

`read_file` builds a plan (what would be created, what is already here, what was guessed);
`run_import` hands the plan to `services_supervisor.case_import`, which writes the cases and their
"imported" events in one transaction.
"""

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils import timezone

from cases.identifiers import guess_identifier, normalize_case_id, normalize_identifier
from cases.models import CaseTemplate as Template
from cases.models import (
    Channel,
    ContactMethod,
    Login,
    Marketplace,
    Priority,
    Status,
)
from cases.services_supervisor import ImportResult, IncomingCase, case_import, existing_keys

# The case fields a column can fill, with a label for the mapping step and the headers that fill
# it without asking (compared lower-case with spaces and punctuation removed), best first.
FIELDS: list[tuple[str, str, tuple[str, ...]]] = [
    ("case_id", "Case ID", ("caseid", "amazoncaseid", "name")),
    ("task_id", "Asana Task ID", ("taskid",)),
    ("parent", "Parent task (subtasks join its notes)", ("parenttask",)),
    ("brand", "Brand", ("brand",)),
    ("products", "ASIN / SKU / UPC", ("asinsku", "asin", "asins", "sku", "asinorsku", "products", "product")),
    ("channel", "SC or BR", ("scorbr", "channel", "scbr")),
    ("issue", "Issue (what the case is about)", ("issue", "issuedescription")),
    ("issue_type", "Issue type (case template)", ("issuetype", "casetemplate", "template")),
    ("status", "Status", ("status",)),
    ("section", "Section (status when Status is blank)", ("sectioncolumn", "section")),
    ("started_at", "Date Started", ("datestarted", "startdate", "createdat")),
    ("last_checked_at", "Last Checked", ("lastchecked",)),
    ("owner_email", "Owner's e-mail", ("assigneeemail",)),
    ("owner_name", "Owner (user name)", ("assignee",)),
    ("notes", "Notes", ("notes",)),
    ("tags", "Tags (added to the notes)", ("tags",)),
    ("completed_at", "Completed At (resolved at)", ("completedat", "resolvedat")),
    ("closed_at", "Closed by Amazon at", ("closedbyamazonat", "closedat")),
    ("resolution", "Resolution", ("resolution",)),
    ("marketplace", "Marketplace", ("marketplace",)),
    ("login", "Login used", ("login", "loginused")),
    ("contact_method", "Contact method", ("contactmethod",)),
    ("amazon_urgent", "Marked urgent at Amazon", ("urgentatamazon", "urgent")),
    ("priority", "Priority", ("priority",)),
    ("subject", "Subject", ("subject",)),
    ("message", "Message sent", ("message", "messagesent")),
    ("amazon_replied_at", "Amazon last replied", ("amazonlastreplied",)),
    ("we_replied_at", "We last replied", ("welastreplied",)),
    ("escalated_at", "Escalated at", ("escalatedat",)),
    ("followed_up_at", "Followed up at", ("followedupat",)),
    ("escalation_level", "Escalation level", ("escalationlevel",)),
    ("escalation_route", "Escalation route", ("escalationroute",)),
]
FIELD_LABELS = {name: label for name, label, _ in FIELDS}
REQUIRED = ("case_id", "brand", "started_at")
# The columns of the team's Asana board; the rest come from casedesk's own exports.
ASANA_FIELDS = {name for name, _l, _a in FIELDS[:17]}

MAX_ROWS = 20_000

# Excel shows long numbers in scientific notation and saves them that way: the digits are gone.
_MANGLED_NUMBER = re.compile(r"^\s*\d+(\.\d+)?[eE][+-]?\d+\s*$")
_CASE_ID_IN_TEXT = re.compile(r"(?<![\dA-Za-z])(\d[\d \-]{6,18}\d)(?![\dA-Za-z])")
_KIND_PREFIX = re.compile(r"^\s*(asin|sku|upc|ean)\s*[:#]\s*", re.IGNORECASE)

STATUS_WORDS = {
    "waiting": Status.WAITING, "waitingonamazon": Status.WAITING, "open": Status.WAITING, "pending": Status.WAITING,
    "new": Status.WAITING, "inprogress": Status.WAITING, "submitted": Status.WAITING, "opened": Status.WAITING,
    "actionneeded": Status.ACTION_NEEDED, "needsaction": Status.ACTION_NEEDED, "replyneeded": Status.ACTION_NEEDED,
    "amazonreplied": Status.ACTION_NEEDED, "actionrequired": Status.ACTION_NEEDED,
    "onhold": Status.ON_HOLD, "hold": Status.ON_HOLD,
    "escalated": Status.ESCALATED, "escalation": Status.ESCALATED,
    "resolved": Status.RESOLVED, "solved": Status.RESOLVED, "done": Status.RESOLVED, "complete": Status.RESOLVED,
    "completed": Status.RESOLVED, "fixed": Status.RESOLVED,
    "closedbyamazon": Status.CLOSED, "closed": Status.CLOSED, "closedunresolved": Status.CLOSED,
}

_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%Y/%m/%d",
                 "%b %d %Y", "%B %d %Y")
_DATETIME_FORMATS = ("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p", "%m/%d/%y %H:%M",
                     "%Y-%m-%d %H:%M", "%b %d, %Y %I:%M %p", "%b %d, %Y %H:%M")
DATE_HELP = "2024-03-05, 03/05/2024, 3/5/24, Mar 5, 2024 or 2024-03-05T14:30:00Z"


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


@dataclass
class RowProblem:
    row: int
    message: str

    def __str__(self):
        return f"Row {self.row}: {self.message}"


@dataclass
class PlannedCase:
    incoming: IncomingCase
    already_here: bool = False
    guessed_issue_type: bool = False
    subtasks: int = 0

    @property
    def status_label(self) -> str:
        return Status(self.incoming.status).label


@dataclass
class ImportPlan:
    filename: str
    headers: list[str]
    mapping: dict[str, str]
    cases: list[PlannedCase] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    file_error: str = ""
    blank_rows: int = 0
    subtask_rows: int = 0
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors

    @property
    def new_cases(self) -> list[PlannedCase]:
        return [c for c in self.cases if not c.already_here]

    @property
    def existing_cases(self) -> list[PlannedCase]:
        return [c for c in self.cases if c.already_here]

    @property
    def new_brands(self) -> list[str]:
        return sorted({c.incoming.brand_name for c in self.new_cases if c.incoming.brand_name.lower() not in self._known_brands},
                      key=str.lower)

    _known_brands: set = field(default_factory=set, repr=False)

    def report(self) -> str:
        """The plain-text report the command prints and the tests read."""
        lines = []
        if self.file_error:
            return f"{self.filename}: {self.file_error}"
        if self.errors:
            lines.append(f"{self.filename}: {len(self.errors)} row(s) cannot be imported, so nothing was imported:")
            lines += [f"  {p}" for p in self.errors]
        else:
            lines.append(
                f"{self.filename}: {len(self.new_cases)} new case(s), {len(self.existing_cases)} already in casedesk, "
                f"{self.subtask_rows} subtask(s) added to their case's notes, {self.blank_rows} blank row(s) skipped."
            )
        if self.warnings:
            lines.append("Check these:")
            lines += [f"  {p}" for p in self.warnings]
        return "\n".join(lines)


# --- Reading the file ---------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 (with or without the BOM Excel adds); Windows-1252 for files saved by older Excel."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_records(text: str) -> list[tuple[int, list[str]]]:
    """(row number as a spreadsheet shows it, cells): a cell over several lines stays one row."""
    reader = csv.reader(io.StringIO(text, newline=""))
    return [(number, record) for number, record in enumerate(reader, start=1)]


def auto_mapping(headers: list[str]) -> dict[str, str]:
    by_key = {}
    for header in headers:
        by_key.setdefault(_key(header), header)
    mapping = {}
    for name, _label, aliases in FIELDS:
        for alias in aliases:
            if alias in by_key:
                mapping[name] = by_key[alias]
                break
    # The Case ID usually is the task's name; a separate "Case ID" column wins when there is one.
    return mapping


def read_file(data: bytes, *, filename: str, mapping: dict[str, str] | None = None, now: datetime | None = None) -> ImportPlan:
    now = now or timezone.now()
    text = decode(data)
    try:
        records = read_records(text)
    except csv.Error as exc:
        return ImportPlan(filename, [], {}, file_error=f"this is not a readable CSV file ({exc}).")
    header_row = next(((n, r) for n, r in records if any(cell.strip() for cell in r)), None)
    if header_row is None:
        return ImportPlan(filename, [], {}, file_error="the file is empty.")
    header_number, raw_headers = header_row
    headers = [h.strip().lstrip("\ufeff") for h in raw_headers]
    chosen = auto_mapping(headers) if mapping is None else {k: v for k, v in mapping.items() if v in headers}
    plan = ImportPlan(filename, headers, chosen)
    missing = [FIELD_LABELS[f] for f in REQUIRED if f not in chosen]
    if missing:
        plan.file_error = (
            f"no column for {', '.join(missing)}. Columns found: {', '.join(h for h in headers if h) or 'none'}. "
            "Map them in the import page, or check that this is the export of the Case Management board."
        )
        return plan
    body = [(n, r) for n, r in records if n > header_number]
    if len(body) > MAX_ROWS:
        plan.file_error = f"the file has {len(body)} rows; import at most {MAX_ROWS} at a time."
        return plan
    reader = _RowReader(plan, headers, chosen, now)
    rows = []
    for number, record in body:
        if not any(cell.strip() for cell in record):
            plan.blank_rows += 1
            continue
        plan.rows_read += 1
        if len(record) > len(headers) and any(cell.strip() for cell in record[len(headers):]):
            plan.errors.append(RowProblem(number, f"it has {len(record)} cells but the header has {len(headers)}: "
                                                  "a comma inside a cell was probably not quoted."))
            continue
        rows.append((number, dict(zip(headers, record + [""] * (len(headers) - len(record)), strict=False))))
    reader.read(rows)
    return plan


class _RowReader:
    def __init__(self, plan: ImportPlan, headers, mapping, now):
        self.plan = plan
        self.mapping = mapping
        self.now = now
        # "Parent task" holds the parent's name, so subtasks are matched on the Name column.
        self.name_header = next((h for h in headers if _key(h) == "name"), mapping.get("case_id"))
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.templates = list(Template.objects.all())
        self.other = next((t for t in self.templates if t.slug == "other"), None)

    def cell(self, values: dict, name: str) -> str:
        header = self.mapping.get(name)
        return (values.get(header) or "").strip() if header else ""

    def read(self, rows: list[tuple[int, dict]]) -> None:
        plan = self.plan
        parents, subtasks = [], []
        for number, values in rows:
            (subtasks if self.cell(values, "parent") else parents).append((number, values))
        users = self._users([values for _, values in parents])
        seen: dict[tuple[str, str], int] = {}
        seen_tasks: dict[str, int] = {}
        by_name: dict[str, PlannedCase] = {}
        for number, values in parents:
            problems: list[str] = []
            planned = self._read_case(number, values, users, problems)
            if problems:
                plan.errors += [RowProblem(number, p) for p in problems]
                continue
            incoming = planned.incoming
            key = (incoming.channel, incoming.case_id)
            if key in seen:
                plan.errors.append(RowProblem(number, f"Case ID {incoming.case_id} ({incoming.channel}) is already on row {seen[key]}."))
                continue
            if incoming.task_id and incoming.task_id in seen_tasks:
                plan.errors.append(RowProblem(number, f"Task ID {incoming.task_id} is already on row {seen_tasks[incoming.task_id]}."))
                continue
            seen[key] = number
            if incoming.task_id:
                seen_tasks[incoming.task_id] = number
            by_name.setdefault((values.get(self.name_header) or "").strip(), planned)
            plan.cases.append(planned)
        for number, values in subtasks:
            parent_name = self.cell(values, "parent")
            parent = by_name.get(parent_name)
            if parent is None:
                plan.errors.append(RowProblem(number, f"it is a subtask of “{parent_name}”, which is not a task in this file."))
                continue
            plan.subtask_rows += 1
            parent.subtasks += 1
            title = (values.get(self.name_header) or "").strip()
            notes = self.cell(values, "notes")
            text = f"Subtask: {title}" + (f"\n{notes}" if notes else "")
            parent.incoming.notes = f"{parent.incoming.notes}\n\n{text}".strip()
        if plan.cases:
            pairs, tasks = existing_keys([c.incoming for c in plan.cases])
            for planned in plan.cases:
                c = planned.incoming
                planned.already_here = (c.channel, c.case_id) in pairs or bool(c.task_id and c.task_id in tasks)
            from cases.models import Brand

            names = {c.incoming.brand_name.lower() for c in plan.cases}
            plan._known_brands = set(Brand.objects.annotate(l=Lower("name")).filter(l__in=names).values_list("l", flat=True))

    def _users(self, rows):
        User = get_user_model()
        emails = {self.cell(v, "owner_email").lower() for v in rows} - {""}
        names = {self.cell(v, "owner_name").lower() for v in rows} - {""}
        found = {}
        if emails:
            for user in User.objects.annotate(le=Lower("email")).filter(le__in=emails, is_active=True):
                found.setdefault(("email", user.le), user)
        if names:
            for user in User.objects.annotate(lu=Lower("username")).filter(lu__in=names, is_active=True):
                found.setdefault(("name", user.lu), user)
        return found

    # --- one row ---

    def _read_case(self, number: int, v: dict, users, problems: list[str]) -> PlannedCase:
        warn = self.plan.warnings.append
        task_id = self.cell(v, "task_id")
        if task_id and _MANGLED_NUMBER.match(task_id):
            problems.append(
                f"Task ID “{task_id}” was rounded by a spreadsheet (scientific notation), so this task cannot be "
                "matched again. Export the CSV from Asana anew and import it without opening it in Excel."
            )
        elif task_id and not task_id.isdigit():
            problems.append(f"Task ID “{task_id}” is not an Asana task number (digits only).")

        case_id = self._case_id(v, problems)
        channel = self._channel(v, problems)
        brand = self.cell(v, "brand")
        if not brand:
            problems.append("it has no Brand.")
        elif len(brand) > 120:
            problems.append("its Brand is longer than 120 characters.")
        elif "," in brand and self.mapping.get("brand"):
            problems.append(f"it names several brands (“{brand}”); a case concerns one brand.")
        products = self._products(v, problems)
        issue = self.cell(v, "issue")
        issue_type, guessed = self._issue_type(v, issue, problems)
        if issue_type and guessed and issue:
            warn(RowProblem(number, f"issue “{issue[:80]}” filed under the case template “{issue_type.name}”."))
        status = self._status(v, problems)
        started = self._when(v, "started_at", problems, required=True)
        last_checked = self._when(v, "last_checked_at", problems)
        completed = self._when(v, "completed_at", problems)
        closed = self._when(v, "closed_at", problems)
        if status is None and not problems:
            status = Status.RESOLVED if completed else Status.WAITING
        resolved_at = completed if status == Status.RESOLVED else None
        if status == Status.RESOLVED and not resolved_at:
            resolved_at = last_checked or started
        if status == Status.CLOSED and not closed:
            closed = completed or last_checked or started
        owner = None
        email, name = self.cell(v, "owner_email"), self.cell(v, "owner_name")
        if email:
            owner = users.get(("email", email.lower()))
        if owner is None and name:
            owner = users.get(("name", name.lower()))
        if owner is None and (email or name):
            warn(RowProblem(number, f"nobody in casedesk is “{email or name}”: the case will have no owner."))
        notes = self.cell(v, "notes")
        tags = self.cell(v, "tags")
        if tags:
            notes = f"{notes}\n\nTags: {tags}".strip()
        priority = self._choice(v, "priority", Priority, problems, as_int=True)
        incoming = IncomingCase(
            row=number, case_id=case_id or "", channel=channel or Channel.SELLER_CENTRAL, brand_name=brand,
            issue=issue or (issue_type.name if issue_type else ""), issue_type=issue_type, status=status or Status.WAITING,
            started_at=started, products=products, task_id=task_id, notes=notes, owner=owner,
            last_checked_at=last_checked,
            marketplace=self._choice(v, "marketplace", Marketplace, problems) or Marketplace.US,
            login=self._choice(v, "login", Login, problems) or Login.SHARED,
            contact_method=self._choice(v, "contact_method", ContactMethod, problems) or ContactMethod.EMAIL,
            amazon_urgent=self.cell(v, "amazon_urgent").lower() in ("yes", "true", "1", "y", "x"),
            subject=self.cell(v, "subject"), message=self.cell(v, "message"), priority=priority,
            amazon_replied_at=self._when(v, "amazon_replied_at", problems),
            we_replied_at=self._when(v, "we_replied_at", problems),
            escalated_at=self._when(v, "escalated_at", problems),
            followed_up_at=self._when(v, "followed_up_at", problems),
            escalation_level=self._int(v, "escalation_level", problems),
            escalation_route=self.cell(v, "escalation_route")[:40],
            resolved_at=resolved_at, closed_at=closed if status == Status.CLOSED else None,
            resolution=self.cell(v, "resolution"),
        )
        if len(incoming.subject) > 250:
            problems.append("its Subject is longer than 250 characters.")
        if status == Status.ESCALATED and not incoming.escalated_at:
            incoming.escalated_at = last_checked or started
        return PlannedCase(incoming, guessed_issue_type=guessed)

    def _case_id(self, v, problems) -> str | None:
        raw = self.cell(v, "case_id")
        if not raw:
            problems.append("it has no Case ID (the task name is empty).")
            return None
        if _MANGLED_NUMBER.match(raw):
            problems.append(f"Case ID “{raw}” was rounded by a spreadsheet (scientific notation); type the full number.")
            return None
        try:
            return normalize_case_id(raw)
        except ValidationError as exc:
            # Task names often carry the Case ID among other words: "Case 15728394061 – wrong image".
            found = _CASE_ID_IN_TEXT.findall(raw)
            for candidate in found:
                try:
                    return normalize_case_id(candidate)
                except ValidationError:
                    continue
            problems.append(f"no Case ID in “{raw[:80]}”: {exc.messages[0]}")
            return None

    def _channel(self, v, problems) -> str | None:
        raw = self.cell(v, "channel")
        if not raw:
            return Channel.SELLER_CENTRAL
        key = _key(raw)
        for choice in Channel:
            if key in (_key(choice.value), _key(choice.label)):
                return choice.value
        problems.append(f"SC or BR is “{raw}”; write SC (Seller Central) or BR (Brand Registry).")
        return None

    def _products(self, v, problems) -> list[tuple[str, str]]:
        out = []
        for part in re.split(r"[,;\n]+", self.cell(v, "products")):
            if not part.strip():
                continue
            prefix = _KIND_PREFIX.match(part)
            try:
                if prefix:
                    out.append(normalize_identifier(prefix.group(1).lower(), part[prefix.end():]))
                else:
                    out.append(guess_identifier(part))
            except ValidationError as exc:
                problems.append(f"ASIN/SKU “{part.strip()}”: {exc.messages[0]}")
        return list(dict.fromkeys(out))

    def _issue_type(self, v, issue: str, problems) -> tuple[Template | None, bool]:
        raw = self.cell(v, "issue_type")
        if raw:
            for template in self.templates:
                if _key(raw) in (_key(template.name), _key(template.slug)):
                    return template, False
            problems.append(f"issue type “{raw}” is not one of the case templates "
                            f"({', '.join(t.name for t in self.templates)}).")
            return None, False
        return closest_template(issue, self.templates, self.other), True

    def _status(self, v, problems) -> str | None:
        raw = self.cell(v, "status") or self.cell(v, "section")
        if not raw:
            return None
        found = STATUS_WORDS.get(_key(raw))
        if found is None:
            for choice in Status:
                if _key(raw) in (_key(choice.value), _key(choice.label)):
                    return choice.value
            problems.append(f"status “{raw}” is not one casedesk knows: use {', '.join(Status.labels)}.")
        return found

    def _choice(self, v, name, choices, problems, as_int=False):
        raw = self.cell(v, name)
        if not raw:
            return None
        for value, label in choices.choices:
            if _key(raw) in (_key(str(value)), _key(label)):
                return value
        problems.append(f"{FIELD_LABELS[name]} “{raw}” is not one of: {', '.join(choices.labels)}.")
        return None

    def _int(self, v, name, problems) -> int:
        raw = self.cell(v, name)
        if not raw:
            return 0
        if not raw.isdigit():
            problems.append(f"{FIELD_LABELS[name]} “{raw}” is not a whole number.")
            return 0
        return int(raw)

    def _when(self, v, name, problems, required=False) -> datetime | None:
        raw = self.cell(v, name)
        if not raw:
            if required and name == "started_at":
                problems.append("it has no Date Started (nor Start Date or Created At).")
            return None
        moment = parse_when(raw, self.tz)
        if moment is None:
            problems.append(f"{FIELD_LABELS[name]} “{raw}” is not a date casedesk can read (use e.g. {DATE_HELP}).")
            return None
        if moment > self.now + timedelta(days=1):
            problems.append(f"{FIELD_LABELS[name]} {raw} is in the future.")
            return None
        return moment


def parse_when(raw: str, tz: ZoneInfo) -> datetime | None:
    """A date or date-time as people and tools write it; a bare date is midnight in the team's zone."""
    text = raw.strip()
    iso = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        moment = None
    if moment is not None:
        return moment if moment.tzinfo else moment.replace(tzinfo=tz)
    for fmt in _DATETIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=tz)
        except ValueError:
            continue
    for fmt in _DATE_FORMATS:
        try:
            day: date = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return datetime.combine(day, time(0, 0), tzinfo=tz)
    return None


_STOP = {"with", "from", "issue", "case", "wrong", "error", "other", "change", "and", "the", "for", "our"}


def _words(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _STOP} | (
        {"ip"} if re.search(r"\bip\b", text.lower()) else set()
    )


def closest_template(issue: str, templates: list[Template], other: Template | None) -> Template | None:
    """The case template whose name shares the most words with the issue text; "Other" if none does."""
    if not issue:
        return other
    words = _words(issue)
    best, best_score = None, 0.0
    for template in templates:
        if template.slug == "other":
            continue
        shared = len(words & _words(f"{template.name} {template.slug}"))
        if not shared:
            continue
        score = shared + difflib.SequenceMatcher(None, issue.lower(), template.name.lower()).ratio()
        if score > best_score:
            best, best_score = template, score
    return best or other


def run_import(plan: ImportPlan, *, actor, dry_run: bool = False) -> ImportResult | None:
    """Write the plan's new cases (all or none). Raises ValidationError if the plan has bad rows."""
    if not plan.ok:
        raise ValidationError([plan.file_error] if plan.file_error else [str(p) for p in plan.errors])
    if dry_run:
        return None
    return case_import(actor=actor, incoming=[c.incoming for c in plan.cases], source=plan.filename)
