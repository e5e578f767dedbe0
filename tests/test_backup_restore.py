"""Backups: a deployment's data survives pg_dump → pg_restore and dumpdata → loaddata whole, and the
audit trail exports as CSV from the shell (manage.py export_timeline) the same as from /export/timeline.csv."""

import csv
import io
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from cases import services
from cases.models import Alert, Attachment, Brand, Case, CaseEvent, CaseProduct
from tests.conftest import need_service, only_on_leg
from tests.factories import CaseFactory

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def _history(member, other_member):
    """A small deployment: cases with products, a full timeline (unicode included), an alert, a reassignment."""
    cases = [CaseFactory(owner=member, issue=f"Main image wrong — ü {i}") for i in range(3)]
    services.case_add_note(case=cases[0], actor=member, text="Amazon asked for the invoice ✓ «quoted»")
    services.case_mark_checked(case=cases[1], actor=other_member, expected_version=cases[1].version)
    services.case_reassign(case=cases[2], actor=member, owner=other_member, text="Bob takes it")
    return cases


def _fingerprint() -> dict:
    """Everything a restore must bring back, by natural keys (so the comparison survives new ids)."""
    return {
        "cases": sorted(Case.objects.values_list("case_id", "channel", "issue", "status", "version", "owner__username")),
        "events": sorted(CaseEvent.objects.values_list("case__case_id", "kind", "actor__username", "text", "version")),
        "products": sorted(CaseProduct.objects.values_list("case__case_id", "kind", "value")),
        "brands": sorted(Brand.objects.values_list("name", flat=True)),
        "alerts": Alert.objects.count(),
        "attachments": Attachment.objects.count(),
    }


def _psql_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgresql://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def test_pg_dump_and_pg_restore_bring_back_every_case_and_event(member, other_member, tmp_path):
    only_on_leg("postgresql", "pg_dump / pg_restore")
    need_service(shutil.which("pg_dump") and shutil.which("pg_restore"),
                 "needs pg_dump and pg_restore (apt-get install postgresql-client)")
    _history(member, other_member)
    before = _fingerprint()
    dump = tmp_path / "casedesk.dump"
    source = _psql_url(connection.settings_dict["NAME"])
    # The backup command the README documents.
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source], check=True, timeout=120)
    restored_name = f"test_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{restored_name}"')
    try:
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_psql_url(restored_name)}",
                        str(dump)], check=True, timeout=120)
        # Read the restored database through Django in a fresh process.
        env = {**os.environ, "DATABASE_URL": _psql_url(restored_name).replace("postgresql://", "postgres://"),
               "DJANGO_SETTINGS_MODULE": "casedesk.settings_test"}
        code = ("import django, json; django.setup(); from tests.test_backup_restore import _fingerprint; "
                "from django.core.management import call_command; "
                "call_command('migrate', check=True, plan=True, verbosity=0); "
                "print(json.dumps(_fingerprint(), default=str))")
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stderr[-2000:]
        import json

        restored = json.loads(result.stdout.strip().splitlines()[-1])
        assert restored == json.loads(json.dumps(before, default=str))
    finally:
        connection.close()
        from django.db import connections

        with connections["default"].cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')


def test_dumpdata_and_loaddata_round_trip(member, other_member, tmp_path):
    _history(member, other_member)
    before = _fingerprint()
    dump = tmp_path / "casedesk.json"
    # The portable backup the README documents (any database to any database).
    call_command("dumpdata", "--natural-foreign", "--natural-primary", "--exclude=contenttypes",
                 "--exclude=auth.permission", "--exclude=sessions", "--exclude=axes", "--indent=0",
                 f"--output={dump}", verbosity=0)
    call_command("flush", "--no-input", verbosity=0)
    assert Case.objects.count() == 0
    call_command("loaddata", str(dump), verbosity=0)
    assert _fingerprint() == before


def test_export_timeline_command_matches_the_download(member, other_member, supervisor, tmp_path):
    cases = _history(member, other_member)
    out = tmp_path / "timeline.csv"
    call_command("export_timeline", output=str(out))
    from_shell = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    client = Client()
    client.force_login(supervisor)
    response = client.get("/export/timeline.csv")
    download = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert from_shell == download
    assert len(from_shell) == 1 + CaseEvent.objects.filter(case__in=cases).count()
    assert any("Amazon asked for the invoice ✓ «quoted»" in row for row in from_shell)


def test_export_timeline_refuses_a_bad_day():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a day"):
        call_command("export_timeline", since="yesterday")
