from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Case, CaseEvent, EventKind
from tests.test_import_asana import csv_bytes, row

SAMPLE = Path(__file__).resolve().parent / "data" / "asana_sample.csv"
UPLOAD = reverse("import_upload")


def _upload(client, data: bytes, name="board.csv"):
    response = client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})
    assert response.status_code == 302, response.content.decode()[:500]
    return response.url


def test_upload_preview_and_import(supervisor_client, supervisor):
    preview = _upload(supervisor_client, SAMPLE.read_bytes(), "asana_sample.csv")
    page = supervisor_client.get(preview)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Import 4 cases" in html and "15728394062" in html
    assert "filed under the case template" in html  # guessed issue types are shown for checking
    assert Case.objects.count() == 0  # a preview saves nothing
    mapping = {f"map_{k}": v for k, v in page.context["plan"].mapping.items()}
    done = supervisor_client.post(preview, {**mapping, "confirm": "1"})
    assert done.status_code == 302
    assert Case.objects.count() == 4
    assert CaseEvent.objects.filter(kind=EventKind.IMPORTED, actor=supervisor).count() == 4
    assert supervisor_client.get(preview).status_code == 404  # the upload is gone once imported


def test_bad_rows_are_listed_and_nothing_is_imported(supervisor_client):
    preview = _upload(supervisor_client, csv_bytes(row(), row(task="1.21143E+15", name="15728394062")))
    page = supervisor_client.get(preview)
    html = page.content.decode()
    assert "Row 3" in html and "rounded by a spreadsheet" in html
    assert "Import 2 cases" not in html
    forced = supervisor_client.post(preview, {"confirm": "1"})
    assert forced.status_code == 400
    assert Case.objects.count() == 0


def test_changing_the_column_mapping_updates_the_preview(supervisor_client):
    data = csv_bytes("15728394061,Northwind,B07XJ8C8F5,2024-03-01,Wrong main image",
                     header="Ticket,Company,Product,Opened on,What happened")
    preview = _upload(supervisor_client, data)
    first = supervisor_client.get(preview)
    assert "no column for Case ID" in first.content.decode()
    mapped = supervisor_client.get(preview, {"map_case_id": "Ticket", "map_brand": "Company", "map_products": "Product",
                                             "map_started_at": "Opened on", "map_issue": "What happened"})
    assert "Import 1 case" in mapped.content.decode()


def test_a_non_csv_upload_is_refused_with_a_message(supervisor_client):
    response = supervisor_client.post(UPLOAD, {"file": SimpleUploadedFile("board.xlsx", b"PK..")})
    assert response.status_code == 400
    assert "Upload the .csv file" in response.content.decode()


def test_someone_elses_upload_token_is_404(supervisor_client, client, db):
    preview = _upload(supervisor_client, csv_bytes(row()))
    from cases.permissions import SUPERVISOR_GROUP
    from tests.factories import UserFactory

    other = UserFactory(username="sue", role=SUPERVISOR_GROUP)
    client.force_login(other)
    assert client.get(preview).status_code == 404


@pytest.mark.parametrize("method", ["put", "delete"])
def test_wrong_method_is_405(supervisor_client, method):
    assert getattr(supervisor_client, method)(UPLOAD).status_code == 405


def test_uploads_left_unimported_for_a_day_are_removed(supervisor_client):
    import os
    import time

    from django.core.files.storage import default_storage

    old = _upload(supervisor_client, csv_bytes(row()))
    token = old.rstrip("/").rsplit("/", 1)[1]
    path = default_storage.path(f"imports/{token}.csv")
    two_days_ago = time.time() - 2 * 86400
    os.utime(path, (two_days_ago, two_days_ago))
    _upload(supervisor_client, csv_bytes(row()))
    assert not os.path.exists(path)
    assert supervisor_client.get(old).status_code == 404
