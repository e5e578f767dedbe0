"""The search box's trigram indexes exist on PostgreSQL, and PostgreSQL uses them."""

import pytest
from django.db import connection

from tests.conftest import only_on_leg

pytestmark = pytest.mark.postgres


def test_trigram_indexes_exist_on_postgresql(db):
    only_on_leg("postgresql", "trigram indexes")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"])
        names = {row[0] for row in cursor.fetchall()}
    assert names == {"case_case_id_trgm", "case_subject_trgm", "case_notes_trgm", "case_product_value_trgm"}


def test_search_on_subject_can_use_its_index(db):
    only_on_leg("postgresql", "trigram indexes")
    from cases.models import Case

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Case.objects.filter(subject__icontains="main image").explain()
    assert "case_subject_trgm" in plan
