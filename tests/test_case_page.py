from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, CaseEvent, CaseTemplate, Status
from tests.factories import CaseFactory


def _url(case, **query):
    url = reverse("case_detail", args=[case.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_case_page_spells_out_the_running_response_window(member_client, case, member):
    services.case_log_amazon_reply(case=case, actor=member, text="Please send the invoice.\nThanks,\nSeller Support")
    body = member_client.get(_url(case)).content.decode()
    assert "Amazon replied" in body and "answer by" in body
    assert "72 h left" in body
    assert "Checked today by Alice Adams" in body


def test_timeline_is_newest_first_with_who_and_readable_changes(member_client, case, member, other_member):
    services.case_log_amazon_reply(case=case, actor=member, text="Line one\nLine two")
    services.case_change_status(case=case, actor=other_member, status=Status.ON_HOLD)
    body = member_client.get(_url(case)).content.decode()
    assert body.index("Status changed") < body.index("Amazon replied</b>")
    assert "Bob Baker" in body
    assert "<del>Action needed</del>" in body and "<ins>On hold</ins>" in body
    # Amazon's words are kept as written: line breaks preserved (pre-wrap), not run together.
    assert "Line one\nLine two" in body


def test_edited_event_shows_before_and_after(member_client, case, member):
    services.case_update(case=case, actor=member, expected_version=case.version, data={"issue": "Main image wrong"})
    body = member_client.get(_url(case)).content.decode()
    assert "Details edited" in body
    assert "<del>Wrong main image</del>" in body and "<ins>Main image wrong</ins>" in body


def test_message_sent_and_precheck_answers_are_shown_with_copy_buttons(member_client, case):
    Case.objects.filter(pk=case.pk).update(
        subject="Wrong image on B0TEST0001", message="Hello,\nwe are the owner.", precheck={"salesforce_checked": True}
    )
    body = member_client.get(_url(case)).content.decode()
    assert 'id="msg-subject">Wrong image on B0TEST0001<' in body
    assert "Hello,\nwe are the owner." in body
    assert 'data-copy="#msg-body"' in body and 'data-copy="#msg-subject"' in body
    assert "Salesforce checked" in body and "Yes" in body


def test_closed_case_offers_a_new_linked_case(member_client, case, member):
    services.case_mark_closed_by_amazon(case=case, actor=member)
    body = member_client.get(_url(case)).content.decode()
    assert f"/cases/new/?from={case.pk}" in body
    assert "Open a new case for this" in body
    assert "Checked — no update" not in body  # no quick actions on a closed case


def test_reopened_cases_link_both_ways(member_client, case, member):
    services.case_mark_closed_by_amazon(case=case, actor=member)
    new = services.case_reopen_as_new(case=case, actor=member, case_id="19876543210")
    old_page = member_client.get(_url(case)).content.decode()
    new_page = member_client.get(_url(new)).content.decode()
    assert f'href="{new.get_absolute_url()}"' in old_page and "Reopened as" in old_page
    assert "Open a new case for this" not in old_page
    assert f'href="{case.get_absolute_url()}"' in new_page and "Reopened from" in new_page


def test_stale_and_unchecked_case_says_so(member_client, member, brand):
    long_ago = timezone.now() - timedelta(days=9)
    case = CaseFactory(owner=member, brand=brand, started_at=long_ago, last_checked_at=long_ago, we_replied_at=long_ago)
    body = member_client.get(_url(case)).content.decode()
    assert "Not checked since" in body
    assert "Stale: nothing from Amazon since" in body


def test_long_timeline_is_capped_with_show_all(member_client, case, member):
    now = timezone.now()
    CaseEvent.objects.bulk_create(
        [CaseEvent(case=case, kind="note", actor=member, at=now - timedelta(minutes=i), text=f"note {i}") for i in range(45)]
    )
    body = member_client.get(_url(case)).content.decode()
    assert body.count('class="ev ev-') == 30
    assert "Show the whole timeline" in body
    everything = member_client.get(_url(case, events="all")).content.decode()
    assert everything.count('class="ev ev-') == 45


def test_edit_link_opens_the_form_without_js(member_client, case):
    body = member_client.get(_url(case, edit=1)).content.decode()
    assert f'action="{reverse("case_edit", args=[case.pk])}"' in body
    assert 'name="initial-issue"' in body and f'name="version" value="{case.version}"' in body


def test_anonymous_is_sent_to_login(client, case):
    response = client.get(_url(case))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_post_is_not_allowed(member_client, case):
    assert member_client.post(_url(case)).status_code == 405


def test_unknown_case_is_404(member_client, db):
    assert member_client.get("/cases/999999/").status_code == 404


# --- Query budget: the same at any number of cases and events ---------------------------------------

# session, user, the user's groups (supervisor menu), case (+brand, template, owner, checker,
# reopened_from), products, reopened_as, events (+actor), attachments, the owner choices of "reassign".
CASE_PAGE_QUERIES = 9


def _bulk_cases(n, brand, member):
    template = CaseTemplate.objects.get(slug="other")
    now = timezone.now()
    Case.objects.bulk_create(
        [Case(case_id=str(30_000_000_000 + i), brand=brand, issue_type=template, issue="Bulk", owner=member,
              started_at=now - timedelta(days=i % 30), status=Status.WAITING) for i in range(n)],
        batch_size=1000,
    )


def _bulk_events(case, n, member):
    now = timezone.now()
    CaseEvent.objects.bulk_create(
        [CaseEvent(case=case, kind=["note", "checked", "amazon_replied", "edited"][i % 4], actor=member,
                   at=now - timedelta(hours=i), text=f"event {i}", changes={"issue": ["a", "b"]}) for i in range(n)]
    )


@pytest.mark.parametrize("cases, events", [(1_000, 5), (10_000, 200)])
def test_case_page_query_count_is_constant(member_client, member, brand, django_assert_num_queries, cases, events):
    _bulk_cases(cases, brand, member)
    case = CaseFactory(owner=member, brand=brand)
    _bulk_events(case, events, member)
    with django_assert_num_queries(CASE_PAGE_QUERIES):
        assert member_client.get(_url(case)).status_code == 200
    with django_assert_num_queries(CASE_PAGE_QUERIES):
        assert member_client.get(_url(case, events="all")).status_code == 200


@pytest.mark.parametrize("events", [5, 200])
def test_edit_mode_query_count_is_constant(member_client, member, brand, django_assert_num_queries, events):
    case = CaseFactory(owner=member, brand=brand)
    _bulk_events(case, events, member)
    # Edit mode adds the brand and issue-type choices (two bounded lists).
    with django_assert_num_queries(CASE_PAGE_QUERIES + 2):
        assert member_client.get(_url(case, edit=1)).status_code == 200


# --- The quick actions as the case page posts them ---------------------------------------------------


def test_amazon_reply_with_a_time_from_the_case_page(member_client, case):
    from zoneinfo import ZoneInfo

    from django.conf import settings

    when = (timezone.now() - timedelta(hours=3)).astimezone(ZoneInfo(settings.TIME_ZONE))
    response = member_client.post(
        reverse("case_action", args=[case.pk, "amazon-replied"]),
        {"version": case.version, "at": when.strftime("%Y-%m-%dT%H:%M"), "text": "Send the invoice"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    body = response.content.decode()
    assert "69 h left" in body
    assert "Amazon&#x27;s reply logged" in body


def test_resolve_with_a_resolution_from_the_case_page(member_client, case):
    response = member_client.post(
        reverse("case_action", args=[case.pk, "status"]),
        {"version": case.version, "status": "resolved", "text": "Amazon replaced the image."},
        follow=True,
    )
    body = response.content.decode()
    assert "Resolved" in body and "Amazon replaced the image." in body
    case.refresh_from_db()
    assert case.status == Status.RESOLVED and case.resolution == "Amazon replaced the image."


def test_reassign_lists_people_by_name(member_client, case, other_member):
    body = member_client.get(_url(case)).content.decode()
    assert f'<option value="{other_member.pk}">Bob Baker</option>' in body
    member_client.post(reverse("case_action", args=[case.pk, "reassign"]),
                       {"version": case.version, "owner": other_member.pk})
    case.refresh_from_db()
    assert case.owner == other_member


def test_note_from_the_case_page_returns_to_the_timeline(member_client, case):
    response = member_client.post(reverse("case_action", args=[case.pk, "note"]),
                                  {"text": "Called the brand", "next": case.get_absolute_url() + "#timeline"})
    assert response["Location"] == case.get_absolute_url() + "#timeline"
