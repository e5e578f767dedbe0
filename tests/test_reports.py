from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import selectors_reports as reports
from cases.models import CaseEvent, EventKind, Status
from cases.services import case_mark_closed_by_amazon
from tests.factories import CaseFactory, template
from tests.supervisor_data import seed_cases

URL = reverse("reports")


@pytest.fixture
def seeded(db, member, other_member, supervisor):
    now = timezone.now()
    seed_cases(300, now=now, owners=[member, other_member, supervisor, None])
    return now


def test_supervisor_sees_every_chart_with_its_table(supervisor_client, seeded):
    response = supervisor_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for slug in ("opened-resolved", "closed-by-amazon", "issue-types", "brands", "time-to-resolution", "workload",
                 "recurring-products", "recurring-issues"):
        assert f'id="{slug}"' in html
        assert reverse("report_csv", args=[slug]) in html
    assert html.count("<svg") >= 8
    assert html.count("<title") >= 8 and "<desc" in html
    assert "<table" in html


def test_team_member_is_refused(member_client):
    assert member_client.get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response.url


def test_post_is_not_allowed(supervisor_client):
    assert supervisor_client.post(URL).status_code == 405


def test_reversed_dates_are_explained_and_the_default_period_shown(supervisor_client):
    response = supervisor_client.get(URL, {"start": "2024-05-01", "end": "2024-04-01"})
    assert response.status_code == 200
    assert "“To” is before “From”" in response.content.decode()


@pytest.mark.parametrize("size", [200, 2000])
def test_report_page_query_count_does_not_grow_with_cases(supervisor_client, member, other_member, size,
                                                          django_assert_max_num_queries):
    seed_cases(size, now=timezone.now(), owners=[member, other_member, None])
    # Session, user, groups, brand choices, then one query per aggregate: the same at both sizes.
    with django_assert_max_num_queries(20):
        assert supervisor_client.get(URL).status_code == 200


def test_opened_and_resolved_are_counted_in_the_week_they_happened(db, brand, member):
    now = timezone.now()
    r = reports.ReportRange(start=(now - timedelta(days=20)).date(), end=now.date())
    CaseFactory(brand=brand, owner=member, started_at=now - timedelta(days=3))
    CaseFactory(brand=brand, owner=member, started_at=now - timedelta(days=3), status=Status.RESOLVED,
                resolved_at=now - timedelta(days=1))
    CaseFactory(brand=brand, owner=member, started_at=now - timedelta(days=60))  # outside the range
    rows = reports.opened_resolved_per_week(r)
    assert sum(row["opened"] for row in rows) == 2
    assert sum(row["resolved"] for row in rows) == 1
    assert len(rows) in (3, 4)


def test_median_time_to_resolution_is_the_middle_value(db, brand, member):
    now = timezone.now()
    r = reports.ReportRange(start=(now - timedelta(days=60)).date(), end=now.date())
    for days in (1, 2, 10):
        CaseFactory(brand=brand, owner=member, issue_type=template("catalog-error"), status=Status.RESOLVED,
                    started_at=now - timedelta(days=30), resolved_at=now - timedelta(days=30) + timedelta(days=days))
    for days in (4, 6):
        CaseFactory(brand=brand, owner=member, issue_type=template("other"), status=Status.RESOLVED,
                    started_at=now - timedelta(days=30), resolved_at=now - timedelta(days=30) + timedelta(days=days))
    overall, rows = reports.median_time_to_resolution(r)
    assert overall == timedelta(days=4)
    by_name = {row["name"]: row for row in rows}
    assert by_name["Catalog error / wrong image"]["median"] == timedelta(days=2)
    assert by_name["Other"]["median"] == timedelta(days=5)  # even count: the mean of the middle two
    assert by_name["Other"]["n"] == 2


def test_windows_missed_come_from_closed_by_amazon_events(db, brand, member):
    now = timezone.now()
    missed = CaseFactory(brand=brand, owner=member, status=Status.ACTION_NEEDED,
                         amazon_replied_at=now - timedelta(hours=80))
    in_time = CaseFactory(brand=brand, owner=member, status=Status.WAITING)
    case_mark_closed_by_amazon(case=missed, actor=member)
    case_mark_closed_by_amazon(case=in_time, actor=member)
    assert CaseEvent.objects.filter(kind=EventKind.CLOSED_BY_AMAZON, changes__window_missed=True).count() == 1
    r = reports.ReportRange(start=(now - timedelta(days=7)).date(), end=now.date())
    rows = reports.closed_by_amazon_per_week(r)
    assert sum(row["closed"] for row in rows) == 2
    assert sum(row["missed"] for row in rows) == 1


def test_recurring_products_need_two_cases(db, brand, member):
    CaseFactory(brand=brand, owner=member, asin="B0REPEAT01")
    CaseFactory(brand=brand, owner=member, asin="B0REPEAT01")
    CaseFactory(brand=brand, owner=member, asin="B0ONCE0001")
    now = timezone.now()
    r = reports.ReportRange(start=(now - timedelta(days=7)).date(), end=now.date())
    rows = reports.recurring_products(r)
    assert [(row["value"], row["cases"]) for row in rows] == [("B0REPEAT01", 2)]
    pairs = reports.recurring_product_issues(r)
    assert [(p["value"], p["cases"]) for p in pairs] == [("B0REPEAT01", 2)]


def test_workload_counts_overdue_per_owner_and_brand_filter_applies(db, brand, member, other_member):
    now = timezone.now()
    CaseFactory(brand=brand, owner=member, status=Status.ACTION_NEEDED, amazon_replied_at=now - timedelta(hours=80))
    CaseFactory(brand=brand, owner=member)
    CaseFactory(owner=other_member)  # another brand
    r = reports.ReportRange(start=now.date(), end=now.date(), brand_id=brand.pk)
    rows = reports.workload(r, now=now)
    assert rows == [{"name": "Alice Adams", "open": 2, "overdue": 1, "due_soon": 0, "needs_check": 0, "escalated": 0}]


def test_brand_filter_limits_the_charts(supervisor_client, brand, member):
    CaseFactory(brand=brand, owner=member)
    other = CaseFactory(owner=member)
    response = supervisor_client.get(URL, {"brand": brand.pk})
    html = response.content.decode()
    assert brand.name in html
    assert other.brand.name not in html.split('id="brands"')[1].split("</section>")[0]


def test_csv_download_has_the_tables_numbers(supervisor_client, brand, member):
    CaseFactory(brand=brand, owner=member, issue_type=template("catalog-error"))
    response = supervisor_client.get(reverse("report_csv", args=["issue-types"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0] == "Issue type,Opened,Resolved,Still open,Closed by Amazon"
    assert "Catalog error / wrong image,1,0,1,0" in body


def test_unknown_report_csv_is_404(supervisor_client):
    assert supervisor_client.get(reverse("report_csv", args=["nope"])).status_code == 404


def test_report_csv_refuses_team_members(member_client):
    assert member_client.get(reverse("report_csv", args=["workload"])).status_code == 403

