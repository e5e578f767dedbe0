"""The guided "Open a case" form through the Django client: every step, its bad input, its query budget."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services_drafts as drafts
from cases.models import Case, CaseDraft, CaseEvent, CaseTemplate, EventKind, Status
from tests.factories import BrandFactory, CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

OWN = "We are the owner, manufacturer, and hold Brand Registry for Northwind."
PRECHECK_OK = {"checked_in_salesforce": "on", "checked_in_seller_central": "on", "content_differed": "no"}


def tpl(slug):
    return CaseTemplate.objects.get(slug=slug)


def step_url(draft, step):
    return reverse("draft_step", args=[draft.pk, step])


def make_draft(user, brand, *, upto="about", slug="other", products=(("asin", "B07XJ8C8F5"),), channel="SC", **extra):
    """A draft with the steps up to `upto` done, as the form would leave it."""
    draft = drafts.draft_start(actor=user, template=tpl(slug), issue="Wrong main image", precheck={})
    values = {
        "where": {"channel": channel, "login": "shared", "brand": brand.pk},
        "products": {"products": [list(p) for p in products], "marketplace": "US", "separate_anyway": False},
        "message": {"subject": "Wrong main image on ASIN B07XJ8C8F5",
                    "body": f"Hello,\n\n{OWN}\n\nThe main image of ASIN B07XJ8C8F5 is wrong.\n\nThank you.",
                    "fills": {}, "drafted_from": tpl(slug).pk},
        "contact": {"contact_method": "email", "urgent": False},
        "send": {"sent": True},
    }
    for step in ("where", "products", "message", "contact", "send"):
        if drafts.STEP_NAMES.index(step) > drafts.STEP_NAMES.index(upto):
            break
        draft = drafts.draft_save_step(draft=draft, step=step, values={**values[step], **extra.get(step, {})})
    return CaseDraft.objects.get(pk=draft.pk)


# --- Access --------------------------------------------------------------------------------------------


def test_anonymous_user_is_sent_to_the_login_page(client):
    response = client.get("/cases/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_someone_elses_draft_is_not_found(member_client, other_member, brand):
    draft = make_draft(other_member, brand)
    assert member_client.get(step_url(draft, "where")).status_code == 404
    assert member_client.post(reverse("draft_discard", args=[draft.pk])).status_code == 404
    assert CaseDraft.objects.filter(pk=draft.pk).exists()


def test_discard_needs_post(member_client, member, brand):
    draft = make_draft(member, brand)
    assert member_client.get(reverse("draft_discard", args=[draft.pk])).status_code == 405


def test_unknown_step_is_not_found(member_client, member, brand):
    draft = make_draft(member, brand)
    assert member_client.get(f"/cases/new/{draft.pk}/nowhere/").status_code == 404


def test_a_later_step_sends_back_to_the_first_unfinished_one(member_client, member, brand):
    draft = make_draft(member, brand, upto="about")
    response = member_client.get(step_url(draft, "record"))
    assert response.status_code == 302 and response["Location"] == step_url(draft, "where")


# --- Step 1: what it is about ----------------------------------------------------------------------------


def test_first_step_lists_the_active_templates(member_client):
    CaseTemplate.objects.filter(slug="catalog-error").update(active=False)
    response = member_client.get("/cases/new/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Product detail change" in html and "ASIN creation" in html
    assert "Catalog error" not in html
    assert "Step 1 of 7" in html


def test_no_template_is_refused_and_nothing_saved(member_client):
    response = member_client.post("/cases/new/", {"issue": "x"})
    assert response.status_code == 400
    assert "Pick what the case is about." in response.content.decode()
    assert not CaseDraft.objects.exists()


def test_product_detail_without_the_precheck_is_refused(member_client):
    response = member_client.post("/cases/new/", {"template": tpl("product-detail-change").pk})
    assert response.status_code == 400
    assert "check the content in Salesforce" in response.content.decode()
    assert not CaseDraft.objects.exists()


def test_product_detail_changed_but_not_a_day_ago_is_refused(member_client):
    response = member_client.post("/cases/new/", {
        "template": tpl("product-detail-change").pk, **PRECHECK_OK, "content_differed": "yes",
        "change_made": "on", "update_ca_pushed": "on"})
    assert response.status_code == 400
    assert "give it a day" in response.content.decode()
    assert not CaseDraft.objects.exists()


def test_first_step_starts_a_draft_with_the_precheck_answers(member_client, member):
    response = member_client.post("/cases/new/", {
        "template": tpl("product-detail-change").pk, **PRECHECK_OK, "content_differed": "yes",
        "change_made": "on", "update_ca_pushed": "on", "a_day_passed": "on", "issue": "Title shows old name"})
    draft = CaseDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == step_url(draft, "where")
    assert draft.owner == member and draft.template.slug == "product-detail-change"
    assert draft.data["issue"] == "Title shows old name"
    assert draft.data["precheck"] == {"checked_in_salesforce": True, "checked_in_seller_central": True,
                                      "content_differed": True, "change_made": True, "update_ca_pushed": True,
                                      "a_day_passed": True}


def test_templates_without_a_precheck_keep_no_answers_and_default_the_issue(member_client):
    member_client.post("/cases/new/", {"template": tpl("listing-suppressed").pk, "checked_in_salesforce": "on"})
    draft = CaseDraft.objects.get()
    assert draft.data["precheck"] == {} and draft.data["issue"] == ""


def test_brand_registry_template_starts_on_brand_registry(member_client):
    member_client.post("/cases/new/", {"template": tpl("brand-registry-technical-issue").pk})
    assert CaseDraft.objects.get().data["channel"] == "BR"


def test_going_back_to_step_one_shows_the_answers(member_client, member, brand):
    draft = make_draft(member, brand, upto="where")
    html = member_client.get(step_url(draft, "about")).content.decode()
    assert 'value="Wrong main image"' in html
    assert re.search(rf'value="{draft.template_id}"[^>]*checked', html)


def test_changing_the_issue_type_asks_for_the_message_again(member_client, member, brand):
    draft = make_draft(member, brand, upto="send")
    member_client.post(step_url(draft, "about"), {"template": tpl("listing-suppressed").pk})
    draft.refresh_from_db()
    assert draft.template.slug == "listing-suppressed"
    assert "message" not in draft.data["done"] and "send" not in draft.data["done"]
    assert drafts.next_step(draft) == "message"


# --- Step 2: where -----------------------------------------------------------------------------------------


def test_where_shows_the_click_path_of_each_channel(member_client, member, brand):
    draft = make_draft(member, brand, upto="about", slug="listing-suppressed")
    html = member_client.get(step_url(draft, "where")).content.decode()
    assert "Listing is suppressed or inactive" in html
    assert "Contact Brand Support &gt; Technical Issue" in html


def test_where_without_a_brand_is_refused(member_client, member, brand):
    draft = make_draft(member, brand, upto="about")
    response = member_client.post(step_url(draft, "where"), {"channel": "SC", "login": "shared"})
    assert response.status_code == 400
    assert "Pick the brand the case is for." in response.content.decode()
    draft.refresh_from_db()
    assert "where" not in draft.data["done"] and "brand" not in draft.data


def test_where_is_kept(member_client, member, brand):
    draft = make_draft(member, brand, upto="about")
    response = member_client.post(step_url(draft, "where"), {"channel": "SC", "login": "brand", "brand": brand.pk})
    assert response["Location"] == step_url(draft, "products")
    draft.refresh_from_db()
    assert (draft.data["channel"], draft.data["login"], draft.data["brand"]) == ("SC", "brand", brand.pk)


# --- Step 3: products --------------------------------------------------------------------------------------


def test_a_wrong_asin_is_refused_with_the_reason(member_client, member, brand):
    draft = make_draft(member, brand, upto="where")
    response = member_client.post(step_url(draft, "products"), {"products": "B07XJ8C8F", "marketplace": "US"})
    assert response.status_code == 400
    assert "Add the ASIN of the product" in response.content.decode() or "is not" in response.content.decode()
    draft.refresh_from_db()
    assert "products" not in draft.data


def test_asin_creation_takes_a_upc_and_sku_but_not_an_asin(member_client, member, brand):
    draft = make_draft(member, brand, upto="where", slug="asin-creation")
    response = member_client.post(step_url(draft, "products"), {"products": "B07XJ8C8F5", "marketplace": "US"})
    assert response.status_code == 400
    assert "for ASIN creation give the UPC and/or SKU" in response.content.decode()
    response = member_client.post(step_url(draft, "products"),
                                  {"products": "036000291452\nNW-TENT-2", "marketplace": "CA"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.data["products"] == [["upc", "036000291452"], ["sku", "NW-TENT-2"]]
    assert draft.data["marketplace"] == "CA"


def test_an_open_case_for_the_same_asin_and_issue_asks_for_confirmation(member_client, member, brand):
    existing = CaseFactory(brand=brand, issue_type=tpl("other"), asin="B07XJ8C8F5")
    draft = make_draft(member, brand, upto="where")
    response = member_client.post(step_url(draft, "products"), {"products": "b07xj8c8f5", "marketplace": "US"})
    assert response.status_code == 400
    html = response.content.decode()
    assert existing.get_absolute_url() in html and "Open a separate case anyway" in html
    draft.refresh_from_db()
    assert "products" not in draft.data
    response = member_client.post(step_url(draft, "products"),
                                  {"products": "b07xj8c8f5", "marketplace": "US", "separate_anyway": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.data["products"] == [["asin", "B07XJ8C8F5"]] and draft.data["separate_anyway"] is True


def test_a_resolved_case_or_another_issue_is_not_a_duplicate(member_client, member, brand):
    CaseFactory(brand=brand, issue_type=tpl("other"), asin="B07XJ8C8F5", status=Status.RESOLVED)
    CaseFactory(brand=brand, issue_type=tpl("catalog-error"), asin="B07XJ8C8F5")
    draft = make_draft(member, brand, upto="where")
    response = member_client.post(step_url(draft, "products"), {"products": "B07XJ8C8F5", "marketplace": "US"})
    assert response.status_code == 302


def test_products_are_checked_as_typed(member_client, member, brand):
    existing = CaseFactory(brand=brand, issue_type=tpl("other"), asin="B07XJ8C8F5")
    draft = make_draft(member, brand, upto="where")
    url = reverse("draft_products_check", args=[draft.pk])
    html = member_client.post(url, {"products": "B07XJ8C8F5, 036000291453"}).content.decode()
    assert "wrong check digit" in html
    html = member_client.post(url, {"products": "B07XJ8C8F5"}).content.decode()
    assert "ASIN B07XJ8C8F5" in html and existing.get_absolute_url() in html
    assert member_client.get(url).status_code == 405


# --- Step 4: the message -----------------------------------------------------------------------------------


def test_message_is_drafted_from_the_template(member_client, member, brand):
    draft = make_draft(member, brand, upto="products", slug="product-detail-change")
    response = member_client.get(step_url(draft, "message"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Incorrect {detail} on ASIN B07XJ8C8F5" in html
    assert "Hold Brand Registry for Northwind" in html or "hold Brand Registry for Northwind" in html
    assert "Which detail is wrong" in html and "Fill in the blanks: {detail}, {description}" in html


def test_a_message_with_a_link_is_refused_and_not_kept(member_client, member, brand):
    draft = make_draft(member, brand, upto="products")
    response = member_client.post(step_url(draft, "message"), {
        "subject": "Wrong image on ASIN B07XJ8C8F5",
        "body": f"{OWN} ASIN B07XJ8C8F5: see www.northwind.test for the right image.", "action": "next"})
    assert response.status_code == 400
    assert "No links or website names" in response.content.decode()
    draft.refresh_from_db()
    assert "message" not in draft.data["done"] and "subject" not in draft.data


def test_redraft_puts_the_blanks_into_the_message(member_client, member, brand):
    draft = make_draft(member, brand, upto="products", slug="product-detail-change")
    response = member_client.post(step_url(draft, "message"), {
        "fill_detail": "title", "fill_description": "It shows last year's name.", "subject": "", "body": "",
        "action": "redraft"})
    assert response["Location"] == step_url(draft, "message")
    draft.refresh_from_db()
    assert draft.data["subject"] == "Incorrect title on ASIN B07XJ8C8F5"
    assert "It shows last year's name." in draft.data["body"]
    assert "message" not in draft.data["done"]
    html = member_client.get(step_url(draft, "message")).content.decode()
    assert "Ready: names the product" in html


def test_a_good_message_is_kept(member_client, member, brand):
    draft = make_draft(member, brand, upto="products")
    body = f"Hello,\n\n{OWN}\n\nASIN B07XJ8C8F5 shows the wrong image.\n\nThank you."
    response = member_client.post(step_url(draft, "message"), {
        "subject": "Wrong image on ASIN B07XJ8C8F5", "body": body, "action": "next"})
    assert response["Location"] == step_url(draft, "contact")
    draft.refresh_from_db()
    assert draft.data["body"] == body and "message" in draft.data["done"]


def test_live_checks_answer_json_and_keep_what_was_typed(member_client, member, brand):
    draft = make_draft(member, brand, upto="products", slug="product-detail-change")
    url = reverse("draft_message_check", args=[draft.pk])
    payload = member_client.post(url, {"subject": "Wrong title", "body": "Please fix it."}).json()
    assert payload["ok"] is False
    assert "subject_without_identifier" in payload["checks_html"] and "ownership_missing" in payload["checks_html"]
    assert "subject" not in payload
    draft.refresh_from_db()
    assert draft.data["body"] == "Please fix it." and "message" not in draft.data["done"]
    payload = member_client.post(url, {"fill_detail": "title", "fill_description": "Old name.", "redraft": "1",
                                       "subject": "", "body": ""}).json()
    assert payload["subject"] == "Incorrect title on ASIN B07XJ8C8F5" and payload["ok"] is True
    assert member_client.get(url).status_code == 405


def test_live_checks_wait_for_the_earlier_steps(member_client, member, brand):
    draft = make_draft(member, brand, upto="where")
    assert member_client.post(reverse("draft_message_check", args=[draft.pk]), {}).status_code == 409


# --- Step 5: contact method --------------------------------------------------------------------------------


def test_brand_registry_offers_no_phone(member_client, member, brand):
    draft = make_draft(member, brand, upto="message", channel="BR", slug="brand-registry-technical-issue")
    html = member_client.get(step_url(draft, "contact")).content.decode()
    assert 'value="phone"' not in html and "no phone support" in html
    response = member_client.post(step_url(draft, "contact"), {"contact_method": "phone"})
    assert response.status_code == 400
    draft.refresh_from_db()
    assert "contact" not in draft.data["done"]


def test_phone_and_urgent_are_kept_for_seller_central(member_client, member, brand):
    draft = make_draft(member, brand, upto="message")
    html = member_client.get(step_url(draft, "contact")).content.decode()
    assert "15–45 minutes" in html and "Sparingly" in html
    member_client.post(step_url(draft, "contact"), {"contact_method": "phone", "urgent": "on"})
    draft.refresh_from_db()
    assert draft.data["contact_method"] == "phone" and draft.data["urgent"] is True


def test_switching_to_brand_registry_asks_again_for_a_phone_contact(member_client, member, brand):
    draft = make_draft(member, brand, upto="contact", contact={"contact_method": "phone"})
    member_client.post(step_url(draft, "where"), {"channel": "BR", "login": "shared", "brand": brand.pk})
    draft.refresh_from_db()
    assert drafts.next_step(draft) == "contact"


# --- Step 6: copy and send ---------------------------------------------------------------------------------


def test_send_shows_what_to_paste_and_where(member_client, member, brand):
    draft = make_draft(member, brand, upto="contact", slug="listing-suppressed")
    html = member_client.get(step_url(draft, "send")).content.decode()
    assert 'id="copy-subject"' in html and "Wrong main image on ASIN B07XJ8C8F5" in html
    assert "shared brand-protection login" in html and "Listing is suppressed or inactive" in html
    response = member_client.post(step_url(draft, "send"))
    assert response["Location"] == step_url(draft, "record")


def test_daily_case_warning_for_a_busy_account(member_client, member, brand, settings):
    settings.CASEDESK_DAILY_CASE_WARNING = 3
    for _ in range(3):
        CaseFactory(brand=BrandFactory(), login="shared", started_at=timezone.now())
    CaseFactory(brand=brand, login="brand", started_at=timezone.now())  # another account
    draft = make_draft(member, brand, upto="contact")
    html = member_client.get(step_url(draft, "send")).content.decode()
    assert "This account has opened 3 cases today." in html
    draft = make_draft(member, brand, upto="contact", where={"login": "brand"})
    html = member_client.get(step_url(draft, "send")).content.decode()
    assert 'id="daily-warning"' not in html and "1 case opened from this account" in html


# --- Step 7: record the Case ID ----------------------------------------------------------------------------


def test_a_bad_case_id_is_refused_and_nothing_recorded(member_client, member, brand):
    draft = make_draft(member, brand, upto="send")
    response = member_client.post(step_url(draft, "record"), {"case_id": "Wrong image on B07XJ8C8F5"})
    assert response.status_code == 400
    assert "A Case ID has digits only" in response.content.decode()
    assert not Case.objects.exists() and CaseDraft.objects.filter(pk=draft.pk).exists()


def test_a_case_id_already_recorded_links_to_that_case(member_client, member, brand):
    existing = CaseFactory(case_id="15728394061", channel="SC")
    draft = make_draft(member, brand, upto="send")
    response = member_client.post(step_url(draft, "record"), {"case_id": "Case ID: 1572 8394 061"})
    assert response.status_code == 400
    assert existing.get_absolute_url() in response.content.decode()
    assert Case.objects.count() == 1 and CaseDraft.objects.filter(pk=draft.pk).exists()


def test_recording_opens_the_case_and_drops_the_draft(member_client, member, brand):
    draft = make_draft(member, brand, upto="send", contact={"urgent": True})
    CaseDraft.objects.filter(pk=draft.pk).update(data={**draft.data, "precheck": {"checked_in_salesforce": True}})
    before = timezone.now()
    response = member_client.post(step_url(draft, "record"), {"case_id": "#1572 8394 061"})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.case_id == "15728394061" and case.channel == "SC" and case.brand == brand
    assert case.owner == member and case.status == Status.WAITING and case.amazon_urgent
    assert case.started_at >= before and case.last_checked_at == case.started_at
    assert case.issue == "Wrong main image" and case.subject == "Wrong main image on ASIN B07XJ8C8F5"
    assert list(case.products.values_list("kind", "value")) == [("asin", "B07XJ8C8F5")]
    opened = CaseEvent.objects.get(case=case)
    assert opened.kind == EventKind.OPENED and "The main image of ASIN B07XJ8C8F5" in opened.text
    assert opened.changes["precheck"] == {"checked_in_salesforce": True}
    assert not CaseDraft.objects.exists()
    page = member_client.get(case.get_absolute_url()).content.decode()
    assert "Case 15728394061 recorded" in page


def test_a_draft_whose_message_went_bad_is_sent_back_to_the_message(member_client, member, brand):
    draft = make_draft(member, brand, upto="send", message={"body": "No identifier, no ownership."})
    response = member_client.post(step_url(draft, "record"), {"case_id": "15728394061"})
    assert response["Location"] == step_url(draft, "message")
    assert not Case.objects.exists() and CaseDraft.objects.filter(pk=draft.pk).exists()


# --- Continuing a case: ?from=<pk>&reason=another_agent ----------------------------------------------------


def test_from_a_case_prefills_and_links_the_new_case(member_client, member, brand):
    old = CaseFactory(brand=brand, issue_type=tpl("listing-suppressed"), status=Status.CLOSED, channel="SC",
                      case_id="15000000001", asin="B07XJ8C8F5", issue="Listing suppressed",
                      message=f"Hello,\n\n{OWN}\n\nASIN B07XJ8C8F5 is suppressed.",
                      subject="Listing suppressed for ASIN B07XJ8C8F5")
    response = member_client.get(f"/cases/new/?from={old.pk}&reason=another_agent")
    html = response.content.decode()
    assert response.status_code == 200 and "to reach another associate" in html
    assert re.search(rf'value="{old.issue_type_id}"[^>]*checked', html)
    assert f'name="from" value="{old.pk}"' in html and 'name="reason" value="another_agent"' in html
    response = member_client.post("/cases/new/", {"template": old.issue_type_id, "issue": old.issue,
                                                  "from": old.pk, "reason": "another_agent"})
    draft = CaseDraft.objects.get()
    assert response["Location"] == step_url(draft, "message")
    assert draft.reopened_from == old and draft.reason == "another_agent"
    assert draft.data["brand"] == brand.pk and draft.data["products"] == [["asin", "B07XJ8C8F5"]]
    assert draft.data["body"].startswith("We are opening this new case to reach another associate: the answers in "
                                         "case 15000000001")
    member_client.post(step_url(draft, "message"), {"subject": draft.data["subject"], "body": draft.data["body"],
                                                    "action": "next"})
    member_client.post(step_url(draft, "contact"), {"contact_method": "email"})
    member_client.post(step_url(draft, "send"))
    response = member_client.post(step_url(draft, "record"), {"case_id": "15000000002"})
    new = Case.objects.get(case_id="15000000002")
    assert new.reopened_from == old
    link = CaseEvent.objects.get(case=old, kind=EventKind.REOPENED)
    assert link.changes["reopened_as_pk"] == new.pk and "another associate" in link.text


def test_closed_for_another_agent_the_new_message_says_why(member_client, member, brand):
    from cases import services

    old = CaseFactory(brand=brand, issue_type=tpl("listing-suppressed"), case_id="15000000001", asin="B07XJ8C8F5",
                      message=f"Hello,\n\n{OWN}\n\nASIN B07XJ8C8F5 is suppressed.",
                      subject="Listing suppressed for ASIN B07XJ8C8F5")
    services.case_close_for_another_agent(case=old, actor=member,
                                          reason="The associate could not see the suppression reason.")
    member_client.post("/cases/new/", {"template": old.issue_type_id, "from": old.pk, "reason": "another_agent"})
    body = CaseDraft.objects.get().data["body"]
    assert body.startswith("We are opening this new case to reach another associate: the answers in case "
                           "15000000001 did not address the issue. The associate could not see the suppression reason.")
    assert "ASIN B07XJ8C8F5 is suppressed." in body


def test_from_an_unknown_case_is_not_found(member_client):
    assert member_client.get("/cases/new/?from=999999").status_code == 404
    assert member_client.get("/cases/new/?from=abc").status_code == 404


# --- "My drafts" on the board -------------------------------------------------------------------------------


def test_board_lists_my_drafts_to_resume_or_discard(member_client, member, other_member, brand):
    mine = make_draft(member, brand, upto="where")
    theirs = make_draft(other_member, brand, upto="where")
    html = member_client.get("/").content.decode()
    assert "My drafts" in html and step_url(mine, "products") in html
    assert reverse("draft_discard", args=[mine.pk]) in html
    assert reverse("draft_discard", args=[theirs.pk]) not in html
    response = member_client.post(reverse("draft_discard", args=[mine.pk]))
    assert response["Location"] == reverse("board")
    assert not CaseDraft.objects.filter(pk=mine.pk).exists()


def test_board_without_drafts_shows_only_the_button(member_client):
    html = member_client.get("/").content.decode()
    assert "My drafts" not in html and 'id="open-a-case"' in html


# --- Query budgets: each step page, whatever the number of cases and drafts --------------------------------

BUDGETS = {"about": 8, "where": 8, "products": 7, "message": 8, "contact": 7, "send": 7, "record": 7}


@pytest.mark.parametrize("step", list(BUDGETS))
def test_step_page_query_budget(member_client, member, brand, step, django_assert_max_num_queries):
    draft = make_draft(member, brand, upto="send")
    for _ in range(3):
        CaseFactory(brand=brand)
        make_draft(member, brand)
    with django_assert_max_num_queries(BUDGETS[step]):
        assert member_client.get(step_url(draft, step)).status_code == 200
    for _ in range(20):
        CaseFactory(brand=BrandFactory())
        make_draft(UserFactory(), brand)
    with django_assert_max_num_queries(BUDGETS[step]):
        assert member_client.get(step_url(draft, step)).status_code == 200


def test_an_empty_issue_line_becomes_the_subject_on_the_case(member_client, member, brand):
    draft = make_draft(member, brand, upto="send")
    CaseDraft.objects.filter(pk=draft.pk).update(data={**draft.data, "issue": ""})
    member_client.post(step_url(draft, "record"), {"case_id": "15728394061"})
    assert Case.objects.get().issue == "Wrong main image on ASIN B07XJ8C8F5"


def test_a_blank_the_template_invents_is_asked_and_kept(member_client, member, brand):
    template = CaseTemplate.objects.create(
        name="Removal order stuck", slug="removal-order", identifier_kinds="asin",
        subject_template="Removal order {order_id} stuck for ASIN {asin}",
        body_template=f"{OWN}\n\nRemoval order {{order_id}} for ASIN {{asin}} has not moved. {{description}}")
    draft = make_draft(member, brand, upto="products")
    CaseDraft.objects.filter(pk=draft.pk).update(template=template)
    html = member_client.get(step_url(draft, "message")).content.decode()
    assert 'name="fill_order_id"' in html and "Order id" in html
    member_client.post(step_url(draft, "message"), {"fill_order_id": "RMV-123", "fill_description": "Since May.",
                                                    "subject": "", "body": "", "action": "redraft"})
    draft.refresh_from_db()
    assert draft.data["subject"] == "Removal order RMV-123 stuck for ASIN B07XJ8C8F5"
    html = member_client.get(step_url(draft, "message")).content.decode()
    assert 'value="RMV-123"' in html and "Ready: names the product" in html


def test_other_with_no_issue_line_asks_for_it_in_the_message(member_client, member, brand):
    draft = make_draft(member, brand, upto="products")
    CaseDraft.objects.filter(pk=draft.pk).update(data={**draft.data, "issue": ""})
    html = member_client.get(step_url(draft, "message")).content.decode()
    assert 'name="fill_issue"' in html and "The issue, in a line" in html


def test_case_page_shows_the_precheck_answers_in_words(member_client, member, brand):
    draft = make_draft(member, brand, upto="send")
    CaseDraft.objects.filter(pk=draft.pk).update(data={**draft.data, "precheck": {
        "checked_in_salesforce": True, "update_ca_pushed": True}})
    member_client.post(step_url(draft, "record"), {"case_id": "15728394061"})
    html = member_client.get(Case.objects.get().get_absolute_url()).content.decode()
    assert "Checked in Salesforce" in html and "“Update CA” pushed in Salesforce" in html
