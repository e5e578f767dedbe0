"""Response-window monitoring: the scan that raises alerts, their e-mails, the morning digest.

How "exactly once" holds (healthchecks' sendalerts, set-wise):
- Every threshold has a stored, indexed due-time column on the case (`warn_at`, `response_due_at`,
  `stale_at`, `follow_up_due_at`; the daily check uses `last_checked_at` against the last deadline).
  The scan selects "due before now" — never "due in the last 5 minutes" — so a missed run catches up.
- The same query anti-joins the alerts already raised for that window, so a steady-state scan reads
  only what is new. The Alert unique constraint (case, kind, window) makes a duplicate impossible:
  `bulk_create(ignore_conflicts=True)` is INSERT … ON CONFLICT DO NOTHING, so two scans at once,
  a retried task or a scan after Redis came back all insert each alert once.
- E-mail work is leased: `UPDATE … SET claimed_at = now WHERE notified_at IS NULL AND (claimed_at IS NULL
  OR claimed_at < now - lease) … RETURNING id`; only the rows this run changed are sent, and notified_at is
  written after each send. A failed send gives its claim back, so the next scan retries; a worker killed
  between the claim and the send leaves a lease that runs out, and a later run sends that e-mail. The one
  duplicate possible is an e-mail sent in the instant before its worker was killed, ahead of notified_at.
"""

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cases import clocks
from cases.models import (
    OPEN_STATUSES,
    Alert,
    AlertKind,
    Case,
    DigestSent,
    MonitorHeartbeat,
    Status,
)
from cases.permissions import SUPERVISOR_GROUP, TEAM_GROUP
from cases.services import CLOCK_COLUMNS, _refresh_clock_columns

log = logging.getLogger(__name__)

SCAN = "scan"
DIGEST = "digest"
INSERT_BATCH = 2000
CLAIM_BATCH = 500


@dataclass(frozen=True)
class Threshold:
    kind: str
    column: str  # the case's due-time column; the alert's window is its value
    statuses: tuple[str, ...]
    at_once: bool  # e-mail at once, even outside working hours
    not_yet_overdue: bool = False


THRESHOLDS = (
    Threshold(AlertKind.OVERDUE, "response_due_at", clocks.OUR_MOVE_STATUSES, at_once=True),
    # Due soon is keyed on the window (the due time) and found by warn_at; once overdue, the overdue alert says it.
    Threshold(AlertKind.DUE_SOON, "warn_at", clocks.OUR_MOVE_STATUSES, at_once=False, not_yet_overdue=True),
    Threshold(AlertKind.FOLLOW_UP_DUE, "follow_up_due_at", (Status.ESCALATED,), at_once=False),
    Threshold(AlertKind.STALE, "stale_at", (Status.WAITING,), at_once=False),
)


def _window_column(threshold: Threshold) -> str:
    return "response_due_at" if threshold.kind == AlertKind.DUE_SOON else threshold.column


def _window_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass
class ScanResult:
    raised: dict = field(default_factory=dict)
    failed: list = field(default_factory=list)
    notified: int = 0
    clocks_refreshed: int = 0


# --- The scan ---------------------------------------------------------------------------------------------


def scan(*, now: datetime | None = None, notify: bool = True) -> ScanResult:
    """Raise an alert for every threshold crossed (once per case, kind and window), then send what is due."""
    now = now or timezone.now()
    p = clocks.policy()
    result = ScanResult()
    result.clocks_refreshed = refresh_clock_columns_if_policy_changed(p)
    for threshold in THRESHOLDS:
        try:
            result.raised[str(threshold.kind)] = _raise_due_alerts(threshold, now, p, result)
        except Exception:
            log.exception("scan: raising %s alerts failed; the next scan retries", threshold.kind)
            result.raised[str(threshold.kind)] = None
    try:
        result.raised[str(AlertKind.CHECK_MISSED)] = _raise_check_missed_alerts(now, p, result)
    except Exception:
        log.exception("scan: raising check_missed alerts failed; the next scan retries")
        result.raised[str(AlertKind.CHECK_MISSED)] = None
    if notify:
        result.notified = send_due_notifications(now=now)
    _beat(SCAN, stats={"raised": result.raised, "failed": result.failed,
                       "notified": result.notified})
    return result


