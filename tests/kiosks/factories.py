import datetime as dt

import factory
from django.utils import timezone

from kiosks.models import Kiosk
from oasis.core.models import District
from tests.proposals.factories import ProposalFactory


def district(code: str) -> District:
    return District.objects.get(code=code)


class KioskProposalFactory(ProposalFactory):
    """An idea open for agreement in the kiosks' district, published two days ago:
    old enough to be shown on kiosks."""

    district = factory.LazyFunction(lambda: district("gangnam"))
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=2))


class KioskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kiosk

    name = factory.Sequence(lambda n: f"Kiosk {n}")
    station = "강남역"
    line = "2"
    district = factory.LazyFunction(lambda: district("gangnam"))
