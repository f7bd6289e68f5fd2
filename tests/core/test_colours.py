"""Text on a colour chosen in the admin stays readable: black or white, whichever
contrasts more, and at least WCAG's 4.5:1 for any colour."""

import itertools

import pytest

from oasis.core.colours import (
    BLACK,
    WHITE,
    contrast_ratio,
    is_hex_colour,
    readable_text_colour,
)


def test_contrast_ratios_match_wcag():
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21)
    assert contrast_ratio(WHITE, BLACK) == pytest.approx(21)
    assert contrast_ratio("#1d5fa8", "#1d5fa8") == pytest.approx(1)
    # WebAIM's checker: #777777 on white is 4.48:1, just short of AA
    assert contrast_ratio("#777777", WHITE) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(
    ("background", "text"),
    [
        ("#1d5fa8", WHITE),  # the default blue
        ("#283593", WHITE),
        ("#8a5a00", WHITE),
        ("#ffd400", BLACK),  # yellow
        ("#a5d6a7", BLACK),  # pale green
        ("#FFFFFF", BLACK),
    ],
)
def test_the_readable_text_colour_for_a_background(background, text):
    assert readable_text_colour(background) == text


def test_any_background_gets_text_of_at_least_4_5_to_1():
    steps = ["00", "33", "66", "77", "80", "99", "cc", "ff"]
    for red, green, blue in itertools.product(steps, repeat=3):
        background = f"#{red}{green}{blue}"
        text = readable_text_colour(background)
        assert contrast_ratio(background, text) >= 4.5, background


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("#1d5fa8", True),
        ("#1D5FA8", True),
        ("1d5fa8", False),
        ("#fff", False),
        ("red", False),
        ("", False),
        (None, False),
        ('#1d5fa8"', False),
    ],
)
def test_hex_colours(value, valid):
    assert is_hex_colour(value) is valid