def _raise_due_alerts(threshold: Threshold, now: datetime, p: clocks.ClockPolicy, result: ScanResult) -> int:
    window_column = _window_column(threshold)
    already = Alert.objects.filter(case=OuterRef("pk"), kind=threshold.kind, window_at=OuterRef(window_column))
    # The services keep each due-time column NULL unless the case is in a status where it runs, so the
    # column alone selects the cases — and the planner (SQLite's too, without statistics) takes its index.
    candidates = Case.objects.filter(**{f"{threshold.column}__lte": now})
    if threshold.not_yet_overdue:
        # warn_at never precedes Amazon's reply, so a warning older than a whole window belongs to a case
        # that is overdue by now: bounding the range keeps the index scan to the windows running today.
        candidates = candidates.filter(response_due_at__gt=now, **{f"{threshold.column}__gt": now - p.response_window})
    rows = candidates.filter(~Exists(already)).values_list("pk", "owner_id", window_column).order_by()
    alerts = []
    for pk, owner_id, window_at in rows:
        try:
            alerts.append(Alert(
                case_id=pk, kind=threshold.kind, window=_window_text(window_at), window_at=window_at,
                recipient_id=owner_id,
                notify_after=clocks.notify_after(
                    at_once=threshold.at_once, now=now, p=p,
                    due=window_at if window_column == "response_due_at" else None,
                ),
            ))
        except Exception:
            log.exception("scan: case %s (%s) could not be alerted", pk, threshold.kind)
            result.failed.append(pk)
    _insert(alerts, result)
    return len(alerts)


def _raise_check_missed_alerts(now: datetime, p: clocks.ClockPolicy, result: ScanResult) -> int:
    deadline = clocks.last_check_deadline(now, p)
    if deadline is None:
        return 0
    day_start = clocks.start_of_day(deadline, p)
    day = deadline.astimezone(p.tz).date().isoformat()
    already = Alert.objects.filter(case=OuterRef("pk"), kind=AlertKind.CHECK_MISSED, window_at=deadline)
    rows = (
        Case.objects.filter(status__in=OPEN_STATUSES, started_at__lt=deadline)
        .filter(Q(last_checked_at__isnull=True) | Q(last_checked_at__lt=day_start))
        .filter(~Exists(already))
        .values_list("pk", "owner_id")
        .order_by()
    )
    notify_at = clocks.notify_after(at_once=False, now=now, due=None, p=p)
    alerts = [
        Alert(case_id=pk, kind=AlertKind.CHECK_MISSED, window=day, window_at=deadline, recipient_id=owner_id,
              notify_after=notify_at)
        for pk, owner_id in rows
    ]
    _insert(alerts, result)
    return len(alerts)


def _insert(alerts: list[Alert], result: ScanResult) -> None:
    """INSERT … ON CONFLICT DO NOTHING; if the batch fails, case by case so one bad row stops nobody."""
    if not alerts:
        return
    try:
        with transaction.atomic():
            Alert.objects.bulk_create(alerts, ignore_conflicts=True, batch_size=INSERT_BATCH)
        return
    except DatabaseError:
        log.warning("scan: inserting %d alerts at once failed; inserting them one by one", len(alerts))
    for alert in alerts:
        try:
            with transaction.atomic():
                Alert.objects.bulk_create([alert], ignore_conflicts=True)
        except DatabaseError:
            log.exception("scan: case %s could not be alerted (%s)", alert.case_id, alert.kind)
            result.failed.append(alert.case_id)


def _beat(name: str, *, stats: dict | None = None) -> None:
    MonitorHeartbeat.objects.update_or_create(name=name, defaults={"finished_at": timezone.now(), "stats": stats or {}})


# --- Stored clock columns follow the settings ------------------------------------------------------------


