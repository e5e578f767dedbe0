from django.urls import reverse

from cases.models import CalendarToken

ME = reverse("me")
CAL = reverse("me_calendar")


def test_person_sees_and_saves_their_settings(member_client, member):
    assert member_client.get(ME).status_code == 200
    response = member_client.post(ME, {"first_name": "Alicia", "last_name": "Adams", "email": "alicia@example.com"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.first_name == "Alicia" and member.email == "alicia@example.com"


def test_an_email_someone_else_uses_is_refused_and_nothing_saved(member_client, member, other_member):
    response = member_client.post(ME, {"first_name": "X", "last_name": "Y", "email": other_member.email.upper()})
    assert response.status_code == 400
    assert "already uses this e-mail" in response.content.decode()
    member.refresh_from_db()
    assert member.first_name == "Alice"


def test_calendar_link_is_made_shown_renewed_and_turned_off(member_client, member):
    member_client.post(CAL, {"action": "new"})
    token = CalendarToken.objects.get(user=member)
    page = member_client.get(ME).content.decode()
    assert reverse("calendar_feed", args=[token.token]) in page
    member_client.post(CAL, {"action": "new"})
    assert CalendarToken.objects.get(user=member).token != token.token
    member_client.post(CAL, {"action": "revoke"})
    assert not CalendarToken.objects.filter(user=member).exists()


def test_unknown_calendar_action_changes_nothing(member_client, member):
    response = member_client.post(CAL, {"action": "explode"}, follow=True)
    assert "Choose" in response.content.decode()
    assert not CalendarToken.objects.filter(user=member).exists()


def test_anonymous_is_sent_to_login(client, db):
    assert client.get(ME).status_code == 302
    assert client.post(CAL, {"action": "new"}).status_code == 302
    assert not CalendarToken.objects.exists()


def test_wrong_methods_are_405(member_client):
    assert member_client.get(CAL).status_code == 405
    assert member_client.put(ME).status_code == 405


def test_one_persons_link_is_not_shown_to_another(client, member, other_member):
    client.force_login(member)
    client.post(CAL, {"action": "new"})
    client.force_login(other_member)
    assert CalendarToken.objects.get(user=member).token not in client.get(ME).content.decode()
