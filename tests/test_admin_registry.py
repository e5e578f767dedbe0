"""Admin v1: every model is in the supervisors' admin, and every list opens, searches and filters."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import CaseFactory, UserFactory

MODELS = [m for m in apps.get_app_config("cases").get_models()] + [
    apps.get_model("auth", "User"), apps.get_model("auth", "Group")]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_model_is_registered_searchable_and_filterable(model):
    model_admin = admin.site._registry.get(model)
    assert model_admin is not None, f"{model._meta.label} is not in the admin"
    assert model_admin.search_fields, f"{model._meta.label} cannot be searched in the admin"
    if model._meta.label != "auth.Group":  # a handful of named groups: nothing to filter
        assert model_admin.list_filter, f"{model._meta.label} cannot be filtered in the admin"


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_admin_list_opens_and_searches(client, model):
    CaseFactory()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "B0TEST"}).status_code == 200
