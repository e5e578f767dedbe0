import os

import pytest

from cases.permissions import SUPERVISOR_GROUP
from tests.factories import BrandFactory, CaseFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def need_service(available: bool, reason: str):
    """Skip with a reason on a developer's machine; fail under CI=true, where every service must run."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: tests that need a service must run, not skip)")
    pytest.skip(reason)


@pytest.fixture
def member(db):
    return UserFactory(username="alice", first_name="Alice", last_name="Adams")


@pytest.fixture
def other_member(db):
    return UserFactory(username="bob", first_name="Bob", last_name="Baker")


@pytest.fixture
def supervisor(db):
    return UserFactory(username="sam", first_name="Sam", last_name="Supervisor", role=SUPERVISOR_GROUP)


@pytest.fixture
def outsider(db):
    """An account that exists but belongs to no group (a former team member, say)."""
    user = UserFactory(username="olly")
    user.groups.clear()
    return user


@pytest.fixture
def brand(db):
    return BrandFactory(name="Northwind")


@pytest.fixture
def case(db, member, brand):
    return CaseFactory(owner=member, brand=brand)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def supervisor_client(client, supervisor):
    client.force_login(supervisor)
    return client


@pytest.fixture
def reference_data(transactional_db):
    """The groups and case templates the data migration made, for transactional tests: one that ran
    before flushed them. (serialized_rollback did not restore them here: with Playwright running, the
    connection the test used carried no serialized copy, so they are recreated directly.)"""
    from importlib import import_module

    from django.contrib.auth.models import Group, Permission

    from cases.models import CaseTemplate

    migration = import_module("cases.migrations.0002_groups_and_starter_templates")
    Group.objects.get_or_create(name="Team member")
    supervisor, _ = Group.objects.get_or_create(name="Supervisor")
    for app_label, model, actions in migration.SUPERVISOR_PERMS:
        codenames = [f"{action}_{model}" for action in actions]
        supervisor.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
    for data in migration.STARTER_TEMPLATES:
        CaseTemplate.objects.get_or_create(slug=data["slug"], defaults=data)
