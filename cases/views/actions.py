"""The one-click actions on a case, shared by the board rows and the case page.

Plain form POSTs redirect back (to `next`, or the case page) with a message; htmx requests get the
re-rendered board row (`fragment=row`) so the board updates in place without a reload.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cases import forms, services
from cases.views.common import get_case_or_404


def _checked(case, actor, data):
    return services.case_mark_checked(case=case, actor=actor, expected_version=data["version"], text=data["text"])


def _amazon_replied(case, actor, data):
    return services.case_log_amazon_reply(
        case=case, actor=actor, at=data["at"], text=data["text"], generic=data["generic"],
        expected_version=data["version"],
    )


def _we_replied(case, actor, data):
    return services.case_log_our_reply(
        case=case, actor=actor, at=data["at"], text=data["text"], expected_version=data["version"]
    )


def _keep_open(case, actor, data):
    return services.case_request_keep_open(
        case=case, actor=actor, at=data["at"], text=data["text"], expected_version=data["version"]
    )


def _status(case, actor, data):
    return services.case_change_status(
        case=case, actor=actor, status=data["status"], text=data["text"], expected_version=data["version"]
    )


def _reassign(case, actor, data):
    return services.case_reassign(
        case=case, actor=actor, owner=data["owner"], text=data["text"], expected_version=data["version"]
    )


def _note(case, actor, data):
    services.case_add_note(case=case, actor=actor, text=data["text"])
    return case


# action slug -> (form, service call, what the person is told)
ACTIONS = {
    "checked": (forms.ActionForm, _checked, "Marked checked — no update."),
    "amazon-replied": (forms.AmazonReplyForm, _amazon_replied, "Amazon's reply logged: the response window is running."),
    "we-replied": (forms.OurReplyForm, _we_replied, "Our reply logged: waiting on Amazon."),
    "keep-open": (forms.OurReplyForm, _keep_open, "Keep-open request logged: waiting on Amazon."),
    "status": (forms.StatusForm, _status, "Status changed."),
    "reassign": (forms.ReassignForm, _reassign, "Case reassigned."),
    "note": (forms.NoteForm, _note, "Note added."),
}


def _next_url(request, case):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return case.get_absolute_url()


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


@require_POST
def case_action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404("No such action.")
    form_class, call, done = ACTIONS[action]
    case = get_case_or_404(pk)
    form = form_class(request.POST)
    error = None
    if form.is_valid():
        try:
            case = call(case, request.user, form.cleaned_data)
        except (ValidationError, services.CaseChanged) as exc:
            error = _error_text(exc)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)

    if request.htmx and request.POST.get("fragment") == "row":
        from cases.views.board import row_context

        case = get_case_or_404(pk)
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
            next_url = ""
        context = row_context(request, case, timezone.now(), next_url=next_url, row_error=error,
                              row_done=None if error else done)
        return render(request, "cases/_board_row.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(_next_url(request, case))
