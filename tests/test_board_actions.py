"""Row actions from the board (htmx and plain forms) and "mark selected checked"."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseEvent, EventKind, Status
from tests.factories import CaseFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def _act(case, action):
    return reverse("case_action", args=[case.pk, action])


@pytest.fixture
def unchecked(member, brand):
    return CaseFactory(owner=member, brand=brand, last_checked_at=timezone.now() - timedelta(days=4))


ROW_ACTIONS = [
    ("checked", {}, EventKind.CHECKED, Status.WAITING),
    ("amazon-replied", {"text": "Send an invoice"}, EventKind.AMAZON_REPLIED, Status.ACTION_NEEDED),
    ("we-replied", {"text": "Invoice attached"}, EventKind.WE_REPLIED, Status.WAITING),
    ("keep-open", {}, EventKind.KEEP_OPEN, Status.WAITING),
    ("status", {"status": "on_hold"}, EventKind.STATUS_CHANGED, Status.ON_HOLD),
    ("note", {"text": "Brand is checking"}, EventKind.NOTE, Status.WAITING),
]


@pytest.mark.parametrize("action,data,kind,status", ROW_ACTIONS, ids=[a for a, *_ in ROW_ACTIONS])
def test_row_action_with_htmx_returns_the_row(member_client, unchecked, action, data, kind, status):
    response = member_client.post(_act(unchecked, action),
                                  {"fragment": "row", "next": "/?owner=me", "version": unchecked.version, **data}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith("<tr") and f'id="case-row-{unchecked.pk}"' in body
    assert 'class="row-msg msg-success"' in body
    assert 'name="next" value="/?owner=me"' in body  # the row's forms still come back to the same board
    case = Case.objects.get(pk=unchecked.pk)
    assert case.status == status
    assert list(case.events.values_list("kind", flat=True)) == [kind]
    assert f'value="{case.pk}:{case.version}"' in body  # the checkbox carries the new version


@pytest.mark.parametrize("action,data,kind,status", ROW_ACTIONS, ids=[a for a, *_ in ROW_ACTIONS])
def test_row_action_as_plain_form_comes_back_to_the_board(member_client, unchecked, action, data, kind, status):
    response = member_client.post(_act(unchecked, action), {"fragment": "row", "next": "/?owner=me", **data})
    assert response.status_code == 302 and response["Location"] == "/?owner=me"
    assert Case.objects.get(pk=unchecked.pk).events.get().kind == kind


def test_amazon_replied_inline_shows_the_window_in_the_row(member_client, unchecked):
    at = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    body = member_client.post(_act(unchecked, "amazon-replied"), {"fragment": "row", "at": at, "text": "Hi"},
                              **HTMX).content.decode()
    assert "70 h left" in body or "69 h left" in body
    case = Case.objects.get(pk=unchecked.pk)
    assert case.response_due_at is not None and case.events.get().text == "Hi"


def test_reassign_from_the_row(member_client, unchecked, other_member):
    body = member_client.post(_act(unchecked, "reassign"), {"fragment": "row", "owner": other_member.pk}, **HTMX).content.decode()
    assert "Bob Baker" in body
    assert Case.objects.get(pk=unchecked.pk).owner == other_member


def test_refused_action_shows_in_the_row_and_changes_nothing(member_client, unchecked):
    body = member_client.post(_act(unchecked, "we-replied"), {"fragment": "row", "version": unchecked.version + 3},
                              **HTMX).content.decode()
    assert 'class="row-msg msg-error"' in body and "changed by someone else" in body
    assert not CaseEvent.objects.exists()


def test_offsite_next_is_not_followed(member_client, unchecked):
    response = member_client.post(_act(unchecked, "checked"), {"next": "https://evil.example/"})
    assert response["Location"] == unchecked.get_absolute_url()


# --- Mark selected checked ----------------------------------------------------------------------------------

BULK = reverse("board_checked")


def test_bulk_check_marks_each_case_with_its_own_event(member_client, member, brand):
    cases = [CaseFactory(owner=member, brand=brand, last_checked_at=None) for _ in range(3)]
    response = member_client.post(BULK, {"case": [f"{c.pk}:{c.version}" for c in cases], "next": "/?owner=me"})
    assert response.status_code == 302 and response["Location"] == "/?owner=me"
    assert CaseEvent.objects.filter(kind=EventKind.CHECKED, actor=member).count() == 3
    assert Case.objects.filter(last_checked_by=member).count() == 3


def test_bulk_check_reports_stale_and_closed_cases_and_marks_the_rest(member_client, member, brand):
    fresh = CaseFactory(owner=member, brand=brand, last_checked_at=None)
    stale = CaseFactory(owner=member, brand=brand, last_checked_at=None, case_id="19999999991")
    closed = CaseFactory(owner=member, brand=brand, status=Status.RESOLVED, case_id="19999999992")
    seen = stale.version
    Case.objects.filter(pk=stale.pk).update(version=seen + 1)  # a colleague saved it meanwhile
    response = member_client.post(BULK, {"case": [f"{fresh.pk}:{fresh.version}", f"{stale.pk}:{seen}",
                                                  f"{closed.pk}:{closed.version}"]}, follow=True)
    body = response.content.decode()
    assert "Marked checked: 1 case." in body
    assert "not marked: 19999999991" in body
    assert "Not marked: 19999999992" in body
    assert list(CaseEvent.objects.values_list("case_id", flat=True)) == [fresh.pk]


def test_bulk_check_with_nothing_selected_says_so(member_client, db):
    body = member_client.post(BULK, {}, follow=True).content.decode()
    assert "Select the cases to mark checked first" in body


def test_bulk_check_is_post_only(member_client):
    assert member_client.get(BULK).status_code == 405


def test_bulk_check_needs_a_login(client, db):
    assert client.post(BULK)["Location"].startswith(reverse("login"))


def test_bulk_check_queries_grow_only_per_case(member_client, member, brand, django_assert_max_num_queries):
    cases = [CaseFactory(owner=member, brand=brand, last_checked_at=None) for _ in range(5)]
    # Session, user, the cases (one query), then per case: lock, save, version, event (+ savepoints).
    with django_assert_max_num_queries(5 + 8 * 5):
        member_client.post(BULK, {"case": [f"{c.pk}:{c.version}" for c in cases]})


# --- CSV -------------------------------------------------------------------------------------------------------


def _csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))


@pytest.mark.parametrize("params", [{}, {"owner": "me"}, {"clock": "needs_check"}, {"sort": "-case_id"},
                                    {"q": "B0TEST"}, {"status": "any", "sort": "started"}])
def test_csv_is_exactly_the_filtered_board(member_client, member, other_member, brand, params):
    now = timezone.now()
    for i in range(6):
        CaseFactory(owner=member if i % 2 else other_member, brand=brand,
                    last_checked_at=now - timedelta(days=4) if i % 3 else now,
                    status=Status.RESOLVED if i == 5 else Status.WAITING)
    board = member_client.get(reverse("board"), {**params, "per": "100"})
    rows = _csv(member_client.get(reverse("board_csv"), params))
    assert [r["Case ID"] for r in rows] == [row["case"].case_id for row in board.context["rows"]]
    assert rows and set(rows[0]) >= {"Brand", "ASIN/SKU", "Status", "Owner", "Time left", "Last checked"}


def test_csv_link_carries_the_filters(member_client, case):
    body = member_client.get(reverse("board"), {"owner": "me", "page": "1"}).content.decode()
    assert 'href="/board.csv?owner=me"' in body


def test_csv_neutralises_spreadsheet_formulas(member_client, member, brand):
    CaseFactory(owner=member, brand=brand, issue='=HYPERLINK("http://x","y")', subject="+1 555", notes="@SUM(A1)")
    row = _csv(member_client.get(reverse("board_csv")))[0]
    assert row["Issue"] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert row["Subject"] == "'+1 555" and row["Notes"] == "'@SUM(A1)"


def test_csv_query_count_does_not_grow(member_client, member, brand, django_assert_max_num_queries):
    for _ in range(20):
        CaseFactory(owner=member, brand=brand)
    with django_assert_max_num_queries(8):
        assert len(_csv(member_client.get(reverse("board_csv")))) == 20
