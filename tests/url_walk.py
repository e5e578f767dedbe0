"""Every URL pattern of the project as a concrete path, its arguments filled with real objects.

The walk reads the resolver, so a page added tomorrow is walked without anyone listing it here; a
pattern whose arguments nobody knows how to fill makes the walk fail rather than be skipped silently.
"""

import re
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver

# Pages anyone may open: the login page itself, the health check, the token-guarded calendar feed.
PUBLIC = {"login", "healthz", "calendar_feed"}


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. "admin:cases_case_change"; "" for an unnamed pattern
    path: str
    supervisor_only: bool

    def __str__(self):
        return f"{self.name or '(unnamed)'} {self.path}"


def _patterns(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            yield name, prefix + str(entry.pattern), entry.callback, namespace


def _admin_model(name: str):
    for model in admin.site._registry:
        key = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(key):
            return model
    return None


def _value(arg: str, name: str, route: str, objects: dict) -> str:
    model = _admin_model(name)
    if arg == "object_id" and model is not None:
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            raise LookupError(f"{name}: no {model.__name__} to fill the URL with; make one in the walk's data")
        return str(obj.pk)
    if arg == "object_id":  # admin:view_on_site
        return str(objects["case"].pk)
    if arg == "content_type_id":
        return str(ContentType.objects.get_for_model(objects["case"]).pk)
    if arg == "id" and "password" in name:
        return str(objects["user"].pk)
    if arg == "app_label":
        return "cases"
    if arg == "url":
        return "no-such-page/"
    if arg == "pk":
        if route.startswith("alerts/"):
            return str(objects["alert"].pk)
        if route.startswith("cases/new/"):
            return str(objects["draft"].pk)
        if route.startswith("attachments/"):
            return str(objects["attachment"].pk)
        return str(objects["case"].pk)
    if arg == "name":
        return objects["attachment"].original_name
    if arg == "step":
        from cases import services_drafts as drafts

        return drafts.STEPS[0][0]
    if arg == "action":
        return "checked"
    if arg == "slug":
        return objects["report_slug"]
    if arg == "token" and name == "calendar_feed":
        return objects["calendar_token"]
    if arg == "token":
        return "no-such-import"
    raise LookupError(f"url_walk does not know how to fill <{arg}> in {name or route}: teach tests/url_walk.py")


def _fill(route: str, name: str, objects: dict) -> str:
    def route_arg(match):
        return _value(match.group(2), name, route, objects)

    path = re.sub(r"<(?:(\w+):)?(\w+)>", route_arg, route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: _value(m.group(1), name, route, objects), path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\Z", "")


def walk(objects: dict) -> list[Route]:
    """Every pattern of the project (static files aside), with its concrete path."""
    routes = []
    for name, route, callback, namespace in _patterns(get_resolver()):
        if route.startswith("static/") or route.startswith("^static/"):
            continue
        supervisor_only = namespace == "admin:" or getattr(callback, "supervisor_only", False)
        routes.append(Route(name=name, path=_fill(route, name, objects), supervisor_only=supervisor_only))
    return routes
