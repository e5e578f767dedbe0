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


def only_on_leg(vendor: str, why: str):
    """A test that belongs to one database's leg of .ci/run (PostgreSQL row locks, pg_dump, trigram indexes…):
    skipped with the reason on the other leg, where it cannot apply, even under CI=true — .ci/run runs both legs."""
    from django.db import connection

    if connection.vendor != vendor:
        name = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(vendor, vendor)
        pytest.skip(f"runs on the {name} leg of .ci/run ({why}); this run is on {connection.vendor}")


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


DATA_MIGRATIONS = ("0002_groups_and_starter_templates", "0008_supervisors_see_login_attempts")


@pytest.fixture(autouse=True)
def _data_migrations_for_transactional_tests(request):
    """A transactional test ends with a flush that empties every table, the groups and starter templates
    that migration 0002 wrote included. Put them back for the next transactional test, whatever ran before."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    if Group.objects.exists():
        return
    # The migration toggles models_module on the app configs it is given; put the real registry's back.
    saved = [(config, config.models_module) for config in apps.get_app_configs()]
    try:
        for name in DATA_MIGRATIONS:
            importlib.import_module(f"cases.migrations.{name}").forwards(apps, None)
    finally:
        for config, module in saved:
            config.models_module = module
@pytest.fixture
def reference_data(transactional_db, _data_migrations_for_transactional_tests):
    """The groups and case templates the data migration made, for transactional tests (see above)."""
