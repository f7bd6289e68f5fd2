import datetime as dt

import factory
from django.utils import timezone

from oasis.core.models import District
from oasis.notifications.models import Delivery, Frequency, Notification
from proposals.models import Category, Proposal, Stage
from tests.accounts.factories import UserFactory


def _district() -> District:
    # Seeded by a data migration, but a transactional test before may have flushed it.
    return District.objects.order_by("pk").first() or District.objects.create(
        code="jongno", name_ko="종로구", name_en="Jongno-gu"
    )


class NotifCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"notifications-category-{n}")
    name_ko = factory.Sequence(lambda n: f"분야 {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


class NotifProposalFactory(factory.django.DjangoModelFactory):
    """An idea open for agreements and comments."""

    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Idea {n}: shade at the bus stop")
    summary = "Shade for people who wait."
    problem = "The sun is hot."
    solution = "Plant trees."
    category = factory.SubFactory(NotifCategoryFactory)
    district = factory.LazyFunction(lambda: _district())
    author = factory.SubFactory(UserFactory)
    stage = Stage.OPEN
    threshold = 50
    published_at = factory.LazyFunction(timezone.now)
    voting_ends_at = factory.LazyFunction(
        lambda: timezone.now() + dt.timedelta(days=30)
    )


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    event = "test.ping"
    text = factory.Sequence(lambda n: f"Something happened ({n})")
    url = "/"


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    notification = factory.SubFactory(NotificationFactory)
    recipient = factory.SelfAttribute("notification.recipient")
    key = factory.LazyAttribute(lambda o: f"n{o.notification.pk}-{o.channel}")
    channel = "email"
    group = "own_content"
    frequency = Frequency.IMMEDIATE
