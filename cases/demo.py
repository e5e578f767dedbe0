"""Demo data: a brand team with a few weeks of believable cases, for trying casedesk and for benchmarks.

`seed_demo()` is idempotent. Demo cases carry Case IDs from a reserved, deterministic sequence, so a
second run finds them and adds only the ones missing (running with a larger `cases` tops the desk up).
Brands and people are looked up by name before they are made.

Every case follows one of the SCENARIOS below — each status, each clock state (window ok, due soon,
overdue, needs a check, stale, escalation follow-up due), both channels — with a timeline that tells
how it got there. The stored clock columns are computed by the same function the services use
(`services._refresh_clock_columns`), so the board and the scan agree with what a person would have done.

Cases go in with `bulk_create`; their products and timeline events with one multi-row INSERT per batch
(execute_values on PostgreSQL, executemany on SQLite), so 100,000 cases take seconds, not hours.

The demo logins have a published password. They are refused when DEBUG is off unless the caller says
so explicitly (`allow_logins_without_debug`); without logins, the team members exist (cases need
owners) but cannot sign in.
"""

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, models, transaction
from django.utils import timezone

from cases import clocks, monitoring
from cases.identifiers import gtin_check_digit_ok
from cases.models import (
    Alert,
    Brand,
    Case,
    CaseEvent,
    CaseProduct,
    CaseTemplate,
    EventKind,
    MonitorHeartbeat,
    Status,
)
from cases.permissions import SUPERVISOR_GROUP, TEAM_GROUP
from cases.services import _refresh_clock_columns

DEMO_PASSWORD = "casedesk-demo"
DEMO_MEMBER = "demo"
DEMO_SUPERVISOR = "supervisor"

# (username, first name, last name): the first is the demo login; the others own cases too.
TEAM = [
    (DEMO_MEMBER, "Dana", "Morgan"),
    ("priya", "Priya", "Shah"),
    ("marco", "Marco", "Rossi"),
    ("lena", "Lena", "Fischer"),
    ("tom", "Tom", "Okafor"),
]
SUPERVISOR = (DEMO_SUPERVISOR, "Sam", "Rivera")

BRANDS = [
    "Northwind Home", "Alder & Pine", "Brightwell Kitchen", "Cobalt Outdoor", "Fernleaf Baby", "Harbor Pet Co.",
    "Juniper Beauty", "Kestrel Tools", "Lumen Lighting", "Meridian Fitness", "Oakridge Garden", "Pebble Toys",
]
PRODUCTS = [
    "linen duvet cover", "bath towel set", "cast-iron skillet", "chef's knife", "camping lantern", "trail backpack",
    "baby carrier", "dog harness", "cat scratching post", "vitamin C serum", "cordless drill", "LED desk lamp",
    "yoga mat", "resistance bands", "raised garden bed", "wooden train set", "stainless water bottle",
]

# Demo Case IDs: 11 digits starting 17, a bijection of the index (so they look like Amazon's, never collide,
# and a re-run recognises them).
CASE_ID_BASE = 17_000_000_000
_CASE_ID_STEP = 387_420_489  # coprime with 10: i -> i * step mod 10**9 is one-to-one

MARKETPLACES = ["US"] * 12 + ["CA"] * 2 + ["UK"] * 2 + ["DE"] * 2 + ["MX", "FR", "IT", "ES", "JP"]

