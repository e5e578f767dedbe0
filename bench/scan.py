"""Benchmark: the response-window scan over 1k, 10k and 100k cases (1% and 10% due), SQLite and PostgreSQL.

    .venv/bin/python bench/scan.py                 # both databases, all sizes
    .venv/bin/python bench/scan.py --sizes 1000 --db sqlite

For each database the script re-runs itself in a child process with DATABASE_URL set (SQLite file under
bench/out/, PostgreSQL database cd_monitor_bench, created if missing), seeds the cases with bulk inserts,
then times in the same run:
- baseline: `SELECT 1` (a round trip) and `SELECT COUNT(*)` over the cases table (reads every row once);
- the first scan, which raises every alert (cold: all due cases are new);
- the steady-state scan a few minutes later (nothing new: what beat runs every interval), median of 3;
- the claim of the e-mail work (UPDATE … RETURNING), without sending.
Wall time and query count (CaptureQueriesContext) per run; the figures go to bench/results/scan.md.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "results" / "scan.md"
RESULTS_JSON = ROOT / "bench" / "results" / "scan.json"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/cd_monitor_bench")
SIZES = (1_000, 10_000, 100_000)
DUE_FRACTIONS = (0.01, 0.10)
NY = ZoneInfo("America/New_York")
# A Wednesday after the daily-check deadline: every threshold kind can fire.
NOW = datetime(2026, 11, 18, 13, 0, tzinfo=NY)


def child(db: str, sizes: list[int]) -> list[dict]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casedesk.settings")
    os.environ["DEBUG"] = "true"
    os.environ["CASEDESK_DATA_DIR"] = str(OUT / "data")
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["AXES_ENABLED"] = "false"
    if db == "postgresql":
        os.environ["DATABASE_URL"] = PG_URL
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["CASEDESK_DATA_DIR"] = str(OUT / "sqlite")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return [measure(size, fraction) for size in sizes for fraction in DUE_FRACTIONS]


def seed(size: int, fraction: float) -> None:
    from django.db import connection

    from cases import clocks
    from cases.models import Alert, Brand, Case, CaseEvent, CaseProduct, CaseTemplate, DigestSent, MonitorHeartbeat
    from cases.services import _refresh_clock_columns

    with connection.cursor() as cursor:
        for model in (Alert, CaseEvent, CaseProduct, DigestSent, Case):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")
    brand, _ = Brand.objects.get_or_create(name="Bench brand")
    template = CaseTemplate.objects.order_by("pk").first()
    p = clocks.policy()
    due = int(size * fraction)
    cases = []
    for i in range(size):
        case = Case(case_id=str(20_000_000_000 + i), channel="SC", brand=brand, issue_type=template,
                    issue="Bench case", started_at=NOW - timedelta(days=2), last_checked_at=NOW - timedelta(hours=3))
        if i < due:
            kind = i % 5
            if kind in (0, 1):  # overdue
                case.status, case.amazon_replied_at = "action_needed", NOW - timedelta(hours=80 + i % 7)
            elif kind == 2:  # due soon
                case.status, case.amazon_replied_at = "action_needed", NOW - timedelta(hours=60)
            elif kind == 3:  # daily check missed
                case.last_checked_at = NOW - timedelta(days=2)
            else:  # stale
                case.started_at = NOW - timedelta(days=9)
        elif i % 3 == 0:  # window running, nowhere near due
            case.status, case.amazon_replied_at = "action_needed", NOW - timedelta(hours=2)
        elif i % 7 == 0:
            case.status = "resolved"
        _refresh_clock_columns(case, p)
        cases.append(case)
    Case.objects.bulk_create(cases, batch_size=5000)
    MonitorHeartbeat.objects.update_or_create(name="scan", defaults={"policy": clocks.policy_fingerprint(p)})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def timed(fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        value = fn()
        elapsed = time.perf_counter() - start
    return elapsed, len(ctx.captured_queries), value


def measure(size: int, fraction: float) -> dict:
    from django.db import connection

    from cases import monitoring
    from cases.models import Alert, Case

    t0 = time.perf_counter()
    seed(size, fraction)
    seeded = time.perf_counter() - t0

    def select_one():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()

    select_one()
    baseline = min(timed(select_one)[0] for _ in range(5))
    count_all = timed(lambda: Case.objects.count())[0]
    first_s, first_q, _ = timed(lambda: monitoring.scan(now=NOW, notify=False))
    alerts = Alert.objects.count()
    steady = [timed(lambda m=m: monitoring.scan(now=NOW + timedelta(minutes=5 * m), notify=False))
              for m in range(1, 4)]
    steady_s = statistics.median(s for s, _, _ in steady)
    steady_q = max(q for _, q, _ in steady)
    claim_s, claim_q, _ = timed(lambda: _claim_all(NOW + timedelta(minutes=20)))
    row = {
        "when": datetime.now().astimezone().strftime("%H:%M"), "load": round(os.getloadavg()[0], 1),
        "db": connection.vendor, "cases": size, "due": f"{fraction:.0%}", "alerts": alerts,
        "seed_s": round(seeded, 2), "select1_ms": baseline * 1000, "count_ms": count_all * 1000,
        "first_ms": first_s * 1000, "first_q": first_q, "steady_ms": steady_s * 1000, "steady_q": steady_q,
        "claim_ms": claim_s * 1000, "claim_q": claim_q,
    }
    print(json.dumps(row), flush=True)
    return row


def _claim_all(now):
    from cases import monitoring

    total = 0
    while True:
        ids = monitoring._claim_notifications(now, monitoring.CLAIM_BATCH)
        total += len(ids)
        if len(ids) < monitoring.CLAIM_BATCH:
            return total


def ensure_pg_database() -> bool:
    import psycopg2

    base, name = PG_URL.rsplit("/", 1)
    try:
        conn = psycopg2.connect(base + "/postgres", connect_timeout=3)
    except psycopg2.OperationalError as exc:
        print(f"PostgreSQL not reachable ({exc}); skipping it", file=sys.stderr)
        return False
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return True


def merge_results(rows: list[dict]) -> list[dict]:
    """Keep the rows of earlier runs for configurations this run did not measure (e.g. `--db sqlite` alone)."""
    import contextlib

    previous = []
    with contextlib.suppress(FileNotFoundError, ValueError):
        previous = json.loads(RESULTS_JSON.read_text())
    key = lambda r: (r["db"], r["cases"], r["due"])  # noqa: E731
    merged = {key(r): r for r in previous}
    merged.update({key(r): r for r in rows})
    ordered = sorted(merged.values(), key=lambda r: (r["db"] != "sqlite", r["cases"], float(r["due"].rstrip("%"))))
    RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_JSON.write_text(json.dumps(ordered, indent=1) + "\n")
    return ordered


def write_results(rows: list[dict]) -> None:
    rows = merge_results(rows)
    lines = [
        "# Scan benchmark",
        "",
        f"`bench/scan.py`, last run {datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')} on this machine "
        f"(2 cores shared with other work; load average {os.getloadavg()[0]:.1f} when written — treat single "
        "figures as noisy, ratios within a row as meaningful). Scan at a Wednesday 13:00 (every threshold kind can fire); `notify=False` "
        "(the e-mail claim is timed on its own; sending is per e-mail).",
        "",
        "- *select 1*: a round trip, the floor of any query. *count*: `SELECT COUNT(*)` over all cases.",
        "- *first scan*: raises every due alert (all new). *steady scan*: the same scan 5–15 min later, "
        "nothing new — what beat runs every interval (median of 3). *claim*: `UPDATE … RETURNING` of all e-mail work.",
        "- Ratios are against *count* measured in the same run.",
        "",
        "| db | cases | due | alerts | select 1 ms | count ms | first scan ms (queries) | steady scan ms (queries) "
        "| steady ÷ count | claim ms (queries) | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        r.setdefault("when", "")
        ratio = r["steady_ms"] / r["count_ms"] if r["count_ms"] else float("nan")
        lines.append(
            f"| {r['db']} | {r['cases']:,} | {r['due']} | {r['alerts']:,} | {r['select1_ms']:.2f} | {r['count_ms']:.1f} "
            f"| {r['first_ms']:.0f} ({r['first_q']}) | {r['steady_ms']:.1f} ({r['steady_q']}) | {ratio:.1f}× "
            f"| {r['claim_ms']:.0f} ({r['claim_q']}) | {r.get('load', '?')} |"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.db, args.sizes)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    for db in (["sqlite", "postgresql"] if args.db == "both" else [args.db]):
        if db == "postgresql" and not ensure_pg_database():
            continue
        proc = subprocess.run(
            [sys.executable, __file__, "--child", "--db", db, "--sizes", *map(str, args.sizes)],
            capture_output=True, text=True, cwd=ROOT,
        )
        if proc.returncode:
            print(proc.stdout, proc.stderr, file=sys.stderr)
            raise SystemExit(f"{db} run failed")
        rows += [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
        for line in proc.stdout.splitlines():
            print(line)
    write_results(rows)


if __name__ == "__main__":
    main()