def refresh_clock_columns_if_policy_changed(p: clocks.ClockPolicy | None = None) -> int:
    """Recompute the stored clock columns of open cases when a clock setting changed since the last scan.

    The columns are computed by the services when a case changes, with the settings of that moment; after
    a change of, say, the response window or the working days, they would be stale until each case is
    touched. The scan notices the new fingerprint and brings every open case up to date first.
    """
    p = p or clocks.policy()
    fingerprint = clocks.policy_fingerprint(p)
    current = MonitorHeartbeat.objects.filter(name=SCAN).values_list("policy", flat=True).first()
    if current == fingerprint:
        return 0
    changed = refresh_open_case_clocks(p)
    MonitorHeartbeat.objects.update_or_create(name=SCAN, defaults={"policy": fingerprint})
    log.info("clock settings changed: recomputed the clock columns of %d open cases", changed)
    return changed


def refresh_open_case_clocks(p: clocks.ClockPolicy) -> int:
    fields = ("pk", "version", "status", "started_at", "amazon_replied_at", "we_replied_at", "escalated_at",
              "followed_up_at", *CLOCK_COLUMNS)
    changed = 0
    for case in Case.objects.filter(status__in=OPEN_STATUSES).only(*fields).order_by("pk").iterator(chunk_size=2000):
        before = tuple(getattr(case, c) for c in CLOCK_COLUMNS)
        _refresh_clock_columns(case, p)
        after = {c: getattr(case, c) for c in CLOCK_COLUMNS}
        if tuple(after.values()) == before:
            continue
        # Guarded by the version: a case someone saved meanwhile already has fresh columns from its service.
        changed += Case.objects.filter(pk=case.pk, version=case.version).update(**after)
    return changed


# --- E-mails for alerts -------------------------------------------------------------------------------------


def send_due_notifications(*, now: datetime | None = None) -> int:
    """Claim the alerts whose e-mail may go out now and send them; returns how many alerts were e-mailed."""
    now = now or timezone.now()
    sent = 0
    while True:
        lease = Lease()
        ids = _claim_notifications(now, CLAIM_BATCH, lease=lease)
        if ids:
            sent += _deliver(ids, now, lease)
        if len(ids) < CLAIM_BATCH:
            return sent


class Lease:
    """A run's hold on the alerts it claimed: claimed_at is its token, renewed before half of it runs out.

    The lease is wall-clock time (how long a live worker may take), unlike `now`, which is the clocks' time.
    """

    def __init__(self):
        self.seconds = settings.CASEDESK_NOTIFY_LEASE_SECONDS
        self.token = _wall_clock()
        self.ids: set[int] = set()

    def expired_before(self) -> datetime:
        return self.token - timedelta(seconds=self.seconds)

    def holds(self, alert_id: int) -> bool:
        """Whether this run still owns the alert, renewing the whole lease first if half of it has passed."""
        if _wall_clock() - self.token > timedelta(seconds=self.seconds / 2):
            self._renew()
        return alert_id in self.ids

    def _renew(self) -> None:
        token = _wall_clock()
        table = connection.ops.quote_name(Alert._meta.db_table)
        ids = sorted(self.ids)
        if not ids:
            self.token = token
            return
        placeholders = ", ".join(["%s"] * len(ids))
        sql = (f"UPDATE {table} SET claimed_at = %s WHERE claimed_at = %s AND notified_at IS NULL "
               f"AND id IN ({placeholders}) RETURNING id")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [_db_time(token), _db_time(self.token), *ids])
            self.ids = {row[0] for row in cursor.fetchall()}
        self.token = token

    def done(self, alert_ids, now: datetime) -> None:
        """The e-mail went out (or is not needed): written at once, so a later death cannot send it again."""
        alert_ids = [pk for pk in alert_ids if pk in self.ids]
        if alert_ids:
            Alert.objects.filter(pk__in=alert_ids, claimed_at=self.token).update(notified_at=now)
            self.ids.difference_update(alert_ids)

    def give_back(self, alert_ids) -> None:
        alert_ids = [pk for pk in alert_ids if pk in self.ids]
        if alert_ids:
            Alert.objects.filter(pk__in=alert_ids, claimed_at=self.token, notified_at__isnull=True).update(
                claimed_at=None)
            self.ids.difference_update(alert_ids)


