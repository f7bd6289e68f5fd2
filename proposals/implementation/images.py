"""Implementation photos: checked, re-encoded as JPEG without metadata, resized, stored."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from oasis.core.images import (
    InvalidImage,
    image_encode,
    image_open,
    image_pixels_only,
    random_file_name,
)
from proposals.implementation.models import implementation_photo_path

MAX_PHOTO_SIDE = 1600


class InvalidPhoto(InvalidImage):
    default_message = _("Please upload a JPEG, PNG or WebP photo of at most 10 MB.")


def clean_photo(upload) -> tuple[bytes, int, int]:
    """Decode a photo safely and re-encode it: orientation applied, EXIF/GPS dropped."""
    try:
        image, _format = image_open(upload)
    except InvalidImage:
        raise InvalidPhoto() from None
    image = image.convert("RGB")
    image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
    clean = image_pixels_only(image)
    return image_encode(clean, "JPEG"), clean.width, clean.height


def store_photo(*, proposal_id: int, upload, alt: str) -> dict:
    data, width, height = clean_photo(upload)
    name = implementation_photo_path(proposal_id, random_file_name("jpg"))
    saved = default_storage.save(name, ContentFile(data))
    return {"name": saved, "alt": alt, "width": width, "height": height}
