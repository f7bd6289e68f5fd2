"""Geometry of the server-rendered SVG charts of /stats/ (pure functions, no queries).

The templates in templates/stats/ draw the shapes with CSS classes and SVG presentation
attributes only, which the Content-Security-Policy allows (no style attributes, no script).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# Column charts: plot area and margins in viewBox units.
COLUMN_PLOT_HEIGHT = 160
COLUMN_WIDTH = 36
COLUMN_GAP = 14
AXIS_LEFT = 56
AXIS_BOTTOM = 28
TOP = 12
# Horizontal bar charts.
BAR_HEIGHT = 24
BAR_GAP = 10
BAR_LABEL_WIDTH = 170
BAR_PLOT_WIDTH = 380
BAR_VALUE_WIDTH = 80
# District tile map: Seoul's 25 districts on a 7 × 5 grid.
TILE_WIDTH = 100
TILE_HEIGHT = 64
TILE_GAP = 6
TILE_LEVELS = 4


def nice_ceiling(value: float) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ at or above `value` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return int(step * power)
    return int(10 * power)


@dataclass(frozen=True)
class Column:
    label: Any
    value: int
    x: float
    y: float
    width: float
    height: float

    @property
    def is_date(self) -> bool:
        return isinstance(self.label, dt.date)

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class ColumnChart:
    columns: list[Column]
    ticks: list[Tick]
    width: float
    height: float
    plot_left: float
    plot_bottom: float
    plot_right: float
    label_y: float

    @property
    def total(self) -> int:
        return sum(column.value for column in self.columns)

    @property
    def tick_x(self) -> float:
        return self.plot_left - 6

    @property
    def peak(self) -> Column | None:
        best = max(self.columns, key=lambda c: c.value, default=None)
        return best if best is not None and best.value else None


def column_chart(
    items: list[tuple[Any, int]],
    *,
    column_width: int = COLUMN_WIDTH,
    gap: int = COLUMN_GAP,
) -> ColumnChart:
    """Vertical columns, one per (label, value), on a 0…nice-maximum scale."""
    top = nice_ceiling(max((value for _label, value in items), default=0))
    plot_bottom = TOP + COLUMN_PLOT_HEIGHT
    columns = []
    for index, (label, value) in enumerate(items):
        height = COLUMN_PLOT_HEIGHT * value / top
        if value and height < 1:
            height = 1  # a column that exists stays visible
        x = AXIS_LEFT + gap + index * (column_width + gap)
        columns.append(
            Column(
                label=label,
                value=value,
                x=x,
                y=round(plot_bottom - height, 2),
                width=column_width,
                height=round(height, 2),
            )
        )
    ticks = [
        Tick(value=value, y=round(plot_bottom - COLUMN_PLOT_HEIGHT * value / top, 2))
        for value in sorted({0, top // 2, top})
    ]
    width = AXIS_LEFT + gap + len(items) * (column_width + gap)
    return ColumnChart(
        columns=columns,
        ticks=ticks,
        width=width,
        height=plot_bottom + AXIS_BOTTOM,
        plot_left=AXIS_LEFT,
        plot_bottom=plot_bottom,
        plot_right=width,
        label_y=plot_bottom + 18,
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: float
    width: float
    text_y: float
    value_x: float
    share: int  # percent of the first bar (the funnel) or of the largest


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: float
    height: float
    plot_left: float
    bar_height: float


def bar_chart(items: list[tuple[str | StrPromise, int]]) -> BarChart:
    """Horizontal bars with the label on the left and the value on the right."""
    top = max((value for _label, value in items), default=0)
    bars = []
    for index, (label, value) in enumerate(items):
        width = BAR_PLOT_WIDTH * value / top if top else 0
        if value and width < 1:
            width = 1
        y = TOP + index * (BAR_HEIGHT + BAR_GAP)
        bars.append(
            Bar(
                label=str(label),
                value=value,
                y=y,
                width=round(width, 2),
                text_y=y + BAR_HEIGHT / 2 + 5,
                value_x=round(BAR_LABEL_WIDTH + width + 8, 2),
                share=round(100 * value / top) if top else 0,
            )
        )
    height = TOP * 2 + max(len(items), 1) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    return BarChart(
        bars=bars,
        width=BAR_LABEL_WIDTH + BAR_PLOT_WIDTH + BAR_VALUE_WIDTH,
        height=height,
        plot_left=BAR_LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
    )


@dataclass(frozen=True)
class Tile:
    label: str
    value: int
    level: int
    x: float
    y: float
    width: float
    height: float

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class LegendStep:
    level: int
    low: int
    high: int


@dataclass(frozen=True)
class TileMap:
    tiles: list[Tile]
    legend: list[LegendStep]
    width: float
    height: float


def tile_level(value: int, top: int) -> int:
    """0 for none, then 1…TILE_LEVELS in equal steps up to the busiest district."""
    if not value or not top:
        return 0
    return max(1, math.ceil(TILE_LEVELS * value / top))


def tile_map(items: list[tuple[str, int, int, int]]) -> TileMap:
    """(label, value, row, column) per district → tiles shaded by value."""
    top = max((value for _l, value, _r, _c in items), default=0)
    tiles = [
        Tile(
            label=label,
            value=value,
            level=tile_level(value, top),
            x=col * (TILE_WIDTH + TILE_GAP),
            y=row * (TILE_HEIGHT + TILE_GAP),
            width=TILE_WIDTH,
            height=TILE_HEIGHT,
        )
        for label, value, row, col in items
    ]
    rows = max((row for _l, _v, row, _c in items), default=0) + 1
    cols = max((col for _l, _v, _r, col in items), default=0) + 1
    legend = [LegendStep(0, 0, 0)]
    if top:
        for level in range(1, TILE_LEVELS + 1):
            low = math.floor(top * (level - 1) / TILE_LEVELS) + 1
            high = math.floor(top * level / TILE_LEVELS)
            if high >= low:
                legend.append(LegendStep(level, low, high))
    return TileMap(
        tiles=tiles,
        legend=legend,
        width=cols * (TILE_WIDTH + TILE_GAP) - TILE_GAP,
        height=rows * (TILE_HEIGHT + TILE_GAP) - TILE_GAP,
    )
