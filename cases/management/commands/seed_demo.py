"""manage.py seed_demo [--cases N] [--brands M] [--without-logins] [--allow-demo-logins]: demo data (cases/demo.py)."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from cases.demo import DemoRefused, seed_demo

DEFAULT_CASES = 300


def default_cases() -> int:
    raw = os.environ.get("DEMO_CASES", "").strip()
    if not raw:
        return DEFAULT_CASES
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise CommandError(f"DEMO_CASES={raw!r} is not valid: expected a whole number of 0 or more.")
    return value


class Command(BaseCommand):
    help = (
        "Fill casedesk with a demo brand team: brands, people, cases in every status and clock state with their "
        "timelines, and the alerts they raise. Idempotent: a second run adds only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=None,
                            help=f"How many demo cases (default: DEMO_CASES from the environment, or {DEFAULT_CASES}).")
        parser.add_argument("--brands", type=int, default=8, help="How many brands (default 8).")
        parser.add_argument("--without-logins", action="store_true",
                            help="Make no account that can sign in (the team still owns the cases).")
        parser.add_argument("--allow-demo-logins", action="store_true",
                            help="Create the demo logins even with DEBUG off (a throwaway demo server only).")

    def handle(self, *args, cases, brands, without_logins, allow_demo_logins, **options):
        count = default_cases() if cases is None else cases
        if count < 0:
            raise CommandError("--cases must be 0 or more.")
        if brands < 1:
            raise CommandError("--brands must be at least 1.")
        try:
            result = seed_demo(cases=count, brands=brands, logins=not without_logins,
                               allow_logins_without_debug=allow_demo_logins)
        except DemoRefused as exc:
            raise CommandError(str(exc))
        self.stdout.write(
            f"Demo data: {result.cases_created} case(s) added ({result.cases_existing} were there already), "
            f"{result.events_created} timeline event(s), {result.alerts_created} alert(s), "
            f"{result.brands_created} new brand(s), {result.people_created} new people — {result.seconds:.1f} s."
        )
        if result.logins:
            self.stdout.write(self.style.SUCCESS(f"Log in at {settings.SITE_URL}{reverse('login')} with:"))
            for username, password, role in result.logins:
                self.stdout.write(f"  {role:<12} user {username:<11} password {password}")
