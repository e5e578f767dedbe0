"""Two clicks on "Record" at the same moment (a double click, two tabs): one case, one told it was recorded."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from cases import services_drafts as drafts
from cases.models import Case, CaseDraft, CaseEvent
from tests.test_open_views import make_draft

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"],
                       reason="runs on the PostgreSQL leg (DATABASE_URL=postgres://…)"),
]


def test_recording_the_same_draft_twice_at_once_opens_one_case(member, brand):
    draft = make_draft(member, brand, upto="send")
    barrier = threading.Barrier(2)
    outcomes = []

    def record():
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            drafts.draft_record(draft=draft, actor=member, case_id="15728394061")
            outcomes.append("recorded")
        except ValidationError as exc:
            outcomes.append(exc.code or "refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=record) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["draft_gone", "recorded"]
    case = Case.objects.get()
    assert CaseEvent.objects.filter(case=case).count() == 1
    assert not CaseDraft.objects.exists()
