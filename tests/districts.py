"""Districts as the data migration seeds them. Transactional tests flush the table, so
tests that run after one put back what they need."""

from oasis.core.districts import SEOUL_DISTRICTS
from oasis.core.models import District

_SEEDS = {code: rest for code, *rest in SEOUL_DISTRICTS}


def seeded_district(code: str) -> District:
    name_ko, name_en, row, col = _SEEDS[code]
    return District.objects.get_or_create(
        code=code,
        defaults={
            "name_ko": name_ko,
            "name_en": name_en,
            "tile_row": row,
            "tile_col": col,
        },
    )[0]
