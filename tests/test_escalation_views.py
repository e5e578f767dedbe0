"""The escalation card, the composer and its live checks, the follow-up composer, "reach another agent"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.escalation import SELLER_SUPPORT_EMAIL, THREAD
from cases.models import CaseEvent, CaseTemplate, ClosedReason, EventKind, Status
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale_case(member, brand):
    started = timezone.now() - timedelta(days=8)
    return CaseFactory(owner=member, brand=brand, started_at=started, we_replied_at=started, issue="Wrong main image",
                       asin="B0STALE001")


def _compose_data(case, **overrides):
    data = {
        "version": case.version, "route": THREAD, "outcome_choice": "Apply the requested change to the detail page.",
        "outcome_text": "", "subject": f"Urgent Escalation Request: {case.case_id} for Wrong main image",
        "message": f"Hello, please escalate Case ID {case.case_id} about ASIN B0STALE001. "
                   "We are the owner, manufacturer, and hold Brand Registry for Northwind.",
    }
    data.update(overrides)
    return data


# --- The card on the case page --------------------------------------------------------------------------


def test_case_page_says_a_stale_case_is_a_candidate_and_why(member_client, stale_case):
    body = member_client.get(stale_case.get_absolute_url()).content.decode()
    assert "A candidate for escalation" in body
    assert "No reply from Amazon for 8 days (stale after 5 days)." in body
    assert reverse("case_escalate", args=[stale_case.pk]) in body
    assert "In the case thread first." in body


def test_case_page_lists_every_reason(member_client, member, brand):
    issue_type = CaseTemplate.objects.get(slug="account-health-warning")
    case = CaseFactory(owner=member, brand=brand, issue_type=issue_type, generic_replies=2)
    body = member_client.get(case.get_absolute_url()).content.decode()
    assert "Account health warning is an escalation-worthy issue type (account health or suspension)" in body
    assert "2 generic replies from Amazon that did not address the issue." in body


def test_case_page_of_a_fresh_case_is_not_a_candidate(member_client, case):
    body = member_client.get(case.get_absolute_url()).content.decode()
    assert "Not a candidate now" in body and "A candidate for escalation" not in body


def test_case_page_query_count_is_the_same_with_the_card(member_client, stale_case, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        member_client.get(stale_case.get_absolute_url())


# --- The composer ----------------------------------------------------------------------------------------


def test_composer_drafts_from_the_case_and_suggests_the_thread(member_client, stale_case, settings):
    settings.CASEDESK_ESCALATION_EMAIL_SELLER_SUPPORT = "support-escalations@example.com"
    response = member_client.get(reverse("case_escalate", args=[stale_case.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert f"Urgent Escalation Request: {stale_case.case_id} for Wrong main image" in body
    assert "Actions already taken:" in body and "First escalation" in body
    assert "support-escalations@example.com" in body
    assert 'value="thread" checked' in body
    assert "The message passes the checks" in body


def test_composer_query_count_does_not_grow_with_the_timeline(member_client, stale_case, django_assert_num_queries):
    # Session, user, the top bar's alert badge, the case, its products and links, its events, its files.
    with django_assert_num_queries(9):
        member_client.get(reverse("case_escalate", args=[stale_case.pk]))
    for i in range(30):
        services.case_log_amazon_reply(case=stale_case, actor=None, text=f"reply {i}")
        services.case_log_our_reply(case=stale_case, actor=None, text=f"answer {i}")
    with django_assert_num_queries(9):
        member_client.get(reverse("case_escalate", args=[stale_case.pk]))


def test_recording_the_escalation_escalates_and_redirects_to_the_card(member_client, stale_case):
    response = member_client.post(reverse("case_escalate", args=[stale_case.pk]), _compose_data(stale_case))
    assert response.status_code == 302 and response["Location"].endswith("#escalation")
    stale_case.refresh_from_db()
    assert stale_case.status == Status.ESCALATED and stale_case.escalation_level == 1
    event = stale_case.events.get(kind=EventKind.ESCALATED)
    assert event.changes["escalation"]["outcome"] == "Apply the requested change to the detail page."
    body = member_client.get(stale_case.get_absolute_url()).content.decode()
    assert "Escalation recorded (first, in the case thread)" in body
    assert "Write the follow-up…" in body and "Escalate further (second)…" in body


def test_a_message_with_a_link_is_refused_and_nothing_recorded(member_client, stale_case):
    data = _compose_data(stale_case)
    data["message"] += " See https://northwind.example.com/proof."
    response = member_client.post(reverse("case_escalate", args=[stale_case.pk]), data)
    assert response.status_code == 400
    assert "No links or website names" in response.content.decode()
    assert not CaseEvent.objects.exists()


def test_an_outcome_is_required(member_client, stale_case):
    response = member_client.post(reverse("case_escalate", args=[stale_case.pk]),
                                  _compose_data(stale_case, outcome_choice="other", outcome_text=""))
    assert response.status_code == 400
    assert "Write the outcome you want" in response.content.decode()
    assert not CaseEvent.objects.exists()


def test_a_free_text_outcome_is_recorded(member_client, stale_case):
    member_client.post(reverse("case_escalate", args=[stale_case.pk]),
                       _compose_data(stale_case, outcome_choice="other", outcome_text="Restore the old title."))
    assert CaseEvent.objects.get().changes["escalation"]["outcome"] == "Restore the old title."


def test_a_stale_version_is_refused(member_client, stale_case):
    data = _compose_data(stale_case)
    services.case_add_note(case=stale_case, actor=None, text="meanwhile")
    response = member_client.post(reverse("case_escalate", args=[stale_case.pk]), data)
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    stale_case.refresh_from_db()
    assert stale_case.status == Status.WAITING


def test_redraft_without_javascript_uses_the_new_choices(member_client, stale_case):
    data = _compose_data(stale_case, outcome_choice="other", outcome_text="Restore the old title.", redraft="1")
    response = member_client.post(reverse("case_escalate", args=[stale_case.pk]), data)
    assert response.status_code == 200
    assert "Desired outcome:\nRestore the old title." in response.content.decode()
    assert not CaseEvent.objects.exists()


def test_live_checks_endpoint(member_client, stale_case):
    url = reverse("case_escalation_check", args=[stale_case.pk])
    ok = member_client.post(url, _compose_data(stale_case)).json()
    assert ok == {"checks": [], "ok": True}
    bad = member_client.post(url, _compose_data(stale_case, subject="Escalation please",
                                                 route=SELLER_SUPPORT_EMAIL)).json()
    assert not bad["ok"]
    assert [c["code"] for c in bad["checks"]] == ["case_id_subject", "thread_first"]


def test_live_checks_endpoint_redrafts_for_the_choices(member_client, stale_case):
    url = reverse("case_escalation_check", args=[stale_case.pk])
    payload = member_client.post(url, _compose_data(stale_case, outcome_choice="Pass the case to a team with the "
                                                    "permissions to fix it.", redraft="1")).json()
    assert "Desired outcome:\nPass the case to a team with the permissions to fix it." in payload["draft"]["message"]
    assert payload["ok"]


@pytest.mark.parametrize("name", ["case_escalate", "case_follow_up", "case_another_agent"])
def test_anonymous_is_sent_to_login(client, case, name):
    response = client.get(reverse(name, args=[case.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_checks_endpoint_refuses_get(member_client, case):
    assert member_client.get(reverse("case_escalation_check", args=[case.pk])).status_code == 405


def test_unknown_case_is_404(member_client):
    assert member_client.get(reverse("case_escalate", args=[999999])).status_code == 404


# --- Follow-up ---------------------------------------------------------------------------------------------


def _escalated(case, member):
    return services.case_escalate(case=case, actor=member, route=THREAD, subject="s", message="m",
                                  outcome="Reactivate the suppressed listing.")


def test_follow_up_composer_drafts_a_short_restatement(member_client, stale_case, member):
    _escalated(stale_case, member)
    body = member_client.get(reverse("case_follow_up", args=[stale_case.pk])).content.decode()
    assert f"Follow-up: Case ID {stale_case.case_id}" in body
    assert f"I am following up on Case ID {stale_case.case_id}" in body
    assert "We are asking you to: reactivate the suppressed listing." in body


def test_logging_the_follow_up_restarts_the_clock(member_client, stale_case, member):
    case = _escalated(stale_case, member)
    response = member_client.post(reverse("case_follow_up", args=[case.pk]), {
        "version": case.version, "subject": f"Follow-up: Case ID {case.case_id}",
        "message": f"Following up on Case ID {case.case_id} (ASIN B0STALE001): any news?"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.followed_up_at is not None
    assert case.follow_up_due_at == case.followed_up_at + timedelta(hours=48)
    assert case.events.filter(kind=EventKind.FOLLOW_UP).count() == 1


def test_follow_up_on_a_case_not_escalated_is_refused(member_client, stale_case):
    response = member_client.post(reverse("case_follow_up", args=[stale_case.pk]), {
        "version": stale_case.version, "subject": "x",
        "message": f"Following up on Case ID {stale_case.case_id} (ASIN B0STALE001)."})
    assert response.status_code == 400
    assert "not escalated" in response.content.decode()
    assert not stale_case.events.exists()


# --- Another agent -------------------------------------------------------------------------------------------


def test_closing_for_another_agent_redirects_to_the_prefilled_new_case_form(member_client, case):
    response = member_client.post(reverse("case_another_agent", args=[case.pk]),
                                  {"version": case.version, "reason": "This agent cannot see the review."})
    assert response.status_code == 302
    assert response["Location"] == f"/cases/new/?from={case.pk}&reason=another_agent"
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.closed_reason == ClosedReason.ANOTHER_AGENT
    page = member_client.get(case.get_absolute_url()).content.decode()
    assert "Closed to reach another agent" in page
    assert f"/cases/new/?from={case.pk}&amp;reason=another_agent" in page


def test_another_agent_needs_a_reason(member_client, case):
    response = member_client.post(reverse("case_another_agent", args=[case.pk]), {"version": case.version})
    assert response.status_code == 400
    assert "Say why another agent is needed" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.WAITING


# --- The board's "Escalated" view -----------------------------------------------------------------------------


def test_an_escalated_case_shows_in_the_boards_escalated_view(member_client, stale_case, case, member):
    _escalated(stale_case, member)
    body = member_client.get(reverse("board"), {"status": "escalated"}).content.decode()
    assert stale_case.case_id in body
    assert case.case_id not in body
    assert 'href="/?status=escalated"' in body


# --- From an alert to the composer ------------------------------------------------------------------------------


def test_follow_up_and_stale_alerts_link_to_the_composers(member_client, member, stale_case, case):
    from cases.models import Alert, AlertKind

    now = timezone.now()
    for target, kind in ((stale_case, AlertKind.FOLLOW_UP_DUE), (case, AlertKind.STALE)):
        Alert.objects.create(case=target, kind=kind, window=str(now), window_at=now, recipient=member,
                             notify_after=now)
    body = member_client.get(reverse("alerts")).content.decode()
    assert f'href="{reverse("case_follow_up", args=[stale_case.pk])}">Write the follow-up</a>' in body
    assert f'href="{reverse("case_escalate", args=[case.pk])}">Escalate…</a>' in body


def test_the_board_names_a_case_closed_for_another_agent_as_such(member_client, case):
    services.case_close_for_another_agent(case=case, actor=case.owner, reason="This agent cannot see the review.")
    row = member_client.get(reverse("board"), {"q": case.case_id}).content.decode()
    assert case.case_id in row
    assert "Closed to reach another agent" in row
    assert "Closed by Amazon</span>" not in row
