"""Template helpers that present what cases.clocks decided; they never redo its arithmetic."""

from datetime import timedelta

from django import template
from django.utils import timezone

from cases import clocks

register = template.Library()

_WINDOW_LABELS = {
    clocks.WindowState.OVERDUE: "Overdue",
    clocks.WindowState.DUE_SOON: "Due soon",
    clocks.WindowState.OK: "Window running",
}


@register.filter
def window_label(state) -> str:
    return _WINDOW_LABELS.get(state, "")


@register.filter
def relative_day(moment, now=None) -> str:
    """'today', 'yesterday', '3 days ago' in the team's time zone; 'never' for no date."""
    if moment is None:
        return "never"
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    days = (now.astimezone(tz).date() - moment.astimezone(tz).date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    return moment.astimezone(tz).strftime("%-d %b %Y")


@register.filter
def hours(span: timedelta | None) -> str:
    if span is None:
        return ""
    return f"{int(span.total_seconds() // 3600)} h"


@register.simple_tag
def status_class(status: str) -> str:
    return f"status status-{status.replace('_', '-')}"


@register.simple_tag
def select_options(bound_field):
    """A form field's <option>s, the current value selected — built in Python: the board's filter form has
    eleven lists, and Django's per-option widget templates cost more than the board's query."""
    from django.utils.html import format_html_join

    value = bound_field.value()
    current = {str(v) for v in value} if isinstance(value, list | tuple) else {"" if value is None else str(value)}
    return format_html_join(
        "", '<option value="{}"{}>{}</option>',
        ((str(v), " selected" if str(v) in current else "", label) for v, label in bound_field.field.choices),
    )
