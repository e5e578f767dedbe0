"""Every read that is more than a .get(): the board's querysets and, later, report aggregates."""

from django.db.models import Case as When_
from django.db.models import F, IntegerField, Prefetch, Q, Value, When
from django.utils import timezone

from cases import clocks
from cases.models import OPEN_STATUSES, Case, CaseProduct, Status


def case_list_queryset():
    """Cases with everything a list row shows, in a constant number of queries."""
    return Case.objects.for_list().prefetch_related(
        Prefetch("products", queryset=CaseProduct.objects.order_by("id"))
    )


def board_urgency(now):
    """The "Today" board's buckets as an SQL expression, lowest first (agrees with `CaseClock.urgency`):
    overdue, due soon, action needed (a window running, or our move), needs a check, stale or follow-up due,
    then the rest. Built from `clock_state_q`, so the order, the filters and the badges agree."""
    return When_(
        When(clock_state_q("overdue", now=now), then=Value(0)),
        When(clock_state_q("due_soon", now=now), then=Value(1)),
        When(Q(response_due_at__isnull=False) | Q(status=Status.ACTION_NEEDED), then=Value(2)),
        When(clock_state_q("needs_check", now=now), then=Value(3)),
        When(clock_state_q("stale", now=now) | clock_state_q("follow_up", now=now), then=Value(4)),
        default=Value(5),
        output_field=IntegerField(),
    )


# Within a bucket: least time left first, then the longest unchecked, the highest priority, the oldest.
URGENT_ORDER = ("urgency", F("response_due_at").asc(nulls_last=True), F("last_checked_at").asc(nulls_first=True),
                "priority", "started_at", "id")


def board_open_cases(*, now=None):
    """Open cases, most urgent first. The order is decided in SQL from the stored clock columns."""
    now = now or timezone.now()
    return case_list_queryset().filter(status__in=OPEN_STATUSES).annotate(urgency=board_urgency(now)).order_by(*URGENT_ORDER)


def board_order(queryset, *, sort: str, now):
    """Order the board: by urgency ("Today"), or by a column ("-started": newest first)."""
    from cases.filters import SORTS

    key = sort.lstrip("-")
    if key not in SORTS:
        return queryset.annotate(urgency=board_urgency(now)).order_by(*URGENT_ORDER)
    descending = sort.startswith("-")
    return queryset.order_by(*[
        F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True) for field in SORTS[key]
    ])


# The summary line above the board: (clock state, words). Each count is capped so it stays cheap at any size.
SUMMARY_BUCKETS = [
    ("overdue", "overdue"),
    ("due_soon", "due soon"),
    ("action", "action needed"),
    ("needs_check", "to check"),
    ("stale", "stale"),
    ("follow_up", "follow-up due"),
]
SUMMARY_CAP = 1000


def board_summary(queryset, *, now, cap: int = SUMMARY_CAP) -> list[dict]:
    """How many of `queryset`'s cases are in each bucket, counting at most `cap` + 1 each: ONE query."""
    from django.core.exceptions import EmptyResultSet
    from django.db import connections

    from cases.filters import clock_filter_q

    parts, params = [], []
    for state, _ in SUMMARY_BUCKETS:
        capped = queryset.order_by().filter(clock_filter_q(state, now)).values("pk")[: cap + 1]
        try:
            sql, sql_params = capped.query.sql_with_params()
        except EmptyResultSet:  # e.g. a search that found nothing: no case can be in the bucket
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS b_{state})")
        params.extend(sql_params)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        counts = cursor.fetchone()
    return [
        {"state": state, "words": words, "count": n, "text": f"{cap}+" if n > cap else str(n)}
        for (state, words), n in zip(SUMMARY_BUCKETS, counts, strict=True)
    ]


# --- Alerts (cases.monitoring raises them) -----------------------------------------------------------------


def alerts_for_user(user):
    """The alerts a person sees: their own, and the team's (raised on cases nobody owns)."""
    from cases.models import Alert

    return Alert.objects.filter(Q(recipient=user) | Q(recipient__isnull=True))


def alert_list(user):
    from django.db.models import F

    return (
        alerts_for_user(user)
        .select_related("case__brand")
        .order_by(F("read_at").asc(nulls_first=True), "-created_at", "-id")
    )


