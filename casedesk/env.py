"""Reading settings from the environment.

Every reader takes the variable's name and a default that works on a laptop with nothing set.
A malformed value stops start-up with a message that names the variable and says what was
expected, instead of surfacing later as a confusing error deep in a request.
"""

import os
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _raw(name: str) -> str | None:
    """The variable's value, or the contents of the file named by NAME_FILE (Docker secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points at {file_name!r}, which cannot be read: {exc}")
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def _refuse(name: str, value: str, expected: str):
    raise ImproperlyConfigured(f"Environment variable {name}={value!r} is not valid: expected {expected}.")


def env_str(name: str, default: str | None = None) -> str | None:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    _refuse(name, value, "true or false")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        _refuse(name, value, "a whole number")
    if minimum is not None and number < minimum:
        _refuse(name, value, f"a whole number of at least {minimum}")
    return number


def env_float(name: str, default: float, *, minimum: float = 0) -> float:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        _refuse(name, value, "a number")
    if number < minimum:
        _refuse(name, value, f"a number of at least {minimum}")
    return number


def env_email(name: str, default: str) -> str:
    value = _raw(name)
    if value is None:
        return default
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    try:
        validate_email(value)
    except ValidationError:
        _refuse(name, value, "an e-mail address")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_time_zone(name: str, default: str) -> str:
    value = _raw(name) or default
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        _refuse(name, value, "an IANA time zone name such as America/New_York or Europe/Berlin")
    return value


def _parse_time(name: str, raw: str, text: str) -> time:
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        _refuse(name, raw, "a time of day as HH:MM, for example 09:00")


def env_time(name: str, default: str) -> time:
    value = _raw(name) or default
    return _parse_time(name, value, value)


def env_hours_range(name: str, default: str) -> tuple[time, time]:
    value = _raw(name) or default
    if "-" not in value:
        _refuse(name, value, "a range of hours as HH:MM-HH:MM, for example 09:00-17:00")
    start_text, end_text = value.split("-", 1)
    start, end = _parse_time(name, value, start_text), _parse_time(name, value, end_text)
    if end <= start:
        _refuse(name, value, "a range whose end is after its start, for example 09:00-17:00")
    return start, end


def env_weekdays(name: str, default: str) -> tuple[int, ...]:
    """Working days as weekday numbers (Monday is 0), from 'mon,tue,…' or 'mon-fri'."""
    value = (_raw(name) or default).lower()
    days: set[int] = set()
    for part in value.split(","):
        part = part.strip()[:3] if "-" not in part else part.strip()
        if "-" in part:
            first, last = (p.strip()[:3] for p in part.split("-", 1))
            if first not in WEEKDAYS or last not in WEEKDAYS:
                _refuse(name, value, "weekday names such as mon,tue,wed,thu,fri or mon-fri")
            i, j = WEEKDAYS.index(first), WEEKDAYS.index(last)
            if j < i:
                _refuse(name, value, "a weekday range in week order, such as mon-fri")
            days.update(range(i, j + 1))
        elif part in WEEKDAYS:
            days.add(WEEKDAYS.index(part))
        else:
            _refuse(name, value, "weekday names such as mon,tue,wed,thu,fri or mon-fri")
    if not days:
        _refuse(name, value, "at least one working day")
    return tuple(sorted(days))
