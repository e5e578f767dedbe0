"""Escalating a case: the composer, its live checks, the follow-up, and closing to reach another agent.

The app drafts, checks and records; the person sends the message at Amazon (or from their mail), never the app.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from cases import clocks, compose, escalation, selectors, services
from cases import selectors_escalation as sel
from cases.forms_escalation import OTHER_OUTCOME, AnotherAgentForm, EscalationForm, FollowUpForm
from cases.models import Status


def _identifiers(case) -> list[str]:
    return [p.value for p in case.products.all()]


class _Composer:
    """Everything the escalation composer knows about a case, fetched once."""

    def __init__(self, case):
        self.case = case
        self.now = timezone.now()
        self.p = clocks.policy()
        self.category = escalation.case_category(case)
        self.reasons = escalation.case_reasons(case, self.now, self.p)
        self.level = case.escalation_level + 1
        self.events = sel.events_for_draft(case)
        self.attachment_names = sel.attachment_names(case)
        self.suggested_route = escalation.suggested_route(
            category=self.category, status=case.status, escalation_level=case.escalation_level)

    def draft(self, *, outcome: str, attachments: list[str]) -> escalation.Draft:
        case = self.case
        return escalation.draft_escalation(
            case_id=case.case_id, issue=case.issue, category=self.category,
            products=[f"{p.get_kind_display()} {p.value}" for p in case.products.all()],
            brand=case.brand.name, marketplace=case.get_marketplace_display(), started_at=case.started_at,
            events=self.events, reasons=self.reasons, level=self.level, outcome=outcome, attachments=attachments,
            p=self.p,
        )

    def form(self, data=None, *, initial=None):
        return EscalationForm(data, initial=initial, category=self.category, attachment_names=self.attachment_names)

    def checks(self, *, subject: str, body: str, route: str) -> list[compose.Check]:
        return escalation.escalation_checks(
            subject=subject, body=body, case_id=self.case.case_id, identifiers=_identifiers(self.case), route=route,
            status=self.case.status, escalation_level=self.case.escalation_level)


def _chosen(data) -> tuple[str, str, list[str]]:
    """Route, outcome and attachments from a (possibly invalid) submission, for redrafting."""
    choice = data.get("outcome_choice", "")
    outcome = data.get("outcome_text", "").strip() if choice in ("", OTHER_OUTCOME) else choice
    return data.get("route", ""), outcome, data.getlist("attachments")


def _render_composer(request, composer, form, *, checks, status=200, stale=False):
    route_key = form["route"].value() or composer.suggested_route
    return render(request, "cases/escalate.html", {
        "case": composer.case,
        "form": form,
        "reasons": composer.reasons,
        "level": composer.level,
        "level_word": escalation.ordinal(composer.level),
        "routes": form.routes,
        "route_key": route_key,
        "suggested_route": composer.suggested_route,
        "checks": checks,
        "has_errors": compose.has_errors(checks),
        "stale": stale,
        "follow_up_hours": f"{composer.p.escalation_follow_up.total_seconds() / 3600:g}",
    }, status=status)


@require_http_methods(["GET", "POST"])
def case_escalate(request, pk: int):
    case = selectors.case_for_page(pk)
    composer = _Composer(case)
    if request.method == "GET":
        outcome = escalation.outcomes_for(composer.category)[0]
        route = request.GET.get("route") if escalation.route_by_key(request.GET.get("route", "")) else \
            composer.suggested_route
        draft = composer.draft(outcome=outcome, attachments=composer.attachment_names)
        form = composer.form(initial={
            "version": case.version, "route": route, "outcome_choice": outcome,
            "attachments": composer.attachment_names, "subject": draft.subject, "message": draft.body,
        })
        return _render_composer(request, composer, form,
                                checks=composer.checks(subject=draft.subject, body=draft.body, route=route))

    form = composer.form(request.POST)
    if "redraft" in request.POST:
        # Without JavaScript: the choices changed, so draft the message again from them.
        route, outcome, attachments = _chosen(request.POST)
        draft = composer.draft(outcome=outcome, attachments=attachments)
        data = request.POST.copy()
        data["subject"], data["message"] = draft.subject, draft.body
        form = composer.form(data)
        form.is_valid()
        return _render_composer(request, composer, form,
                                checks=composer.checks(subject=draft.subject, body=draft.body, route=route))
    if not form.is_valid():
        messages.error(request, "Nothing was recorded: correct what is marked below.")
        route, _, _ = _chosen(request.POST)
        checks = composer.checks(subject=request.POST.get("subject", ""), body=request.POST.get("message", ""),
                                 route=route)
        return _render_composer(request, composer, form, checks=checks, status=400)
    data = form.cleaned_data
    checks = composer.checks(subject=data["subject"], body=data["message"], route=data["route"])
    if compose.has_errors(checks):
        messages.error(request, "Nothing was recorded: fix the message first (see the checks).")
        return _render_composer(request, composer, form, checks=checks, status=400)
    try:
        services.case_escalate(case=case, actor=request.user, route=data["route"], subject=data["subject"],
                               message=data["message"], outcome=data["outcome"], attachments=data["attachments"],
                               expected_version=data["version"])
    except services.CaseChanged as exc:
        messages.error(request, str(exc))
        fresh = _Composer(selectors.case_for_page(pk))
        data = request.POST.copy()
        data["version"] = fresh.case.version
        form = fresh.form(data)
        form.is_valid()
        return _render_composer(request, fresh, form, checks=checks, status=409, stale=True)
    except ValidationError as exc:
        for field, errors in getattr(exc, "error_dict", {None: exc.error_list}).items():
            form.add_error(field if field in form.fields else None, errors)
        messages.error(request, "Nothing was recorded: " + " ".join(exc.messages))
        return _render_composer(request, composer, form, checks=checks, status=400)
    route = escalation.route_by_key(data["route"])
    messages.success(request, f"Escalation recorded ({escalation.ordinal(composer.level)}, {route.label.lower()}). "
                              f"Follow up in {composer.p.escalation_follow_up.total_seconds() / 3600:g} h if Amazon "
                              "has not answered.")
    return redirect(f"{case.get_absolute_url()}#escalation")


@require_POST
def case_escalation_check(request, pk: int, kind: str = "escalation"):
    """The composers' live checks as the person types; with `redraft`, the draft for the current choices too."""
    case = selectors.case_for_page(pk)
    subject, body = request.POST.get("subject", ""), request.POST.get("message", "")
    payload = {}
    if kind == "follow_up":
        checks = escalation.escalation_checks(
            subject=subject, body=body, case_id=case.case_id, identifiers=_identifiers(case), route=escalation.THREAD,
            status=case.status, escalation_level=case.escalation_level, follow_up=True)
    else:
        composer = _Composer(case)
        route, outcome, attachments = _chosen(request.POST)
        if request.POST.get("redraft"):
            draft = composer.draft(outcome=outcome, attachments=attachments)
            subject, body = draft.subject, draft.body
            payload["draft"] = {"subject": subject, "message": body}
        checks = composer.checks(subject=subject, body=body, route=route)
    payload["checks"] = [{"level": c.level, "code": c.code, "message": c.message} for c in checks]
    payload["ok"] = not compose.has_errors(checks)
    return JsonResponse(payload)