DETAILS = ["title", "bullet points", "main image", "description", "size chart", "brand name"]
DESCRIPTIONS = {
    "product-detail-change": [
        "The {detail} still shows the old pack size (12 count) although we changed it to 24 count.",
        "The {detail} was overwritten by a third-party contribution and now names the wrong colour.",
        "The {detail} shows a competitor's product after a catalog merge.",
    ],
    "listing-suppressed": [
        "The listing was suppressed for a missing safety attribute that we supplied in our last feed.",
        "The listing shows as inactive with the reason 'potential pricing error' although the price is unchanged.",
        "The ASIN was removed for a restricted-product keyword that is not in our content.",
    ],
    "asin-creation": [
        "The upload fails with error 8541: the UPC is said to match another product, which is not ours.",
        "The new variation cannot be created: error 5665 on the UPC although it is registered to us with GS1.",
    ],
    "brand-registry-technical-issue": [
        "The Brand Registry dashboard does not list this ASIN under our brand.",
        "We cannot edit A+ content for this ASIN: the page says we are not the brand owner.",
        "The report-a-violation tool returns an error for this ASIN.",
    ],
    "catalog-error": [
        "The main image shows another product.",
        "The item weight on the detail page is ten times the real weight, which raises the shipping fee.",
        "The variation family mixes two unrelated products.",
    ],
    "fba-inventory-discrepancy": [
        "Shipment FBA17ZQ3K9 was received with 48 units fewer than we sent.",
        "The units from our last removal order were never returned nor reimbursed.",
        "Inventory shows 0 units while our shipment was marked delivered ten days ago.",
    ],
    "policy-ip-complaint": [
        "A trademark complaint was filed against our own brand's listing.",
        "A counterfeit complaint cites an invoice from a supplier we never used.",
    ],
    "account-health-warning": [
        "Account Health shows a policy warning about product authenticity that concerns our own product.",
        "We received a warning about restricted-product claims in content we do not use.",
    ],
    "other": [
        "The coupon for this ASIN was declined without a reason.",
        "Customers see 'currently unavailable' although we have stock at FBA.",
    ],
}
AMAZON_REPLIES = [
    "Thank you for contacting Amazon Seller Support. We have forwarded your request to the internal team. "
    "Please allow 2-3 business days for an update.",
    "Hello from Amazon Selling Partner Support. To proceed, please provide a screenshot of the issue and the "
    "exact content you would like displayed.",
    "We have reviewed your case. Please confirm the brand's registration number and attach an image of the "
    "product packaging showing the brand name.",
    "I understand your concern. The catalog team needs an invoice or a letter of authorization to proceed. "
    "Please reply with the document.",
    "The issue has been escalated to the relevant team. If you have further questions, reply to this case.",
    "Please review the attached help page and apply the suggested fix; reply if the issue persists.",
]
OUR_REPLIES = [
    "Hello, thank you. Attached is the screenshot of the detail page and the content we submitted. "
    "We are the owner, manufacturer, and hold Brand Registry.",
    "Hello, the brand's registration number and a photo of the packaging are attached. Please proceed.",
    "Hello, we already applied the suggested fix two days ago; the detail page still shows the wrong content. "
    "Please correct it.",
    "Hello, the invoice from our manufacturer is attached. Please let us know if anything else is needed.",
]
KEEP_OPEN = "Hello, we are gathering the documents you asked for. Please keep this case open; we will reply shortly."
CHECK_NOTES = ["", "", "", "Checked in Seller Central: no update yet.", "No reply yet; the detail page is unchanged."]
HOLD_NOTES = [
    "Waiting on the warehouse for the shipment's carton counts.",
    "Asked the brand manager for the GS1 certificate.",
    "Legal is reviewing the complaint before we answer.",
]
RESOLUTIONS = [
    "Amazon corrected the detail page; confirmed on the live listing.",
    "The listing was reinstated.",
    "Reimbursed for the missing units.",
    "The complaint was withdrawn.",
    "ASIN created after Amazon cleared the UPC conflict.",
    "Nothing more needed: the fix went live after the catalog refresh.",
]

