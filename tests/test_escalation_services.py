"""case_escalate, case_log_follow_up, case_close_for_another_agent, generic replies — and the follow-up alert
end to end: the scan flags the follow-up 48 h after an escalation; a follow-up restarts it; Amazon's reply stops it."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from cases import monitoring, services, timeline
from cases.escalation import ACCOUNT_HEALTH_EMAIL, SELLER_SUPPORT_EMAIL, THREAD
from cases.models import Alert, AlertKind, CaseEvent, ClosedReason, EventKind, Status
from tests.factories import CaseFactory
from tests.monitoring_helpers import ny

pytestmark = pytest.mark.django_db

STARTED = ny(2026, 11, 2, 10, 0)  # a Monday
ESCALATED = ny(2026, 11, 9, 10, 0)  # the next Monday: stale by then


def _escalate(case, actor, *, route=THREAD, at=ESCALATED, version=None, **kwargs):
    return services.case_escalate(
        case=case, actor=actor, route=route, subject=f"Urgent Escalation Request: {case.case_id} for Wrong image",
        message=f"Hello, please escalate Case ID {case.case_id}.", outcome="Reactivate the suppressed listing.",
        attachments=kwargs.pop("attachments", ["main.png"]), at=at, now=at + timedelta(minutes=1),
        expected_version=case.version if version is None else version, **kwargs,
    )


@pytest.fixture
def stale_case(member, brand):
    return CaseFactory(owner=member, brand=brand, started_at=STARTED, we_replied_at=STARTED, last_checked_at=ESCALATED)


def test_escalating_records_route_level_and_starts_the_48_hour_follow_up(stale_case, member):
    case = _escalate(stale_case, member)
    case.refresh_from_db()
    assert case.status == Status.ESCALATED
    assert (case.escalation_level, case.escalation_route, case.escalated_at) == (1, THREAD, ESCALATED)
    assert case.follow_up_due_at == ESCALATED + timedelta(hours=48)
    assert case.stale_at is None and case.response_due_at is None
    assert case.version == stale_case.version + 1
    event = case.events.get()
    assert event.kind == EventKind.ESCALATED and event.text.startswith("Hello, please escalate")
    assert event.changes["escalation"] == {
        "route": THREAD, "address": "", "level": 1, "subject": f"Urgent Escalation Request: {case.case_id} for Wrong image",
        "outcome": "Reactivate the suppressed listing.", "attachments": ["main.png"],
    }


def test_a_second_escalation_goes_one_level_up_by_e_mail_and_shows_the_address(stale_case, member, settings):
    settings.CASEDESK_ESCALATION_EMAIL_ACCOUNT_HEALTH = "health@example.com"
    case = _escalate(stale_case, member)
    case = _escalate(case, member, route=ACCOUNT_HEALTH_EMAIL, at=ESCALATED + timedelta(days=3))
    case.refresh_from_db()
    assert (case.escalation_level, case.escalation_route) == (2, ACCOUNT_HEALTH_EMAIL)
    assert case.follow_up_due_at == ESCALATED + timedelta(days=3, hours=48)
    latest = case.events.order_by("-at").first()
    facts = dict(timeline.present([latest])[0].facts)
    assert facts["Level"] == "Second escalation"
    assert facts["Route"] == "Account-health e-mail (health@example.com)"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"subject": " "}, "subject", "Write the subject line."),
        ({"message": ""}, "message", "Write the escalation message."),
        ({"outcome": ""}, "outcome", "Say what outcome you want"),
        ({"route": "twitter"}, "route", "Pick a route"),
    ],
)
def test_bad_escalation_input_is_refused_and_nothing_is_saved(stale_case, member, overrides, field, message):
    args = dict(case=stale_case, actor=member, route=THREAD, subject="Urgent Escalation Request: 1 for x",
                message="Hello", outcome="Reactivate it.", expected_version=stale_case.version)
    args.update(overrides)
    with pytest.raises(ValidationError) as caught:
        services.case_escalate(**args)
    assert caught.value.message_dict[field][0].startswith(message)
    stale_case.refresh_from_db()
    assert stale_case.status == Status.WAITING and stale_case.escalation_level == 0
    assert not CaseEvent.objects.exists()


def test_a_stale_version_is_refused(stale_case, member):
    services.case_add_note(case=stale_case, actor=member, text="someone else was here")
    with pytest.raises(services.CaseChanged):
        _escalate(stale_case, member)
    stale_case.refresh_from_db()
    assert stale_case.status == Status.WAITING


def test_a_case_amazon_closed_is_escalated_by_e_mail_not_in_its_closed_thread(stale_case, member):
    services.case_mark_closed_by_amazon(case=stale_case, actor=member, now=ESCALATED - timedelta(hours=1))
    stale_case.refresh_from_db()
    assert stale_case.closed_reason == ClosedReason.AMAZON
    with pytest.raises(ValidationError, match="escalate by e-mail"):
        _escalate(stale_case, member)
    case = _escalate(stale_case, member, route=SELLER_SUPPORT_EMAIL)
    assert case.status == Status.ESCALATED


def test_a_resolved_case_cannot_be_escalated(stale_case, member):
    services.case_resolve(case=stale_case, actor=member, now=ESCALATED - timedelta(hours=1))
    stale_case.refresh_from_db()
    with pytest.raises(ValidationError, match="resolved case cannot be escalated"):
        _escalate(stale_case, member)


def test_follow_up_restarts_the_48_hour_clock(stale_case, member):
    case = _escalate(stale_case, member)
    later = ESCALATED + timedelta(hours=50)
    case = services.case_log_follow_up(case=case, actor=member, text=f"Following up on Case ID {case.case_id}.",
                                       subject="Follow-up", at=later, now=later, expected_version=case.version)
    case.refresh_from_db()
    assert case.status == Status.ESCALATED
    assert case.followed_up_at == later and case.follow_up_due_at == later + timedelta(hours=48)
    event = case.events.get(kind=EventKind.FOLLOW_UP)
    assert event.changes["follow_up"] == {"subject": "Follow-up", "level": 1}


def test_follow_up_needs_an_open_escalation_and_a_message(stale_case, member):
    with pytest.raises(ValidationError, match="not escalated"):
        services.case_log_follow_up(case=stale_case, actor=member, text="Any news?")
    case = _escalate(stale_case, member)
    with pytest.raises(ValidationError, match="Write the follow-up message"):
        services.case_log_follow_up(case=case, actor=member, text="  ")
    assert case.events.count() == 1


def test_amazon_reply_stops_the_follow_up_clock_and_can_be_logged_as_generic(stale_case, member):
    case = _escalate(stale_case, member)
    reply = ESCALATED + timedelta(hours=20)
    case = services.case_log_amazon_reply(case=case, actor=member, at=reply, now=reply, generic=True,
                                          text="Please refer to the help pages.")
    case.refresh_from_db()
    assert case.status == Status.ACTION_NEEDED
    assert case.follow_up_due_at is None
    assert case.generic_replies == 1
    event = case.events.get(kind=EventKind.AMAZON_REPLIED)
    assert event.changes["generic"] is True
    assert ("Generic reply", "did not address the issue") in timeline.present([event])[0].facts


def test_a_plain_amazon_reply_does_not_count_as_generic(case, member):
    services.case_log_amazon_reply(case=case, actor=member)
    case.refresh_from_db()
    assert case.generic_replies == 0
    assert "generic" not in case.events.get().changes


def test_close_for_another_agent_records_why_and_closes(case, member):
    closed = services.case_close_for_another_agent(case=case, actor=member, expected_version=case.version,
                                                   reason="This agent cannot see the dangerous-goods review.")
    closed.refresh_from_db()
    assert closed.status == Status.CLOSED and closed.closed_reason == ClosedReason.ANOTHER_AGENT
    event = closed.events.get()
    assert event.kind == EventKind.CLOSED_FOR_AGENT
    assert event.text == "This agent cannot see the dangerous-goods review."
    with pytest.raises(ValidationError, match="escalate the new case"):
        _escalate(closed, member, route=SELLER_SUPPORT_EMAIL)


@pytest.mark.parametrize(("reason", "status", "message"), [
    ("", Status.WAITING, "Say why another agent is needed"),
    ("wrong team", Status.RESOLVED, "you cannot close it to reach another agent"),
])
def test_close_for_another_agent_refuses_bad_input(member, brand, reason, status, message):
    case = CaseFactory(owner=member, brand=brand, status=status)
    with pytest.raises(ValidationError, match=message):
        services.case_close_for_another_agent(case=case, actor=member, reason=reason)
    case.refresh_from_db()
    assert case.status == status and not case.events.exists()


def test_close_for_another_agent_refuses_a_stale_version(case, member):
    with pytest.raises(services.CaseChanged):
        services.case_close_for_another_agent(case=case, actor=member, reason="x", expected_version=case.version + 1)


# --- The follow-up alert, end to end -------------------------------------------------------------------


def _follow_up_alerts():
    return list(Alert.objects.filter(kind=AlertKind.FOLLOW_UP_DUE).values_list("case_id", "window_at"))


def test_scan_flags_the_follow_up_48_hours_after_escalating_once(stale_case, member):
    case = _escalate(stale_case, member)
    monitoring.scan(now=ESCALATED + timedelta(hours=47, minutes=59), notify=False)
    assert _follow_up_alerts() == []
    monitoring.scan(now=ESCALATED + timedelta(hours=48, minutes=3), notify=False)
    monitoring.scan(now=ESCALATED + timedelta(hours=49), notify=False)
    assert _follow_up_alerts() == [(case.pk, ESCALATED + timedelta(hours=48))]
    alert = Alert.objects.get(kind=AlertKind.FOLLOW_UP_DUE)
    assert alert.recipient == member


def test_a_follow_up_restarts_the_alert_for_the_next_48_hours(stale_case, member):
    case = _escalate(stale_case, member)
    monitoring.scan(now=ESCALATED + timedelta(hours=49), notify=False)
    followed = ESCALATED + timedelta(hours=50)
    case = services.case_log_follow_up(case=case, actor=member, text="Any news?", at=followed, now=followed)
    monitoring.scan(now=followed + timedelta(hours=47), notify=False)
    assert len(_follow_up_alerts()) == 1
    monitoring.scan(now=followed + timedelta(hours=48, minutes=1), notify=False)
    assert sorted(w for _, w in _follow_up_alerts()) == [ESCALATED + timedelta(hours=48), followed + timedelta(hours=48)]


def test_amazon_reply_before_48_hours_means_no_follow_up_alert(stale_case, member):
    case = _escalate(stale_case, member)
    reply = ESCALATED + timedelta(hours=30)
    services.case_log_amazon_reply(case=case, actor=member, at=reply, now=reply)
    monitoring.scan(now=ESCALATED + timedelta(hours=60), notify=False)
    assert _follow_up_alerts() == []
