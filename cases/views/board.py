"""The board, `/`: every case that needs something today, most urgent first, filtered in the URL.

The same filtered queryset feeds the page, the summary line and the CSV download, so the download is
exactly the board. Row actions post to `case_action` (htmx swaps the row); "mark selected checked"
posts here.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from cases import exporters, selectors, services
from cases.filters import SORTS, BoardFilter, person_label, team_members
from cases.forms import StatusForm
from cases.models import Case

PAGE_SIZES = (25, 50, 100)
DEFAULT_PAGE_SIZE = 50

# Saved views: a name and the filters it stands for (the URL is the view, so each is bookmarkable).
SAVED_VIEWS = [
    ("today", "Today", {}),
    ("mine", "My cases", {"owner": "me"}),
    ("needs-me", "Needs me today", {"owner": "me", "clock": "today"}),
    ("open", "All open", {"status": "open", "sort": "-started"}),
    ("escalated", "Escalated", {"status": "escalated"}),
    ("resolved", "Resolved this month", {"resolved": "month", "sort": "-started"}),
]
# Query parameters that are not filters.
NOT_FILTERS = {"page", "per", "sort"}


def _params(query: QueryDict) -> dict:
    return {k: v for k, v in query.items() if v and k not in {"page", "per"}}


def _saved_views(query: QueryDict) -> list[dict]:
    current = _params(query)
    views = []
    for slug, label, params in SAVED_VIEWS:
        qd = QueryDict(mutable=True)
        qd.update(params)
        views.append({"slug": slug, "label": label, "url": f"{reverse('board')}?{qd.urlencode()}" if params else reverse("board"),
                      "active": current == params})
    return views


def _board_filter(request, now) -> BoardFilter:
    filterset = BoardFilter(request.GET, queryset=selectors.case_list_queryset(), user=request.user, now=now)
    filterset.is_valid()  # fills form.errors / cleaned_data: bad values are named, the valid ones still apply
    return filterset


def _sort(request) -> str:
    sort = request.GET.get("sort", "")
    return sort if sort.lstrip("-") in SORTS else ""


def _sort_links(request, sort: str) -> dict:
    """Each column's header link: sort by it, or reverse it when it is the current sort."""
    links = {}
    for key in SORTS:
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = f"-{key}" if sort == key else key
        state = "asc" if sort == key else "desc" if sort == f"-{key}" else ""
        links[key] = {"url": f"?{query.urlencode()}", "state": state}
    return links


ROW_ACTIONS = ("checked", "amazon-replied", "we-replied", "keep-open", "status", "reassign", "note")


class RowKit:
    """What every row on a page shares, built once: the hidden inputs and the option lists.

    The board renders up to 100 rows of small forms; building these once per page (not per row, in
    template tags) keeps the page's time flat.
    """

    def __init__(self, request, *, people, next_url: str):
        from django.middleware.csrf import get_token
        from django.utils.html import format_html, format_html_join

        self.hidden = format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}"><input type="hidden" name="fragment" value="row">'
            '<input type="hidden" name="next" value="{}">', get_token(request), next_url)
        self.people = people
        statuses = StatusForm.base_fields["status"].choices
        self._status = {
            current: format_html_join("", '<option value="{}"{}>{}</option>',
                                      ((v, " selected" if v == current else "", label) for v, label in statuses))
            for current, _ in statuses
        }
        self._status_escalated = format_html('<option value="" selected disabled>Escalated</option>{}',
                                             format_html_join("", '<option value="{}">{}</option>', statuses))
        self._owners = {}
        self._format_html_join = format_html_join
        # One reverse per page: every row's action URLs share it, with the case's number in the middle.
        self._action = reverse("case_action", args=[987654321, "checked"]).replace("checked/", "{action}/")

    def status_options(self, status):
        return self._status_escalated if status == "escalated" else self._status.get(status, "")

    def owner_options(self, owner_id):
        if owner_id not in self._owners:
            options = [("", "Unassigned")] + list(self.people)
            self._owners[owner_id] = self._format_html_join(
                "", '<option value="{}"{}>{}</option>',
                ((pk, " selected" if (pk or None) == owner_id else "", name) for pk, name in options))
        return self._owners[owner_id]

    def urls(self, case):
        base = self._action.replace("987654321", str(case.pk))
        return {slug.replace("-", "_"): base.format(action=slug) for slug in ROW_ACTIONS}


