"""Implementation photos: checked, re-encoded as JPEG without metadata, resized, stored."""

import io
import secrets
import warnings

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from oasis.core.errors import DomainError
from proposals.reviews.models import implementation_photo_path

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
MAX_PHOTO_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}


class InvalidPhoto(DomainError):
    code = "invalid_image"
    default_message = _("Please upload a JPEG, PNG or WebP photo of at most 10 MB.")


def clean_photo(upload) -> tuple[bytes, int, int]:
    """Decode a photo safely and re-encode it: orientation applied, EXIF/GPS dropped."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_PHOTO_BYTES:
        raise InvalidPhoto()
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in ACCEPTED_FORMATS:
                raise InvalidPhoto()
            if image.width * image.height > MAX_PHOTO_PIXELS:
                raise InvalidPhoto()
            image.load()
            image = ImageOps.exif_transpose(image)
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise InvalidPhoto() from None
    image = image.convert("RGB")
    image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
    # A fresh image carries pixels only: no EXIF, GPS, XMP or text chunks survive.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue(), clean.width, clean.height


def store_photo(*, proposal_id: int, upload, alt: str) -> dict:
    data, width, height = clean_photo(upload)
    name = implementation_photo_path(proposal_id, f"{secrets.token_urlsafe(18)}.jpg")
    saved = default_storage.save(name, ContentFile(data))
    return {"name": saved, "alt": alt, "width": width, "height": height}
