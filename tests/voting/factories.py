import datetime as dt

import factory
from django.utils import timezone

from oasis.core.models import District
from proposals.models import Category, Proposal, Stage
from tests.accounts.factories import UserFactory
from voting.models import Channel, Vote


def _district() -> District:
    # Seeded by a data migration, but transactional tests flush it.
    return (
        District.objects.order_by("pk").first()
        or District.objects.get_or_create(
            code="jongno", defaults={"name_ko": "종로구", "name_en": "Jongno-gu"}
        )[0]
    )


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"voting-category-{n}")
    name_ko = factory.Sequence(lambda n: f"분야 {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    threshold = 50
    window_days = 30


class ProposalFactory(factory.django.DjangoModelFactory):
    """An idea open for agreements: threshold 50, window ending in 30 days."""

    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Idea {n}: more benches at the station")
    summary = "Benches for people who wait."
    problem = "Nowhere to sit."
    solution = "Put benches."
    category = factory.SubFactory(CategoryFactory)
    district = factory.LazyFunction(lambda: _district())
    author = factory.SubFactory(UserFactory)
    stage = Stage.OPEN
    threshold = 50
    published_at = factory.LazyFunction(timezone.now)
    voting_ends_at = factory.LazyFunction(
        lambda: timezone.now() + dt.timedelta(days=30)
    )


class VoteFactory(factory.django.DjangoModelFactory):
    """A vote row written directly (no counter update): for drift and list tests."""

    class Meta:
        model = Vote

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.SubFactory(UserFactory)
    channel = Channel.WEB