def monitor_status(user) -> dict:
    """Unread alerts and when the scan last finished, in ONE query (every page's top bar shows them)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Func, OuterRef, Subquery

    from cases.models import Alert, MonitorHeartbeat

    unread = (
        Alert.objects.filter(Q(recipient=OuterRef("pk")) | Q(recipient__isnull=True), read_at__isnull=True)
        .order_by()
        .annotate(n=Func("id", function="COUNT"))
        .values("n")
    )
    scan = MonitorHeartbeat.objects.filter(name="scan")
    row = (
        get_user_model().objects.filter(pk=user.pk)
        .annotate(
            unread=Subquery(unread),
            scan_finished_at=Subquery(scan.values("finished_at")[:1]),
            scan_created_at=Subquery(scan.values("created_at")[:1]),
        )
        .values("unread", "scan_finished_at", "scan_created_at")
        .first()
    ) or {}
    return {
        "unread": row.get("unread") or 0,
        "scan_finished_at": row.get("scan_finished_at"),
        "scan_created_at": row.get("scan_created_at"),
    }
# --- The case page ---------------------------------------------------------------------------------------

TIMELINE_PAGE = 30


def case_for_page(pk: int):
    """One case with everything its page shows around the timeline: three queries whatever its size."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Case.objects.for_list()
        .select_related("reopened_from")
        .prefetch_related(
            Prefetch("products", queryset=CaseProduct.objects.order_by("id")),
            Prefetch("reopened_as", queryset=Case.objects.only("pk", "case_id", "channel", "status", "reopened_from")),
        ),
        pk=pk,
    )


def case_timeline(case, *, limit: int | None = TIMELINE_PAGE):
    """The case's events, newest first, with who and their files: (events, more_exist). Two queries.

    `limit=None` gives the whole timeline (the "show all" link); the page still costs two queries.
    """
    from cases.models import Attachment, CaseEvent

    events = (
        CaseEvent.objects.filter(case=case)
        .select_related("actor")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
        .order_by("-at", "-id")
    )
    if limit is None:
        return list(events), False
    rows = list(events[: limit + 1])
    return rows[:limit], len(rows) > limit


def case_events_since(case, version: int):
    """What happened to a case after the version a person loaded: the events of the saves since."""
    from cases.models import Attachment, CaseEvent

    return list(
        CaseEvent.objects.filter(case=case, version__gt=version)
        .select_related("actor")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
        .order_by("version", "id")[:50]
    )


# --- Clock states as queries (admin filter, reports) -------------------------------------------------

CLOCK_STATES = [
    ("overdue", "Response overdue"),
    ("due_soon", "Response due soon"),
    ("window", "Response window running"),
    ("needs_check", "Needs today's check"),
    ("stale", "Stale — no reply from Amazon"),
    ("follow_up", "Escalation follow-up due"),
    ("none", "Nothing pending"),
]


def clock_state_q(state: str, *, now) -> Q:
    """The cases in one clock state, as a filter on the stored clock columns.

    The thresholds come from `cases.clocks` (see `clocks.due_soon_until`), so the filter agrees
    with the badge `Case.clock()` shows on every row.
    """
    p = clocks.policy()
    open_ = Q(status__in=OPEN_STATUSES)
    soon = clocks.due_soon_until(now, p)
    unchecked = Q(last_checked_at__isnull=True) | Q(last_checked_at__lt=clocks.start_of_check_day(now, p))
    if state == "overdue":
        return open_ & Q(response_due_at__lte=now)
    if state == "due_soon":
        return open_ & Q(response_due_at__gt=now, response_due_at__lte=soon)
    if state == "window":
        return open_ & Q(response_due_at__gt=soon)
    if state == "needs_check":
        return open_ & unchecked
    if state == "stale":
        return open_ & Q(stale_at__lte=now)
    if state == "follow_up":
        return open_ & Q(follow_up_due_at__lte=now)
    if state == "none":
        return open_ & Q(response_due_at__isnull=True) & ~unchecked & ~Q(stale_at__lte=now) & ~Q(follow_up_due_at__lte=now)
    raise ValueError(f"Unknown clock state: {state}")
