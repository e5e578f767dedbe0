"""Hostile and odd input, fuzzed with hypothesis through the services and the forms: unicode, NUL
characters, very long text, empty values, wrong types. The outcome is a correct save or a clear message
(ValidationError, HTTP 400/409) — never a server error, never a half-written change."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cases import services
from cases.models import Case, CaseEvent
from cases.text_guard import NUL

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text a person might paste: any unicode (surrogates aside, as a browser cannot send them), NUL included,
# sometimes very long.
texts = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=200),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=5000, max_size=30000),
    st.sampled_from(["", " ", "\x00", "a\x00b", "\u202e\u200b", "😀" * 1000, "<script>x</script>", "Ω" * 25000]),
)
wrong_types = st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.booleans(), st.lists(st.integers()),
                        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2), texts)


def _state(case):
    return (Case.objects.filter(pk=case.pk).values_list("version", "issue", "priority", "notes").get(),
            CaseEvent.objects.filter(case=case).count())


@FUZZ
@given(text=texts)
def test_note_service_saves_the_text_or_refuses_it_clearly(case, member, text):
    before = _state(case)
    try:
        event = services.case_add_note(case=case, actor=member, text=text)
    except ValidationError as exc:
        assert exc.messages and all(m for m in exc.messages)
        assert _state(case) == before
        assert not text.strip() or NUL in text or len(text) > 0
        if NUL in text:
            assert "NUL character" in " ".join(exc.messages)
        return
    assert NUL not in text and text.strip()
    assert CaseEvent.objects.get(pk=event.pk).text == text.strip()


@FUZZ
@example(field="priority", value=float("inf"))
@example(field="started_at", value=0)
@example(field="subject", value=None)
@example(field="channel", value="\x00")
@given(field=st.sampled_from(["issue", "subject", "message", "notes", "priority", "amazon_urgent", "started_at",
                              "marketplace", "channel", "case_id"]),
       value=wrong_types)
def test_case_update_saves_a_valid_value_or_refuses_it_clearly(case, member, field, value):
    case = Case.objects.get(pk=case.pk)
    before = _state(case)
    try:
        services.case_update(case=case, actor=member, expected_version=case.version, data={field: value})
    except ValidationError as exc:
        assert exc.messages
        assert _state(case) == before
        return
    except services.CaseChanged:
        pytest.fail("a fresh version was refused as stale")
    saved = Case.objects.get(pk=case.pk)
    assert NUL not in str(getattr(saved, field))


@FUZZ
@given(action=st.sampled_from(["note", "checked", "amazon-replied", "we-replied", "keep-open", "status", "reassign"]),
       data=st.dictionaries(st.sampled_from(["text", "at", "version", "status", "owner", "fragment"]),
                            st.one_of(texts, st.integers().map(str), st.just("")), max_size=5))
def test_case_actions_answer_every_post_without_a_server_error(member_client, case, action, data):
    before_events = CaseEvent.objects.filter(case=case).count()
    response = member_client.post(reverse("case_action", args=[case.pk, action]), data)
    assert response.status_code in {200, 302, 400, 409}, response.status_code
    if response.status_code >= 400:
        assert CaseEvent.objects.filter(case=case).count() == before_events
    if any(NUL in v for v in data.values()) and response.status_code == 302:
        assert not any(NUL in t for t in CaseEvent.objects.values_list("text", flat=True))


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(["issue", "subject", "message", "notes", "priority", "started_at",
                                               "products", "version"]), texts, min_size=1, max_size=4))
def test_case_edit_form_answers_every_post_without_a_server_error(member_client, case, fields):
    from tests.test_case_edit import _form_data

    case = Case.objects.get(pk=case.pk)
    response = member_client.post(reverse("case_edit", args=[case.pk]), _form_data(case, **fields))
    assert response.status_code in {200, 302, 400, 409}, response.status_code
    stored = Case.objects.filter(pk=case.pk).values_list("issue", "subject", "message", "notes").get()
    assert not any(NUL in value for value in stored)


@FUZZ
@given(text=texts)
def test_persons_settings_form_never_errors(member_client, member, text):
    response = member_client.post(reverse("me"), {"first_name": text[:200], "last_name": text[:10], "email": text[:50]})
    assert response.status_code in {302, 400}


def test_nul_in_a_note_gets_a_message_on_the_page_not_a_500(member_client, case):
    response = member_client.post(reverse("case_action", args=[case.pk, "note"]),
                                  {"text": "pasted from a PDF\x00 here"}, follow=True)
    assert response.status_code in {200, 400}
    assert "Null characters are not allowed" in response.content.decode() or \
        "NUL character" in response.content.decode()
    assert CaseEvent.objects.filter(case=case).count() == 0


def test_nul_through_a_service_is_refused_before_the_database(case, member):
    with pytest.raises(ValidationError) as refused:
        services.case_update(case=case, actor=member, expected_version=case.version, data={"notes": "a\x00b"})
    assert "NUL character" in " ".join(refused.value.messages)
    assert Case.objects.get(pk=case.pk).version == case.version
