"""QR codes drawn on the server as SVG (segno), so the kiosk needs no QR library."""

import segno


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(
        scale=8, border=4, dark="#000", light="#fff"
    )


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(
        scale=8, border=4, dark="#000", light="#fff"
    )
