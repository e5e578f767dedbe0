"""/reports/: what the team's cases say over time, as charts with their tables and CSV files."""

from datetime import timedelta

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases import charts
from cases import selectors_reports as reports
from cases.exporters import csv_response
from cases.forms_supervisor import ReportFilterForm
from cases.permissions import supervisor_required


def _week(day) -> str:
    return day.strftime("%-d %b")


def _days(span: timedelta | None) -> float:
    return round(span.total_seconds() / 86400, 1) if span else 0


def _days_text(value: float) -> str:
    return f"{value:.1f} d"


def chart_opened_resolved(r, now):
    rows = reports.opened_resolved_per_week(r)
    chart = charts.lines(
        "opened-resolved", "Cases opened and resolved per week",
        "Lines of the number of cases opened and resolved in each week of the period.",
        [_week(row["week"]) for row in rows],
        [("Opened", [row["opened"] for row in rows]), ("Resolved", [row["resolved"] for row in rows])],
        table_head=["Week of", "Opened", "Resolved"],
    )
    chart.totals = {"opened": sum(row["opened"] for row in rows), "resolved": sum(row["resolved"] for row in rows)}
    return chart


def chart_issue_types(r, now):
    rows = reports.by_issue_type(r)
    return charts.hbars(
        "issue-types", "Cases by issue type", "Cases opened in the period per issue type, split by where they stand now.",
        [row["name"] for row in rows],
        [("Resolved", [row["resolved"] for row in rows]), ("Still open", [row["still_open"] for row in rows]),
         ("Closed by Amazon", [row["closed"] for row in rows])],
        table_head=["Issue type", "Opened", "Resolved", "Still open", "Closed by Amazon"],
        table_rows=[[row["name"], row["opened"], row["resolved"], row["still_open"], row["closed"]] for row in rows],
    )


def chart_brands(r, now):
    rows = reports.by_brand(r)
    return charts.hbars(
        "brands", "Cases by brand", f"The {reports.TOP} brands with the most cases opened in the period.",
        [row["name"] for row in rows],
        [("Resolved", [row["resolved"] for row in rows]), ("Still open", [row["still_open"] for row in rows]),
         ("Closed by Amazon", [row["closed"] for row in rows])],
        table_head=["Brand", "Opened", "Resolved", "Still open", "Closed by Amazon"],
        table_rows=[[row["name"], row["opened"], row["resolved"], row["still_open"], row["closed"]] for row in rows],
    )


def chart_time_to_resolution(r, now):
    overall, rows = reports.median_time_to_resolution(r)
    chart = charts.hbars(
        "time-to-resolution", "Median time to resolution",
        "Median days from opening a case to its resolution, per issue type, for cases resolved in the period.",
        [row["name"] for row in rows], [("Median days", [_days(row["median"]) for row in rows])],
        value_format=_days_text,
        table_head=["Issue type", "Median (days)", "Cases resolved"],
        table_rows=[[row["name"], _days(row["median"]), row["n"]] for row in rows],
    )
    chart.headline = _days(overall) if overall else None
    return chart


def chart_closed_by_amazon(r, now):
    rows = reports.closed_by_amazon_per_week(r)
    chart = charts.columns(
        "closed-by-amazon", "Closed by Amazon, and response windows missed",
        "Stacked bars per week: cases Amazon closed after we missed the response window, and those it closed otherwise.",
        [_week(row["week"]) for row in rows],
        [("Window missed", [row["missed"] for row in rows]), ("Closed otherwise", [row["other"] for row in rows])],
        stacked=True,
        table_head=["Week of", "Window missed", "Closed otherwise"],
    )
    chart.totals = {"missed": sum(row["missed"] for row in rows), "closed": sum(row["closed"] for row in rows)}
    return chart


def chart_recurring(r, now):
    rows = reports.recurring_products(r)
    return charts.hbars(
        "recurring-products", "Products that keep needing cases",
        "Products with two or more cases opened in the period, most cases first.",
        [f"{row['value']} · {row['brand']}" for row in rows],
        [("Cases", [row["cases"] for row in rows])],
        table_head=["Product", "Kind", "Brand", "Cases", "Still open", "Last opened"],
        table_rows=[[row["value"], row["kind"].upper(), row["brand"], row["cases"], row["still_open"],
                     timezone.localtime(row["last_opened"]).date().isoformat()] for row in rows],
    )