# Scenario name -> weight. The first len(SCENARIOS) cases take one of each, so even a small desk shows every
# state; "reopened" is never drawn, it follows each "closed_reopened" (the new case for a closed one).
SCENARIOS = {
    "new": 6,
    "waiting_checked": 14,
    "waiting_unchecked": 8,
    "stale": 5,
    "waiting_after_reply": 8,
    "action_ok": 6,
    "action_due_soon": 3,
    "action_overdue": 2,
    "on_hold_window": 2,
    "on_hold_kept_open": 2,
    "escalated": 3,
    "escalated_follow_up_due": 2,
    "resolved": 30,
    "closed": 4,
    "closed_reopened": 2,
    "reopened": 0,
}
_FIRST = [name for name in SCENARIOS if name != "reopened"]
_DRAW_NAMES = [name for name, weight in SCENARIOS.items() if weight]
_DRAW_WEIGHTS = [SCENARIOS[name] for name in _DRAW_NAMES]


class DemoRefused(Exception):
    """The demo was asked for something unsafe (logins with a published password while DEBUG is off)."""


@dataclass
class DemoResult:
    brands_created: int = 0
    people_created: int = 0
    cases_created: int = 0
    cases_existing: int = 0
    events_created: int = 0
    alerts_created: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (username, password, role)
    seconds: float = 0.0


def demo_case_id(index: int) -> str:
    return str(CASE_ID_BASE + (index * _CASE_ID_STEP) % 1_000_000_000)


def scenarios(count: int, rng: random.Random) -> list[str]:
    plan: list[str] = []
    for i in range(count):
        if plan and plan[-1] == "closed_reopened":
            plan.append("reopened")
        elif i < len(_FIRST):
            plan.append(_FIRST[i])
        else:
            plan.append(rng.choices(_DRAW_NAMES, _DRAW_WEIGHTS)[0])
    return plan


def seed_demo(*, cases: int = 300, brands: int = 8, logins: bool = True, allow_logins_without_debug: bool = False,
              now: datetime | None = None, seed: int = 2026) -> DemoResult:
    if cases < 0 or brands < 1:
        raise ValueError("The demo needs a number of cases of 0 or more and at least one brand.")
    if logins and not settings.DEBUG and not allow_logins_without_debug:
        raise DemoRefused(
            f"DEBUG is off, so this looks like a real deployment: the demo logins ({DEMO_MEMBER}, {DEMO_SUPERVISOR}) "
            "have a published password and are not created. Seed with --without-logins, or pass "
            "--allow-demo-logins if this server is a throwaway demo."
        )
    started = timezone.now()
    now = now or started
    result = DemoResult()
    fresh = not Case.objects.exists()
    with transaction.atomic():
        team, supervisor = _people(logins, result)
        brand_rows = _brands(brands, result)
        _cases(cases, brand_rows, team, supervisor, now, seed, result)
    # The alerts a scan at `now` would raise. E-mails for them count as sent, except the demo member's,
    # which the worker sends on its first run (into data/emails/ under `make run`).
    if fresh:
        # Every case was just given clock columns under the current settings: the scan need not recompute them.
        MonitorHeartbeat.objects.filter(name=monitoring.SCAN, policy="").update(
            policy=clocks.policy_fingerprint(clocks.policy()))
    before = Alert.objects.count()
    monitoring.scan(now=now, notify=False)
    result.alerts_created = Alert.objects.count() - before
    demo_member = next((u for u in team if u.username == DEMO_MEMBER), None)
    pending = Alert.objects.filter(notified_at__isnull=True)
    if logins and demo_member is not None:
        pending = pending.exclude(recipient=demo_member)
    pending.update(notified_at=now)
    result.seconds = (timezone.now() - started).total_seconds()
    return result


def _people(logins: bool, result: DemoResult):
    User = get_user_model()
    team_group = Group.objects.get(name=TEAM_GROUP)
    supervisor_group = Group.objects.get(name=SUPERVISOR_GROUP)
    people = []
    for username, first, last in [*TEAM, SUPERVISOR]:
        user = User.objects.filter(username=username).first()
        is_login = logins and username in (DEMO_MEMBER, DEMO_SUPERVISOR)
        if user is None:
            user = User(username=username, first_name=first, last_name=last, email=f"{username}@example.com")
            result.people_created += 1
            if is_login:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.is_staff = username == DEMO_SUPERVISOR
            user.save()
        elif is_login and not user.has_usable_password():
            # Made earlier without logins: this run asks for them.
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(supervisor_group if username == DEMO_SUPERVISOR else team_group)
        if is_login:
            result.logins.append((username, DEMO_PASSWORD, "supervisor" if username == DEMO_SUPERVISOR else "team member"))
        people.append(user)
    return people[:-1], people[-1]


