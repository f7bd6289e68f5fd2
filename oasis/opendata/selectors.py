"""Reads of the public statistics; each owns its queries, so the budget of /stats/
(at most 12 queries) lives here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oasis.core.models import District
from oasis.opendata import charts
from oasis.opendata.models import DailyStat, StatBreakdown, StatSnapshot
from oasis.opendata.services import ANSWER_BUCKETS
from proposals.models import Category
from proposals.reviews.models import answer_due_days

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

SEOUL = ZoneInfo("Asia/Seoul")


def stats_snapshot() -> StatSnapshot | None:
    return StatSnapshot.objects.filter(pk=StatSnapshot.SINGLETON).first()


@dataclass
class MonthRow:
    month: dt.date
    proposals: int
    agreements: int


@dataclass
class BreakdownRow:
    key: str
    label: str
    proposals: int = 0
    agreements: int = 0
    in_review: int = 0
    selected: int = 0
    completed: int = 0


@dataclass
class DistrictRow(BreakdownRow):
    tile_row: int = 0
    tile_col: int = 0

    @property
    def short_label(self) -> str:
        # "Yeongdeungpo-gu" does not fit a tile; "영등포구" does.
        return self.label.removesuffix("-gu")


@dataclass
class FunnelStep:
    key: str
    label: str | StrPromise
    value: int


@dataclass
class BucketRow:
    label: str
    short_label: str
    value: int


def _months_back(today: dt.date, count: int) -> list[dt.date]:
    first = today.replace(day=1)
    months = []
    for _index in range(count):
        months.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return months[::-1]


def _bucket_labels(first: int, last: int | None) -> tuple[str, str]:
    if last is None:
        return _("%(first)d days or more") % {"first": first}, f"{first}+"
    return (
        _("%(first)d–%(last)d days") % {"first": first, "last": last},
        f"{first}–{last}",
    )


class StatsPage:
    """The figures of /stats/, each read on first use: behind the template's fragment
    cache, a cached page costs no query beyond the snapshot.

    Queries when not cached: months, breakdowns, categories, districts (4).
    """

    MONTHS = 12

    def __init__(self, snapshot: StatSnapshot, *, today: dt.date | None = None):
        self.snapshot = snapshot
        self.today = today or timezone.localdate(timezone=SEOUL)

    @cached_property
    def months(self) -> list[MonthRow]:
        months = _months_back(self.today, self.MONTHS)
        sums = {
            month: (proposals or 0, agreements or 0)
            for month, proposals, agreements in DailyStat.objects.filter(
                day__gte=months[0]
            )
            .annotate(month=TruncMonth("day"))
            .order_by()
            .values("month")
            .annotate(p=Sum("proposals_published"), a=Sum("agreements"))
            .values_list("month", "p", "a")
        }
        return [MonthRow(month, *sums.get(month, (0, 0))) for month in months]

    @cached_property
    def _breakdowns(self) -> dict[tuple[str, int | None], StatBreakdown]:
        return {
            (row.dimension, row.category_id or row.district_id): row
            for row in StatBreakdown.objects.all()
        }

    def _fill[Row: BreakdownRow](self, row: Row, dimension: str, pk: int) -> Row:
        stored = self._breakdowns.get((dimension, pk))
        if stored is not None:
            for name in (
                "proposals",
                "agreements",
                "in_review",
                "selected",
                "completed",
            ):
                setattr(row, name, getattr(stored, name))
        return row

    @cached_property
    def categories(self) -> list[BreakdownRow]:
        rows = []
        for category in Category.objects.order_by("position", "name_ko"):
            row = self._fill(
                BreakdownRow(key=category.slug, label=category.name),
                StatBreakdown.Dimension.CATEGORY,
                category.pk,
            )
            # Categories no longer offered still show while they hold ideas.
            if category.is_active or row.proposals:
                rows.append(row)
        return rows

    @cached_property
    def districts(self) -> list[DistrictRow]:
        return [
            self._fill(
                DistrictRow(
                    key=district.code,
                    label=district.name,
                    tile_row=district.tile_row,
                    tile_col=district.tile_col,
                ),
                StatBreakdown.Dimension.DISTRICT,
                district.pk,
            )
            for district in District.objects.order_by("tile_row", "tile_col")
        ]

    @cached_property
    def funnel(self) -> list[FunnelStep]:
        s = self.snapshot
        return [
            FunnelStep("proposed", _("Proposed"), s.funnel_proposed),
            FunnelStep("open", _("Open for agreement"), s.funnel_open),
            FunnelStep("in_review", _("In review"), s.funnel_in_review),
            FunnelStep("selected", _("Selected"), s.funnel_selected),
            FunnelStep("completed", _("Completed"), s.funnel_completed),
        ]

    @cached_property
    def answer_buckets(self) -> list[BucketRow]:
        counts = list(self.snapshot.answer_buckets or [])
        counts += [0] * (len(ANSWER_BUCKETS) - len(counts))
        return [
            BucketRow(*_bucket_labels(first, last), counts[index])
            for index, (first, last) in enumerate(ANSWER_BUCKETS)
        ]

    @property
    def answers_on_time_percent(self) -> int | None:
        s = self.snapshot
        return round(100 * s.answers_on_time / s.answers) if s.answers else None

    @property
    def due_days(self) -> int:
        return answer_due_days()

    # Charts (charts.py computes the geometry; the templates draw it)

    @cached_property
    def proposals_chart(self) -> charts.ColumnChart:
        return charts.column_chart([(row.month, row.proposals) for row in self.months])

    @cached_property
    def agreements_chart(self) -> charts.ColumnChart:
        return charts.column_chart([(row.month, row.agreements) for row in self.months])

    @cached_property
    def category_chart(self) -> charts.BarChart:
        return charts.bar_chart([(row.label, row.proposals) for row in self.categories])

    @cached_property
    def funnel_chart(self) -> charts.BarChart:
        return charts.bar_chart([(step.label, step.value) for step in self.funnel])

    @cached_property
    def answer_chart(self) -> charts.ColumnChart:
        return charts.column_chart(
            [(row.short_label, row.value) for row in self.answer_buckets],
            column_width=64,
            gap=24,
        )

    @cached_property
    def district_map(self) -> charts.TileMap:
        return charts.tile_map(
            [
                (row.short_label, row.proposals, row.tile_row, row.tile_col)
                for row in self.districts
            ]
        )
