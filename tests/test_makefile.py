"""The two commands' plumbing, read with `make -n` (nothing is run): the interpreter, PORT, DEMO_CASES, e-mails."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAKE = shutil.which("make")
pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def _fake_python(folder: Path, name: str) -> None:
    script = folder / name
    script.write_text("#!/bin/sh\nexit 0\n")
    script.chmod(0o755)


def dry_run(tmp_path, *args, pythons=("python3",)) -> str:
    """`make -n` in a copy of the Makefile, with only sh, make and the given interpreters on the PATH."""
    work, tools = tmp_path / "checkout", tmp_path / "bin"
    work.mkdir()
    tools.mkdir()
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "Procfile.dev"):
        shutil.copy(ROOT / name, work / name)
    for tool in ("sh", "make"):
        os.symlink(shutil.which(tool), tools / tool)
    for name in pythons:
        _fake_python(tools, name)
    result = subprocess.run([MAKE, "-n", *args], cwd=work, env={"PATH": str(tools)}, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_python311_is_preferred(tmp_path):
    assert "python3.11 -m venv .venv" in dry_run(tmp_path, "venv", pythons=("python3.11", "python3"))


def test_python3_is_the_fallback_when_python311_is_missing(tmp_path):
    out = dry_run(tmp_path, "venv", pythons=("python3",))
    assert "python3 -m venv .venv" in out and "python3.11 -m venv" not in out


def test_run_takes_port_and_demo_cases_and_writes_emails_to_files(tmp_path):
    out = dry_run(tmp_path, "run", "PORT=8123", "DEMO_CASES=42")
    assert "DEMO_CASES=42" in out and "seed_demo" in out
    assert "start -p 8123" in out and "SITE_URL=http://127.0.0.1:8123" in out
    assert "EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend" in out


def test_the_web_process_listens_on_the_port_honcho_gives_it():
    web = next(line for line in (ROOT / "Procfile.dev").read_text().splitlines() if line.startswith("web:"))
    assert web.endswith("127.0.0.1:$PORT")


def test_screenshots_target_runs_the_browser_tests(tmp_path):
    assert "pytest tests/browser" in dry_run(tmp_path, "screenshots")


def test_the_file_email_backend_is_not_the_production_default():
    source = (ROOT / "casedesk" / "settings.py").read_text()
    assert 'env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")' in source


def test_venv_is_ignored_even_as_a_symlink():
    lines = (ROOT / ".gitignore").read_text().splitlines()
    assert ".venv" in lines  # ".venv/" would not match a symlink
    tracked = subprocess.run(["git", "ls-files", ".venv"], cwd=ROOT, capture_output=True, text=True).stdout
    assert tracked == ""
