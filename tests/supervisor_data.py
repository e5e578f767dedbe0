"""A realistic spread of cases for the reports and the admin, made with bulk_create (fast at 100k)."""

import random
from datetime import timedelta

from cases.models import Brand, Case, CaseEvent, CaseProduct, CaseTemplate, EventKind, Status
from cases.services import _refresh_clock_columns

BRANDS = ["Northwind", "Acme Toys", "Blue Heron", "Copperleaf", "Driftwood Home", "Evergreen Pets", "Foxglove Beauty"]
ISSUES = {
    "catalog-error": "Wrong main image",
    "listing-suppressed": "Listing suppressed",
    "product-detail-change": "Title not updating",
    "asin-creation": "Cannot create ASIN",
    "fba-inventory-discrepancy": "Units lost at the warehouse",
    "policy-ip-complaint": "IP complaint from a reseller",
    "account-health-warning": "Account health warning",
    "other": "Something else",
}


ROUTES = ("thread", "seller_support_email", "account_health_email")

def asin(n: int) -> str:
    return f"B0{n:08d}"


def seed_cases(count: int, *, now, owners, seed: int = 7, start_number: int = 16_000_000_000, batch: int = 5000) -> None:
    rnd = random.Random(seed)
    brands = [Brand.objects.get_or_create(name=name)[0] for name in BRANDS]
    templates = {t.slug: t for t in CaseTemplate.objects.filter(slug__in=ISSUES)}
    slugs = list(ISSUES)
    weights = [9, 6, 5, 2, 3, 2, 1, 2]
    made = 0
    while made < count:
        size = min(batch, count - made)
        cases = []
        for i in range(made, made + size):
            slug = rnd.choices(slugs, weights)[0]
            started = now - timedelta(days=rnd.uniform(0, 112), hours=rnd.uniform(0, 8))
            roll = rnd.random()
            case = Case(
                case_id=str(start_number + i), channel=rnd.choice(["SC", "SC", "SC", "BR"]),
                brand=brands[min(int(rnd.expovariate(0.5)), len(brands) - 1)], issue_type=templates[slug],
                issue=ISSUES[slug], owner=rnd.choice(owners), started_at=started,
                last_checked_at=now - timedelta(hours=rnd.uniform(0, 40)), we_replied_at=started,
            )
            if roll < 0.40:
                case.status = Status.RESOLVED
                case.resolved_at = min(started + timedelta(days=rnd.expovariate(1 / 6) + 0.2), now)
                if i % 4 == 0:
                    # Some were escalated half-way (no draw from rnd: the other figures stay as they were).
                    case.escalated_at = started + (case.resolved_at - started) / 2
                    case.escalation_route, case.escalation_level = ROUTES[i % 3], 1 + (i % 7 == 0)
            elif roll < 0.50:
                case.status = Status.CLOSED
                case.closed_at = min(started + timedelta(days=rnd.uniform(3, 14)), now)
            elif roll < 0.70:
                case.status = Status.ACTION_NEEDED
                case.amazon_replied_at = now - timedelta(hours=rnd.uniform(1, 90))
            elif roll < 0.78:
                case.status = Status.ESCALATED
                case.escalated_at = now - timedelta(hours=rnd.uniform(1, 80))
                case.escalation_route, case.escalation_level = ROUTES[i % 3], 1 + (i % 5 == 0)
            else:
                case.status = Status.WAITING
            _refresh_clock_columns(case)
            cases.append(case)
        Case.objects.bulk_create(cases, batch_size=1000)
        saved = list(Case.objects.filter(case_id__in=[c.case_id for c in cases]).values_list("pk", "case_id", "status",
                                                                                            "closed_at"))
        products, events = [], []
        for pk, case_id, status, closed_at in saved:
            number = int(case_id)
            pool = rnd.randrange(40) if rnd.random() < 0.5 else 1000 + number
            products.append(CaseProduct(case_id=pk, kind="asin", value=asin(pool)))
            if status == Status.CLOSED:
                events.append(CaseEvent(case_id=pk, kind=EventKind.CLOSED_BY_AMAZON, at=closed_at,
                                        changes={"window_missed": rnd.random() < 0.6}, version=2))
        CaseProduct.objects.bulk_create(products, batch_size=2000, ignore_conflicts=True)
        CaseEvent.objects.bulk_create(events, batch_size=2000)
        made += size