def _wall_clock() -> datetime:
    return datetime.now(UTC)


def _db_time(moment: datetime):
    return connection.ops.adapt_datetimefield_value(moment)


def _claim_notifications(now: datetime, limit: int, *, lease: Lease | None = None) -> list[int]:
    """UPDATE … SET claimed_at WHERE nobody holds it … RETURNING id: only the rows this run changed are its to send.

    An alert is free when it was never claimed, or its claim is older than the lease (the run that held
    it died between the claim and the send): the next run reclaims and sends it — at least once. A run
    writes notified_at right after each send, and a live run renews its lease before half of it has
    passed (EMAIL_TIMEOUT bounds one send), so a live run's e-mail is never taken from it — no duplicates,
    except the one a run sent in the instant before it was killed, ahead of writing notified_at.

    The candidates come from the partial index on notify_after; the conditional UPDATE decides who owns
    them. Under concurrency PostgreSQL re-checks the WHERE on a row another run just claimed, so it is
    claimed once. Raw SQL because the ORM's update() cannot return the ids (PostgreSQL and SQLite ≥ 3.35
    both speak RETURNING); an explicit id list keeps the plan an index lookup whatever the table statistics say.
    """
    lease = lease or Lease()
    free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=lease.expired_before())
    candidates = list(
        Alert.objects.filter(free, notified_at__isnull=True, notify_after__lte=now)
        .order_by("notify_after", "id").values_list("id", flat=True)[:limit]
    )
    if not candidates:
        return []
    table = connection.ops.quote_name(Alert._meta.db_table)
    placeholders = ", ".join(["%s"] * len(candidates))
    sql = (f"UPDATE {table} SET claimed_at = %s WHERE notified_at IS NULL "
           f"AND (claimed_at IS NULL OR claimed_at < %s) AND id IN ({placeholders}) RETURNING id")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [_db_time(lease.token), _db_time(lease.expired_before()), *candidates])
        ids = [row[0] for row in cursor.fetchall()]
    lease.ids.update(ids)
    return ids


def team_recipients():
    """Everyone who works cases: active members of the Team member and Supervisor groups with an address."""
    return list(
        get_user_model().objects.filter(is_active=True, groups__name__in=[TEAM_GROUP, SUPERVISOR_GROUP])
        .exclude(email="").distinct().order_by("pk")
    )


def _recipients_for(alert: Alert, team: list) -> list:
    owner = alert.recipient
    if owner is not None and owner.is_active and owner.email:
        return [owner]
    return team


def still_relevant(alert: Alert, now: datetime, p: clocks.ClockPolicy) -> bool:
    """Whether the alert still describes the case when its e-mail is due (an answer may have come since)."""
    case = alert.case
    if case.status not in OPEN_STATUSES:
        return False
    if alert.kind in (AlertKind.DUE_SOON, AlertKind.OVERDUE):
        if case.response_due_at != alert.window_at:
            return False
        return alert.kind == AlertKind.OVERDUE or case.response_due_at > now
    if alert.kind == AlertKind.STALE:
        return case.stale_at == alert.window_at
    if alert.kind == AlertKind.FOLLOW_UP_DUE:
        return case.follow_up_due_at == alert.window_at
    if alert.kind == AlertKind.CHECK_MISSED:
        return case.last_checked_at is None or case.last_checked_at < clocks.start_of_day(alert.window_at, p)
    return True


