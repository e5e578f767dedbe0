"""The board's paginator orders the bare case table and joins only the page's rows: the pages must still
hold exactly the board's order, page after page, with nothing lost or repeated."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import selectors
from cases.models import Status
from cases.views.board import NarrowFirstPaginator
from tests.factories import CaseFactory


@pytest.mark.django_db
def test_pages_follow_the_board_order_exactly(brand, member):
    rnd = random.Random(5)
    now = timezone.now()
    for _ in range(37):
        CaseFactory(
            brand=brand,
            owner=rnd.choice([member, None]),
            status=rnd.choice([Status.WAITING, Status.ACTION_NEEDED, Status.ON_HOLD]),
            started_at=now - timedelta(days=rnd.randint(1, 30)),
            last_checked_at=rnd.choice([None, now - timedelta(days=rnd.randint(0, 6))]),
            amazon_replied_at=rnd.choice([None, now - timedelta(hours=rnd.randint(1, 90))]),
        )
    ordered = selectors.board_open_cases(now=now)
    expected = [case.pk for case in ordered]
    paginator = NarrowFirstPaginator(ordered, 10)
    paged = [case.pk for number in paginator.page_range for case in paginator.page(number).object_list]
    assert paged == expected
    assert len(expected) == 37
    # A page is one query, joins included, and one for its products (prefetched).
    with CaptureQueriesContext(connection) as ctx:
        rows = list(paginator.page(2).object_list)
        [(case.brand.name, case.issue_type.name, case.owner) for case in rows]
    assert len(ctx.captured_queries) == 2
    assert "cases_brand" in ctx.captured_queries[0]["sql"]
