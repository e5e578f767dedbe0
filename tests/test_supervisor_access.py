"""Every supervisor-only URL: team members get 403, anonymous people the app's login page, supervisors in."""

import pytest
from django.urls import reverse

SUPERVISOR_ONLY = [
    "/admin/",
    "/admin/cases/case/",
    "/admin/cases/caseevent/",
    "/admin/cases/brand/",
    "/admin/cases/casetemplate/",
    "/admin/auth/user/",
    "/admin/auth/user/add/",
    "/admin/auth/group/",
    "/reports/",
    "/reports/workload.csv",
    "/import/",
    "/export/cases.csv",
    "/export/timeline.csv",
]


@pytest.mark.parametrize("url", SUPERVISOR_ONLY + ["/admin/login/", "/import/some-token/"])
def test_team_member_gets_403(member_client, url):
    assert member_client.get(url).status_code == 403


@pytest.mark.parametrize("url", SUPERVISOR_ONLY + ["/import/some-token/"])
def test_anonymous_is_sent_to_the_apps_login_page(client, db, url):
    response = client.get(url, follow=True)
    # The admin's own URLs pass through /admin/login/, which hands over to the app's login page.
    final, status = response.redirect_chain[-1]
    assert status == 302
    assert final.startswith(reverse("login") + "?next=")
    assert final.endswith(url.replace("/", "%2F")) or final.endswith(url)
    assert response.templates[0].name == "registration/login.html"


def test_admin_login_page_sends_everyone_to_the_apps_login(client, db):
    response = client.get("/admin/login/?next=/admin/cases/case/")
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/admin/cases/case/"


@pytest.mark.parametrize("url", SUPERVISOR_ONLY)
def test_supervisor_gets_in(supervisor_client, url):
    assert supervisor_client.get(url).status_code == 200


def test_staff_without_the_supervisor_group_is_refused(client, member):
    member.is_staff = True
    member.save()
    client.force_login(member)
    assert client.get("/admin/").status_code == 403
    assert client.get("/reports/").status_code == 403


def test_outsider_is_refused(client, outsider):
    client.force_login(outsider)
    assert client.get("/admin/").status_code == 403