def _deliver(ids: list[int], now: datetime, lease: Lease) -> int:
    p = clocks.policy()
    alerts = list(Alert.objects.filter(pk__in=ids).select_related("case__brand", "case__owner", "recipient"))
    team = None
    sent = 0
    failed = []
    not_needed = []
    mail = get_connection(timeout=settings.EMAIL_TIMEOUT)
    try:
        mail.open()
        for alert in alerts:
            try:
                if not still_relevant(alert, now, p):
                    not_needed.append(alert.pk)
                    continue
                if alert.recipient is None or not alert.recipient.is_active or not alert.recipient.email:
                    team = team if team is not None else team_recipients()
                people = _recipients_for(alert, team or [])
                if not people:
                    log.warning("alert %s on case %s: nobody to e-mail", alert.pk, alert.case_id)
                    not_needed.append(alert.pk)
                    continue
                if not lease.holds(alert.pk):
                    log.warning("alert %s: the lease on it ran out; another run sends it", alert.pk)
                    continue
                for person in people:
                    alert_email(alert, person, now, mail=mail).send()
                lease.done([alert.pk], now)
                sent += 1
            except Exception:
                log.exception("alert %s on case %s could not be e-mailed; the next scan retries", alert.pk,
                              alert.case_id)
                failed.append(alert.pk)
    finally:
        mail.close()
        # A crash here leaves these claimed: the next run past the lease looks at them again, harmlessly.
        lease.done(not_needed, now)
        lease.give_back(failed)
    return sent


def case_url(case: Case) -> str:
    return settings.SITE_URL + case.get_absolute_url()


def alert_email(alert: Alert, person, now: datetime, mail=None) -> EmailMultiAlternatives:
    case = alert.case
    due = case.response_due_at if alert.kind in (AlertKind.DUE_SOON, AlertKind.OVERDUE) else alert.window_at
    context = {
        "alert": alert,
        "case": case,
        "person": person,
        "kind_label": alert.get_kind_display(),
        "time_left": clocks.describe_time_left(due, now) if alert.kind != AlertKind.CHECK_MISSED else "",
        "due": due,
        "case_url": case_url(case),
        "alerts_url": settings.SITE_URL + reverse("alerts"),
        "team_alert": alert.recipient_id is None or alert.recipient_id != person.pk,
    }
    subject = " ".join(render_to_string("emails/alert_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/alert.txt", context),
        to=[person.email],
        connection=mail,
    )
    message.attach_alternative(render_to_string("emails/alert.html", context), "text/html")
    return message


# --- The morning digest ---------------------------------------------------------------------------------------


@dataclass
class Digest:
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    to_check: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.overdue or self.due_soon or self.to_check)


def digests(*, now: datetime, p: clocks.ClockPolicy) -> dict:
    """Per owner id (None: cases nobody owns): what is overdue, due soon and waiting for today's check."""
    check_day = clocks.start_of_check_day(now, p)
    rows = (
        Case.objects.filter(status__in=OPEN_STATUSES)
        .filter(Q(response_due_at__lte=now) | Q(warn_at__lte=now) | Q(last_checked_at__isnull=True)
                | Q(last_checked_at__lt=check_day))
        .select_related("brand")
        .only("pk", "case_id", "channel", "issue", "owner_id", "brand__name", "response_due_at", "warn_at",
              "last_checked_at", "status")
        .order_by("response_due_at", "last_checked_at", "pk")
    )
    result: dict = {}
    for case in rows:
        digest = result.setdefault(case.owner_id, Digest())
        if case.response_due_at and case.response_due_at <= now:
            digest.overdue.append(case)
        elif case.warn_at and case.warn_at <= now:
            digest.due_soon.append(case)
        if case.last_checked_at is None or case.last_checked_at < check_day:
            digest.to_check.append(case)
    return result


