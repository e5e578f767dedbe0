"""A case nobody owns (imported, or its owner left) shows on the board and its page like any other."""

from django.urls import reverse

from tests.factories import CaseFactory


def test_board_lists_a_case_nobody_owns(member_client, brand):
    case = CaseFactory(owner=None, brand=brand)
    response = member_client.get(reverse("board"))
    assert response.status_code == 200
    assert case.case_id in response.content.decode()


def test_case_page_of_a_case_nobody_owns_says_unassigned(member_client, brand):
    case = CaseFactory(owner=None, brand=brand)
    response = member_client.get(reverse("case_detail", args=[case.pk]))
    assert response.status_code == 200
    assert "Unassigned" in response.content.decode()
    edit = member_client.get(reverse("case_detail", args=[case.pk]) + "?edit=1")
    assert edit.status_code == 200
