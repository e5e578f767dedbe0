"""The clocks: when a case needs a check, an answer or a follow-up.

Pure functions of a case's timestamps and `now` — no database, no request. The board, the case
page, the reports, the e-mails and the scheduled jobs all call these, so they always agree.
All datetimes are aware; working time is reckoned in the team's time zone.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.conf import settings

OPEN_STATUSES = ("waiting", "action_needed", "on_hold", "escalated")
# Amazon waits for us in these states, so the response window can run.
OUR_MOVE_STATUSES = ("action_needed", "on_hold")


@dataclass(frozen=True)
class ClockPolicy:
    tz: ZoneInfo
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    work_start: time = time(9, 0)
    work_end: time = time(17, 0)
    response_window: timedelta = timedelta(hours=72)
    due_soon: timedelta = timedelta(hours=24)
    escalation_follow_up: timedelta = timedelta(hours=48)
    stale_after: timedelta = timedelta(days=5)
    check_deadline: time = time(12, 0)

    @classmethod
    def from_settings(cls) -> "ClockPolicy":
        start, end = settings.CASEDESK_WORKING_HOURS
        return cls(
            tz=ZoneInfo(settings.TIME_ZONE),
            working_days=tuple(settings.CASEDESK_WORKING_DAYS),
            work_start=start,
            work_end=end,
            response_window=timedelta(hours=settings.CASEDESK_RESPONSE_WINDOW_HOURS),
            due_soon=timedelta(hours=settings.CASEDESK_DUE_SOON_HOURS),
            escalation_follow_up=timedelta(hours=settings.CASEDESK_ESCALATION_FOLLOW_UP_HOURS),
            stale_after=timedelta(days=settings.CASEDESK_STALE_AFTER_DAYS),
            check_deadline=settings.CASEDESK_CHECK_DEADLINE,
        )


def policy() -> ClockPolicy:
    return ClockPolicy.from_settings()


# --- Working time -----------------------------------------------------------------------------------


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _at(day: date, moment: time, p: ClockPolicy) -> datetime:
    """A local wall-clock time on a day, as an aware datetime (zoneinfo resolves DST gaps/folds)."""
    return datetime.combine(day, moment, tzinfo=p.tz)


def is_working_day(day: date, p: ClockPolicy) -> bool:
    return day.weekday() in p.working_days


def is_working_time(moment: datetime, p: ClockPolicy) -> bool:
    local = moment.astimezone(p.tz)
    return is_working_day(local.date(), p) and p.work_start <= local.time() < p.work_end


def next_working_start(moment: datetime, p: ClockPolicy) -> datetime:
    """`moment` itself if it is in working time, else the start of the next working period."""
    if is_working_time(moment, p):
        return moment
    local = moment.astimezone(p.tz)
    day = local.date()
    if is_working_day(day, p) and local.time() < p.work_start:
        return _at(day, p.work_start, p)
    for _ in range(8):
        day += timedelta(days=1)
        if is_working_day(day, p):
            return _at(day, p.work_start, p)
    raise ValueError("No working day in the week: check CASEDESK_WORKING_DAYS.")


def last_working_start_before(moment: datetime, p: ClockPolicy) -> datetime:
    """The start of the last working day that begins before `moment`."""
    local = moment.astimezone(p.tz)
    day = local.date()
    for _ in range(9):
        if is_working_day(day, p):
            start = _at(day, p.work_start, p)
            if start < moment:
                return start
        day -= timedelta(days=1)
    raise ValueError("No working day in the week: check CASEDESK_WORKING_DAYS.")


def start_of_day(moment: datetime, p: ClockPolicy) -> datetime:
    return _at(moment.astimezone(p.tz).date(), time(0, 0), p)


def start_of_check_day(now: datetime, p: ClockPolicy) -> datetime:
    """Midnight at the start of the current working day — or of the last one, on a day off."""
    day = now.astimezone(p.tz).date()
    for _ in range(8):
        if is_working_day(day, p):
            return _at(day, time(0, 0), p)
        day -= timedelta(days=1)
    raise ValueError("No working day in the week: check CASEDESK_WORKING_DAYS.")


# --- The response window -------------------------------------------------------------------------------


class WindowState(StrEnum):
    NONE = "none"  # Amazon is not waiting for us
    OK = "ok"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


def response_due(
    *, status: str, amazon_replied_at: datetime | None, we_replied_at: datetime | None, p: ClockPolicy
) -> datetime | None:
    """When we must answer Amazon by, or None when Amazon is not waiting for us.

    The window runs from Amazon's last reply while the case is ours to move and we have not written
    since (our reply or a keep-open request stops it).
    """
    if status not in OUR_MOVE_STATUSES or amazon_replied_at is None:
        return None
    if we_replied_at is not None and we_replied_at >= amazon_replied_at:
        return None
    # In UTC: aware arithmetic in a local zone adds wall-clock hours, and Amazon counts real hours across DST.
    return _utc(amazon_replied_at) + p.response_window


def warn_at(due: datetime, p: ClockPolicy, *, started: datetime | None = None) -> datetime:
    """When a running window turns "due soon".

    At most `due_soon` before the deadline, and no later than the start of the last working day
    before it, so that someone is at work to answer: a Friday-afternoon reply due Monday afternoon
    warns on the weekend (the e-mail goes out first thing Monday); one due Monday 08:00 warns on Friday.
    """
    moment = min(due - p.due_soon, last_working_start_before(due, p))
    if started is not None:
        moment = max(moment, started)
    return moment


def window_state(due: datetime | None, now: datetime, p: ClockPolicy, *, started: datetime | None = None) -> WindowState:
    if due is None:
        return WindowState.NONE
    if now >= due:
        return WindowState.OVERDUE
    if now >= warn_at(due, p, started=started):
        return WindowState.DUE_SOON
    return WindowState.OK


def time_left(due: datetime | None, now: datetime) -> timedelta | None:
    return None if due is None else due - now


def describe_time_left(due: datetime | None, now: datetime) -> str:
    """'18 h left', '45 min left', '2 d 4 h left', 'overdue by 3 h' — the words on every badge."""
    if due is None:
        return ""
    left = due - now
    overdue = left < timedelta(0)
    text = _duration_words(abs(left))
    return f"overdue by {text}" if overdue else f"{text} left"


def _duration_words(span: timedelta) -> str:
    # Under a day we round down, so the badge never promises more time than is left; over a day
    # the nearest hour reads better ("72 h left" just after Amazon's reply, not "71 h").
    seconds = span.total_seconds()
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60 if minutes < 24 * 60 else int((seconds + 1800) // 3600)
    if hours < 96:
        return f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


# --- Daily check, stale, follow-up ----------------------------------------------------------------------


def needs_check(*, status: str, last_checked_at: datetime | None, now: datetime, p: ClockPolicy) -> bool:
    """Open cases are checked every working day; a case checked before today's start needs one."""
    if status not in OPEN_STATUSES:
        return False
    return last_checked_at is None or last_checked_at < start_of_check_day(now, p)


