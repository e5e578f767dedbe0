"""`{% my_drafts %}`: the person's unfinished cases (resume or discard), for the board."""

from django import template

from cases import selectors_open

register = template.Library()


@register.inclusion_tag("cases/open/_my_drafts.html", takes_context=True)
def my_drafts(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    rows = []
    if user is not None and user.is_authenticated:
        rows = list(selectors_open.drafts_for(user)[: selectors_open.MY_DRAFTS_SHOWN + 1])
    return {"drafts": rows[: selectors_open.MY_DRAFTS_SHOWN], "more": len(rows) > selectors_open.MY_DRAFTS_SHOWN,
            "csrf_token": context.get("csrf_token"), "request": request}
