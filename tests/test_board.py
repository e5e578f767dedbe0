"""The board, `/`: the Today order, the summary line, saved views, sorting, pagination, query budgets."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Status
from tests.factories import BrandFactory, CaseFactory, UserFactory
from tests.supervisor_data import seed_cases

BOARD = reverse("board")


def _ids(response) -> list[str]:
    return [row["case"].case_id for row in response.context["rows"]]


def test_anonymous_user_is_sent_to_log_in(client, db):
    response = client.get(BOARD)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(member_client):
    assert member_client.post(BOARD).status_code == 405


def test_today_puts_the_most_urgent_first(member_client, member, brand):
    now = timezone.now()
    fine = CaseFactory(owner=member, brand=brand, case_id="10000000001")
    unchecked = CaseFactory(owner=member, brand=brand, case_id="10000000002", last_checked_at=now - timedelta(days=3))
    stale = CaseFactory(owner=member, brand=brand, case_id="10000000003", started_at=now - timedelta(days=9))
    running = CaseFactory(owner=member, brand=brand, case_id="10000000004", status=Status.ACTION_NEEDED,
                          amazon_replied_at=now - timedelta(hours=1))
    soon = CaseFactory(owner=member, brand=brand, case_id="10000000005", status=Status.ACTION_NEEDED,
                       amazon_replied_at=now - timedelta(hours=60))
    sooner = CaseFactory(owner=member, brand=brand, case_id="10000000006", status=Status.ACTION_NEEDED,
                         amazon_replied_at=now - timedelta(hours=70))
    overdue = CaseFactory(owner=member, brand=brand, case_id="10000000007", status=Status.ACTION_NEEDED,
                          amazon_replied_at=now - timedelta(hours=80))
    CaseFactory(owner=member, brand=brand, case_id="10000000008", status=Status.RESOLVED, resolved_at=now)
    response = member_client.get(BOARD)
    assert _ids(response) == [c.case_id for c in (overdue, sooner, soon, running, unchecked, stale, fine)]
    body = response.content.decode()
    assert "overdue by 8 h" in body and "1 h left" in body


def test_summary_counts_each_bucket_and_links_to_it(member_client, member, brand):
    now = timezone.now()
    CaseFactory(owner=member, brand=brand, status=Status.ACTION_NEEDED, amazon_replied_at=now - timedelta(hours=80))
    for _ in range(2):
        CaseFactory(owner=member, brand=brand, last_checked_at=now - timedelta(days=4))
    response = member_client.get(BOARD)
    summary = {item["state"]: item["text"] for item in response.context["summary"]}
    assert summary["overdue"] == "1" and summary["needs_check"] == "2" and summary["due_soon"] == "0"
    body = response.content.decode()
    assert '<a class="sum sum-overdue" href="?clock=overdue"><b>1</b> overdue</a>' in body
    assert "<b>2</b> to check" in body
    assert "due soon</a>" not in body  # empty buckets are left out
    filtered = member_client.get(BOARD, {"clock": "needs_check"})
    assert len(filtered.context["rows"]) == 2


def test_summary_counts_are_capped(member_client, member, brand, settings):
    from cases import selectors

    for _ in range(4):
        CaseFactory(owner=member, brand=brand, last_checked_at=None)
    from cases.models import Case

    summary = selectors.board_summary(Case.objects.all(), now=timezone.now(), cap=3)
    assert {i["state"]: i["text"] for i in summary}["needs_check"] == "3+"


def test_summary_counts_within_the_other_filters(member_client, member, other_member, brand):
    CaseFactory(owner=member, brand=brand, last_checked_at=None)
    CaseFactory(owner=other_member, brand=brand, last_checked_at=None)
    response = member_client.get(BOARD, {"owner": "me"})
    assert {i["state"]: i["count"] for i in response.context["summary"]}["needs_check"] == 1
    assert '?owner=me&amp;clock=needs_check' in response.content.decode()


def test_nothing_to_do_says_so(member_client, case):
    body = member_client.get(BOARD).content.decode()
    assert "Nothing overdue, nothing to check" in body


def test_empty_board_and_empty_filter_say_what_to_do(member_client, db):
    assert "No open cases" in member_client.get(BOARD).content.decode()
    body = member_client.get(BOARD, {"q": "B0NOTHERE0"}).content.decode()
    assert "Nothing matches these filters" in body


@pytest.mark.parametrize("slug,params", [
    ("today", {}), ("mine", {"owner": "me"}), ("needs-me", {"owner": "me", "clock": "today"}),
    ("open", {"status": "open", "sort": "-started"}), ("escalated", {"status": "escalated"}),
    ("resolved", {"resolved": "month", "sort": "-started"}),
])
def test_saved_view_is_marked_current(member_client, case, slug, params):
    views = member_client.get(BOARD, params).context["saved_views"]
    assert [v["slug"] for v in views if v["active"]] == [slug]


def test_saved_views_show_the_right_cases(member_client, member, other_member, brand):
    now = timezone.now()
    mine_fine = CaseFactory(owner=member, brand=brand)
    mine_unchecked = CaseFactory(owner=member, brand=brand, last_checked_at=now - timedelta(days=4))
    theirs = CaseFactory(owner=other_member, brand=brand, last_checked_at=now - timedelta(days=4))
    escalated = CaseFactory(owner=other_member, brand=brand, status=Status.ESCALATED, escalated_at=now)
    resolved = CaseFactory(owner=member, brand=brand, status=Status.RESOLVED, resolved_at=now)
    CaseFactory(owner=member, brand=brand, status=Status.RESOLVED, resolved_at=now - timedelta(days=40))
    views = {v["slug"]: v["url"] for v in member_client.get(BOARD).context["saved_views"]}

    def ids(slug):
        return set(_ids(member_client.get(views[slug])))

    assert ids("mine") == {mine_fine.case_id, mine_unchecked.case_id}
    assert ids("needs-me") == {mine_unchecked.case_id}
    assert ids("open") == {mine_fine.case_id, mine_unchecked.case_id, theirs.case_id, escalated.case_id}
    assert ids("escalated") == {escalated.case_id}
    assert ids("resolved") == {resolved.case_id}


@pytest.mark.parametrize("sort,expected", [
    ("case_id", ["10000000001", "10000000002", "10000000003"]),
    ("-case_id", ["10000000003", "10000000002", "10000000001"]),
    ("brand", ["10000000002", "10000000003", "10000000001"]),
    ("-started", ["10000000003", "10000000001", "10000000002"]),
    ("started", ["10000000002", "10000000001", "10000000003"]),
    ("checked", ["10000000001", "10000000003", "10000000002"]),
])
def test_columns_sort(member_client, member, sort, expected):
    now = timezone.now()
    CaseFactory(owner=member, brand=BrandFactory(name="Zephyr"), case_id="10000000001",
                started_at=now - timedelta(days=2), last_checked_at=now - timedelta(days=5))
    CaseFactory(owner=member, brand=BrandFactory(name="Acme"), case_id="10000000002",
                started_at=now - timedelta(days=3), last_checked_at=now)
    CaseFactory(owner=member, brand=BrandFactory(name="Birch"), case_id="10000000003",
                started_at=now - timedelta(days=1), last_checked_at=now - timedelta(days=1))
    response = member_client.get(BOARD, {"sort": sort})
    assert _ids(response) == expected
    assert response.context["sort_links"][sort.lstrip("-")]["state"] == ("desc" if sort.startswith("-") else "asc")


def test_unknown_sort_falls_back_to_urgency(member_client, case):
    response = member_client.get(BOARD, {"sort": "password"})
    assert response.status_code == 200 and response.context["sort"] == ""


def test_pages_keep_the_filters(member_client, member, brand):
    for _ in range(30):
        CaseFactory(owner=member, brand=brand)
    response = member_client.get(BOARD, {"owner": "me", "per": "25"})
    assert len(response.context["rows"]) == 25
    assert 'href="?owner=me&amp;per=25&amp;page=2"' in response.content.decode()
    second = member_client.get(BOARD, {"owner": "me", "per": "25", "page": "2"})
    assert len(second.context["rows"]) == 5


def test_bad_filter_value_is_named_and_the_rest_still_apply(member_client, member, other_member, brand):
    CaseFactory(owner=member, brand=brand)
    CaseFactory(owner=other_member, brand=brand)
    response = member_client.get(BOARD, {"owner": "me", "priority": "99", "started_after": "yesterdayish"})
    body = response.content.decode()
    assert "Some filters were not understood" in body
    assert len(response.context["rows"]) == 1


def test_row_shows_the_columns(member_client, member, brand):
    now = timezone.now()
    case = CaseFactory(owner=member, brand=brand, case_id="15728394061", asin="B07XJ8C8F5", channel="BR",
                       issue="Main image shows the wrong colour", last_checked_at=now - timedelta(days=4),
                       started_at=now - timedelta(days=10))
    body = member_client.get(BOARD).content.decode()
    assert f'href="{case.get_absolute_url()}">15728394061</a>' in body
    assert 'data-copy-text="15728394061"' in body
    for text in ("Northwind", "B07XJ8C8F5", ">BR<", "Main image shows the wrong colour", "Waiting on Amazon",
                 "Alice Adams", "to check"):
        assert text in body, text


def _seeded(count, people):
    seed_cases(count, now=timezone.now(), owners=people, start_number=20_000_000_000 + Case_count())


def Case_count():
    from cases.models import Case

    return Case.objects.count()


VIEWS = {
    "today": {},
    "sorted": {"sort": "-brand"},
    "search": {"q": "B000000012"},
    "filtered": {"owner": "me", "status": "action_needed", "clock": "today", "channel": "SC", "priority": "3",
                 "marketplace": "US", "started_after": "2020-01-01", "started_before": "2100-01-01"},
    "every filter": {"owner": "me", "status": "any", "clock": "today", "brand": "BRAND", "issue_type": "TYPE",
                     "channel": "SC", "priority": "3", "marketplace": "US", "started_after": "2020-01-01",
                     "started_before": "2100-01-01", "q": "B0", "resolved": "month", "sort": "started"},
    "empty": {"q": "no such thing anywhere"},
    "25 a page": {"per": "25"},
    "100 a page, page 2": {"per": "100", "page": "2"},
}
# Session, user, groups (supervisor check), the top bar's alert badge, the person's drafts, the team (owner
# choices), brands, issue types, the summary line (one query), the count, the page, its products: 12. With no
# row to show, the page and its products are not asked for. A brand or issue type in the URL is looked up to
# check it: one query each. A search first fetches the matching cases' ids (up to filters.SEARCH_IDS_CAP): one more;
# when it finds none, there is nothing to count.
BUDGET = 12
BUDGETS = {"search": 13, "empty": 10, "every filter": 13}


@pytest.mark.slow
def test_board_runs_the_same_queries_at_1000_and_10000_cases(member_client, member, other_member,
                                                             django_assert_num_queries):
    from cases.models import Brand, CaseTemplate

    people = [member, other_member, None]
    for size in (1_000, 10_000):
        _seeded(size - Case_count(), people)
        for name, params in VIEWS.items():
            params = {k: {"BRAND": str(Brand.objects.order_by("name").first().pk),
                          "TYPE": str(CaseTemplate.objects.get(slug="catalog-error").pk)}.get(v, v)
                      for k, v in params.items()}
            with django_assert_num_queries(BUDGETS.get(name, BUDGET)):
                response = member_client.get(BOARD, params)
                assert response.status_code == 200
                assert not response.context["filter"].form.errors, name
            assert bool(response.context["rows"]) == (name not in ("empty", "every filter")), name


def test_other_people_are_offered_as_owners_but_outsiders_are_not(member_client, member, outsider):
    UserFactory(username="carol", first_name="Carol", last_name="Cole")
    choices = dict(member_client.get(BOARD).context["filter"].form.fields["owner"].choices)
    assert "Carol Cole" in choices.values() and "olly" not in choices.values()
