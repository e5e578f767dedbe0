"""The morning digest: one e-mail per person per working day, '2 overdue · 3 due soon · 14 to check'."""

import pytest

from cases import monitoring
from cases.models import DigestSent
from tests.factories import CaseFactory
from tests.monitoring_helpers import ny, waiting_for_us

pytestmark = pytest.mark.django_db

MONDAY_9 = ny(2026, 11, 23, 9, 0)


def _cases_for(member):
    # 2 overdue, 1 due soon, and cases not checked since Friday.
    waiting_for_us(replied=ny(2026, 11, 19, 9, 0), owner=member)
    waiting_for_us(replied=ny(2026, 11, 19, 10, 0), owner=member)
    waiting_for_us(replied=ny(2026, 11, 21, 8, 0), owner=member)
    for _ in range(3):
        CaseFactory(owner=member, started_at=ny(2026, 11, 19, 9, 0), last_checked_at=ny(2026, 11, 20, 9, 0))


def test_digest_counts_and_links_each_case(member, other_member, mailoutbox, settings):
    settings.SITE_URL = "https://casedesk.example.com"
    _cases_for(member)
    CaseFactory(owner=other_member, started_at=ny(2026, 11, 19, 9, 0), last_checked_at=ny(2026, 11, 23, 8, 0))
    assert monitoring.send_morning_digest(now=MONDAY_9) == 1
    [mail] = mailoutbox
    assert mail.to == [member.email]
    assert "2 overdue · 1 due soon · 6 to check" in mail.subject
    html = mail.alternatives[0][0]
    assert html.count('href="https://casedesk.example.com/cases/') == 2 + 1 + 6
    assert 'href="#overdue"' in html


def test_digest_goes_once_per_person_per_day(member, mailoutbox):
    _cases_for(member)
    monitoring.send_morning_digest(now=MONDAY_9)
    monitoring.send_morning_digest(now=ny(2026, 11, 23, 9, 30))
    assert len(mailoutbox) == 1
    assert DigestSent.objects.count() == 1
    monitoring.send_morning_digest(now=ny(2026, 11, 24, 9, 0))
    assert len(mailoutbox) == 2


def test_no_digest_at_the_weekend(member, mailoutbox):
    _cases_for(member)
    assert monitoring.send_morning_digest(now=ny(2026, 11, 22, 9, 0)) == 0
    assert mailoutbox == []


def test_nothing_to_report_sends_nothing(member, mailoutbox):
    CaseFactory(owner=member, started_at=ny(2026, 11, 19, 9, 0), last_checked_at=ny(2026, 11, 23, 8, 30))
    monitoring.send_morning_digest(now=MONDAY_9)
    assert mailoutbox == []


def test_cases_nobody_owns_are_in_everyones_digest(member, other_member, mailoutbox):
    waiting_for_us(replied=ny(2026, 11, 19, 9, 0), owner=None)
    monitoring.send_morning_digest(now=MONDAY_9)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([member.email, other_member.email])
    assert all("1 overdue" in m.subject for m in mailoutbox)
