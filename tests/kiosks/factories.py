import datetime as dt

import factory
from django.utils import timezone

from kiosks.models import Kiosk
from oasis.core.districts import SEOUL_DISTRICTS
from oasis.core.models import District
from tests.proposals.factories import ProposalFactory


def district(code: str) -> District:
    # Seeded by a data migration, but a transactional test before this one may have
    # flushed the table.
    _code, name_ko, name_en, row, col = next(d for d in SEOUL_DISTRICTS if d[0] == code)
    return District.objects.get_or_create(
        code=code,
        defaults={
            "name_ko": name_ko,
            "name_en": name_en,
            "tile_row": row,
            "tile_col": col,
        },
    )[0]


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
