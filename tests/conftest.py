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
