"""The supervisors' report aggregates. All of it is GROUP BY in SQL: a fixed number of queries
whatever the number of cases (see tests/test_reports.py), each returning a bounded number of rows."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Q,
    Value,
    When,
    Window,
)
from django.db.models import Case as When_
from django.db.models.functions import RowNumber
from django.utils import timezone

from cases import selectors
from cases.models import OPEN_STATUSES, Case, CaseEvent, CaseProduct, EventKind, Status

TOP = 12


@dataclass(frozen=True)
class ReportRange:
    start: date  # first day, inclusive
    end: date  # last day, inclusive
    brand_id: int | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(settings.TIME_ZONE)

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time(0, 0), tzinfo=self.tz)

    @property
    def until(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), time(0, 0), tzinfo=self.tz)

    def weeks(self) -> list[date]:
        """The Mondays of every week the range touches, so empty weeks show as zero."""
        monday = self.start - timedelta(days=self.start.weekday())
        out = []
        while monday <= self.end:
            out.append(monday)
            monday += timedelta(days=7)
        return out

    def cases(self):
        qs = Case.objects.all()
        return qs.filter(brand_id=self.brand_id) if self.brand_id else qs


def default_range(today: date | None = None) -> ReportRange:
    today = today or timezone.localdate()
    return ReportRange(start=today - timedelta(weeks=12) - timedelta(days=today.weekday()), end=today)


def _week_of(field: str, r: ReportRange):
    """The Monday of the week a timestamp falls in, as plain comparisons with the week starts (computed here in
    the team's time zone, so DST is right): no per-row date function, which SQLite would run in Python."""
    weeks = r.weeks()
    starts = [datetime.combine(monday, time(0, 0), tzinfo=r.tz) for monday in weeks]
    return When_(
        *[When(**{f"{field}__gte": start}, then=Value(i)) for i, start in reversed(list(enumerate(starts)))],
        default=Value(-1),
        output_field=IntegerField(),
    )


def _weekly(qs, field: str, r: ReportRange, **counts) -> dict[date, dict[str, int]]:
    weeks = r.weeks()
    rows = (
        qs.filter(**{f"{field}__gte": r.since, f"{field}__lt": r.until})
        .annotate(week=_week_of(field, r))
        .values("week")
        .annotate(**counts)
        .order_by("week")
    )
    out = {}
    for row in rows:
        index = row.pop("week")
        if 0 <= index < len(weeks):
            out[weeks[index]] = row
    return out


def opened_resolved_per_week(r: ReportRange) -> list[dict]:
    """Cases opened (started) and resolved in each week: two queries."""
    opened = _weekly(r.cases(), "started_at", r, n=Count("pk"))
    resolved = _weekly(r.cases(), "resolved_at", r, n=Count("pk", filter=Q(status=Status.RESOLVED)))
    return [{"week": w, "opened": opened.get(w, {}).get("n", 0), "resolved": resolved.get(w, {}).get("n", 0)}
            for w in r.weeks()]


def _by(r: ReportRange, group: str, limit: int | None):
    rows = (
        r.cases().filter(started_at__gte=r.since, started_at__lt=r.until)
        .values(group)
        .annotate(
            opened=Count("pk"),
            resolved=Count("pk", filter=Q(status=Status.RESOLVED)),
            closed=Count("pk", filter=Q(status=Status.CLOSED)),
            still_open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        )
        .order_by("-opened", group)
    )
    return list(rows[:limit] if limit else rows)


def by_issue_type(r: ReportRange) -> list[dict]:
    return [{"name": row.pop("issue_type__name"), **row} for row in _by(r, "issue_type__name", None)]


def by_brand(r: ReportRange) -> list[dict]:
    return [{"name": row.pop("brand__name"), **row} for row in _by(r, "brand__name", TOP)]


class Median(Aggregate):
    """PostgreSQL's exact median: percentile_cont(0.5) WITHIN GROUP (ORDER BY …)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


_DURATION = ExpressionWrapper(F("resolved_at") - F("started_at"), output_field=DurationField())


def median_time_to_resolution(r: ReportRange) -> tuple[timedelta | None, list[dict]]:
    """Median time from opening to resolution, overall and per issue type, over cases resolved in the range.

    PostgreSQL computes it with percentile_cont. Elsewhere (SQLite) one window query ranks each
    group's durations and returns only the middle one or two rows per group; their mean is the median.
    Either way two queries, and the rows returned are bounded by the number of issue types.
    """
    resolved = r.cases().filter(status=Status.RESOLVED, resolved_at__gte=r.since, resolved_at__lt=r.until)
    if connection.vendor == "postgresql":
        overall = resolved.aggregate(m=Median(_DURATION))["m"]
        rows = list(
            resolved.values("issue_type__name").annotate(median=Median(_DURATION), n=Count("pk")).order_by("-median")
        )
        return overall, [{"name": row["issue_type__name"], "median": row["median"], "n": row["n"]} for row in rows]
    overall_rows = _middle_rows(resolved, None)
    overall = overall_rows[0]["median"] if overall_rows else None
    rows = sorted(_middle_rows(resolved, "issue_type__name"), key=lambda row: row["median"], reverse=True)
    return overall, rows


# SQLite's own julianday() (in C) rather than Django's duration arithmetic, which SQLite runs in Python per row.
_DAYS = Func(F("resolved_at"), function="julianday", output_field=FloatField()) - Func(
    F("started_at"), function="julianday", output_field=FloatField())


def _middle_rows(qs, group: str | None, days=_DAYS) -> list[dict]:
    partition = [F(group)] if group else []
    ranked = qs.annotate(
        duration=days,
        rank=Window(RowNumber(), partition_by=partition or None, order_by=days.asc()),
        total=Window(Count("pk"), partition_by=partition or None),
    ).filter(Q(rank=(F("total") + 1) / 2) | Q(rank=F("total") / 2 + 1))
    groups: dict[str | None, list] = {}
    totals: dict[str | None, int] = {}
    for row in ranked.values(*([group] if group else []), "duration", "total"):
        key = row.get(group) if group else None
        groups.setdefault(key, []).append(timedelta(seconds=round(row["duration"] * 86400)))
        totals[key] = row["total"]
    return [{"name": key, "median": sum(values, timedelta()) / len(values), "n": totals[key]}
            for key, values in groups.items()]


def closed_by_amazon_per_week(r: ReportRange) -> list[dict]:
    """Cases Amazon closed each week, and how many of those because our response window was missed."""
    events = CaseEvent.objects.filter(kind=EventKind.CLOSED_BY_AMAZON)
    if r.brand_id:
        events = events.filter(case__brand_id=r.brand_id)
    weekly = _weekly(events, "at", r, closed=Count("pk"), missed=Count("pk", filter=Q(changes__window_missed=True)))
    out = []
    for w in r.weeks():
        row = weekly.get(w, {"closed": 0, "missed": 0})
        out.append({"week": w, "missed": row["missed"], "other": row["closed"] - row["missed"], "closed": row["closed"]})
    return out


def recurring_products(r: ReportRange) -> list[dict]:
    """Products with two or more cases opened in the range: what keeps breaking."""
    products = CaseProduct.objects.filter(case__started_at__gte=r.since, case__started_at__lt=r.until)
    if r.brand_id:
        products = products.filter(case__brand_id=r.brand_id)
    # A case holds a (kind, value) once (a unique constraint), so plain counts count cases.
    return list(
        products.values("kind", "value")
        .annotate(
            cases=Count("case"),
            still_open=Count("case", filter=Q(case__status__in=OPEN_STATUSES)),
            brand=Max("case__brand__name"),
            last_opened=Max("case__started_at"),
        )
        .filter(cases__gte=2)
        .order_by("-cases", "value")[:TOP]
    )


def recurring_product_issues(r: ReportRange) -> list[dict]:
    """The same product with the same issue type again and again."""
    products = CaseProduct.objects.filter(case__started_at__gte=r.since, case__started_at__lt=r.until)
    if r.brand_id:
        products = products.filter(case__brand_id=r.brand_id)
    return list(
        products.values("kind", "value", "case__issue_type__name")
        .annotate(cases=Count("case"), last_opened=Max("case__started_at"))
        .filter(cases__gte=2)
        .order_by("-cases", "value")[:TOP]
    )


def workload(r: ReportRange, *, now: datetime | None = None) -> list[dict]:
    """Open cases per owner now, with how many are overdue, due soon or unchecked (states from the clocks)."""
    now = now or timezone.now()
    rows = (
        r.cases().filter(status__in=OPEN_STATUSES)
        .values("owner_id", "owner__username", "owner__first_name", "owner__last_name")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=selectors.clock_state_q("overdue", now=now)),
            due_soon=Count("pk", filter=selectors.clock_state_q("due_soon", now=now)),
            needs_check=Count("pk", filter=selectors.clock_state_q("needs_check", now=now)),
            escalated=Count("pk", filter=Q(status=Status.ESCALATED)),
        )
        .order_by("-overdue", "-open", "owner__username")
    )
    out = []
    for row in rows[:40]:
        name = f"{row['owner__first_name']} {row['owner__last_name']}".strip() or row["owner__username"] or "Unassigned"
        out.append({"name": name, **{k: row[k] for k in ("open", "overdue", "due_soon", "needs_check", "escalated")}})
    return out


# --- Escalations -----------------------------------------------------------------------------------------

_AFTER_ESCALATING = ExpressionWrapper(F("resolved_at") - F("escalated_at"), output_field=DurationField())
_DAYS_AFTER_ESCALATING = Func(F("resolved_at"), function="julianday", output_field=FloatField()) - Func(
    F("escalated_at"), function="julianday", output_field=FloatField())


def escalations(r: ReportRange) -> dict:
    """Cases escalated in the period (by their latest escalation), per route: how many, where they stand now
    (the outcome), how many needed a second request, and the median time from escalating to resolution.

    Four queries whatever the number of cases; at most one row per route.
    """
    escalated = r.cases().filter(escalated_at__gte=r.since, escalated_at__lt=r.until)
    rows = list(
        escalated.values("escalation_route")
        .annotate(
            escalated=Count("pk"),
            resolved=Count("pk", filter=Q(status=Status.RESOLVED)),
            still_open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            closed=Count("pk", filter=Q(status=Status.CLOSED)),
            repeated=Count("pk", filter=Q(escalation_level__gte=2)),
        )
        .order_by("-escalated", "escalation_route")
    )
    resolved = escalated.filter(status=Status.RESOLVED, resolved_at__gte=F("escalated_at"))
    if connection.vendor == "postgresql":
        overall = resolved.aggregate(m=Median(_AFTER_ESCALATING))["m"]
        medians = {row["escalation_route"]: row["m"]
                   for row in resolved.values("escalation_route").annotate(m=Median(_AFTER_ESCALATING))}
    else:
        middle = _middle_rows(resolved, None, _DAYS_AFTER_ESCALATING)
        overall = middle[0]["median"] if middle else None
        medians = {row["name"]: row["median"]
                   for row in _middle_rows(resolved, "escalation_route", _DAYS_AFTER_ESCALATING)}
    events = CaseEvent.objects.filter(kind=EventKind.ESCALATED, at__gte=r.since, at__lt=r.until)
    if r.brand_id:
        events = events.filter(case__brand_id=r.brand_id)
    for row in rows:
        row["median"] = medians.get(row["escalation_route"])
    return {"rows": rows, "median": overall, "requests": events.count()}
