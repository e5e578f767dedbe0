"""Production settings: Django's deploy checks pass, secrets come from the environment or *_FILE, the
Content-Security-Policy is strict, sessions expire, weak passwords are refused."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

ROOT = Path(__file__).resolve().parent.parent

# The production settings the README documents ("Running it in production"), minus the services.
PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "casedesk.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://casedesk.example.com",
    "SITE_URL": "https://casedesk.example.com",
    "BEHIND_TLS_PROXY": "true",
}


def _run(code: str, env: dict, tmp_path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k in {"PATH", "HOME", "LANG", "PYTHONPATH"}}
    clean.update({"DJANGO_SETTINGS_MODULE": "casedesk.settings", "CASEDESK_DATA_DIR": str(tmp_path / "data")})
    clean.update(env)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True,
                          timeout=120)


CHECK_DEPLOY = ("import django, sys; django.setup(); from django.core.management import call_command; "
                "call_command('check', deploy=True, fail_level='WARNING')")


def test_production_settings_pass_the_deploy_checks(tmp_path):
    result = _run(CHECK_DEPLOY, PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_checks_catch_insecure_cookies(tmp_path):
    result = _run(CHECK_DEPLOY, {**PRODUCTION_ENV, "SECURE_COOKIES": "false"}, tmp_path)
    assert result.returncode != 0
    assert "security.W012" in result.stderr  # SESSION_COOKIE_SECURE


def test_production_refuses_to_start_without_a_real_secret_key(tmp_path):
    result = _run("import django; django.setup()", {**PRODUCTION_ENV, "SECRET_KEY": "short"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set to a random value of at least 40 characters" in result.stderr


def test_secrets_can_come_from_files_for_docker_secrets(tmp_path):
    key, password = secrets.token_urlsafe(50), "smtp-secret-ü"
    (tmp_path / "key").write_text(key + "\n")
    (tmp_path / "password").write_text(password)
    (tmp_path / "db").write_text("postgres://casedesk:pw@db.internal:5432/casedesk")
    env = {**PRODUCTION_ENV, "SECRET_KEY": "", "SECRET_KEY_FILE": str(tmp_path / "key"),
           "EMAIL_HOST_PASSWORD_FILE": str(tmp_path / "password"), "DATABASE_URL_FILE": str(tmp_path / "db")}
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.SECRET_KEY); print(s.EMAIL_HOST_PASSWORD); print(s.DATABASES['default']['HOST'])")
    result = _run(code, env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [key, password, "db.internal"]


def test_unreadable_secret_file_stops_start_up_with_its_name(tmp_path):
    env = {**PRODUCTION_ENV, "SECRET_KEY_FILE": str(tmp_path / "missing")}
    result = _run("import django; django.setup()", env, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY_FILE points at" in result.stderr and "missing" in result.stderr


def test_nothing_secret_is_committed():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    names = [n for n in tracked if Path(n).suffix in {".pem", ".key", ".p12"} or Path(n).name in {".env", "secrets"}]
    assert names == []


def test_session_lifetime_is_a_setting(tmp_path):
    result = _run("import django; django.setup(); from django.conf import settings as s; print(s.SESSION_COOKIE_AGE)",
                  {**PRODUCTION_ENV, "SESSION_COOKIE_AGE": "3600"}, tmp_path)
    assert result.stdout.strip() == "3600"


@pytest.mark.parametrize("password", ["short1", "password123", "1234567890123", "qwertyuiop"])
def test_weak_passwords_are_refused(member, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=member)


def test_strong_password_is_accepted(member):
    validate_password("plaid-tractor-window-42", user=member)


def test_pages_carry_a_strict_content_security_policy(member_client):
    policy = member_client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_templates_hold_no_inline_script_or_style():
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        if "emails" in template.parts:
            continue  # e-mail clients need inline styles; e-mails are never served as pages
        text = template.read_text()
        for needle in ("<style", " style=", "<script>", " onclick=", " onload=", " onchange=", " onsubmit=",
                       "javascript:", "hx-on"):
            if needle in text:
                offenders.append(f"{template.relative_to(ROOT)}: {needle.strip()}")
    assert offenders == []