def send_morning_digest(*, now: datetime | None = None) -> int:
    """One e-mail per person on a working day: '2 overdue · 3 due soon · 14 to check', each case linked.

    A person's digest holds their own cases and those nobody owns. Claimed per person and day with the
    DigestSent unique constraint, so a second run (or a retried task) sends nobody a second digest.
    """
    now = now or timezone.now()
    p = clocks.policy()
    day = now.astimezone(p.tz).date()
    if not clocks.is_working_day(day, p):
        return 0
    by_owner = digests(now=now, p=p)
    unowned = by_owner.get(None, Digest())
    sent = 0
    for person in team_recipients():
        own = by_owner.get(person.pk, Digest())
        digest = Digest(own.overdue + unowned.overdue, own.due_soon + unowned.due_soon,
                        own.to_check + unowned.to_check)
        if not digest:
            continue
        try:
            with transaction.atomic():
                DigestSent.objects.create(user=person, day=day)
        except IntegrityError:
            continue  # already sent today
        try:
            digest_email(person, digest, now).send()
            sent += 1
        except Exception:
            log.exception("digest for user %s could not be e-mailed", person.pk)
            DigestSent.objects.filter(user=person, day=day).delete()
    _beat(DIGEST, stats={"sent": sent, "day": day.isoformat()})
    return sent


DIGEST_LIST_LIMIT = 25


def digest_email(person, digest: Digest, now: datetime) -> EmailMultiAlternatives:
    board_url = settings.SITE_URL + reverse("board")
    sections = [
        ("overdue", "overdue", digest.overdue),
        ("due-soon", "due soon", digest.due_soon),
        ("to-check", "to check", digest.to_check),
    ]
    context = {
        "person": person,
        "now": now,
        "board_url": board_url,
        "summary": " · ".join(f"{len(cases)} {label}" for _, label, cases in sections),
        "sections": [
            {
                "anchor": anchor,
                "label": label,
                "count": len(cases),
                "more": max(0, len(cases) - DIGEST_LIST_LIMIT),
                "cases": [
                    {"case": c, "url": case_url(c), "time_left": clocks.describe_time_left(c.response_due_at, now)}
                    for c in cases[:DIGEST_LIST_LIMIT]
                ],
            }
            for anchor, label, cases in sections
        ],
    }
    subject = f"casedesk today: {context['summary']}"
    message = EmailMultiAlternatives(subject=subject, body=render_to_string("emails/digest.txt", context),
                                     to=[person.email])
    message.attach_alternative(render_to_string("emails/digest.html", context), "text/html")
    return message


# --- In the app: read and unread --------------------------------------------------------------------------

SHORT_LABELS = {
    AlertKind.OVERDUE: "Overdue",
    AlertKind.DUE_SOON: "Due soon",
    AlertKind.CHECK_MISSED: "Not checked",
    AlertKind.STALE: "Stale",
    AlertKind.FOLLOW_UP_DUE: "Follow-up due",
}


def describe_alert(alert: Alert, now: datetime) -> Alert:
    """Add the words a list row shows: a short label and, for a running window, the time left now."""
    alert.short_label = SHORT_LABELS.get(alert.kind, alert.get_kind_display())
    running = alert.kind in (AlertKind.DUE_SOON, AlertKind.OVERDUE) and alert.case.response_due_at == alert.window_at
    alert.time_left = clocks.describe_time_left(alert.window_at, now) if running else ""
    return alert


def alert_mark_read(*, alert: Alert, now: datetime | None = None) -> bool:
    """Mark one alert read; False if it already was (nothing written)."""
    return bool(Alert.objects.filter(pk=alert.pk, read_at__isnull=True).update(read_at=now or timezone.now()))


def alert_mark_all_read(*, user, now: datetime | None = None) -> int:
    from cases.selectors import alerts_for_user

    return alerts_for_user(user).filter(read_at__isnull=True).update(read_at=now or timezone.now())


# --- Health ---------------------------------------------------------------------------------------------------


def scan_late_after() -> timedelta:
    return timedelta(minutes=settings.CASEDESK_SCAN_INTERVAL_MINUTES * 3)


def scan_is_late(*, finished_at: datetime | None, created_at: datetime | None, now: datetime | None = None) -> bool:
    """Late when the scan has not finished for three intervals (counted from install if it never ran)."""
    reference = finished_at or created_at
    if reference is None:
        return False
    return (now or timezone.now()) - reference > scan_late_after()