class NarrowFirstPaginator(Paginator):
    """Pages the board by ordering the case table alone, then joining only the page's rows.

    The board's order (urgency, time left, …) has to look at every matching case; doing that on the bare
    case table and fetching brand, issue type and people for the 25–100 cases of the page alone, in the
    same single query (`pk IN (ordered ids LIMIT n)`), is about 4× quicker at 50,000 open cases than
    sorting the fully joined rows.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ordered_ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ordered_ids), number, self)


def row_context(request, case: Case, now, *, kit: RowKit | None = None, next_url: str = "", **extra) -> dict:
    """What one board row needs (the board, and the row re-rendered after an htmx action)."""
    if kit is None:
        kit = RowKit(request, people=[(u.pk, person_label(u)) for u in team_members()],
                     next_url=next_url or reverse("board"))
    return {
        "case": case, "clock": case.clock(now), "now": now, "url": case.get_absolute_url(), "do": kit.urls(case),
        "hidden": kit.hidden, "status_options": kit.status_options(case.status),
        "owner_options": kit.owner_options(case.owner_id), **extra,
    }


@require_GET
def board(request):
    now = timezone.now()
    filterset = _board_filter(request, now)
    sort = _sort(request)
    cases = selectors.board_order(filterset.filter_queryset(filterset.queryset.all()), sort=sort, now=now)
    try:
        per = int(request.GET.get("per", DEFAULT_PAGE_SIZE))
    except ValueError:
        per = DEFAULT_PAGE_SIZE
    per = per if per in PAGE_SIZES else DEFAULT_PAGE_SIZE
    page = NarrowFirstPaginator(cases, per).get_page(request.GET.get("page"))
    summary = selectors.board_summary(filterset.queryset_without_clock(), now=now)
    for item in summary:
        query = request.GET.copy()
        for key in ("page", "sort"):
            query.pop(key, None)
        query["clock"] = item["state"]
        item["url"] = f"?{query.urlencode()}"
        item["active"] = request.GET.get("clock") == item["state"]
    people = [(u.pk, person_label(u)) for u in filterset.people]
    kit = RowKit(request, people=people, next_url=request.get_full_path())
    rows = [row_context(request, case, now, kit=kit) for case in page.object_list]
    filtered = bool(set(_params(request.GET)) - {"sort"})
    csv_query = request.GET.copy()
    csv_query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "rows": rows,
        "now": now,
        "summary": summary,
        "summary_empty": not any(item["count"] for item in summary),
        "saved_views": _saved_views(request.GET),
        "sort": sort,
        "sort_links": _sort_links(request, sort),
        "per": per,
        "page_sizes": PAGE_SIZES,
        "filtered": filtered,
        "csv_url": f"{reverse('board_csv')}?{csv_query.urlencode()}" if csv_query else reverse("board_csv"),
        "next_url": request.get_full_path(),
    }
    return render(request, "cases/board.html", context)


@require_GET
def board_csv(request):
    """Exactly the filtered board, in the board's order, every page of it."""
    now = timezone.now()
    filterset = _board_filter(request, now)
    cases = selectors.board_order(filterset.filter_queryset(filterset.queryset.all()), sort=_sort(request), now=now)
    return exporters.csv_response(exporters.board_rows(cases, now=now), f"casedesk-board-{now:%Y-%m-%d}.csv")


@require_POST
def board_mark_checked(request):
    """Mark the selected cases checked: one service call per case, so each leaves its own event.

    Each checkbox carries "<pk>:<version>" — a case someone changed since the board was loaded is not
    touched, and the person is told which.
    """
    done, stale, refused = [], [], []
    wanted = []
    for value in request.POST.getlist("case"):
        pk, _, version = value.partition(":")
        if pk.isdigit():
            wanted.append((int(pk), int(version) if version.isdigit() else None))
    by_pk = {c.pk: c for c in Case.objects.filter(pk__in=[pk for pk, _ in wanted]).select_related("brand")}
    for pk, version in wanted:
        case = by_pk.get(pk)
        if case is None:
            continue
        try:
            services.case_mark_checked(case=case, actor=request.user, expected_version=version)
            done.append(case.case_id)
        except services.CaseChanged:
            stale.append(case.case_id)
        except ValidationError as exc:
            refused.append(f"{case.case_id} ({' '.join(exc.messages)})")
    if done:
        messages.success(request, f"Marked checked: {len(done)} case{'s' if len(done) != 1 else ''}.")
    if stale:
        messages.warning(request, "Changed by someone else since you loaded the board, so not marked: "
                                  f"{', '.join(stale)}. Look at them again.")
    if refused:
        messages.error(request, f"Not marked: {', '.join(refused)}.")
    if not wanted:
        messages.error(request, "Select the cases to mark checked first.")
    target = request.POST.get("next")
    if not (target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())):
        target = reverse("board")
    return redirect(target)
