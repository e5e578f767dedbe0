"""Export → import loses nothing: the CSV writer and the Asana importer share their columns."""

import csv
import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cases import exporters
from cases.importers import asana
from cases.models import Case, CaseProduct, Status
from tests.factories import CaseFactory, template

FIELDS = ["case_id", "channel", "brand__name", "issue", "issue_type_id", "status", "started_at", "last_checked_at",
          "owner_id", "marketplace", "login", "contact_method", "amazon_urgent", "priority", "subject", "message", "notes",
          "amazon_replied_at", "we_replied_at", "escalated_at", "followed_up_at", "escalation_level",
          "escalation_route", "resolved_at", "closed_at", "resolution"]


def _snapshot():
    cases = list(Case.objects.order_by("case_id").values(*FIELDS))
    products = sorted(CaseProduct.objects.values_list("case__case_id", "kind", "value"))
    return cases, products


def _export_text() -> str:
    out = io.StringIO()
    exporters.write_csv(exporters.case_rows(Case.objects.all()), out)
    return out.getvalue()


def test_export_then_import_gives_back_the_same_cases(db, member, other_member, brand):
    now = timezone.now()
    CaseFactory(owner=member, brand=brand, case_id="15728394061", asin="B07XJ8C8F5",
                subject='Wrong image, "urgent" fix', message="Hello,\n\nWe are the owner.", notes="Line 1\nLine 2",
                marketplace="UK", login="brand", contact_method="chat", amazon_urgent=True, priority=1,
                issue_type=template("catalog-error"), started_at=now - timedelta(days=9, microseconds=123),
                status=Status.ACTION_NEEDED, amazon_replied_at=now - timedelta(hours=5), we_replied_at=now - timedelta(days=9))
    resolved = CaseFactory(owner=other_member, brand=brand, case_id="15728394062", channel="BR",
                           status=Status.RESOLVED, resolved_at=now - timedelta(days=1), resolution="Fixed; thanks",
                           issue_type=template("brand-registry-technical-issue"), last_checked_at=None)
    CaseProduct.objects.create(case=resolved, kind="sku", value="B0LOOKALIK")  # a SKU that looks like an ASIN
    CaseProduct.objects.create(case=resolved, kind="upc", value="012345678905")
    CaseFactory(owner=None, brand=brand, case_id="15728394063", status=Status.CLOSED, closed_at=now - timedelta(days=2))
    CaseFactory(owner=member, case_id="15728394064", status=Status.ESCALATED, escalated_at=now - timedelta(days=3),
                followed_up_at=now - timedelta(days=1), escalation_level=2, escalation_route="account health e-mail")
    before = _snapshot()
    text = _export_text()

    Case.objects.all().delete()
    plan = asana.read_file(text.encode("utf-8"), filename="export.csv")
    assert plan.ok, plan.report()
    asana.run_import(plan, actor=member)
    after = _snapshot()
    assert after == before


def test_export_columns_are_all_understood_by_the_importer():
    mapping = asana.auto_mapping(exporters.CASE_HEADER)
    mapped = set(mapping.values())
    assert set(exporters.CASE_HEADER) == mapped


def test_products_are_written_plainly_unless_the_kind_would_be_misread(db, case):
    CaseProduct.objects.create(case=case, kind="sku", value="B0LOOKALIK")
    CaseProduct.objects.create(case=case, kind="sku", value="RED-12")
    assert exporters.format_products(case.products.order_by("id")) == f"{case.products.first().value}, SKU: B0LOOKALIK, RED-12"


def test_supervisor_downloads_all_cases_and_the_timelines(supervisor_client, case):
    response = supervisor_client.get(reverse("export_cases"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert [r["Name"] for r in rows] == [case.case_id]
    timeline = supervisor_client.get(reverse("export_timeline"))
    lines = b"".join(timeline.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(exporters.EVENT_HEADER)


def test_export_query_count_does_not_grow_with_cases(supervisor_client, member, brand, django_assert_max_num_queries):
    for _ in range(30):
        CaseFactory(owner=member, brand=brand)
    with django_assert_max_num_queries(8):
        response = supervisor_client.get(reverse("export_cases"))
        assert len(b"".join(response.streaming_content).splitlines()) == 31


def test_export_is_get_only(supervisor_client):
    assert supervisor_client.post(reverse("export_cases")).status_code == 405
