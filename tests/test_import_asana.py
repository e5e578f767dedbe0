"""The Asana importer: forgiving about the shape of real exports, strict about their content, all or nothing."""

import pytest
from django.core.exceptions import ValidationError

from cases.importers import asana
from cases.models import Brand, Case, CaseEvent, CaseProduct, EventKind, Status
from tests.factories import BrandFactory, CaseFactory

HEADER = ("Task ID,Created At,Completed At,Last Modified,Name,Section/Column,Assignee,Assignee Email,Start Date,"
          "Due Date,Tags,Notes,Projects,Parent task,Brand,ASIN/SKU,SC or BR,Issue,Status,Date Started,Last Checked")


def row(task="1204100000000101", name="15728394061", brand="Northwind", asin="B07XJ8C8F5", channel="SC",
        issue="Wrong main image", status="Waiting on Amazon", started="2024-03-01", checked="2024-03-04", notes="",
        parent="", completed="", email="", tags=""):
    cells = [task, "2024-03-01", completed, "", name, "", "", email, "", "", tags, notes, "Case Management", parent,
             brand, asin, channel, issue, status, started, checked]
    return ",".join(f'"{c}"' if any(ch in c for ch in ',"\n') else c for c in (x.replace('"', '""') for x in cells))


def csv_bytes(*rows, header=HEADER, bom=False) -> bytes:
    text = "\n".join([header, *rows]) + "\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def plan_of(data, **kw):
    return asana.read_file(data, filename="board.csv", **kw)


def test_a_clean_export_becomes_cases_with_an_imported_event(db, member):
    data = csv_bytes(row(email="alice@example.com", notes="Line one\nline two", tags="urgent, images"),
                     row(task="1204100000000102", name="Case 15728394062 – suppressed", brand="Acme Toys",
                         asin="SKU-RED-12, B0ABC12345", channel="BR", issue="Listing suppressed", status="Resolved",
                         completed="2024-03-10"))
    plan = plan_of(data)
    assert plan.ok, plan.report()
    result = asana.run_import(plan, actor=member)
    assert len(result.created) == 2
    first = Case.objects.get(case_id="15728394061")
    assert first.brand.name == "Northwind" and first.owner == member
    assert first.notes == "Line one\nline two\n\nTags: urgent, images"
    assert first.issue_type.slug == "catalog-error"
    second = Case.objects.get(case_id="15728394062")
    assert second.channel == "BR" and second.status == Status.RESOLVED and second.resolved_at.day == 10
    assert sorted(second.products.values_list("kind", "value")) == [("asin", "B0ABC12345"), ("sku", "SKU-RED-12")]
    event = CaseEvent.objects.get(case=first)
    assert event.kind == EventKind.IMPORTED and event.actor == member
    assert event.changes == {"source": "board.csv", "task_id": "1204100000000101", "row": 2}
    assert sorted(result.brands_created) == ["Acme Toys", "Northwind"]


def test_importing_the_same_file_twice_changes_nothing(db, member):
    data = csv_bytes(row(), row(task="1204100000000102", name="15728394062"))
    asana.run_import(plan_of(data), actor=member)
    snapshot = list(Case.objects.values_list("pk", "version", "updated_at"))
    events = CaseEvent.objects.count()
    again = plan_of(data)
    assert len(again.existing_cases) == 2 and not again.new_cases
    result = asana.run_import(again, actor=member)
    assert result.created == []
    assert list(Case.objects.values_list("pk", "version", "updated_at")) == snapshot
    assert CaseEvent.objects.count() == events


def test_a_task_already_imported_under_another_case_id_is_not_imported_again(db, member):
    asana.run_import(plan_of(csv_bytes(row())), actor=member)
    plan = plan_of(csv_bytes(row(name="15728399999")))  # same Task ID, Case ID since corrected
    assert [c.already_here for c in plan.cases] == [True]


def test_subtasks_join_their_parents_notes(db, member):
    data = csv_bytes(row(notes="Parent notes"),
                     row(task="1204100000000103", name="Called Seller Support", parent="15728394061", brand="",
                         asin="", channel="", issue="", status="", started="", checked="", notes="Agent said 48 h."))
    plan = plan_of(data)
    assert plan.ok, plan.report()
    assert plan.subtask_rows == 1
    asana.run_import(plan, actor=member)
    assert Case.objects.count() == 1
    assert Case.objects.get().notes == "Parent notes\n\nSubtask: Called Seller Support\nAgent said 48 h."


def test_bom_blank_rows_parent_task_spelling_and_date_formats_are_read(db, member):
    header = HEADER.replace("Parent task", "Parent Task")
    data = csv_bytes(row(started="03/01/2024"), ",,,,,,,,,,,,,,,,,,,,", "",
                     row(task="1204100000000102", name="15728394062", started="Mar 2, 2024", checked="3/4/24"),
                     row(task="1204100000000103", name="15728394063", started="2024-03-05T14:30:00.000Z"),
                     header=header, bom=True)
    plan = plan_of(data)
    assert plan.ok, plan.report()
    assert plan.blank_rows == 2
    started = sorted(c.incoming.started_at.date().isoformat() for c in plan.cases)
    assert started == ["2024-03-01", "2024-03-02", "2024-03-05"]
    assert plan.mapping["parent"] == "Parent Task"