def _follow_up_draft(case, events, p):
    outcome = sel.last_escalation(events).get("outcome", "")
    return escalation.draft_follow_up(case_id=case.case_id, issue=case.issue, escalated_at=case.escalated_at,
                                      outcome=outcome, p=p,
                                      products=[f"{x.get_kind_display()} {x.value}" for x in case.products.all()])


@require_http_methods(["GET", "POST"])
def case_follow_up(request, pk: int):
    case = selectors.case_for_page(pk)
    now, p = timezone.now(), clocks.policy()
    status = 200
    if request.method == "POST":
        form = FollowUpForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            checks = escalation.escalation_checks(
                subject=data["subject"], body=data["message"], case_id=case.case_id, identifiers=_identifiers(case),
                route=escalation.THREAD, status=case.status, escalation_level=case.escalation_level, follow_up=True)
            if compose.has_errors(checks):
                messages.error(request, "Nothing was logged: fix the message first (see the checks).")
                status = 400
            else:
                try:
                    services.case_log_follow_up(case=case, actor=request.user, text=data["message"],
                                                subject=data["subject"], expected_version=data["version"])
                except (ValidationError, services.CaseChanged) as exc:
                    messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
                    status = 409 if isinstance(exc, services.CaseChanged) else 400
                else:
                    messages.success(request, "Follow-up logged: the next follow-up is due in "
                                              f"{p.escalation_follow_up.total_seconds() / 3600:g} h if Amazon has not "
                                              "answered.")
                    return redirect(f"{case.get_absolute_url()}#escalation")
        else:
            messages.error(request, "Nothing was logged: " + " ".join(e for errs in form.errors.values() for e in errs))
            status = 400
            checks = []
    else:
        draft = _follow_up_draft(case, sel.events_for_draft(case), p)
        form = FollowUpForm(initial={"version": case.version, "subject": draft.subject, "message": draft.body})
        checks = escalation.escalation_checks(
            subject=draft.subject, body=draft.body, case_id=case.case_id, identifiers=_identifiers(case),
            route=escalation.THREAD, status=case.status, escalation_level=case.escalation_level, follow_up=True)
    return render(request, "cases/follow_up.html", {
        "case": case, "form": form, "checks": checks, "has_errors": compose.has_errors(checks),
        "follow_up_sentence": clocks.follow_up_sentence(case, now, p),
        "level_word": escalation.ordinal(case.escalation_level) if case.escalation_level else "",
        "route": escalation.route_by_key(case.escalation_route),
        "follow_up_hours": f"{p.escalation_follow_up.total_seconds() / 3600:g}",
    }, status=status)


def new_case_url(case, *, reason: str = "") -> str:
    """The open-a-case form, pre-filled from this case (its `from` and `reason` parameters)."""
    try:
        base = reverse("case_new")
    except NoReverseMatch:
        base = "/cases/new/"
    params = {"from": case.pk}
    if reason:
        params["reason"] = reason
    return f"{base}?{urlencode(params)}"


@require_http_methods(["GET", "POST"])
def case_another_agent(request, pk: int):
    case = selectors.case_for_page(pk)
    status = 200
    if request.method == "POST":
        form = AnotherAgentForm(request.POST)
        if form.is_valid():
            try:
                services.case_close_for_another_agent(case=case, actor=request.user, reason=form.cleaned_data["reason"],
                                                      expected_version=form.cleaned_data["version"])
            except (ValidationError, services.CaseChanged) as exc:
                messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
                status = 409 if isinstance(exc, services.CaseChanged) else 400
            else:
                messages.success(request, f"Case {case.case_id} closed to reach another agent. Open the new case at "
                                          "Amazon, then record it here: the form is filled in from the old case.")
                return redirect(new_case_url(case, reason="another_agent"))
        else:
            status = 400
    else:
        form = AnotherAgentForm(initial={"version": case.version})
    return render(request, "cases/another_agent.html", {
        "case": case, "form": form, "is_open": case.status != Status.CLOSED and case.is_open,
    }, status=status)
