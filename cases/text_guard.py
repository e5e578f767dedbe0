"""No NUL character (\\x00) is ever stored: PostgreSQL refuses it in text and JSON, SQLite would keep it.

Forms already refuse it (Django's ProhibitNullCharactersValidator); this catches every other way in —
services called by the importer, a task or the shell — before the database does, with a message a person
can act on instead of a server error. SQLite refuses it too, so a backup restores on PostgreSQL.
"""

from django.core.exceptions import ValidationError
from django.db import models

NUL = "\x00"
MESSAGE = ("contains an invisible NUL character (\\x00), which cannot be saved — it usually comes from text "
           "copied out of a PDF or a binary file. Remove it (retyping the text does) and save again.")


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def refuse_nul_characters(sender, instance, **kwargs):
    errors = {}
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField | models.JSONField):
            if _has_nul(getattr(instance, field.attname, None)):
                errors[field.name] = f"{str(field.verbose_name).capitalize()} {MESSAGE}"
    if errors:
        raise ValidationError(errors)
