"""Case page timing at 1k, 10k and 100k cases, as a ratio to a trivial logged-in page.

    DJANGO_SETTINGS_MODULE=casedesk.settings_test .venv/bin/python bench/case_page.py          # SQLite
    DATABASE_URL=postgres://… DJANGO_SETTINGS_MODULE=casedesk.settings_test .venv/bin/python bench/case_page.py

Builds a throwaway test database, seeds cases with bulk inserts, and times (server side, through
Django's test client) the case page of a case with 40 events and an attachment-free timeline, its
"show all" view, and its edit mode, against a logged-in request for a missing page (session, user,
base template: the floor every page pays). Prints p50/p95 in ms, the ratio of p50s, and the query
count; writes bench/results/case_page-<vendor>.md.
"""

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casedesk.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

SIZES = [1_000, 10_000, 100_000]
RUNS = 40


def seed(total, brand, template, user):
    from cases.models import Case, Status

    have = Case.objects.count()
    now = timezone.now()
    statuses = [Status.WAITING, Status.ACTION_NEEDED, Status.ON_HOLD, Status.RESOLVED]
    Case.objects.bulk_create(
        [Case(case_id=str(40_000_000_000 + i), brand=brand, issue_type=template, issue=f"Bulk case {i}", owner=user,
              started_at=now - timedelta(hours=i % 2000), status=statuses[i % 4]) for i in range(have, total)],
        batch_size=2000,
    )


def timed(client, url):
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code in (200, 404), (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], len(ctx.captured_queries)


def main():
    from cases import services
    from cases.models import Brand, CaseTemplate
    from tests.factories import UserFactory

    config = setup_databases(verbosity=0, interactive=False)
    try:
        user = UserFactory(username="bench", first_name="Bench", last_name="Mark")
        brand = Brand.objects.create(name="Bench brand")
        template = CaseTemplate.objects.get(slug="other")
        case = services.case_open(actor=user, case_id="39999999999", channel="SC", brand=brand, issue_type=template,
                                  issue="Bench case", products=[("asin", "B07XJ8C8F5")], message="Hello\nAmazon")
        for i in range(39):
            services.case_add_note(case=case, actor=user, text=f"note {i}\nsecond line")
        client = Client()
        client.force_login(user)
        pages = {
            "trivial (logged-in 404)": "/no-such-page/",
            "case page": case.get_absolute_url(),
            "case page, show all": case.get_absolute_url() + "?events=all",
            "case page, edit mode": case.get_absolute_url() + "?edit=1",
        }
        rows = []
        for size in SIZES:
            seed(size, brand, template, user)
            base = None
            for name, url in pages.items():
                reset_queries()
                p50, p95, queries = timed(client, url)
                base = base or p50
                rows.append((size, name, p50, p95, p50 / base, queries))
                print(f"{size:>7} {name:<26} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  ratio {p50 / base:4.2f}  {queries} queries",
                      flush=True)
    finally:
        teardown_databases(config, verbosity=0)
    vendor = connection.vendor
    out = Path(__file__).resolve().parent / "results" / f"case_page-{vendor}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"# Case page, {vendor} ({RUNS} requests each, test client, server time)", "",
             "| cases | page | p50 ms | p95 ms | p50 ÷ trivial | queries |", "|---:|---|---:|---:|---:|---:|"]
    lines += [f"| {s:,} | {n} | {a:.1f} | {b:.1f} | {r:.2f} | {q} |" for s, n, a, b, r, q in rows]
    out.write_text("\n".join(lines) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
