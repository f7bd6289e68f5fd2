import datetime as dt

import factory
from django.utils import timezone

from kiosks.models import Kiosk
from tests.districts import seeded_district
from tests.proposals.factories import ProposalFactory


class KioskProposalFactory(ProposalFactory):
    """An idea open for agreement in the kiosks' district, published two days ago:
    old enough to be shown on kiosks."""

    district = factory.LazyFunction(lambda: seeded_district("gangnam"))
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=2))


class KioskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kiosk

    name = factory.Sequence(lambda n: f"Kiosk {n}")
    station = "강남역"
    line = "2"
    district = factory.LazyFunction(lambda: seeded_district("gangnam"))
