"""docker-compose.yml and the Dockerfile: the team's deployment, checked without Docker."""

from pathlib import Path

import pytest
import yaml

from tests.settings_env import settings_env_names

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = [name for name, service in SERVICES.items() if service.get("build")]
LONG_RUNNING = [name for name, service in SERVICES.items() if service.get("restart") != "no"]


def _command(service) -> str:
    command = service.get("command") or ""
    return " ".join(command) if isinstance(command, list) else command


def test_settings_reader_finds_the_variables():
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "CASEDESK_TIME_ZONE"} <= settings_env_names()


def test_the_app_services_are_migrate_web_worker_and_beat():
    assert sorted(APP_SERVICES) == ["beat", "migrate", "web", "worker"]
    assert {"db", "redis"} <= set(SERVICES)


def test_exactly_one_beat():
    beats = [name for name, service in SERVICES.items() if " beat" in _command(service)]
    assert beats == ["beat"]
    assert "deploy" not in SERVICES["beat"] and "scale" not in SERVICES["beat"]


def test_redis_never_evicts_a_queued_task_and_keeps_it_on_disk():
    command = _command(SERVICES["redis"])
    assert "--maxmemory-policy noeviction" in command
    assert "--appendonly yes" in command


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_variable_an_app_service_sets_is_read_by_settings(name):
    known = settings_env_names()
    unknown = []
    for variable in SERVICES[name]["environment"]:
        base = variable.removesuffix("_FILE")  # NAME_FILE: the value read from a file (Docker secrets)
        if base not in known:
            unknown.append(variable)
    assert unknown == [], f"{name} sets variables casedesk/settings.py never reads"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_run_in_production_mode_with_postgres_and_redis(name):
    env = SERVICES[name]["environment"]
    assert env["DEBUG"] == "false"
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:6379/")
    # Secrets come from the environment or a file, never from the repository.
    assert env["SECRET_KEY"] == "${SECRET_KEY:-}" and env["SECRET_KEY_FILE"] == "${SECRET_KEY_FILE:-}"
    assert "${POSTGRES_PASSWORD:?" in env["DATABASE_URL"]


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_every_long_running_service_has_a_health_check(name):
    assert SERVICES[name]["healthcheck"]["test"]


def test_migrations_run_once_before_web_worker_and_beat_start():
    assert "migrate" in _command(SERVICES["migrate"]) and SERVICES["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        depends = SERVICES[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"


def test_web_is_gunicorn_with_static_files_collected_into_the_image():
    assert _command(SERVICES["web"]).startswith("gunicorn casedesk.wsgi:application")
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "collectstatic --noinput" in dockerfile
    assert "\nUSER " in dockerfile  # not root
    requirements = (ROOT / "requirements.txt").read_text()
    assert "gunicorn==" in requirements and "whitenoise==" in requirements
