"""Uploaded images, made safe to store and show: size, format and pixel count checked
before decoding, re-encoded from the pixels alone (no EXIF, GPS, XMP, ICC, comments,
text chunks or trailing bytes), stored under random names."""

import io
import secrets
import warnings
from typing import Any

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from oasis.core.errors import DomainError

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
# Every image gets WebP thumbnails, and WebP holds at most 16383 pixels a side; an
# image longer than ten times its width (or the reverse) has no useful thumbnail.
MAX_IMAGE_SIDE = 16383
MAX_ASPECT_RATIO = 10
# Accepted formats and the file extension each is stored under.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ENCODER_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 85, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 85},
}


class InvalidImage(DomainError):
    code = "invalid_image"
    default_message = _("Please upload a JPEG, PNG or WebP image.")


def _upload_size(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    return size


def _too_many_pixels() -> InvalidImage:
    return InvalidImage(
        _("An image may have at most 40 megapixels."), code="image_too_large"
    )


def _check_dimensions(width: int, height: int) -> None:
    """Refuse what no correct thumbnail can be made of."""
    if width * height > MAX_IMAGE_PIXELS:
        raise _too_many_pixels()
    if max(width, height) > MAX_IMAGE_SIDE:
        raise InvalidImage(
            _("An image may be at most %(side)d pixels wide or high.")
            % {"side": MAX_IMAGE_SIDE},
            code="image_too_long",
        )
    if max(width, height) > MAX_ASPECT_RATIO * max(1, min(width, height)):
        raise InvalidImage(
            _(
                "An image may be at most %(ratio)d times as wide as it is high, "
                "or as high as it is wide."
            )
            % {"ratio": MAX_ASPECT_RATIO},
            code="image_too_narrow",
        )


def image_open(upload) -> tuple[Image.Image, str]:
    """Decode an upload with the camera's orientation applied, and return it with its
    format; refuse it (InvalidImage) before decoding when it is too large, too long,
    too narrow or foreign."""
    if _upload_size(upload) > MAX_IMAGE_BYTES:
        raise InvalidImage(_("An image may be at most 10 MB."), code="image_too_large")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # open() reads only the header: the size is known before any decoding.
            image = Image.open(upload)
            fmt = image.format
            width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InvalidImage() from None
    if fmt not in IMAGE_FORMATS:
        raise InvalidImage()
    _check_dimensions(width, height)
    try:
        image.load()
        return ImageOps.exif_transpose(image), fmt
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise InvalidImage() from None


def image_pixels_only(image: Image.Image) -> Image.Image:
    """A fresh copy carrying pixels only: no EXIF, GPS, XMP, ICC, comments or text."""
    clean = Image.new(image.mode, image.size)
    clean.frombytes(image.tobytes())
    return clean


def image_encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **ENCODER_OPTIONS[fmt])
    return out.getvalue()


def image_clean(upload) -> tuple[bytes, str, int, int]:
    """Re-encode an upload in its own format without metadata.

    Returns the bytes, the file extension, the width and the height.
    """
    image, fmt = image_open(upload)
    if image.mode in ("P", "PA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    clean = image_pixels_only(image)
    del image
    if fmt == "JPEG" and clean.mode not in ("RGB", "L"):
        clean = clean.convert("RGB")
    if fmt == "WEBP" and clean.mode not in ("RGB", "RGBA"):
        clean = clean.convert("RGBA" if "A" in clean.getbands() else "RGB")
    return image_encode(clean, fmt), IMAGE_FORMATS[fmt], clean.width, clean.height


def random_file_name(extension: str) -> str:
    """A name that tells nothing about the upload and cannot be guessed."""
    return f"{secrets.token_urlsafe(18)}.{extension}"