def check_missed_at(now: datetime, p: ClockPolicy) -> datetime | None:
    """Today's check deadline, if today is a working day (when an unchecked case is flagged)."""
    day = now.astimezone(p.tz).date()
    return _at(day, p.check_deadline, p) if is_working_day(day, p) else None


def stale_since(*, started_at: datetime, amazon_replied_at: datetime | None) -> datetime:
    """The last time Amazon said anything: its last reply, or the day we opened the case."""
    return max(started_at, amazon_replied_at) if amazon_replied_at else started_at


def stale_at(*, status: str, started_at: datetime, amazon_replied_at: datetime | None, p: ClockPolicy) -> datetime | None:
    """When a case waiting on Amazon counts as stale (a candidate for escalation)."""
    if status != "waiting":
        return None
    return _utc(stale_since(started_at=started_at, amazon_replied_at=amazon_replied_at)) + p.stale_after


def is_stale(*, status: str, started_at: datetime, amazon_replied_at: datetime | None, now: datetime, p: ClockPolicy) -> bool:
    moment = stale_at(status=status, started_at=started_at, amazon_replied_at=amazon_replied_at, p=p)
    return moment is not None and now >= moment


def follow_up_due(
    *,
    status: str,
    escalated_at: datetime | None,
    followed_up_at: datetime | None,
    amazon_replied_at: datetime | None,
    p: ClockPolicy,
) -> datetime | None:
    """48 h after the escalation (or the last follow-up), unless Amazon has answered since."""
    if status != "escalated" or escalated_at is None:
        return None
    since = max(escalated_at, followed_up_at) if followed_up_at else escalated_at
    if amazon_replied_at is not None and amazon_replied_at >= since:
        return None
    return _utc(since) + p.escalation_follow_up


