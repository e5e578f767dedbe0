"""Every board filter, table-driven: a set of cases, one filter, the cases that must come back."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseProduct, Status
from tests.factories import BrandFactory, CaseFactory, UserFactory, template


@pytest.fixture
def spread(db, member, other_member):
    """Named cases, each different from the others in one way a filter can see."""
    now = timezone.now()
    north, south = BrandFactory(name="Northwind"), BrandFactory(name="Southwind")
    make = lambda name, **kw: (name, CaseFactory(**{"owner": member, "brand": north, **kw}))  # noqa: E731
    cases = dict([
        make("plain", case_id="11111111101", subject="Colour swatch is wrong", notes="Brand contact: Dana"),
        make("south", brand=south, case_id="11111111102"),
        make("br", channel="BR", case_id="11111111103", contact_method="email"),
        make("theirs", owner=other_member, case_id="11111111104"),
        make("nobody", owner=None, case_id="11111111105"),
        make("catalog", issue_type=template("catalog-error"), case_id="11111111106"),
        make("urgent", priority=1, case_id="11111111107"),
        make("uk", marketplace="UK", case_id="11111111108"),
        make("overdue", status=Status.ACTION_NEEDED, amazon_replied_at=now - timedelta(hours=80), case_id="11111111109"),
        make("due_soon", status=Status.ACTION_NEEDED, amazon_replied_at=now - timedelta(hours=60), case_id="11111111110"),
        make("window", status=Status.ON_HOLD, amazon_replied_at=now - timedelta(hours=1), case_id="11111111111"),
        make("unchecked", last_checked_at=now - timedelta(days=4), case_id="11111111112"),
        make("stale", started_at=now - timedelta(days=9), case_id="11111111113"),
        make("escalated", status=Status.ESCALATED, escalated_at=now - timedelta(hours=50), case_id="11111111114"),
        make("old", started_at=now - timedelta(days=4), case_id="11111111115"),
        make("resolved", status=Status.RESOLVED, resolved_at=now, case_id="11111111116", subject="Fixed title",
             notes="was B0RESOLVED"),
        make("resolved_long_ago", status=Status.RESOLVED, resolved_at=now - timedelta(days=45), case_id="11111111117"),
        make("closed", status=Status.CLOSED, closed_at=now, case_id="11111111118"),
    ])
    CaseProduct.objects.create(case=cases["br"], kind="sku", value="RED-TENT-12")
    CaseProduct.objects.create(case=cases["catalog"], kind="upc", value="012345678905")
    CaseProduct.objects.create(case=cases["south"], kind="asin", value="B07XJ8C8F5")
    return cases


OPEN = {"plain", "south", "br", "theirs", "nobody", "catalog", "urgent", "uk", "overdue", "due_soon", "window",
        "unchecked", "stale", "escalated", "old"}


def _params(params, cases):
    """Some filter values name a case's brand or owner: fill them in from the fixture."""
    out = {}
    for key, value in params.items():
        if key == "brand":
            out[key] = cases[value].brand_id
        elif key == "owner" and value.startswith("@"):
            out[key] = cases[value[1:]].owner_id
        elif key == "issue_type":
            out[key] = template(value).pk
        else:
            out[key] = value
    return out


CASES = [
    ({}, OPEN),
    ({"brand": "south"}, {"south"}),
    ({"channel": "BR"}, {"br"}),
    ({"owner": "me"}, OPEN - {"theirs", "nobody"}),
    ({"owner": "anyone"}, OPEN),
    ({"owner": "unassigned"}, {"nobody"}),
    ({"owner": "@theirs"}, {"theirs"}),
    ({"issue_type": "catalog-error"}, {"catalog"}),
    ({"priority": "1"}, {"urgent"}),
    ({"marketplace": "UK"}, {"uk"}),
    ({"status": "escalated"}, {"escalated"}),
    ({"status": "resolved"}, {"resolved", "resolved_long_ago"}),
    ({"status": "any"}, OPEN | {"resolved", "resolved_long_ago", "closed"}),
    ({"resolved": "month"}, {"resolved"}),
    ({"clock": "overdue"}, {"overdue"}),
    ({"clock": "due_soon"}, {"due_soon"}),
    ({"clock": "window"}, {"window"}),
    ({"clock": "action"}, {"overdue", "due_soon", "window"}),
    ({"clock": "needs_check"}, {"unchecked"}),
    ({"clock": "stale"}, {"stale"}),
    ({"clock": "today"}, {"overdue", "due_soon", "unchecked", "stale", "escalated"}),
    ({"q": "11111111107"}, {"urgent"}),
    ({"q": "Case ID: 1111 1111 107"}, {"urgent"}),
    ({"q": "#11111111107"}, {"urgent"}),
    ({"q": "b07xj8c8f5"}, {"south"}),
    ({"q": "RED-TENT"}, {"br"}),
    ({"q": "012345678905"}, {"catalog"}),
    ({"q": "colour SWATCH"}, {"plain"}),
    ({"q": "dana"}, {"plain"}),
    ({"q": "B0RESOLVED"}, {"resolved"}),  # a search looks at every status unless one is picked
    ({"q": "B0RESOLVED", "status": "open"}, set()),
    ({"q": "100%_"}, set()),
    ({"brand": "south", "q": "B07XJ8C8F5", "owner": "me"}, {"south"}),
]


@pytest.mark.parametrize("params,expected", CASES, ids=[str(p) for p, _ in CASES])
def test_filter(member_client, spread, params, expected):
    response = member_client.get(reverse("board"), {**_params(params, spread), "per": "100"})
    assert response.status_code == 200
    names = {name for name, case in spread.items() if case.case_id in
             {row["case"].case_id for row in response.context["rows"]}}
    assert names == expected


def test_date_started_range(member_client, spread):
    today = timezone.localdate()
    response = member_client.get(reverse("board"), {
        "started_after": (today - timedelta(days=4)).isoformat(), "started_before": (today - timedelta(days=4)).isoformat()})
    assert {row["case"].case_id for row in response.context["rows"]} == {spread["old"].case_id}


def test_filter_choices_are_small_tables_not_case_columns(member_client, spread):
    UserFactory(username="dora")
    form = member_client.get(reverse("board")).context["filter"].form
    assert [label for _, label in form.fields["brand"].choices][1:] == ["Northwind", "Southwind"]
    assert len(form.fields["marketplace"].choices) == 23  # fixed choices + "all"


def test_filters_live_in_the_url(member_client, spread):
    body = member_client.get(reverse("board"), {"brand": spread["south"].brand_id, "sort": "-started"}).content.decode()
    assert f'<option value="{spread["south"].brand_id}" selected>Southwind</option>' in body
    assert f"brand={spread['south'].brand_id}" in body  # carried by the CSV link and the sort headers
