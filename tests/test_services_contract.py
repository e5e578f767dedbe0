"""Every write is a service: each one writes exactly one timeline event, and each that takes the version the
person saw refuses a stale one — naming the change — and writes nothing."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases import escalation, services
from cases.models import Case, CaseEvent, Status
from cases.services_supervisor import case_archive
from tests.factories import CaseFactory, template

HOUR = timedelta(hours=1)


def _action_needed(**kwargs):
    return CaseFactory(status=Status.ACTION_NEEDED, amazon_replied_at=timezone.now() - HOUR, **kwargs)


def _escalated(**kwargs):
    return CaseFactory(status=Status.ESCALATED, escalated_at=timezone.now() - 50 * HOUR, escalation_level=1,
                       escalation_route=escalation.THREAD, **kwargs)


# name -> (how to make the case, how to call the service with the version the person saw)
VERSIONED = {
    "mark_checked": (CaseFactory, lambda c, a, o, v: services.case_mark_checked(case=c, actor=a, expected_version=v)),
    "log_amazon_reply": (CaseFactory, lambda c, a, o, v: services.case_log_amazon_reply(
        case=c, actor=a, text="Please send an invoice.", expected_version=v)),
    "log_our_reply": (_action_needed, lambda c, a, o, v: services.case_log_our_reply(
        case=c, actor=a, text="Invoice attached.", expected_version=v)),
    "request_keep_open": (_action_needed, lambda c, a, o, v: services.case_request_keep_open(
        case=c, actor=a, expected_version=v)),
    "change_status": (CaseFactory, lambda c, a, o, v: services.case_change_status(
        case=c, actor=a, status=Status.ON_HOLD, expected_version=v)),
    "reassign": (CaseFactory, lambda c, a, o, v: services.case_reassign(case=c, actor=a, owner=o, expected_version=v)),
    "resolve": (CaseFactory, lambda c, a, o, v: services.case_resolve(
        case=c, actor=a, resolution="Fixed.", expected_version=v)),
    "mark_closed_by_amazon": (CaseFactory, lambda c, a, o, v: services.case_mark_closed_by_amazon(
        case=c, actor=a, expected_version=v)),
    "escalate": (_action_needed, lambda c, a, o, v: services.case_escalate(
        case=c, actor=a, route=escalation.THREAD, subject=f"Urgent Escalation Request: {c.case_id} for a wrong image",
        message="Please escalate.", outcome="The image is corrected.", expected_version=v)),
    "log_follow_up": (_escalated, lambda c, a, o, v: services.case_log_follow_up(
        case=c, actor=a, text="Following up on the escalation.", expected_version=v)),
    "close_for_another_agent": (CaseFactory, lambda c, a, o, v: services.case_close_for_another_agent(
        case=c, actor=a, reason="This agent cannot edit the catalog.", expected_version=v)),
    "update": (CaseFactory, lambda c, a, o, v: services.case_update(
        case=c, actor=a, expected_version=v, data={"issue": "Wrong main image and title"})),
}


def _row(case):
    return Case.objects.filter(pk=case.pk).values().get()


@pytest.mark.django_db
@pytest.mark.parametrize("name", VERSIONED)
def test_service_writes_exactly_one_event(name, member, other_member, brand):
    make, call = VERSIONED[name]
    case = make(owner=member, brand=brand)
    events, version = CaseEvent.objects.count(), case.version
    result = call(case, member, other_member, case.version)
    assert CaseEvent.objects.count() == events + 1
    event = CaseEvent.objects.latest("id")
    assert event.case_id == case.pk and event.actor == member
    case.refresh_from_db()
    assert case.version == version + 1 == event.version
    assert result.pk == case.pk


@pytest.mark.django_db
@pytest.mark.parametrize("name", VERSIONED)
def test_service_refuses_a_stale_version_and_writes_nothing(name, member, other_member, brand):
    make, call = VERSIONED[name]
    case = make(owner=member, brand=brand)
    seen = case.version
    services.case_add_note(case=case, actor=other_member, text="Called the brand manager.")  # someone else, meanwhile
    before, events = _row(case), CaseEvent.objects.count()
    with pytest.raises(services.CaseChanged) as refused:
        call(case, member, other_member, seen)
    assert "Nothing was saved" in str(refused.value)
    assert _row(case) == before
    assert CaseEvent.objects.count() == events


@pytest.mark.django_db
def test_open_writes_exactly_one_event(member, brand):
    case = services.case_open(actor=member, case_id="Case ID: 15728394061", channel="SC", brand=brand,
                              issue_type=template("other"), issue="Wrong main image",
                              products=[("asin", "b07xj8c8f5")])
    assert list(case.events.values_list("kind", "version")) == [("opened", 1)]
    assert case.case_id == "15728394061" and case.version == 1


@pytest.mark.django_db
def test_note_writes_exactly_one_event(case, member):
    services.case_add_note(case=case, actor=member, text="Asked the warehouse.")
    assert list(case.events.values_list("kind", flat=True)) == ["note"]


@pytest.mark.django_db
def test_attachment_writes_exactly_one_event_for_all_its_files(case, member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    services.case_add_attachment(case=case, actor=member, files=[
        SimpleUploadedFile("a.png", png, content_type="image/png"),
        SimpleUploadedFile("b.png", png, content_type="image/png")])
    assert list(case.events.values_list("kind", flat=True)) == ["attachment"]
    assert case.events.get().attachments.count() == 2


@pytest.mark.django_db
def test_reopen_writes_one_event_on_each_case(member, brand):
    old = CaseFactory(owner=member, brand=brand, status=Status.CLOSED, closed_at=timezone.now())
    new = services.case_reopen_as_new(case=old, actor=member, case_id="15728394062")
    assert list(old.events.values_list("kind", flat=True)) == ["reopened"]
    assert list(new.events.values_list("kind", flat=True)) == ["opened"]
    assert new.reopened_from == old


@pytest.mark.django_db
def test_archive_writes_exactly_one_event(member, brand):
    case = CaseFactory(owner=member, brand=brand, status=Status.RESOLVED, resolved_at=timezone.now())
    case_archive(case=case, actor=member)
    assert list(case.events.values_list("kind", flat=True)) == ["archived"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["resolve", "mark_checked", "log_amazon_reply"])
def test_refused_input_writes_nothing(name, member, brand):
    """A service that refuses (here: the case is already resolved) leaves the case and its timeline alone."""
    case = CaseFactory(owner=member, brand=brand, status=Status.RESOLVED, resolved_at=timezone.now())
    before, events = _row(case), CaseEvent.objects.count()
    _, call = VERSIONED[name]
    with pytest.raises(services.ValidationError):
        call(case, member, None, case.version)
    assert _row(case) == before and CaseEvent.objects.count() == events
