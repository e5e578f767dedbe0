"""Two people save the same case at the same moment: one save wins, the other is refused whole."""

import threading

import pytest
from django.conf import settings

from cases import services
from cases.models import Case, CaseEvent

# Real row locks need PostgreSQL; the PostgreSQL leg of `make test` / CI runs this (SQLite's
# in-memory test database cannot be shared by two writing threads).
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"],
                       reason="runs on the PostgreSQL leg (DATABASE_URL=postgres://…)"),
]


def test_simultaneous_saves_of_the_same_version_let_exactly_one_through(member, other_member, case):
    version = case.version
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(person, issue):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            services.case_update(case=case, actor=person, expected_version=version, data={"issue": issue})
            outcomes[person.username] = "saved"
        except services.CaseChanged:
            outcomes[person.username] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(member, "Alice's words")),
               threading.Thread(target=save, args=(other_member, "Bob's words"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(name for name, result in outcomes.items() if result == "saved")
    saved = Case.objects.get(pk=case.pk)
    assert saved.issue == {"alice": "Alice's words", "bob": "Bob's words"}[winner]
    assert saved.version == version + 1
    assert CaseEvent.objects.filter(case=case, kind="edited").count() == 1