def test_unknown_brands_are_created_known_ones_reused_case_insensitively(db, member):
    BrandFactory(name="Northwind")
    plan = plan_of(csv_bytes(row(brand="NORTHWIND"), row(task="1204100000000102", name="15728394062", brand="Zephyr")))
    assert plan.new_brands == ["Zephyr"]
    asana.run_import(plan, actor=member)
    assert sorted(Brand.objects.values_list("name", flat=True)) == ["Northwind", "Zephyr"]


def test_unknown_issue_text_maps_to_other_and_is_reported(db):
    plan = plan_of(csv_bytes(row(issue="Customer sent a weird message")))
    assert plan.cases[0].incoming.issue_type.slug == "other"
    assert any("Other" in w.message for w in plan.warnings)


def test_a_column_mapping_chosen_by_the_supervisor_is_used(db):
    header = "Ticket,Company,Product,Opened on,What happened"
    data = csv_bytes("15728394061,Northwind,B07XJ8C8F5,2024-03-01,Wrong main image", header=header)
    assert plan_of(data).file_error  # nothing maps itself
    plan = plan_of(data, mapping={"case_id": "Ticket", "brand": "Company", "products": "Product",
                                  "started_at": "Opened on", "issue": "What happened"})
    assert plan.ok, plan.report()
    assert plan.cases[0].incoming.brand_name == "Northwind"


BROKEN = [
    ("mangled task id", row(task="1.21143E+15"), 2, "rounded by a spreadsheet"),
    ("mangled case id", row(name="1.57284E+10"), 2, "rounded by a spreadsheet"),
    ("no case id in the name", row(name="Ask about images"), 2, "no Case ID"),
    ("case id too short", row(name="12345"), 2, "no Case ID"),
    ("bad asin", row(asin="ASIN: B0SHORT"), 2, "B0SHORT"),
    ("bad upc check digit", row(asin="UPC: 012345678906"), 2, "check digit"),
    ("no brand", row(brand=""), 2, "no Brand"),
    ("two brands", row(brand="Northwind, Acme"), 2, "several brands"),
    ("bad channel", row(channel="Vendor Central"), 2, "SC or BR"),
    ("unknown status", row(status="Parked"), 2, "status “Parked”"),
    ("unreadable date", row(started="the 3rd of March"), 2, "not a date"),
    ("date in the future", row(started="2999-01-01"), 2, "in the future"),
    ("no date started", row(started=""), 2, "no Date Started"),
    ("duplicate case id", row() + "\n" + row(task="1204100000000999"), 3, "already on row 3"),
    ("orphan subtask", row(task="1204100000000104", name="Call", parent="Nobody's task", brand=""), 2,
     "not a task in this file"),
    ("unquoted comma", row() + ",extra", 2, "comma inside a cell"),
]


@pytest.mark.parametrize("name,bad_row,number,reason", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_rows_are_refused_by_number_and_nothing_is_saved(db, member, name, bad_row, number, reason):
    data = csv_bytes(row(task="1204100000000500", name="15728394500"), bad_row)
    bad_number = number + 1  # the good row comes first
    plan = plan_of(data)
    assert not plan.ok
    assert any(p.row == bad_number and reason in p.message for p in plan.errors), plan.report()
    assert f"Row {bad_number}:" in plan.report()
    with pytest.raises(ValidationError):
        asana.run_import(plan, actor=member)
    assert Case.objects.count() == 0 and Brand.objects.count() == 0 and CaseEvent.objects.count() == 0


def test_every_bad_row_is_named_not_just_the_first(db):
    plan = plan_of(csv_bytes(row(brand=""), row(task="1204100000000102", name="15728394062", started="soon"),
                             row(task="1204100000000103", name="15728394063")))
    assert [p.row for p in plan.errors] == [2, 3]


def test_a_file_without_the_needed_columns_is_refused_whole(db):
    plan = plan_of(b"Foo,Bar\n1,2\n")
    assert "no column for Case ID, Brand, Date Started" in plan.file_error


def test_an_empty_file_is_refused(db):
    assert plan_of(b"").file_error == "the file is empty."


def test_windows_1252_files_are_read(db):
    data = csv_bytes(row(brand="Café Noir")).decode("utf-8").encode("cp1252")
    plan = plan_of(data)
    assert plan.cases[0].incoming.brand_name == "Café Noir"


def test_a_clash_with_an_existing_case_is_reported_as_already_here(db, member, brand):
    CaseFactory(case_id="15728394061", channel="SC", owner=member, brand=brand)
    plan = plan_of(csv_bytes(row()))
    assert plan.cases[0].already_here
    assert CaseProduct.objects.count() == 1
