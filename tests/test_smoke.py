from django.urls import reverse


def test_anonymous_user_is_redirected_to_login(client, db):
    response = client.get(reverse("board"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_board_lists_open_case(member_client, case):
    response = member_client.get(reverse("board"))
    assert response.status_code == 200
    assert case.case_id in response.content.decode()


def test_healthz_reports_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"
