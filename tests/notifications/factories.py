import factory

from oasis.notifications.models import Delivery, Frequency, Notification
from tests.accounts.factories import UserFactory


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
