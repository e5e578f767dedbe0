"""Walk every URL pattern (tests/url_walk.py): anonymous → the login page, team member → 403 on every
supervisor page, nobody gets a server error, attachments never leave without a login."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases import services, services_supervisor
from cases.models import Alert, AlertKind, CaseDraft, CaseTemplate, DigestSent, MonitorHeartbeat
from tests.url_walk import PUBLIC, walk

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def objects(settings, tmp_path, member, supervisor, case):
    settings.MEDIA_ROOT = tmp_path / "media"
    services.case_add_attachment(case=case, actor=member, files=[SimpleUploadedFile("proof.png", PNG)], text="")
    attachment = case.events.get().attachments.get()
    alert = Alert.objects.create(case=case, kind=AlertKind.OVERDUE, window="w", window_at=timezone.now(),
                                 recipient=member)
    AccessAttempt.objects.create(username="x", ip_address="10.0.0.1", user_agent="t", get_data="", post_data="",
                                 failures_since_start=1)
    AccessLog.objects.create(username="x", ip_address="10.0.0.1", user_agent="t")
    AccessFailureLog.objects.create(username="x", ip_address="10.0.0.1", user_agent="t")
    draft = CaseDraft.objects.create(owner=member, template=CaseTemplate.objects.first(), data={})
    DigestSent.objects.create(user=member, day=timezone.localdate())
    MonitorHeartbeat.objects.get_or_create(name="scan")
    return {
        "draft": draft, "case": case, "attachment": attachment, "alert": alert, "user": member,
        "report_slug": "opened-resolved",
        "calendar_token": services_supervisor.calendar_token_regenerate(user=member).token,
    }


@pytest.fixture
def routes(objects):
    found = walk(objects)
    names = {r.name for r in found}
    # The walk must see the whole project, not a corner of it.
    assert {"board", "case_detail", "case_action", "attachment", "reports", "export_timeline", "admin:index",
            "admin:cases_case_change"} <= names
    return found


def test_walk_finds_the_supervisor_pages_by_their_decorator(routes):
    supervisor_only = {r.name for r in routes if r.supervisor_only}
    assert {"reports", "report_csv", "import_upload", "import_preview", "export_cases", "export_timeline"} <= supervisor_only
    assert "board" not in supervisor_only and "case_detail" not in supervisor_only


def test_anonymous_is_sent_to_log_in_from_every_page(client, routes):
    checked = 0
    for route in routes:
        if route.name in PUBLIC:
            continue
        response = client.get(route.path)
        if route.name != "admin:login":
            assert response.status_code == 302, route
        final = client.get(route.path, follow=True).redirect_chain[-1][0]
        assert final.startswith(reverse("login") + "?next="), route
        checked += 1
    assert checked >= 40


def test_team_member_gets_403_on_every_supervisor_page(client, member, routes):
    client.force_login(member)
    supervisor_routes = [r for r in routes if r.supervisor_only]
    assert len(supervisor_routes) >= 30
    for route in supervisor_routes:
        assert client.get(route.path).status_code == 403, route


def test_team_member_opens_every_other_page_without_an_error(client, member, routes):
    client.force_login(member)
    for route in routes:
        if route.supervisor_only or route.name in {"logout"}:
            continue
        status = client.get(route.path).status_code
        assert status in {200, 302, 404, 405}, (route, status)


def test_supervisor_walks_every_page_without_a_server_error(client, supervisor, routes):
    client.force_login(supervisor)
    client.raise_request_exception = True
    for route in routes:
        if route.name == "logout":
            continue
        status = client.get(route.path).status_code
        assert status < 500, (route, status)


def test_attachment_is_served_only_after_login(client, member, objects):
    attachment = objects["attachment"]
    url = reverse("attachment", args=[attachment.pk, attachment.original_name])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))
    # The stored file is not reachable under MEDIA_URL either, with or without a login.
    raw = "/media/" + attachment.file.name
    assert client.get(raw).status_code == 404
    client.force_login(member)
    assert client.get(raw).status_code == 404
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
