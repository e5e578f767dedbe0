"""Two people save the same case at once — in two real processes, on SQLite and on PostgreSQL — and ten
writers hammer SQLite: one save wins, the other is told what changed, and nobody sees "database is locked"."""

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from cases import services
from cases.models import Case, CaseEvent, EventKind
from tests.conftest import need_service, only_on_leg
from tests.factories import CaseFactory, UserFactory
from tests.workers import database_is_shared, subprocess_env

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def _need_shared_database():
    need_service(database_is_shared(connection),
                 "needs a database file or server other processes can open (set SQLITE_TEST_NAME)")


def _start(module: str, *args, env=None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", f"tests.workers.{module}", *map(str, args)], cwd=ROOT,
                            env=env or subprocess_env(connection), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _last_json(process: subprocess.Popen, timeout=120) -> dict:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err[-2000:]
    return json.loads(out.strip().splitlines()[-1])


def test_two_processes_saving_the_same_case_one_is_refused_with_what_changed(member, other_member, tmp_path):
    _need_shared_database()
    case = CaseFactory(owner=member, issue="Wrong main image")
    start = tmp_path / "go"
    people = [_start("save_case", case.pk, member.pk, "Alice's words", start),
              _start("save_case", case.pk, other_member.pk, "Bob's words", start)]
    for person in people:  # both loaded the case at the same version
        assert json.loads(person.stdout.readline())["ready"]
    start.touch()
    results = [_last_json(p) for p in people]
    assert sorted(r["outcome"] for r in results) == ["refused", "saved"]
    refused = next(r for r in results if r["outcome"] == "refused")
    saved_issue = Case.objects.get(pk=case.pk).issue
    assert saved_issue in {"Alice's words", "Bob's words"}
    assert "changed by someone else" in refused["message"] and "Nothing was saved" in refused["message"]
    assert refused["changes"] == [{"field": "issue", "label": "issue", "before": "Wrong main image",
                                   "after": saved_issue}]
    assert CaseEvent.objects.filter(case=case, kind=EventKind.EDITED).count() == 1


def test_two_threads_on_postgresql_the_refused_one_learns_what_changed(member, other_member):
    only_on_leg("postgresql", "two real connections in two threads")
    case = CaseFactory(owner=member, issue="Wrong main image")
    version = case.version
    gate = threading.Barrier(2, timeout=20)
    outcomes = {}

    def save(person, issue):
        from django.db import connections

        try:
            gate.wait()
            services.case_update(case=Case.objects.get(pk=case.pk), actor=person, expected_version=version,
                                 data={"issue": issue})
            outcomes[person.username] = "saved"
        except services.CaseChanged as exc:
            outcomes[person.username] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(member, "Alice's words")),
               threading.Thread(target=save, args=(other_member, "Bob's words"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    refused = [o for o in outcomes.values() if o != "saved"]
    assert len(refused) == 1 and list(outcomes.values()).count("saved") == 1
    saved_issue = Case.objects.get(pk=case.pk).issue
    assert [(c.field, c.before, c.after) for c in refused[0].changes] == [("issue", "Wrong main image", saved_issue)]


def test_ten_writer_processes_on_sqlite_never_see_database_is_locked(member, tmp_path, capsys):
    only_on_leg("sqlite", "PostgreSQL has row locks, not a database lock")
    _need_shared_database()
    writers, actions = 10, 30
    cases = [CaseFactory(owner=member) for _ in range(5)]
    people = [UserFactory(username=f"writer{i}") for i in range(writers)]
    start = tmp_path / "go"
    processes = [_start("write_cases", person.pk, actions, start, *[c.pk for c in cases]) for person in people]
    time.sleep(2)  # every writer has loaded Django and waits for the start
    started = time.monotonic()
    start.touch()
    results = [_last_json(p, timeout=300) for p in processes]
    elapsed = time.monotonic() - started
    saved = sum(r["saved"] for r in results)
    stale = sum(r["stale"] for r in results)
    errors = [e for r in results for e in r["errors"]]
    with capsys.disabled():
        print(f"\n10 SQLite writers × {actions} actions: {saved} saved, {stale} refused as stale, "
              f"{len(errors)} database errors, {elapsed:.1f} s")
    assert errors == []
    assert saved + stale == writers * actions
    assert CaseEvent.objects.filter(case__in=cases).count() == saved
