"""The board's filters (django-filter), all in the URL so every view of the board can be bookmarked.

Choice lists come from small tables (brands, case templates, the team) or fixed choices, never from
the distinct values of a big column, so the filter form costs the same at 1,000 and 100,000 cases.
"""

import re
from datetime import datetime, time

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from cases import clocks
from cases.models import OPEN_STATUSES, Brand, Case, CaseProduct, CaseTemplate, Channel, Marketplace, Priority, Status
from cases.permissions import SUPERVISOR_GROUP, TEAM_GROUP

# "Needs something today": every clock state but "nothing pending" and "window running".
TODAY_STATES = ("overdue", "due_soon", "needs_check", "stale", "follow_up")

CLOCK_CHOICES = [
    ("today", "Needs something today"),
    ("overdue", "Response overdue"),
    ("due_soon", "Response due soon"),
    ("window", "Response window running"),
    ("action", "Action needed (our move)"),
    ("needs_check", "Needs today's check"),
    ("stale", "Stale — no reply from Amazon"),
    ("follow_up", "Escalation follow-up due"),
    ("none", "Nothing pending"),
]

STATUS_CHOICES = [("open", "Open (any)"), *Status.choices, ("any", "Any status")]

OWNER_FIXED = [("me", "Me"), ("anyone", "Anyone"), ("unassigned", "Unassigned")]

RESOLVED_CHOICES = [("month", "This month"), ("week", "Last 7 days")]

# Columns a person can sort by: URL name -> the ordering it stands for.
SORTS = {
    "case_id": ("case_id",),
    "brand": ("brand__name", "case_id"),
    "channel": ("channel", "case_id"),
    "issue": ("issue", "case_id"),
    "status": ("status", "case_id"),
    "owner": ("owner__first_name", "owner__username", "case_id"),
    "checked": ("last_checked_at", "id"),
    "left": ("response_due_at", "id"),
    "started": ("started_at", "id"),
}

_CASE_ID_LIKE = re.compile(r"^(?:case\s*id\s*:?\s*)?#?\s*([\d\s-]{4,})$", re.IGNORECASE)


def clock_filter_q(state: str, now: datetime) -> Q:
    """A board clock state as a query: the shared `selectors.clock_state_q` plus the board's groupings."""
    from cases.selectors import clock_state_q

    if state == "today":
        q = Q()
        for name in TODAY_STATES:
            q |= clock_state_q(name, now=now)
        return q
    if state == "action":
        return Q(status__in=OPEN_STATUSES) & (Q(status=Status.ACTION_NEEDED) | Q(response_due_at__isnull=False))
    return clock_state_q(state, now=now)


def search_q(text: str) -> Q:
    """One box over Case ID, ASIN, SKU, UPC, subject and notes.

    A pasted Case ID ("Case ID: 1572 8394 061", "#15728394061") is read as its digits, the way it is stored.
    The cases matching by text and those matching by product are a UNION, so PostgreSQL can answer each
    side from its trigram indexes (an OR with a subquery would scan every case).
    """
    text = text.strip()
    match = _CASE_ID_LIKE.match(text)
    digits = re.sub(r"\D", "", match.group(1)) if match else ""
    by_text = Case.objects.filter(
        Q(subject__icontains=text) | Q(notes__icontains=text) | Q(case_id__icontains=digits or text)
    ).order_by().values("pk")
    by_product = CaseProduct.objects.filter(value__icontains=text).order_by().values("case_id")
    return Q(pk__in=by_text.union(by_product))


# A search usually finds a handful of cases: they are fetched once, and the board's count, summary line
# and page then look them up by primary key. Past this many the search stays a subquery.
SEARCH_IDS_CAP = 500


def team_members():
    """The people a case can belong to: a small table, listed whole."""
    return (
        get_user_model().objects.filter(is_active=True, groups__name__in=[TEAM_GROUP, SUPERVISOR_GROUP])
        .distinct()
        .order_by("first_name", "username")
    )