# --- Everything about one case at once ------------------------------------------------------------------


@dataclass(frozen=True)
class CaseClock:
    window: WindowState
    response_due_at: datetime | None
    time_left_text: str
    needs_check: bool
    stale: bool
    follow_up_due_at: datetime | None
    follow_up_due: bool

    @property
    def urgency(self) -> int:
        """Lower is more urgent: the order of the "Today" board's buckets."""
        if self.window is WindowState.OVERDUE:
            return 0
        if self.window is WindowState.DUE_SOON:
            return 1
        if self.window is WindowState.OK:
            return 2
        if self.needs_check:
            return 3
        if self.stale or self.follow_up_due:
            return 4
        return 5


def case_clock(case, now: datetime, p: ClockPolicy | None = None) -> CaseClock:
    """The clock state of a case (anything with the Case model's timestamp attributes)."""
    p = p or policy()
    due = response_due(
        status=case.status, amazon_replied_at=case.amazon_replied_at, we_replied_at=case.we_replied_at, p=p
    )
    follow_up = follow_up_due(
        status=case.status,
        escalated_at=case.escalated_at,
        followed_up_at=case.followed_up_at,
        amazon_replied_at=case.amazon_replied_at,
        p=p,
    )
    return CaseClock(
        window=window_state(due, now, p, started=case.amazon_replied_at),
        response_due_at=due,
        time_left_text=describe_time_left(due, now),
        needs_check=needs_check(status=case.status, last_checked_at=case.last_checked_at, now=now, p=p),
        stale=is_stale(status=case.status, started_at=case.started_at, amazon_replied_at=case.amazon_replied_at, now=now, p=p),
        follow_up_due_at=follow_up,
        follow_up_due=follow_up is not None and now >= follow_up,
    )


# --- Alerts: when a crossed threshold is raised and when its e-mail may go out ----------------------------

# A warning whose e-mail would wait for working hours is sent at once when the wait would leave less
# than this before the deadline: the case is about to be lost, so someone must hear now.
ABOUT_TO_BE_LOST = timedelta(hours=4)


def last_check_deadline(now: datetime, p: ClockPolicy) -> datetime | None:
    """The latest daily-check deadline (a working day at `check_deadline`) that has passed by `now`.

    A scan that missed Friday's deadline still raises Friday's alerts on Monday morning (catching up).
    """
    day = now.astimezone(p.tz).date()
    for _ in range(8):
        if is_working_day(day, p):
            deadline = _at(day, p.check_deadline, p)
            if deadline <= now:
                return deadline
        day -= timedelta(days=1)
    return None


def notify_after(*, at_once: bool, now: datetime, due: datetime | None, p: ClockPolicy) -> datetime:
    """When an alert's e-mail may go out: at once for a case about to be lost, else in working hours."""
    if at_once:
        return now
    start = next_working_start(now, p)
    if due is not None and start > due - ABOUT_TO_BE_LOST:
        return now
    return start


def policy_fingerprint(p: ClockPolicy) -> str:
    """Changes whenever a setting that the stored clock columns depend on changes."""
    import hashlib

    parts = (p.tz.key, p.working_days, p.work_start, p.work_end, p.response_window, p.due_soon,
             p.escalation_follow_up, p.stale_after)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
# --- The clock state in words (the case page) -------------------------------------------------------------


def moment_words(moment: datetime, now: datetime, p: ClockPolicy) -> str:
    """'Tue 14:02' within a week either side of now, else 'Tue 4 Nov 14:02', in the team's time zone."""
    local = moment.astimezone(p.tz)
    if abs(moment - now) < timedelta(days=6):
        return local.strftime("%a %H:%M")
    return f"{local.strftime('%a')} {local.day} {local.strftime('%b %H:%M')}"


