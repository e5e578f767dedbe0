"""Reads for the guided "Open a case" form: a person's drafts, duplicates, today's count per seller account."""

from datetime import datetime, time

from django.db.models import Q

from cases import clocks
from cases.models import Case, CaseDraft, Channel, Login

MY_DRAFTS_SHOWN = 10


def drafts_for(user):
    """A person's unfinished cases, newest first (one query)."""
    return CaseDraft.objects.filter(owner=user).select_related("template").order_by("-updated_at", "-id")


def duplicate_open_cases(*, issue_type_id: int, values: list[str], exclude_pk: int | None = None, limit: int = 5):
    """Open cases of the same issue type about any of these products: add to one of them instead."""
    if not values:
        return []
    found = (
        Case.objects.open()
        .filter(issue_type_id=issue_type_id, products__value__in=values)
        .exclude(pk=exclude_pk)
        .select_related("brand")
        .distinct()
        .order_by("-started_at")
    )
    return list(found[:limit])


def account_q(*, channel: str, login: str, brand_id: int) -> Q:
    """The cases opened from one seller account: the shared brand-protection login is one account for
    every brand; a brand's own login, and Brand Registry, are the brand's."""
    if channel == Channel.SELLER_CENTRAL and login == Login.SHARED:
        return Q(channel=Channel.SELLER_CENTRAL, login=Login.SHARED)
    if channel == Channel.SELLER_CENTRAL:
        return Q(channel=Channel.SELLER_CENTRAL, login=Login.BRAND, brand_id=brand_id)
    return Q(channel=Channel.BRAND_REGISTRY, brand_id=brand_id)


def cases_opened_today(*, channel: str, login: str, brand_id: int, now: datetime) -> int:
    """How many cases this account opened since the start of today (team time zone)."""
    tz = clocks.policy().tz
    start = datetime.combine(now.astimezone(tz).date(), time.min, tzinfo=tz)
    return Case.objects.filter(account_q(channel=channel, login=login, brand_id=brand_id), started_at__gte=start).count()
