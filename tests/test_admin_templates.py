"""Case templates in the admin: the preview, the checks a template must pass, supervisors only."""

import pytest
from django.urls import reverse

from cases import compose
from cases.models import CaseTemplate

pytestmark = pytest.mark.django_db

PREVIEW = "admin:cases_casetemplate_preview"


def form_data(template, **changes):
    data = {f: getattr(template, f) for f in ("name", "slug", "channels", "click_path", "identifier_kinds",
                                             "subject_template", "body_template", "tips", "default_priority",
                                             "position")}
    data.update(active="on", **changes)
    if template.precheck_required:
        data["precheck_required"] = "on"
    return data


def test_change_page_shows_the_placeholders_and_a_preview_of_the_message(supervisor_client):
    template = CaseTemplate.objects.get(slug="product-detail-change")
    html = supervisor_client.get(reverse("admin:cases_casetemplate_change", args=[template.pk])).content.decode()
    assert "{description}" in html and "a detailed description of the problem" in html
    assert "Incorrect title on ASIN B07XJ8C8F5" in html
    assert "Passes every message check" in html
    assert "js/template-preview.js" in html


def test_preview_endpoint_drafts_and_checks_what_is_typed(supervisor_client):
    response = supervisor_client.post(reverse(PREVIEW), {
        "name": "Wrong image", "identifier_kinds": "asin", "subject_template": "Wrong image",
        "body_template": "Please fix {asin} {shipment_id}, see www.example.com"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please fix B07XJ8C8F5 (your shipment id)" in html
    assert "casedesk does not know {shipment_id}" in html
    assert "The subject must name the product" in html and "No links or website names" in html
    assert "Every message says" in html


def test_preview_for_asin_creation_uses_a_upc(supervisor_client):
    html = supervisor_client.post(reverse(PREVIEW), {
        "name": "ASIN creation", "identifier_kinds": "upc,sku", "subject_template": "ASIN creation for {identifier}",
        "body_template": "x"}).content.decode()
    assert "ASIN creation for 036000291452" in html


def test_preview_is_for_supervisors_only(member_client):
    from django.test import Client

    assert member_client.post(reverse(PREVIEW), {}).status_code == 403
    assert Client().post(reverse(PREVIEW), {}).status_code == 302
    assert member_client.get(reverse("admin:cases_casetemplate_changelist")).status_code == 403


def test_preview_needs_post(supervisor_client):
    assert supervisor_client.get(reverse(PREVIEW)).status_code == 405


def test_saving_a_template_whose_message_fails_the_checks_is_refused(supervisor_client):
    template = CaseTemplate.objects.get(slug="listing-suppressed")
    url = reverse("admin:cases_casetemplate_change", args=[template.pk])
    response = supervisor_client.post(url, form_data(template, body_template="Please reinstate {asin}."))
    assert response.status_code == 200
    assert "fails the checks" in response.content.decode()
    template.refresh_from_db()
    assert compose.OWNERSHIP_SENTENCE.split(",")[0] in template.body_template


def test_unknown_identifier_kinds_are_refused(supervisor_client):
    template = CaseTemplate.objects.get(slug="listing-suppressed")
    url = reverse("admin:cases_casetemplate_change", args=[template.pk])
    response = supervisor_client.post(url, form_data(template, identifier_kinds="isbn"))
    assert "Write asin, or for ASIN creation upc,sku" in response.content.decode()


def test_a_good_edit_is_saved(supervisor_client):
    template = CaseTemplate.objects.get(slug="listing-suppressed")
    url = reverse("admin:cases_casetemplate_change", args=[template.pk])
    body = template.body_template.replace("Please tell us", "Kindly tell us")
    response = supervisor_client.post(url, form_data(template, body_template=body, identifier_kinds=" ASIN "))
    assert response.status_code == 302
    template.refresh_from_db()
    assert "Kindly tell us" in template.body_template and template.identifier_kinds == "asin"


def test_every_starter_template_passes_its_own_preview():
    for template in CaseTemplate.objects.all():
        preview = compose.preview_template(name=template.name, subject_template=template.subject_template,
                                           body_template=template.body_template,
                                           identifier_kinds=template.identifier_kinds)
        assert not compose.has_errors(preview.checks), (template.slug, preview.checks)