def day_words(moment: datetime, now: datetime, p: ClockPolicy) -> str:
    """'today', 'yesterday', 'Mon', or 'Mon 3 Nov' further back, in the team's time zone."""
    local, today = moment.astimezone(p.tz).date(), now.astimezone(p.tz).date()
    days = (today - local).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 6:
        return local.strftime("%a")
    return f"{local.strftime('%a')} {local.day} {local.strftime('%b')}"


def window_sentence(case, now: datetime, p: ClockPolicy | None = None) -> str:
    """'Amazon replied Tue 14:02 — answer by Fri 14:02, 51 h left' (or 'overdue by 3 h'); '' with no window."""
    p = p or policy()
    due = response_due(status=case.status, amazon_replied_at=case.amazon_replied_at,
                       we_replied_at=case.we_replied_at, p=p)
    if due is None:
        return ""
    return (f"Amazon replied {moment_words(case.amazon_replied_at, now, p)} — answer by "
            f"{moment_words(due, now, p)}, {describe_time_left(due, now)}")


def waiting_sentence(case, now: datetime, p: ClockPolicy | None = None) -> str:
    """Whose move it is when no response window runs: 'Waiting on Amazon since we wrote Mon 10:15'."""
    p = p or policy()
    if case.status in ("waiting", "escalated") and case.we_replied_at:
        who = "Escalated — waiting on Amazon" if case.status == "escalated" else "Waiting on Amazon"
        return f"{who} since we wrote {moment_words(case.we_replied_at, now, p)}"
    if case.status == "on_hold":
        return "On hold: we are gathering information internally"
    return ""


def check_sentence(*, status: str, last_checked_at: datetime | None, checked_by: str, now: datetime,
                   p: ClockPolicy | None = None) -> str:
    """'Checked today by Alice', 'Not checked since Mon', 'Never checked'; '' for a closed case."""
    p = p or policy()
    if status not in OPEN_STATUSES:
        return ""
    if last_checked_at is None:
        return "Never checked"
    when = day_words(last_checked_at, now, p)
    if needs_check(status=status, last_checked_at=last_checked_at, now=now, p=p):
        return f"Not checked since {when}"
    by = f" by {checked_by}" if checked_by else ""
    return f"Checked {when}{by}"


def follow_up_sentence(case, now: datetime, p: ClockPolicy | None = None) -> str:
    """Stale and escalation follow-up, in words: what is due and since when; '' when nothing is."""
    p = p or policy()
    follow_up = follow_up_due(status=case.status, escalated_at=case.escalated_at, followed_up_at=case.followed_up_at,
                              amazon_replied_at=case.amazon_replied_at, p=p)
    if follow_up is not None:
        if now >= follow_up:
            return f"Escalation follow-up due since {moment_words(follow_up, now, p)}: follow up in the same thread"
        return f"Follow up on the escalation {moment_words(follow_up, now, p)} if Amazon has not answered"
    stale = stale_at(status=case.status, started_at=case.started_at, amazon_replied_at=case.amazon_replied_at, p=p)
    if stale is not None and now >= stale:
        since = stale_since(started_at=case.started_at, amazon_replied_at=case.amazon_replied_at)
        return f"Stale: nothing from Amazon since {day_words(since, now, p)} — consider escalating"
    return ""


# --- For set-wise queries (admin filters, reports) ---------------------------------------------------


def next_working_start_after(moment: datetime, p: ClockPolicy) -> datetime:
    """The first start of a working day strictly after `moment`."""
    day = moment.astimezone(p.tz).date()
    for _ in range(9):
        if is_working_day(day, p):
            start = _at(day, p.work_start, p)
            if start > moment:
                return start
        day += timedelta(days=1)
    raise ValueError("No working day in the week: check CASEDESK_WORKING_DAYS.")


def due_soon_until(now: datetime, p: ClockPolicy) -> datetime:
    """The latest response deadline that is already "due soon" at `now`.

    `warn_at` grows with the deadline, so "due soon now" is "deadline ≤ this moment": a query can
    then filter on the stored `response_due_at` column and agree with `window_state` exactly.
    """
    return max(now + p.due_soon, next_working_start_after(now, p))