def person_label(user) -> str:
    return user.get_full_name() or user.username


class BoardFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search",
                                  widget=forms.TextInput(attrs={"type": "search", "placeholder": "Case ID, ASIN, SKU, UPC, subject, notes"}))
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_status", empty_label="Open cases",
                                         label="Status")
    clock = django_filters.ChoiceFilter(choices=CLOCK_CHOICES, method="filter_clock", empty_label="Any clock",
                                        label="Clock")
    owner = django_filters.ChoiceFilter(choices=OWNER_FIXED, method="filter_owner", empty_label="Anyone", label="Owner")
    brand = django_filters.ModelChoiceFilter(queryset=Brand.objects.order_by("name"), empty_label="All brands")
    channel = django_filters.ChoiceFilter(choices=Channel.choices, empty_label="SC and BR", label="SC/BR")
    issue_type = django_filters.ModelChoiceFilter(queryset=CaseTemplate.objects.order_by("position", "name"),
                                                  empty_label="All issue types", label="Issue type")
    priority = django_filters.ChoiceFilter(choices=Priority.choices, empty_label="Any priority")
    marketplace = django_filters.ChoiceFilter(choices=Marketplace.choices, empty_label="All marketplaces")
    started = django_filters.DateFromToRangeFilter(
        field_name="started_at", label="Started",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    resolved = django_filters.ChoiceFilter(choices=RESOLVED_CHOICES, method="filter_resolved", empty_label="Any time",
                                           label="Resolved")

    class Meta:
        model = Case
        fields = []

    def __init__(self, data=None, *args, user=None, now=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.user = user
        self.now = now or timezone.now()
        self.people = list(team_members())
        self.filters["owner"].extra["choices"] = OWNER_FIXED + [(str(u.pk), person_label(u)) for u in self.people]

    # Status: open cases unless a status is picked; a search looks at every case unless one is.
    def filter_status(self, queryset, name, value):
        return queryset  # applied in filter_queryset, which also sees the search

    def filter_queryset(self, queryset, *, skip_clock: bool = False):
        data = self.form.cleaned_data
        status = data.get("status")
        if status == "any":
            pass
        elif status and status != "open":
            queryset = queryset.filter(status=status)
        elif status == "open" or not (data.get("q") or data.get("resolved")):
            queryset = queryset.filter(status__in=OPEN_STATUSES)
        for name, value in data.items():
            if skip_clock and name == "clock":
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def queryset_without_clock(self):
        """The board's cases before the clock filter: the summary line counts its buckets within these."""
        return self.filter_queryset(self.queryset.all(), skip_clock=True)

    def filter_search(self, queryset, name, value):
        if not value.strip():
            return queryset
        if not hasattr(self, "_search_ids"):
            found = list(Case.objects.filter(search_q(value)).order_by().values_list("pk", flat=True)[: SEARCH_IDS_CAP + 1])
            self._search_ids = found if len(found) <= SEARCH_IDS_CAP else None
        if self._search_ids is None:
            return queryset.filter(search_q(value))
        return queryset.filter(pk__in=self._search_ids)

    def filter_clock(self, queryset, name, value):
        return queryset.filter(clock_filter_q(value, self.now))

    def filter_owner(self, queryset, name, value):
        if value == "me":
            return queryset.filter(owner=self.user)
        if value == "unassigned":
            return queryset.filter(owner__isnull=True)
        if value == "anyone":
            return queryset
        return queryset.filter(owner_id=int(value))

    def filter_resolved(self, queryset, name, value):
        p = clocks.policy()
        local = self.now.astimezone(p.tz)
        if value == "month":
            since = datetime.combine(local.date().replace(day=1), time(0, 0), tzinfo=p.tz)
        else:
            since = self.now - timezone.timedelta(days=7)
        return queryset.filter(status=Status.RESOLVED, resolved_at__gte=since)
