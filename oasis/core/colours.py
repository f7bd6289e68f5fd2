"""Colour contrast after WCAG 2.2 (relative luminance, contrast ratio), so that text on a
colour chosen in the admin stays readable."""

import re

BLACK = "#000000"
WHITE = "#ffffff"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def is_hex_colour(value: str) -> bool:
    return bool(HEX_COLOUR.match(value or ""))


def relative_luminance(hex_colour: str) -> float:
    """WCAG's relative luminance of an sRGB colour such as "#1d5fa8", 0 to 1."""
    channels = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    red, green, blue = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (same luminance) to 21 (black on white)."""
    lighter, darker = sorted(
        (relative_luminance(first), relative_luminance(second)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def readable_text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with `background`: at least 4.58:1 for
    any colour, so WCAG's 4.5:1 for text always holds."""
    if contrast_ratio(background, BLACK) >= contrast_ratio(background, WHITE):
        return BLACK
    return WHITE
