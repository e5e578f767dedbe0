"""factory_boy factories for the case domain. Cases made here bypass the services on purpose:
tests set up any state directly, then exercise the service or view under test."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from cases.models import Brand, Case, CaseEvent, CaseProduct, CaseTemplate, Status
from cases.permissions import SUPERVISOR_GROUP, TEAM_GROUP
from cases.services import _refresh_clock_columns


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "correct-horse-battery")
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if not create:
            return
        name = extracted or TEAM_GROUP
        self.groups.add(Group.objects.get(name=name))
        if name == SUPERVISOR_GROUP and not self.is_staff:
            self.is_staff = True
            self.save(update_fields=["is_staff"])


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Brand {n}")


def template(slug="other"):
    return CaseTemplate.objects.get(slug=slug)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    case_id = factory.Sequence(lambda n: f"{15000000000 + n}")
    channel = "SC"
    brand = factory.SubFactory(BrandFactory)
    issue_type = factory.LazyFunction(lambda: template("other"))
    issue = "Wrong main image"
    subject = factory.LazyAttribute(lambda c: f"Wrong main image on ASIN B0TEST{c.case_id[-4:]}")
    status = Status.WAITING
    owner = factory.SubFactory(UserFactory)
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))
    last_checked_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def asin(self, create, extracted, **kwargs):
        if create:
            CaseProduct.objects.create(case=self, kind="asin", value=extracted or f"B0TEST{self.case_id[-4:]}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        case = model_class(*args, **kwargs)
        _refresh_clock_columns(case)
        case.save()
        return case


class CaseEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseEvent

    case = factory.SubFactory(CaseFactory)
    kind = "note"
    at = factory.LazyFunction(timezone.now)
    text = "A note"
