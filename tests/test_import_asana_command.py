from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cases.models import Case, CaseEvent, EventKind
from tests.test_import_asana import csv_bytes, row

SAMPLE = Path(__file__).resolve().parent / "data" / "asana_sample.csv"


def test_dry_run_reports_and_saves_nothing(db, capsys):
    call_command("import_asana", str(SAMPLE), "--dry-run")
    out = capsys.readouterr().out
    assert "4 new case(s)" in out and "Dry run" in out
    assert Case.objects.count() == 0


def test_import_then_import_again_changes_nothing(db, supervisor, capsys):
    call_command("import_asana", str(SAMPLE), "--as", supervisor.username)
    assert Case.objects.count() == 4
    event = CaseEvent.objects.filter(kind=EventKind.IMPORTED).first()
    assert event.changes["source"] == "asana_sample.csv" and event.actor == supervisor
    call_command("import_asana", str(SAMPLE))
    assert "0 new case(s), 4 already in casedesk" in capsys.readouterr().out
    assert CaseEvent.objects.count() == 4


def test_bad_rows_stop_the_command_with_their_numbers(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(row(), row(task="1.21143E+15", name="15728394062")))
    with pytest.raises(CommandError):
        call_command("import_asana", str(path))
    assert Case.objects.count() == 0


def test_missing_file_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_asana", str(tmp_path / "nope.csv"))