def _brands(count: int, result: DemoResult) -> list[Brand]:
    names = [BRANDS[i] if i < len(BRANDS) else f"Demo brand {i + 1}" for i in range(count)]
    existing = {b.name.lower(): b for b in Brand.objects.all()}
    rows = []
    for name in names:
        brand = existing.get(name.lower())
        if brand is None:
            brand = Brand.objects.create(name=name)
            result.brands_created += 1
        rows.append(brand)
    return rows


def _asin(rng: random.Random) -> str:
    return "B0" + "".join(rng.choices("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", k=8))


def _upc(rng: random.Random) -> str:
    body = "".join(rng.choices("0123456789", k=11))
    for check in "0123456789":
        if gtin_check_digit_ok(body + check):
            return body + check
    raise AssertionError("a GTIN body always has a check digit")


class _Format(dict):
    def __missing__(self, key):
        return ""


def _cases(count, brands, team, supervisor, now, seed, result: DemoResult) -> None:
    p = clocks.policy()
    rng = random.Random(seed)
    templates = list(CaseTemplate.objects.filter(active=True).order_by("position", "pk"))
    if not templates:
        raise DemoRefused("There are no case templates: run `manage.py migrate` first.")
    # Each brand's catalogue, so that some products come back case after case (the reports' "recurring").
    catalogues = {b.pk: [(_asin(rng), rng.choice(PRODUCTS)) for _ in range(12)] for b in brands}
    owners = [team[0]] * 3 + team[1:] * 2 + [None]  # the demo member owns the most; a few cases nobody owns
    plan = scenarios(count, rng)
    existing = dict(Case.objects.filter(case_id__startswith=str(CASE_ID_BASE)[:2]).values_list("case_id", "pk"))
    check_day = clocks.start_of_check_day(now, p)
    case_fields = [f for f in Case._meta.concrete_fields if not f.primary_key]
    stamp = timezone.now()
    links: list[tuple[str, str]] = []  # (new case, the closed case it was opened for)
    chunk: list[tuple[_Draft, list, list]] = []
    for index, scenario in enumerate(plan):
        # Built even when it exists, so the random sequence (and so every later case) is the same on each run.
        case, products, events = _build(index, scenario, rng, brands, catalogues, templates, owners, supervisor,
                                        now, check_day, p)
        if case.case_id in existing:
            result.cases_existing += 1
            continue
        case.created_at = case.updated_at = stamp  # what auto_now would have written
        chunk.append((case, products, events))
        if scenario == "reopened":
            links.append((case.case_id, demo_case_id(index - 1)))
        if len(chunk) == CHUNK:
            _insert_chunk(chunk, case_fields, existing, result)
            chunk = []
    _insert_chunk(chunk, case_fields, existing, result)

    # Link each new case to the closed one it was opened for (both exist by now, whichever run made them).
    for new, old in links:
        if old in existing:
            Case.objects.filter(pk=existing[new]).update(reopened_from_id=existing[old])


CHUNK = 5000


def _insert_chunk(chunk, case_fields, existing: dict, result: DemoResult) -> None:
    if not chunk:
        return
    _insert_rows(Case, [f.name for f in case_fields],
                 [tuple(getattr(case, f.attname) for f in case_fields) for case, _, _ in chunk])
    ids = [case.case_id for case, _, _ in chunk]
    existing.update(Case.objects.filter(case_id__in=ids).values_list("case_id", "pk"))
    product_rows, event_rows = [], []
    for case, products, events in chunk:
        pk = existing[case.case_id]
        product_rows.extend((pk, kind, value) for kind, value in products)
        event_rows.extend((pk, *event) for event in events)
    _insert_rows(CaseProduct, ("case", "kind", "value"), product_rows)
    _insert_rows(CaseEvent, ("case", "kind", "actor", "at", "recorded_at", "text", "changes", "version"), event_rows)
    result.events_created += len(event_rows)
    result.cases_created += len(chunk)