def chart_recurring_issues(r, now):
    rows = reports.recurring_product_issues(r)
    return charts.hbars(
        "recurring-issues", "The same issue on the same product",
        "Product and issue-type pairs with two or more cases in the period.",
        [f"{row['value']} · {row['case__issue_type__name']}" for row in rows],
        [("Cases", [row["cases"] for row in rows])],
        table_head=["Product", "Issue type", "Cases", "Last opened"],
        table_rows=[[row["value"], row["case__issue_type__name"], row["cases"],
                     timezone.localtime(row["last_opened"]).date().isoformat()] for row in rows],
    )


def chart_workload(r, now):
    rows = reports.workload(r, now=now)
    return charts.hbars(
        "workload", "Workload per owner (now)",
        "Open cases per owner today, overdue ones first in red. Not limited by the date range.",
        [row["name"] for row in rows],
        [("Overdue", [row["overdue"] for row in rows]), ("Due soon", [row["due_soon"] for row in rows]),
         ("Other open", [row["open"] - row["overdue"] - row["due_soon"] for row in rows])],
        table_head=["Owner", "Open", "Overdue", "Due soon", "Needs today's check", "Escalated"],
        table_rows=[[row["name"], row["open"], row["overdue"], row["due_soon"], row["needs_check"], row["escalated"]]
                    for row in rows],
    )


def chart_escalations(r, now):
    from cases import escalation

    found = reports.escalations(r)
    rows = found["rows"]

    def route_label(key):
        route = escalation.route_by_key(key)
        return route.label if route else (key or "—")

    chart = charts.hbars(
        "escalations", "Escalations and how they ended",
        "Cases escalated in the period (by their latest escalation), per route, split by where they stand now. "
        "The table adds the median days from escalating to resolution.",
        [route_label(row["escalation_route"]) for row in rows],
        [("Resolved", [row["resolved"] for row in rows]), ("Still open", [row["still_open"] for row in rows]),
         ("Closed unresolved", [row["closed"] for row in rows])],
        table_head=["Route", "Cases escalated", "Resolved", "Still open", "Closed unresolved",
                    "Escalated twice or more", "Median days to resolution after escalating"],
        table_rows=[[route_label(row["escalation_route"]), row["escalated"], row["resolved"], row["still_open"],
                     row["closed"], row["repeated"], _days(row["median"]) if row["median"] is not None else "—"]
                    for row in rows],
    )
    chart.totals = {"escalated": sum(row["escalated"] for row in rows), "escalation_requests": found["requests"],
                    "escalation_median_days": _days(found["median"]) if found["median"] is not None else None}
    return chart


CHARTS = {
    "opened-resolved": chart_opened_resolved,
    "closed-by-amazon": chart_closed_by_amazon,
    "issue-types": chart_issue_types,
    "brands": chart_brands,
    "time-to-resolution": chart_time_to_resolution,
    "escalations": chart_escalations,
    "workload": chart_workload,
    "recurring-products": chart_recurring,
    "recurring-issues": chart_recurring_issues,
}


@supervisor_required
@require_GET
def reports_page(request):
    form = ReportFilterForm(request.GET)
    r = form.report_range()
    now = timezone.now()
    built = {slug: build(r, now) for slug, build in CHARTS.items()}
    headline = {
        **built["opened-resolved"].totals,
        **built["closed-by-amazon"].totals,
        **built["escalations"].totals,
        "overdue": sum(row[2] for row in built["workload"].table_rows),
        "median_days": built["time-to-resolution"].headline,
    }
    return render(request, "cases/reports.html", {
        "form": form, "range": r, "charts": list(built.values()), "query": request.GET.urlencode(), "headline": headline,
    })


@supervisor_required
@require_GET
def report_csv(request, slug: str):
    build = CHARTS.get(slug)
    if build is None:
        raise Http404("No such report.")
    r = ReportFilterForm(request.GET).report_range()
    chart = build(r, timezone.now())
    rows = [chart.table_head, *chart.table_rows]
    return csv_response(rows, f"casedesk-{slug}-{r.start.isoformat()}-{r.end.isoformat()}.csv")
