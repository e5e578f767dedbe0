from django.urls import reverse

from cases.models import CaseEvent, Status


def _url(case, action):
    return reverse("case_action", args=[case.pk, action])


def test_checked_marks_case_checked_and_leaves_event(member_client, case, member):
    response = member_client.post(_url(case, "checked"), {"version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.last_checked_by == member
    assert list(case.events.values_list("kind", flat=True)) == ["checked"]


def test_amazon_reply_starts_window_and_htmx_returns_row(member_client, case):
    response = member_client.post(
        _url(case, "amazon-replied"), {"text": "Please send an invoice", "fragment": "row"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="case-row-{case.pk}"' in body
    assert "72 h left" in body or "71 h left" in body
    case.refresh_from_db()
    assert case.status == Status.ACTION_NEEDED


def test_stale_version_is_refused_and_nothing_changes(member_client, case):
    response = member_client.post(_url(case, "we-replied"), {"version": case.version + 5}, follow=True)
    assert "changed by someone else" in response.content.decode()
    assert CaseEvent.objects.filter(case=case).count() == 0


def test_note_without_text_is_refused(member_client, case):
    response = member_client.post(_url(case, "note"), {"text": ""}, follow=True)
    assert "Write the note first" in response.content.decode()
    assert CaseEvent.objects.count() == 0


def test_get_is_not_allowed(member_client, case):
    assert member_client.get(_url(case, "checked")).status_code == 405


def test_unknown_action_is_404(member_client, case):
    assert member_client.post(_url(case, "explode")).status_code == 404


def test_anonymous_is_sent_to_login(client, case):
    response = client.post(_url(case, "checked"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_amazon_reply_can_be_logged_as_generic(member_client, case):
    member_client.post(_url(case, "amazon-replied"), {"version": case.version, "generic": "on", "text": "See help."})
    case.refresh_from_db()
    assert case.generic_replies == 1
    assert case.events.get().changes["generic"] is True
