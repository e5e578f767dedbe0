from django.urls import reverse

from cases import services
from cases.forms import CaseEditForm
from cases.models import Case, CaseEvent, EventKind
from tests.factories import CaseFactory


def _form_data(case, **changes):
    """What the browser posts from the edit form as the person loaded it, with their changes."""
    form = CaseEditForm(case=case)
    data = {}
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        widget = field.widget
        if hasattr(widget, "format_value") and name == "started_at":
            value = widget.format_value(value)
        value = "" if value is None else value
        if name == "amazon_urgent":
            value = "on" if value else ""
        if field.show_hidden_initial:
            data[f"initial-{name}"] = value
        data[name] = value
    if not data["amazon_urgent"]:
        del data["amazon_urgent"]
    data.update(changes)
    return data


def _post(client, case, data):
    return client.post(reverse("case_edit", args=[case.pk]), data)


def test_saving_changes_only_what_the_person_changed(member_client, case, member):
    response = _post(member_client, case, _form_data(case, issue="Main image shows the wrong colour", priority="2"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.issue == "Main image shows the wrong colour" and case.priority == 2
    event = CaseEvent.objects.get(case=case)
    assert event.kind == EventKind.EDITED and event.actor == member
    assert set(event.changes) == {"issue", "priority"}


def test_products_are_edited_one_per_line(member_client, case):
    _post(member_client, case, _form_data(case, products="B0TEST0001\n012345678905"))
    assert list(case.products.values_list("kind", "value")) == [("asin", "B0TEST0001"), ("upc", "012345678905")]
    assert "products" in CaseEvent.objects.get(case=case).changes


def test_nothing_changed_saves_nothing(member_client, case):
    response = _post(member_client, case, _form_data(case))
    assert response.status_code == 302
    assert CaseEvent.objects.count() == 0
    case.refresh_from_db()
    assert case.version == 1


def test_bad_case_id_is_refused_with_a_message_and_nothing_changes(member_client, case):
    response = _post(member_client, case, _form_data(case, case_id="Wrong main image"))
    assert response.status_code == 400
    assert "A Case ID has digits only" in response.content.decode()
    assert Case.objects.get(pk=case.pk).case_id == case.case_id
    assert CaseEvent.objects.count() == 0


def test_bad_asin_is_refused_and_products_stay(member_client, case):
    response = _post(member_client, case, _form_data(case, products="012345678900"))
    assert response.status_code == 400
    assert "wrong check digit" in response.content.decode()
    assert case.products.count() == 1


def test_duplicate_case_id_is_refused(member_client, case, member, brand):
    other = CaseFactory(owner=member, brand=brand)
    response = _post(member_client, case, _form_data(case, case_id=other.case_id))
    assert response.status_code == 400
    assert "already recorded" in response.content.decode()
    assert CaseEvent.objects.count() == 0


def test_stale_save_is_refused_shows_what_changed_and_overwrites_nothing(member_client, case, other_member):
    loaded = _form_data(case, notes="Called the brand: they confirm the colour is wrong.")
    # Meanwhile Bob changes the issue line.
    services.case_update(case=case, actor=other_member, expected_version=case.version, data={"issue": "Bob's words"})
    response = _post(member_client, case, loaded)
    assert response.status_code == 409
    body = response.content.decode()
    assert "someone changed this case while you were editing" in body
    assert "Bob Baker" in body and "<del>Wrong main image</del>" in body and "<ins>Bob&#x27;s words</ins>" in body
    case.refresh_from_db()
    assert case.issue == "Bob's words" and case.notes == ""
    assert CaseEvent.objects.filter(case=case).count() == 1
    # The person's own edit is kept in the form, on top of the current version …
    assert "Called the brand: they confirm the colour is wrong." in body
    assert f'name="version" value="{case.version}"' in body
    # … and Bob's change is what the form now shows for the field the person did not touch.
    assert 'value="Bob&#x27;s words"' in body


def test_resaving_after_a_stale_refusal_applies_only_the_persons_edits(member_client, case, other_member):
    loaded = _form_data(case, notes="My note")
    services.case_update(case=case, actor=other_member, expected_version=case.version, data={"issue": "Bob's words"})
    _post(member_client, case, loaded)
    case.refresh_from_db()
    again = _form_data(case, notes="My note")
    assert _post(member_client, case, again).status_code == 302
    case.refresh_from_db()
    assert case.issue == "Bob's words" and case.notes == "My note"


def test_both_changed_the_same_field_is_named(member_client, case, other_member):
    loaded = _form_data(case, issue="Alice's words")
    services.case_update(case=case, actor=other_member, expected_version=case.version, data={"issue": "Bob's words"})
    body = _post(member_client, case, loaded).content.decode()
    assert "You both changed:</b> Issue" in body
    assert 'value="Alice&#x27;s words"' in body
    assert Case.objects.get(pk=case.pk).issue == "Bob's words"


def test_a_note_meanwhile_also_makes_the_save_stale(member_client, case, other_member):
    loaded = _form_data(case, issue="New words")
    services.case_add_note(case=case, actor=other_member, text="Checked with the brand")
    response = _post(member_client, case, loaded)
    assert response.status_code == 409
    assert "Checked with the brand" in response.content.decode()
    assert Case.objects.get(pk=case.pk).issue == "Wrong main image"


def test_anonymous_is_sent_to_login(client, case):
    response = client.post(reverse("case_edit", args=[case.pk]), {})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_get_is_not_allowed(member_client, case):
    assert member_client.get(reverse("case_edit", args=[case.pk])).status_code == 405