def _insert_rows(model, names, rows, *, batch=5000) -> None:
    """Multi-row INSERTs of plain values (foreign keys as ids): the fast path for rows that need no model logic."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    adapters = [(i, _adapter(f)) for i, f in enumerate(fields) if _adapter(f)]
    if adapters:
        adapted = []
        for row in rows:
            row = list(row)
            for i, adapt in adapters:
                if row[i] is not None:
                    row[i] = adapt(row[i])
            adapted.append(row)
        rows = adapted
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # A bigger page cache for this connection: the case table's dozen indexes thrash the default 2 MB.
            cursor.execute("PRAGMA cache_size = -262144")
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            for start in range(0, len(rows), batch):
                execute_values(cursor.cursor, f"INSERT INTO {table} ({columns}) VALUES %s", rows[start:start + batch],
                               page_size=batch)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def _adapter(model_field):
    if isinstance(model_field, models.JSONField):
        return json.dumps
    if isinstance(model_field, models.DateTimeField) and connection.vendor == "sqlite":
        return _sqlite_datetime
    return None


def _sqlite_datetime(moment: datetime) -> str:
    """What Django's SQLite backend stores for an aware datetime: naive UTC text (without its overhead)."""
    if moment.utcoffset():
        moment = moment.astimezone(UTC)
    return str(moment.replace(tzinfo=None))


class _Draft:
    """A case's columns before it is inserted: the model's defaults, then what the scenario sets."""

    _defaults: dict | None = None

    def __init__(self, **values):
        if _Draft._defaults is None:
            _Draft._defaults = {f.attname: f.get_default() for f in Case._meta.concrete_fields if not f.primary_key}
        self.__dict__.update(_Draft._defaults)
        self.__dict__.update(values)


