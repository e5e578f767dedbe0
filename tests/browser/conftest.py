"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Chromium comes from the system (`apt-get install chromium`; .ci/run installs it), never from
Playwright's own download. Without it, these tests skip locally and fail under CI=true.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import need_service

# Playwright's sync API keeps an event loop running in this thread; the ORM calls made by test
# set-up are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "correct-horse-battery"
# A tiny valid PNG (1x1), so the browser can show it.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5f2"
    "d5d80000000049454e44ae426082"
)


@pytest.fixture(scope="session")
def browser():
    need_service(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _browser_reference_data(reference_data):
    """Browser tests are transactional: an earlier one flushed the data migration's rows."""


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=live_server.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()


def log_in(page, user, password=PASSWORD):
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot for the README (docs/screenshots/NAME.png)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture(autouse=True)
def _migrated_data(request):
    """Transactional tests flush the database after them, taking the groups and starter case templates that
    migration 0002 made: put them back before each browser test, whatever ran before it."""
    if "django_db_setup" not in request.fixturenames and "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.contrib.auth.models import Group, Permission

    from cases.models import CaseTemplate

    data = importlib.import_module("cases.migrations.0002_groups_and_starter_templates")
    Group.objects.get_or_create(name="Team member")
    supervisor, _ = Group.objects.get_or_create(name="Supervisor")
    for app_label, model, actions in data.SUPERVISOR_PERMS:
        supervisor.permissions.add(*Permission.objects.filter(
            content_type__app_label=app_label, codename__in=[f"{a}_{model}" for a in actions]))
    for template in data.STARTER_TEMPLATES:
        CaseTemplate.objects.update_or_create(slug=template["slug"], defaults=template)
