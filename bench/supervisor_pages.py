"""Bench: the admin case list and /reports/ at 1k, 10k and 100k cases (queries and wall time).

    .venv/bin/python bench/supervisor_pages.py            # SQLite in a fresh folder under bench/out/
    DATABASE_URL=postgres://…/EMPTY_DB .venv/bin/python bench/supervisor_pages.py   # PostgreSQL (an empty database you own)

Prints each figure against the 1k baseline measured in the same run and writes bench/results/supervisor_pages.md.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casedesk.settings_test")
if not os.environ.get("DATABASE_URL"):
    os.environ["CASEDESK_DATA_DIR"] = str(ROOT / "bench" / "out" / f"supervisor-{int(time.time())}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from cases.models import Case  # noqa: E402
from cases.permissions import SUPERVISOR_GROUP, TEAM_GROUP  # noqa: E402
from tests.factories import UserFactory  # noqa: E402
from tests.supervisor_data import seed_cases  # noqa: E402

SIZES = [1_000, 10_000, 100_000]
PAGES = {
    "admin case list": "/admin/cases/case/",
    "admin, overdue filter": "/admin/cases/case/?clock=overdue",
    "admin, search ASIN": "/admin/cases/case/?q=B000000007",
    "reports": "/reports/",
}


def measure(client, url, runs=5):
    client.get(url)  # warm
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), statistics.median(times) * 1000


def main():
    call_command("migrate", verbosity=0)
    if Case.objects.exists():
        sys.exit("The bench needs an empty database.")
    boss = UserFactory(username="bench-sup", role=SUPERVISOR_GROUP)
    owners = [UserFactory(username=f"bench-{i}", role=TEAM_GROUP) for i in range(6)] + [None]
    client = Client()
    client.force_login(boss)
    now = timezone.now()
    results, have = {}, 0
    for size in SIZES:
        seed_cases(size - have, now=now, owners=owners, start_number=16_000_000_000 + have, seed=size)
        have = size
        results[size] = {name: measure(client, url) for name, url in PAGES.items()}
        print(f"{size:>7} cases: " + "; ".join(f"{n} {q} q {ms:.0f} ms" for n, (q, ms) in results[size].items()), flush=True)
    base = results[SIZES[0]]
    lines = [f"# Supervisor pages ({connection.vendor})", "",
             "Median of 5 requests through Django's test client, after one warm-up; queries per request.", "",
             "| page | cases | queries | ms | time vs 1k |", "|---|---|---|---|---|"]
    for size in SIZES:
        for name, (q, ms) in results[size].items():
            lines.append(f"| {name} | {size:,} | {q} (1k: {base[name][0]}) | {ms:.0f} | {ms / base[name][1]:.2f}× |")
    out = ROOT / "bench" / "results" / f"supervisor_pages_{connection.vendor}.md"
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
