"""Settings from the environment: defaults that just work, malformed values refused with a message that names
the variable, and production (DEBUG off) refusing to start without a real secret key."""

import runpy
import secrets

import pytest
from django.core.exceptions import ImproperlyConfigured

from casedesk import env
from tests.test_security_settings import PRODUCTION_ENV, ROOT, _run

SETTINGS_FILE = str(ROOT / "casedesk" / "settings.py")
GOOD = {"DEBUG": "true", "DATABASE_URL": ""}


def load_settings(monkeypatch, tmp_path, **values) -> dict:
    """Execute casedesk/settings.py afresh with these variables set (and nothing else of ours)."""
    for name in [n for n in __import__("os").environ if n.startswith(("CASEDESK_", "EMAIL_", "SECURE_"))]:
        monkeypatch.delenv(name, raising=False)
    for name in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CASEDESK_DATA_DIR", str(tmp_path / "data"))
    for name, value in {**GOOD, **values}.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(SETTINGS_FILE)


def test_nothing_set_but_debug_gives_a_working_laptop_set_up(monkeypatch, tmp_path):
    s = load_settings(monkeypatch, tmp_path)
    assert s["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert "journal_mode=WAL" in s["DATABASES"]["default"]["OPTIONS"]["init_command"]
    assert s["CELERY_BROKER_URL"].startswith("filesystem://")
    assert s["TIME_ZONE"] == "America/New_York" and s["CASEDESK_WORKING_DAYS"] == (0, 1, 2, 3, 4)
    assert (s["CASEDESK_RESPONSE_WINDOW_HOURS"], s["CASEDESK_DUE_SOON_HOURS"], s["CASEDESK_ESCALATION_FOLLOW_UP_HOURS"],
            s["CASEDESK_STALE_AFTER_DAYS"], s["CASEDESK_DAILY_CASE_WARNING"]) == (72, 24, 48, 5, 10)


def test_database_url_switches_to_postgresql(monkeypatch, tmp_path):
    s = load_settings(monkeypatch, tmp_path, DATABASE_URL="postgres://casedesk:pw@db:5432/casedesk")
    assert s["DATABASES"]["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert s["DATABASES"]["default"]["HOST"] == "db"


@pytest.mark.parametrize("name, value, expected", [
    ("DEBUG", "maybe", "true or false"),
    ("EMAIL_USE_TLS", "sometimes", "true or false"),
    ("EMAIL_PORT", "twenty-five", "a whole number"),
    ("EMAIL_PORT", "0", "at least 1"),
    ("SESSION_COOKIE_AGE", "10", "at least 60"),
    ("CASEDESK_RESPONSE_WINDOW_HOURS", "three days", "a number"),
    ("CASEDESK_RESPONSE_WINDOW_HOURS", "0", "at least 1"),
    ("CASEDESK_DUE_SOON_HOURS", "-1", "at least 0"),
    ("CASEDESK_STALE_AFTER_DAYS", "0.5", "at least 1"),
    ("CASEDESK_DAILY_CASE_WARNING", "ten", "a whole number"),
    ("CASEDESK_SCAN_INTERVAL_MINUTES", "0", "at least 1"),
    ("CASEDESK_TIME_ZONE", "Mars/Olympus_Mons", "IANA time zone"),
    ("CASEDESK_WORKING_HOURS", "9-5", "HH:MM"),
    ("CASEDESK_WORKING_HOURS", "17:00-09:00", "end is after its start"),
    ("CASEDESK_WORKING_DAYS", "mon-someday", "weekday"),
    ("CASEDESK_WORKING_DAYS", "fri-mon", "in week order"),
    ("CASEDESK_WORKING_DAYS", "funday", "weekday names"),
    ("CASEDESK_CHECK_DEADLINE", "noon", "HH:MM"),
    ("CASEDESK_ATTACHMENT_MAX_MB", "lots", "a whole number"),
    ("DATABASE_URL", "not a url", "DATABASE_URL"),
])
def test_a_malformed_value_is_refused_by_name(monkeypatch, tmp_path, name, value, expected):
    with pytest.raises(ImproperlyConfigured) as refused:
        load_settings(monkeypatch, tmp_path, **{name: value})
    message = str(refused.value)
    assert name in message and expected in message


def test_tls_and_ssl_together_are_refused(monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_USE_TLS and EMAIL_USE_SSL"):
        load_settings(monkeypatch, tmp_path, EMAIL_USE_TLS="true", EMAIL_USE_SSL="true")


@pytest.mark.parametrize("value, days", [
    ("mon-fri", (0, 1, 2, 3, 4)),
    ("Sun,Mon,Tue,Wed,Thu", (0, 1, 2, 3, 6)),
    ("mon-wed,fri", (0, 1, 2, 4)),
    ("monday, tuesday", (0, 1)),
])
def test_working_days_are_read_in_several_spellings(monkeypatch, value, days):
    monkeypatch.setenv("X_DAYS", value)
    assert env.env_weekdays("X_DAYS", "mon-fri") == days


def test_a_blank_value_means_the_default(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "   ")
    assert env.env_int("X_NUMBER", 7) == 7


# --- Production refuses to start without a real secret key (a fresh interpreter each) ---------------------------


def test_debug_off_without_a_secret_key_is_refused(tmp_path):
    production = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _run("import django; django.setup()", production, tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY must be set" in result.stderr


def test_debug_off_with_the_development_key_is_refused(tmp_path):
    dev_key = "dev-only-insecure-key-do-not-use-in-production"
    result = _run("import django; django.setup()", {**PRODUCTION_ENV, "SECRET_KEY": dev_key}, tmp_path)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_debug_on_starts_without_a_secret_key(tmp_path):
    result = _run("import django; django.setup(); print('started')", {"DEBUG": "true"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_debug_off_with_a_real_key_starts(tmp_path):
    result = _run("import django; django.setup(); print('started')",
                  {**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(50)}, tmp_path)
    assert result.returncode == 0, result.stderr
