import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import CaseEvent, EventKind, Status
from cases.services_supervisor import case_archive
from tests.factories import CaseFactory


def test_archiving_a_resolved_case_records_an_event(db, supervisor, member, brand):
    case = CaseFactory(owner=member, brand=brand, status=Status.RESOLVED, resolved_at=timezone.now())
    case_archive(case=case, actor=supervisor)
    case.refresh_from_db()
    assert case.archived_at and case.version == 2
    event = CaseEvent.objects.get(case=case)
    assert event.kind == EventKind.ARCHIVED and event.actor == supervisor and "archived_at" in event.changes


def test_open_cases_and_archived_ones_are_refused(db, supervisor, case):
    with pytest.raises(ValidationError, match="still open"):
        case_archive(case=case, actor=supervisor)
    case.status = Status.CLOSED
    case.save()
    case_archive(case=case, actor=supervisor)
    with pytest.raises(ValidationError, match="already archived"):
        case_archive(case=case, actor=supervisor)
    assert CaseEvent.objects.filter(case=case).count() == 1
