import datetime as dt

import factory
from django.utils import timezone

from kiosks.models import Kiosk
from oasis.core.models import District
from proposals.models import Category, Proposal, Stage
from tests.accounts.factories import UserFactory


def district(code: str) -> District:
    return District.objects.get(code=code)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_ko = factory.Sequence(lambda n: f"주제 {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class ProposalFactory(factory.django.DjangoModelFactory):
    """An idea open for agreement, published two days ago: visible on kiosks."""

    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Idea number {n}")
    summary = "Benches on the platform"
    problem = "People have nowhere to sit."
    solution = "Put benches on the platform."
    category = factory.SubFactory(CategoryFactory)
    district = factory.LazyFunction(lambda: district("gangnam"))
    author = factory.SubFactory(UserFactory)
    stage = Stage.OPEN
    threshold = 50
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=2))
    voting_ends_at = factory.LazyFunction(
        lambda: timezone.now() + dt.timedelta(days=20)
    )


class KioskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kiosk

    name = factory.Sequence(lambda n: f"Kiosk {n}")
    station = "강남역"
    line = "2"
    district = factory.LazyFunction(lambda: district("gangnam"))
