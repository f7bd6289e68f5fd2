"""The chart geometry (pure functions): scales, columns, bars and tile shades."""

import pytest

from oasis.opendata import charts


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [(0, 1), (1, 1), (3, 5), (7, 10), (11, 20), (999_999, 1_000_000)],
)
def test_scales_end_on_a_round_number(value, ceiling):
    assert charts.nice_ceiling(value) == ceiling


def test_columns_grow_with_their_values_and_stay_visible():
    chart = charts.column_chart([("a", 0), ("b", 1), ("c", 1000)])

    heights = [column.height for column in chart.columns]
    assert heights[0] == 0
    assert 0 < heights[1] < heights[2] == charts.COLUMN_PLOT_HEIGHT
    assert [tick.value for tick in chart.ticks] == [0, 500, 1000]
    assert chart.total == 1001
    assert chart.peak.label == "c"


def test_bars_share_of_the_largest():
    chart = charts.bar_chart([("proposed", 10), ("open", 5), ("done", 0)])

    assert [bar.share for bar in chart.bars] == [100, 50, 0]
    assert chart.bars[0].width == charts.BAR_PLOT_WIDTH


@pytest.mark.parametrize("top", [1, 2, 3, 7, 10, 101])
def test_the_legend_describes_every_tile_shade(top):
    tile_map = charts.tile_map([("x", value, 0, value) for value in range(top + 1)])

    for tile in tile_map.tiles:
        step = next(s for s in tile_map.legend if s.level == tile.level)
        assert step.low <= tile.value <= step.high or tile.level == 0
