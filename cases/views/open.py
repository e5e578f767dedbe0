"""The guided "Open a case" form: the SOP, step by step, from what the case is about to its recorded Case ID.

`/cases/new/` asks the first step and starts a draft; every later step is `/cases/new/<draft>/<step>/`.
Plain forms that post and redirect (no JavaScript needed); static/js/open.js adds the live checks and the
copy buttons. `?from=<pk>&reason=another_agent` (or no reason: Amazon closed it) starts a new case that
continues case <pk>, prefilled from it and linked to it.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cases import compose, selectors_open
from cases import forms_open as f
from cases import services_drafts as drafts
from cases.identifiers import parse_identifiers
from cases.models import Brand, Case, CaseDraft, Channel, ContactMethod, Login, Marketplace

TEMPLATE = "cases/open/step.html"


def _get_draft(request, pk: int) -> CaseDraft:
    return get_object_or_404(CaseDraft.objects.select_related("template", "reopened_from"), pk=pk, owner=request.user)


def _source(params) -> tuple[Case | None, str]:
    """The case a new one continues (`from`), and why (`reason`)."""
    raw = (params.get("from") or "").strip()
    reason = params.get("reason", "")
    if reason not in drafts.REASONS:
        reason = ""
    if not raw:
        return None, ""
    if not raw.isdigit():
        raise Http404("No such case to continue.")
    case = get_object_or_404(Case.objects.select_related("brand", "issue_type").prefetch_related("products"), pk=raw)
    return case, reason or "closed"


def _steps_nav(draft: CaseDraft | None, current: str) -> list[dict]:
    done = set(drafts.done_steps(draft)) if draft else set()
    reachable = drafts.next_step(draft) if draft else "about"
    open_until = drafts.STEP_NAMES.index(reachable)
    nav = []
    for index, (name, label) in enumerate(drafts.STEPS):
        url = ""
        if draft and index <= open_until:
            url = reverse("draft_step", args=[draft.pk, name])
        elif name == "about" and not draft:
            url = reverse("case_new")
        nav.append({"name": name, "label": label, "number": index + 1, "done": name in done,
                    "current": name == current, "url": url})
    return nav


def _summary(draft: CaseDraft | None, brand: Brand | None) -> list[tuple[str, str]]:
    if draft is None:
        return []
    data = draft.data
    rows = [("Issue type", draft.template.name)]
    if data.get("issue") and data["issue"] != draft.template.name:
        rows.append(("Issue", data["issue"]))
    if "where" in drafts.done_steps(draft):
        where = Channel(data["channel"]).label
        if data["channel"] == Channel.SELLER_CENTRAL:
            where += f" — {Login(data.get('login', 'shared')).label.lower()}"
        rows.append(("Where", where))
    if brand:
        rows.append(("Brand", brand.name))
    if data.get("products"):
        rows.append(("Products", ", ".join(f"{k.upper()} {v}" for k, v in data["products"])))
        rows.append(("Marketplace", Marketplace(data.get("marketplace", "US")).label))
    if "contact" in drafts.done_steps(draft):
        method = ContactMethod(data.get("contact_method", "email")).label
        rows.append(("Contact", method + (" · urgent" if data.get("urgent") else "")))
    return rows


def _render(request, *, step: str, form=None, draft: CaseDraft | None = None, status: int = 200, **extra):
    brand = None
    if draft is not None and draft.data.get("brand"):
        brand = Brand.objects.filter(pk=draft.data["brand"]).first()
    opened_today = None
    if brand is not None and draft.data.get("channel"):
        opened_today = selectors_open.cases_opened_today(
            channel=draft.data["channel"], login=draft.data.get("login", "shared"), brand_id=brand.pk,
            now=timezone.now())
    warn_at = settings.CASEDESK_DAILY_CASE_WARNING
    template = draft.template if draft else None
    context = {
        "step": step,
        "step_label": dict(drafts.STEPS)[step],
        "step_number": drafts.STEP_NAMES.index(step) + 1,
        "steps": _steps_nav(draft, step),
        "draft": draft,
        "form": form,
        "template": template,
        "brand": brand,
        "summary": _summary(draft, brand),
        "opened_today": opened_today,
        "daily_warning": opened_today is not None and opened_today >= warn_at,
        "click_paths": drafts.click_paths(template) if template else {},
        "back_url": _back_url(draft, step),
        "source": None,
        "reason": draft.reason if draft else "",
        "duplicates": [],
        "existing": None,
        "checks": [],
        "asked": [],
        "pristine": False,
        **extra,
    }
    return render(request, TEMPLATE, context, status=status)


def _back_url(draft: CaseDraft | None, step: str) -> str:
    index = drafts.STEP_NAMES.index(step)
    if draft is None or index == 0:
        return ""
    return reverse("draft_step", args=[draft.pk, drafts.STEP_NAMES[index - 1]])


def _next(draft: CaseDraft):
    return redirect("draft_step", draft.pk, drafts.next_step(draft))


def _refused(request):
    messages.error(request, "Nothing was saved: correct what is marked below.")


# --- Step 1, before a draft exists ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def case_new(request):
    source, reason = _source(request.POST if request.method == "POST" else request.GET)
    if request.method == "POST":
        form = f.AboutForm(request.POST)
        if form.is_valid():
            draft = drafts.draft_start(
                actor=request.user, template=form.cleaned_data["template"], issue=form.cleaned_data["issue"],
                precheck=form.precheck(), reopened_from=source, reason=reason if source else "",
            )
            return _next(draft)
        _refused(request)
        return _render(request, step="about", form=form, source=source, reason=reason, status=400)
    initial = {}
    if source is not None:
        initial = {"template": source.issue_type_id if source.issue_type.active else None, "issue": source.issue}
    return _render(request, step="about", form=f.AboutForm(initial=initial), source=source, reason=reason)


# --- Every step of a draft -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def draft_step(request, pk: int, step: str):
    if step not in drafts.STEP_NAMES:
        raise Http404("No such step.")
    draft = _get_draft(request, pk)
    if not drafts.step_allowed(draft, step):
        messages.info(request, f"First: {dict(drafts.STEPS)[drafts.next_step(draft)].lower()}.")
        return _next(draft)
    return STEP_VIEWS[step](request, draft)


def _about(request, draft):
    data = draft.data
    if request.method == "POST":
        form = f.AboutForm(request.POST)
        if form.is_valid():
            draft = drafts.draft_save_step(
                draft=draft, step="about", template=form.cleaned_data["template"],
                values={"issue": form.cleaned_data["issue"].strip(),
                        "precheck": form.precheck()},
            )
            return _next(draft)
        _refused(request)
        return _render(request, step="about", form=form, draft=draft, status=400)
    precheck = dict(data.get("precheck") or {})
    if "content_differed" in precheck:
        precheck["content_differed"] = "yes" if precheck["content_differed"] else "no"
    form = f.AboutForm(initial={"template": draft.template_id, "issue": data.get("issue", ""), **precheck})
    return _render(request, step="about", form=form, draft=draft)


def _where(request, draft):
    data = draft.data
    if request.method == "POST":
        form = f.WhereForm(request.POST)
        if form.is_valid():
            draft = drafts.draft_save_step(draft=draft, step="where", values={
                "channel": form.cleaned_data["channel"], "login": form.cleaned_data["login"],
                "brand": form.cleaned_data["brand"].pk,
            })
            return _next(draft)
        _refused(request)
        return _render(request, step="where", form=form, draft=draft, status=400)
    form = f.WhereForm(initial={"channel": data.get("channel"), "login": data.get("login", Login.SHARED),
                                "brand": data.get("brand")})
    return _render(request, step="where", form=form, draft=draft)


def _products(request, draft):
    data = draft.data
    if request.method == "POST":
        form = f.ProductsForm(request.POST, template=draft.template)
        duplicates = []
        if form.is_valid():
            products = form.cleaned_data["products"]
            duplicates = selectors_open.duplicate_open_cases(
                issue_type_id=draft.template_id, values=[v for _, v in products], exclude_pk=draft.reopened_from_id)
            if duplicates and not form.cleaned_data["separate_anyway"]:
                form.add_error("separate_anyway", "An open case for this product and issue exists: add to it, "
                                                  "or tick “Open a separate case anyway”.")
            else:
                draft = drafts.draft_save_step(draft=draft, step="products", values={
                    "products": [list(p) for p in products], "marketplace": form.cleaned_data["marketplace"],
                    "separate_anyway": bool(duplicates),
                })
                return _next(draft)
        _refused(request)
        return _render(request, step="products", form=form, draft=draft, duplicates=duplicates, status=400)
    form = f.ProductsForm(template=draft.template, initial={
        "products": "\n".join(v for _, v in data.get("products", [])),
        "marketplace": data.get("marketplace", Marketplace.US),
        "separate_anyway": data.get("separate_anyway", False),
    })
    return _render(request, step="products", form=form, draft=draft)


@require_POST
def products_check(request, pk: int):
    """As the person types: which identifiers were recognised, which not, and open cases about them."""
    draft = _get_draft(request, pk)
    text = request.POST.get("products", "")
    found, errors, duplicates = [], [], []
    try:
        found = parse_identifiers(text)
        if found:
            f.check_kinds(found, draft.template)
    except ValidationError as exc:
        errors = exc.messages
    if found and not errors:
        duplicates = selectors_open.duplicate_open_cases(
            issue_type_id=draft.template_id, values=[v for _, v in found], exclude_pk=draft.reopened_from_id)
    return render(request, "cases/open/_products_feedback.html",
                  {"found": found, "errors": errors, "duplicates": duplicates, "typed": bool(text.strip())})


def _message_parts(draft: CaseDraft, brand: Brand | None):
    """(the values known from earlier steps, the blanks to ask for)."""
    auto = drafts.compose_values(draft, brand_name=brand.name if brand else "", fills=False)
    known = drafts.compose_values(draft, brand_name=brand.name if brand else "")
    template = draft.template
    asked = compose.asked_placeholders(template.subject_template, template.body_template, auto)
    return known, asked


def _drafted(draft, values):
    return compose.draft(draft.template.subject_template, draft.template.body_template, values)


def _message(request, draft):
    data = draft.data
    brand = Brand.objects.filter(pk=data.get("brand")).first()
    known, asked = _message_parts(draft, brand)
    ids = drafts.identifiers(draft)
    if request.method == "POST":
        form = f.MessageForm(request.POST, asked=asked, identifiers=ids)
        if request.POST.get("action") == "redraft":
            form.is_valid()
            fills = form.fills()
            subject, body = _drafted(draft, {**known, **fills})
            drafts.draft_keep_message(draft=draft, subject=subject, body=body, fills=fills,
                                      drafted_from=draft.template_id)
            return redirect("draft_step", draft.pk, "message")
        if form.is_valid():
            draft = drafts.draft_save_step(draft=draft, step="message", values={
                "subject": form.cleaned_data["subject"].strip(), "body": form.cleaned_data["body"].strip(),
                "fills": form.fills(), "drafted_from": draft.template_id,
            })
            return _next(draft)
        _refused(request)
        return _render(request, step="message", form=form, draft=draft, checks=form.checks, asked=asked,
                       pristine=False, status=400)
    fills = {k: v for k, v in (data.get("fills") or {}).items() if k in asked}
    drafted = _drafted(draft, {**known, **fills})
    if data.get("drafted_from") == draft.template_id and ("subject" in data or "body" in data):
        subject, body = data.get("subject", ""), data.get("body", "")
    else:
        subject, body = drafted
    form = f.MessageForm(asked=asked, identifiers=ids, initial={
        "subject": subject, "body": body, **{f"fill_{k}": v for k, v in fills.items()}})
    return _render(request, step="message", form=form, draft=draft, asked=asked,
                   checks=compose.check_message(subject, body, ids), pristine=(subject, body) == drafted)


@require_POST
def message_check(request, pk: int):
    """The live checks as the person types (and the draft kept, so a reload loses nothing). JSON."""
    draft = _get_draft(request, pk)
    if not drafts.step_allowed(draft, "message"):
        return JsonResponse({"error": "Finish the earlier steps first."}, status=409)
    brand = Brand.objects.filter(pk=draft.data.get("brand")).first()
    known, asked = _message_parts(draft, brand)
    form = f.MessageForm(request.POST, asked=asked, identifiers=drafts.identifiers(draft))
    form.is_valid()
    fills = form.fills()
    subject = form.cleaned_data.get("subject", "") if hasattr(form, "cleaned_data") else ""
    body = form.cleaned_data.get("body", "") if hasattr(form, "cleaned_data") else ""
    redrafted = request.POST.get("redraft") == "1"
    if redrafted:
        subject, body = _drafted(draft, {**known, **fills})
    checks = compose.check_message(subject, body, drafts.identifiers(draft))
    drafts.draft_keep_message(draft=draft, subject=subject, body=body.strip(), fills=fills,
                              drafted_from=draft.template_id)
    payload = {
        "ok": not compose.has_errors(checks),
        "checks_html": render_to_string("cases/open/_checks.html", {"checks": checks}),
    }
    if redrafted:
        payload.update(subject=subject, body=body)
    return JsonResponse(payload)


def _contact(request, draft):
    data = draft.data
    channel = data.get("channel", Channel.SELLER_CENTRAL)
    if request.method == "POST":
        form = f.ContactForm(request.POST, channel=channel)
        if form.is_valid():
            draft = drafts.draft_save_step(draft=draft, step="contact", values={
                "contact_method": form.cleaned_data["contact_method"], "urgent": form.cleaned_data["urgent"]})
            return _next(draft)
        _refused(request)
        return _render(request, step="contact", form=form, draft=draft, status=400)
    form = f.ContactForm(channel=channel, initial={"contact_method": data.get("contact_method", ContactMethod.EMAIL),
                                                   "urgent": data.get("urgent", False)})
    return _render(request, step="contact", form=form, draft=draft)


def _send(request, draft):
    if request.method == "POST":
        draft = drafts.draft_save_step(draft=draft, step="send", values={"sent": True})
        return _next(draft)
    return _render(request, step="send", draft=draft)


def _record(request, draft):
    data = draft.data
    existing = None
    if request.method == "POST":
        form = f.RecordForm(request.POST)
        if form.is_valid():
            case_id = form.cleaned_data["case_id"]
            existing = Case.objects.filter(channel=data.get("channel"), case_id=case_id).first()
            if existing is not None:
                form.add_error("case_id", f"{existing.get_channel_display()} case {case_id} is already recorded.")
            else:
                try:
                    case = drafts.draft_record(draft=draft, actor=request.user, case_id=case_id)
                except ValidationError as exc:
                    return _record_refused(request, draft, form, exc)
                messages.success(request, f"Case {case.case_id} recorded: waiting on Amazon, checked today.")
                return redirect(case.get_absolute_url())
        _refused(request)
        return _render(request, step="record", form=form, draft=draft, existing=existing, status=400)
    return _render(request, step="record", form=f.RecordForm(), draft=draft)


_ERROR_STEPS = {"brand": "where", "products": "products", "message": "message", "contact_method": "contact",
                "channel": "where"}


def _record_refused(request, draft, form, exc: ValidationError):
    if getattr(exc, "code", None) == "draft_gone":
        messages.info(request, exc.messages[0])
        return redirect("board")
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, texts in errors.items():
        if field in _ERROR_STEPS:
            messages.error(request, "Nothing was recorded: " + " ".join(texts))
            return redirect("draft_step", draft.pk, _ERROR_STEPS[field])
    form.add_error("case_id" if "case_id" in errors else None, [t for texts in errors.values() for t in texts])
    _refused(request)
    return _render(request, step="record", form=form, draft=draft, status=400)


@require_POST
def draft_discard(request, pk: int):
    draft = _get_draft(request, pk)
    name = draft.template.name
    drafts.draft_discard(draft=draft)
    messages.success(request, f"Draft “{name}” discarded.")
    return redirect("board")


STEP_VIEWS = {
    "about": _about, "where": _where, "products": _products, "message": _message, "contact": _contact,
    "send": _send, "record": _record,
}
