"""casedesk is for the team: an account in neither group gets 403 everywhere but logging out."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory


@pytest.mark.parametrize("name", ["board", "alerts", "me"])
def test_account_in_no_group_gets_403(client, outsider, name):
    client.force_login(outsider)
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert "not on the casedesk team" in response.text


def test_account_in_no_group_cannot_open_a_case(client, outsider, case):
    client.force_login(outsider)
    assert client.get(case.get_absolute_url()).status_code == 403
    response = client.post(reverse("case_action", args=[case.pk, "checked"]), {"version": case.version})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.last_checked_at is None or case.events.filter(actor=outsider).count() == 0


def test_account_in_no_group_may_still_log_out(client, outsider):
    client.force_login(outsider)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_team_member_and_supervisor_get_in(member_client, supervisor_client):
    assert member_client.get(reverse("board")).status_code == 200
    assert supervisor_client.get(reverse("board")).status_code == 200


def test_superuser_without_a_group_gets_in(client, db):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    root.groups.clear()
    client.force_login(root)
    assert client.get(reverse("board")).status_code == 200


def test_anonymous_still_goes_to_the_login_page(client, db):
    response = client.get(reverse("board"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
