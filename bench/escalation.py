"""Escalation pages and the reports' escalation table at 1k, 10k and 100k cases, as ratios to a baseline.

    DJANGO_SETTINGS_MODULE=casedesk.settings_test .venv/bin/python bench/escalation.py          # SQLite
    DATABASE_URL=postgres://… DJANGO_SETTINGS_MODULE=casedesk.settings_test .venv/bin/python bench/escalation.py

Builds a throwaway test database and seeds cases with bulk inserts (one in ten escalated, a third of those
resolved). Times, server side through Django's test client, the escalation composer, its live-check
endpoint and the follow-up composer of a case with 40 timeline events, against a logged-in request for a
missing page (the floor every page pays); and `selectors_reports.escalations` (the reports' table) against
a COUNT(*) of all cases measured in the same run. Prints p50/p95 in ms, the ratio of p50s and the query
count; writes bench/results/escalation-<vendor>.md.
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

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

SIZES = [1_000, 10_000, 100_000]
RUNS = 25
ROUTES = ("thread", "seller_support_email", "account_health_email")


def seed(total, brand, template, user):
    from cases.models import Case, Status

    have = Case.objects.count()
    now = timezone.now()
    cases = []
    for i in range(have, total):
        started = now - timedelta(hours=i % 2000)
        case = Case(case_id=str(40_000_000_000 + i), brand=brand, issue_type=template, issue=f"Bulk case {i}",
                    owner=user, started_at=started, status=(Status.WAITING, Status.ACTION_NEEDED, Status.RESOLVED)[i % 3])
        if i % 10 == 0:
            case.escalated_at = started + timedelta(days=2)
            case.escalation_route, case.escalation_level = ROUTES[i % 3], 1 + (i % 7 == 0)
            case.status = Status.RESOLVED if i % 30 == 0 else Status.ESCALATED
            if case.status == Status.RESOLVED:
                case.resolved_at = case.escalated_at + timedelta(hours=10 + i % 90)
        if case.status == Status.RESOLVED and case.resolved_at is None:
            case.resolved_at = started + timedelta(days=3)
        cases.append(case)
    Case.objects.bulk_create(cases, batch_size=2000)


def timed(call):
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        call()
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], len(ctx.captured_queries)


def main():
    from cases import selectors_reports, services
    from cases.models import Brand, Case, CaseTemplate
    from tests.factories import UserFactory

    config = setup_databases(verbosity=0, interactive=False)
    try:
        user = UserFactory(username="bench", first_name="Bench", last_name="Mark")
        brand = Brand.objects.create(name="Bench brand")
        template = CaseTemplate.objects.get(slug="listing-suppressed")
        case = services.case_open(actor=user, case_id="39999999999", channel="SC", brand=brand, issue_type=template,
                                  issue="Listing suppressed", products=[("asin", "B07XJ8C8F5")], message="Hello")
        for i in range(19):
            services.case_log_amazon_reply(case=case, actor=user, text=f"reply {i}", generic=i % 2 == 0)
            services.case_log_our_reply(case=case, actor=user, text=f"answer {i}")
        services.case_escalate(case=case, actor=user, route="thread", subject="s", message="m", outcome="o")
        client = Client()
        client.force_login(user)
        check_data = {"subject": f"Urgent Escalation Request: {case.case_id} for x", "route": "thread",
                      "message": f"Case ID {case.case_id}, ASIN B07XJ8C8F5", "outcome_choice": "other",
                      "outcome_text": "Reactivate it.", "redraft": "1"}
        work = {
            "trivial (logged-in 404)": lambda: client.get("/no-such-page/"),
            "escalation composer": lambda: client.get(f"/cases/{case.pk}/escalate/"),
            "live check + redraft": lambda: client.post(f"/cases/{case.pk}/escalate/check/", check_data),
            "follow-up composer": lambda: client.get(f"/cases/{case.pk}/follow-up/"),
            "COUNT(*) of cases (baseline)": lambda: Case.objects.count(),
            "reports: escalation table": lambda: selectors_reports.escalations(selectors_reports.default_range()),
        }
        baselines = {"trivial (logged-in 404)", "COUNT(*) of cases (baseline)"}
        rows = []
        for size in SIZES:
            seed(size, brand, template, user)
            base = None
            for name, call in work.items():
                p50, p95, queries = timed(call)
                if name in baselines:
                    base = p50
                rows.append((size, name, p50, p95, p50 / base, queries))
                print(f"{size:>7} {name:<30} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ratio {p50 / base:5.2f}  "
                      f"{queries} queries", flush=True)
    finally:
        teardown_databases(config, verbosity=0)
    vendor = connection.vendor
    out = Path(__file__).resolve().parent / "results" / f"escalation-{vendor}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"# Escalation pages and report, {vendor} ({RUNS} runs each, server time)", "",
             "Pages are compared with a logged-in 404, the report's query with a COUNT(*) of all cases, in the same run.",
             "", "| cases | what | p50 ms | p95 ms | p50 ÷ baseline | queries |", "|---:|---|---:|---:|---:|---:|"]
    lines += [f"| {s:,} | {n} | {a:.1f} | {b:.1f} | {r:.2f} | {q} |" for s, n, a, b, r, q in rows]
    out.write_text("\n".join(lines) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
