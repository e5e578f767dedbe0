"""Board timing at 1k, 10k and 100k cases, as a ratio to a trivial logged-in page.

    .venv/bin/python bench/board.py                                           # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cd_x .venv/bin/python bench/board.py   # PostgreSQL

Builds a throwaway test database, seeds it with `manage.py seed_demo --cases N` (every status and
clock state, with timelines and alerts; idempotent, so 1k grows to 10k and 100k), and times, server side
through Django's test client, the Today board, a sorted view, a filtered board, two searches and the
empty result, against a logged-in request for a missing page (session, user, base template: the floor
every page pays). Prints p50/p95 in ms, the ratio of p50s and the query count; writes
bench/results/board-<vendor>.md.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casedesk.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402

SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(",")]
RUNS = int(os.environ.get("BENCH_RUNS", "30"))


def timed(client, url):
    client.get(url)  # warm
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code in (200, 404), (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)], len(ctx.captured_queries)


def main():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Count

    from cases.models import Brand, CaseProduct, CaseTemplate

    config = setup_databases(verbosity=0, interactive=False)
    rows = []
    try:
        client = Client()
        for size in SIZES:
            started = time.perf_counter()
            call_command("seed_demo", cases=size, without_logins=True, stdout=open(os.devnull, "w"))
            print(f"seeded {size} cases in {time.perf_counter() - started:.0f} s", flush=True)
            # Log in as the person with the most cases, so "my cases" views have something to show.
            me = get_user_model().objects.annotate(n=Count("cases")).order_by("-n").first()
            client.force_login(me)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            brand = Brand.objects.order_by("name").first()
            asin = CaseProduct.objects.filter(kind="asin").order_by("id").values_list("value", flat=True).first()
            template = CaseTemplate.objects.get(slug="catalog-error")
            pages = {
                "trivial (logged-in 404)": "/no-such-page/",
                "Today (50 a page)": "/",
                "Today, 100 a page, page 3": "/?per=100&page=3",
                "sorted by brand": "/?sort=-brand",
                "filtered (owner, clock, brand, type, SC, US)":
                    f"/?owner=me&clock=today&brand={brand.pk}&issue_type={template.pk}&channel=SC&marketplace=US",
                "search ASIN": f"/?q={asin}",
                "search words": "/?q=warehouse",
                "search, nothing found": "/?q=no+such+thing",
            }
            base = None
            for name, url in pages.items():
                p50, p95, queries = timed(client, url)
                base = base or p50
                rows.append((size, name, p50, p95, p50 / base, queries))
                print(f"{size:>7} {name:<46} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ratio {p50 / base:5.2f}  {queries} queries",
                      flush=True)
    finally:
        vendor = connection.vendor
        teardown_databases(config, verbosity=0)
    out = Path(__file__).resolve().parent / "results" / f"board-{vendor}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"# Board, {vendor} ({RUNS} requests each, test client, server time)", "",
             "| cases | view | p50 ms | p95 ms | p50 ÷ trivial | queries |", "|---:|---|---:|---:|---:|---:|"]
    lines += [f"| {s:,} | {n} | {a:.1f} | {b:.1f} | {r:.2f} | {q} |" for s, n, a, b, r, q in rows]
    out.write_text("\n".join(lines) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
