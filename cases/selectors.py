"""Every read that is more than a .get(): the board's querysets and, later, report aggregates."""

from django.db.models import Case as When_
from django.db.models import IntegerField, Prefetch, Q, Value, When
from django.utils import timezone

from cases import clocks
from cases.models import OPEN_STATUSES, Case, CaseProduct


def case_list_queryset():
    """Cases with everything a list row shows, in a constant number of queries."""
    return Case.objects.for_list().prefetch_related(
        Prefetch("products", queryset=CaseProduct.objects.order_by("id"))
    )


def board_open_cases(*, now=None):
    """Open cases, most urgent first: overdue, due soon, window running, unchecked, then the rest.

    The order is decided in SQL from the stored clock columns, so pagination stays cheap.
    """
    now = now or timezone.now()
    p = clocks.policy()
    check_day = clocks.start_of_check_day(now, p)
    urgency = When_(
        When(response_due_at__lte=now, then=Value(0)),
        When(response_due_at__lte=now + p.due_soon, then=Value(1)),
        When(response_due_at__isnull=False, then=Value(2)),
        When(Q(last_checked_at__isnull=True) | Q(last_checked_at__lt=check_day), then=Value(3)),
        When(Q(stale_at__lte=now) | Q(follow_up_due_at__lte=now), then=Value(4)),
        default=Value(5),
        output_field=IntegerField(),
    )
    return (
        case_list_queryset()
        .filter(status__in=OPEN_STATUSES)
        .annotate(urgency=urgency)
        .order_by("urgency", "response_due_at", "last_checked_at", "-priority", "-started_at")
    )


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