def _build(index, scenario, rng, brands, catalogues, templates, owners, supervisor, now, check_day, p):
    """One case in the given scenario, its products and its timeline (oldest first)."""
    hours = lambda a, b: timedelta(hours=rng.uniform(a, b))  # noqa: E731
    template = rng.choice(templates)
    brand = rng.choice(brands)
    owner = rng.choice(owners)
    actor_id = (owner or supervisor).pk  # a case nobody owns was still opened by someone
    channel = "BR" if template.channels == "BR" or (template.channels == "both" and rng.random() < 0.3) else "SC"
    contact = rng.choices(["email", "chat", "phone"], [8, 2, 0 if channel == "BR" else 1])[0]
    catalogue = catalogues[brand.pk]
    asin, product = rng.choice(catalogue)
    if template.slug == "asin-creation":
        upc = _upc(rng)
        sku = f"{brand.name[:3].upper()}-{rng.randint(1000, 9999)}-{rng.choice(['BLK', 'WHT', 'GRY', 'NAT'])}"
        products = [("upc", upc), ("sku", sku)]
        identifier = upc
    else:
        products = [("asin", asin)]
        if rng.random() < 0.15:
            extra = rng.choice(catalogue)[0]
            if extra != asin:
                products.append(("asin", extra))
        identifier = asin
    marketplace = rng.choice(MARKETPLACES)
    detail = rng.choice(DETAILS)
    description = rng.choice(DESCRIPTIONS.get(template.slug, DESCRIPTIONS["other"])).format(detail=detail)
    issue = f"{template.name.split(' (')[0]}: {product}"
    values = _Format(asin=asin, identifier=identifier, identifiers=", ".join(v for _, v in products),
                     marketplace=marketplace, description=description, detail=detail, issue=issue, brand=brand.name)
    subject = template.subject_template.format_map(values)[:250]
    message = template.body_template.format_map(values)

    # When the case was opened, working back from now so that the scenario's clock state holds.
    days = {
        "new": (0.02, 0.8), "reopened": (0.1, 2), "waiting_checked": (1.2, 4.5), "waiting_unchecked": (1.2, 4.5),
        "stale": (6, 14), "waiting_after_reply": (5, 12), "on_hold_window": (3, 8), "on_hold_kept_open": (3, 8),
        "resolved": (8, 75), "closed": (8, 75), "closed_reopened": (8, 75),
    }.get(scenario, (3, 12))
    started = now - timedelta(days=rng.uniform(*days))
    if scenario == "waiting_unchecked":
        started = min(started, check_day - hours(10, 60))

    case = _Draft(
        case_id=demo_case_id(index), channel=channel, brand_id=brand.pk, marketplace=marketplace,
        login=rng.choice(["shared", "shared", "brand"]), contact_method=contact,
        amazon_urgent=template.default_priority == 1 and rng.random() < 0.5, issue_type_id=template.pk,
        issue=issue[:200], subject=subject, message=message, priority=template.default_priority,
        owner_id=owner.pk if owner else None, started_at=started, status=Status.WAITING, we_replied_at=started,
        last_checked_at=started, last_checked_by_id=actor_id,
    )
    if rng.random() < 0.1 and case.priority > 1:
        case.priority -= 1
    reopened_from = demo_case_id(index - 1) if scenario == "reopened" else None
    events: list[tuple] = [(EventKind.OPENED, actor_id, started, message,
                            {"subject": subject, "products": [f"{k.upper()} {v}" for k, v in products],
                             "precheck": {}, "reopened_from": reopened_from})]

    def add(kind, at, text="", changes=None, actor=actor_id):
        events.append((kind, actor, at, text, changes or {}))

    def amazon_replies(at):
        old = case.status
        case.amazon_replied_at = at
        case.status = Status.ACTION_NEEDED
        case.last_checked_at = at
        add(EventKind.AMAZON_REPLIED, at, rng.choice(AMAZON_REPLIES),
            {"status": [old, case.status]} if old != case.status else {})

    def we_reply(at, kind=EventKind.WE_REPLIED, text=None):
        old = case.status
        case.we_replied_at = at
        case.status = Status.ESCALATED if case.escalated_at else Status.WAITING
        case.last_checked_at = at
        add(kind, at, text or rng.choice(OUR_REPLIES), {"status": [old, case.status]} if old != case.status else {})

    def checks(since, until, every=timedelta(days=1)):
        # The last few daily checks: people log most, not all, of them.
        moment = max(since + every, until - 4 * every)
        while moment < until:
            add(EventKind.CHECKED, moment, rng.choice(CHECK_NOTES))
            case.last_checked_at = moment
            moment += every

    def checked_today():
        earliest = max(check_day, case.last_checked_at or started)
        if earliest < now:
            moment = now - (now - earliest) * rng.uniform(0.05, 0.9)
            add(EventKind.CHECKED, moment, rng.choice(CHECK_NOTES))
            case.last_checked_at = moment

    if scenario == "new":
        pass
    elif scenario == "waiting_checked":
        checks(started, check_day)
        checked_today()
    elif scenario == "waiting_unchecked":
        checks(started, min(check_day - timedelta(days=1), now - timedelta(days=1)))
    elif scenario == "stale":
        checks(started, check_day)
        checked_today()
    elif scenario == "waiting_after_reply":
        replied = started + hours(20, 60)
        amazon_replies(replied)
        we_reply(replied + hours(2, 30))
        checks(case.we_replied_at, check_day)
        checked_today()
    elif scenario in ("action_ok", "action_due_soon", "action_overdue"):
        window = {"action_ok": (1, 30), "action_due_soon": (50, 70), "action_overdue": (73, 90)}[scenario]
        replied = now - hours(*window)
        if replied - started < timedelta(hours=12):
            started = case.started_at = case.we_replied_at = replied - hours(24, 72)
            events[0] = (*events[0][:2], started, *events[0][3:])
        checks(started, replied - timedelta(hours=12))
        amazon_replies(replied)
    elif scenario in ("on_hold_window", "on_hold_kept_open"):
        replied = now - hours(30, 60) if scenario == "on_hold_kept_open" else now - hours(10, 40)
        amazon_replies(replied)
        if scenario == "on_hold_kept_open":
            we_reply(replied + hours(2, 10), EventKind.KEEP_OPEN, KEEP_OPEN)
        hold = min(now, case.last_checked_at + hours(0.2, 3))
        add(EventKind.STATUS_CHANGED, hold, rng.choice(HOLD_NOTES), {"status": [case.status, Status.ON_HOLD]})
        case.status = Status.ON_HOLD
        case.last_checked_at = hold
    elif scenario in ("escalated", "escalated_follow_up_due"):
        escalated = now - (hours(5, 40) if scenario == "escalated" else hours(50, 80))
        replied = escalated - hours(20, 48)
        if replied <= started:
            started = case.started_at = case.we_replied_at = replied - hours(24, 72)
            events[0] = (*events[0][:2], started, *events[0][3:])
        amazon_replies(replied)
        case.escalated_at = escalated
        case.escalation_level = 1
        case.escalation_route = "case thread"
        case.we_replied_at = escalated
        case.last_checked_at = escalated
        add(EventKind.ESCALATED, escalated,
            f"Urgent Escalation Request: {case.case_id} for {issue}\n\nHello, Amazon's answer did not address the "
            f"issue: {description} We have already supplied the documents requested. Please escalate this case "
            "so that the detail page is corrected.",
            {"status": [case.status, Status.ESCALATED]})
        case.status = Status.ESCALATED
        if scenario == "escalated" and escalated + timedelta(hours=2) < now:
            checked_today()
    elif scenario == "resolved":
        replied = started + hours(10, 70)
        amazon_replies(replied)
        we_reply(replied + hours(1, 30))
        done = case.we_replied_at + hours(24, 120)
        done = min(done, now - hours(1, 48))
        if done <= case.we_replied_at:
            done = case.we_replied_at + timedelta(minutes=30)
        case.amazon_replied_at = done - timedelta(minutes=20)
        add(EventKind.AMAZON_REPLIED, case.amazon_replied_at, "We have corrected the issue. Please allow up to "
            "24 hours for the change to appear.", {"status": [case.status, Status.ACTION_NEEDED]})
        case.resolution = rng.choice(RESOLUTIONS)
        add(EventKind.RESOLVED, done, case.resolution,
            {"resolution": ["", case.resolution], "status": [Status.ACTION_NEEDED, Status.RESOLVED]})
        case.status = Status.RESOLVED
        case.resolved_at = done
        case.last_checked_at = done
    elif scenario in ("closed", "closed_reopened"):
        replied = started + hours(20, 60)
        amazon_replies(replied)
        closed = replied + hours(75, 100)
        case.status = Status.CLOSED
        case.closed_at = closed
        add(EventKind.CLOSED_BY_AMAZON, closed, "Amazon closed the case: no reply within 72 hours.",
            {"status": [Status.ACTION_NEEDED, Status.CLOSED], "window_missed": True})
        case.last_checked_at = closed
        if scenario == "closed_reopened":
            add(EventKind.REOPENED, closed + hours(1, 20), "Opened a new case for it.",
                {"reopened_as": demo_case_id(index + 1)})
    elif scenario == "reopened":
        checked_today()

    events.sort(key=lambda e: e[2])
    case.version = len(events)
    _refresh_clock_columns(case, p)
    rows = [(kind, actor, at, at, text, changes, version)
            for version, (kind, actor, at, text, changes) in enumerate(events, start=1)]
    return case, products, rows
