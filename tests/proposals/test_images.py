"""Images: formats, limits checked before decoding, metadata and trailing bytes removed,
random names, at most five, thumbnails by a Celery task."""

import io
import struct
import zlib
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image

from oasis.core import images
from proposals.models import ProposalImage
from proposals.services import InvalidImage, proposal_image_add
from tests.proposals.factories import image_bytes

pytestmark = pytest.mark.django_db


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type)


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (37.0, 33.0, 59.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (126.0, 58.0, 41.0)
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (10, 120, 200)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims a size; its pixel data is a few junk bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"junk")


def stored_bytes(image: ProposalImage) -> bytes:
    with default_storage.open(image.image.name, "rb") as handle:
        return handle.read()


def test_exif_and_gps_are_removed(open_proposal, user):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    image = proposal_image_add(
        proposal=open_proposal, actor=user, file=upload(original), alt_text="Street"
    )
    data = stored_bytes(image)
    cleaned = Image.open(io.BytesIO(data))
    assert cleaned.format == "JPEG"
    assert len(cleaned.getexif()) == 0
    assert "exif" not in cleaned.info
    assert b"SpyCam" not in data
    assert (image.width, image.height) == (80, 60)


def test_comments_and_text_chunks_are_removed(open_proposal, user):
    from PIL import PngImagePlugin

    jpeg = image_bytes("JPEG", comment=b"home: 37.5665N 126.9780E")
    text = PngImagePlugin.PngInfo()
    text.add_text("Location", "37.5665N 126.9780E")
    png = image_bytes("PNG", pnginfo=text)
    for data, name in [(jpeg, "a.jpg"), (png, "a.png")]:
        image = proposal_image_add(
            proposal=open_proposal,
            actor=user,
            file=upload(data, name=name),
            alt_text="x",
        )
        assert b"37.5665" not in stored_bytes(image)


def test_palette_transparency_survives(open_proposal, user):
    buffer = io.BytesIO()
    Image.new("P", (10, 10), 0).save(buffer, "PNG", transparency=0)
    image = proposal_image_add(
        proposal=open_proposal,
        actor=user,
        file=upload(buffer.getvalue(), name="a.png"),
        alt_text="x",
    )
    cleaned = Image.open(io.BytesIO(stored_bytes(image)))
    assert cleaned.mode == "RGBA"
    assert cleaned.getpixel((0, 0))[3] == 0


def test_trailing_bytes_are_removed(open_proposal, user):
    data = image_bytes("JPEG") + b"TRAILING-SECRET-PAYLOAD"
    image = proposal_image_add(
        proposal=open_proposal, actor=user, file=upload(data), alt_text="x"
    )
    stored = stored_bytes(image)
    assert b"TRAILING-SECRET-PAYLOAD" not in stored
    assert stored.endswith(b"\xff\xd9")


@pytest.mark.parametrize(
    ("fmt", "name", "extension"),
    [("JPEG", "a.jpg", "jpg"), ("PNG", "a.png", "png"), ("WEBP", "a.webp", "webp")],
)
def test_jpeg_png_webp_are_accepted_with_random_names(
    open_proposal, user, fmt, name, extension
):
    image = proposal_image_add(
        proposal=open_proposal,
        actor=user,
        file=upload(image_bytes(fmt), name=name),
        alt_text="x",
    )
    filename = image.image.name.rsplit("/", 1)[-1]
    assert filename.endswith(f".{extension}")
    assert not filename.startswith("a.")
    assert len(filename) > 20
    assert image.image.name.startswith(f"proposals/{open_proposal.pk}/")
    assert Image.open(io.BytesIO(stored_bytes(image))).format == fmt


def test_names_differ_for_the_same_upload(open_proposal, user):
    names = {
        proposal_image_add(
            proposal=open_proposal,
            actor=user,
            file=upload(image_bytes("JPEG")),
            alt_text="x",
        ).image.name
        for _ in range(2)
    }
    assert len(names) == 2


@pytest.mark.parametrize(
    "data",
    [
        b"this is not an image at all",
        b"\xff\xd8\xff\xe0" + b"\x00" * 100,  # a JPEG signature, nothing behind it
        image_bytes("GIF"),
    ],
)
def test_not_an_image_under_an_image_name_is_refused(open_proposal, user, data):
    with pytest.raises(InvalidImage) as error:
        proposal_image_add(
            proposal=open_proposal, actor=user, file=upload(data), alt_text="x"
        )
    assert error.value.code == "invalid_image"
    assert not ProposalImage.objects.exists()


def test_over_ten_megabytes_is_refused_unread(open_proposal, user):
    data = image_bytes("JPEG") + b"\x00" * (10 * 1024 * 1024)
    with (
        mock.patch("proposals.services.Image.open") as image_open,
        pytest.raises(InvalidImage) as error,
    ):
        proposal_image_add(
            proposal=open_proposal, actor=user, file=upload(data), alt_text="x"
        )
    assert error.value.code == "image_too_large"
    image_open.assert_not_called()
    assert not ProposalImage.objects.exists()


def test_over_forty_megapixels_is_refused_before_decoding(open_proposal, user):
    data = png_header(8000, 6000)  # 48 MP claimed in 60 bytes
    assert Image.open(io.BytesIO(data)).size == (8000, 6000)
    with (
        mock.patch.object(Image.Image, "load", side_effect=AssertionError("decoded")),
        mock.patch(
            "PIL.ImageFile.ImageFile.load", side_effect=AssertionError("decoded")
        ),
        pytest.raises(InvalidImage) as error,
    ):
        proposal_image_add(
            proposal=open_proposal,
            actor=user,
            file=upload(data, name="huge.png", content_type="image/png"),
            alt_text="x",
        )
    assert error.value.code == "image_too_large"


def test_decompression_bombs_are_refused(open_proposal, user):
    data = png_header(60000, 60000)  # beyond Pillow's own bomb limit
    with pytest.raises(InvalidImage) as error:
        proposal_image_add(
            proposal=open_proposal, actor=user, file=upload(data), alt_text="x"
        )
    assert error.value.code == "image_too_large"


def test_a_sixth_image_is_refused(open_proposal, user):
    for _ in range(5):
        proposal_image_add(
            proposal=open_proposal,
            actor=user,
            file=upload(image_bytes("JPEG")),
            alt_text="x",
        )
    with pytest.raises(InvalidImage) as error:
        proposal_image_add(
            proposal=open_proposal,
            actor=user,
            file=upload(image_bytes("JPEG")),
            alt_text="x",
        )
    assert error.value.code == "too_many_images"
    assert open_proposal.images.count() == 5


def test_alt_text_is_required(open_proposal, user):
    with pytest.raises(InvalidImage) as error:
        proposal_image_add(
            proposal=open_proposal,
            actor=user,
            file=upload(image_bytes("JPEG")),
            alt_text="  ",
        )
    assert error.value.code == "alt_text_required"


def test_thumbnails_are_made_after_commit(
    open_proposal, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        image = proposal_image_add(
            proposal=open_proposal,
            actor=user,
            file=upload(image_bytes("JPEG", size=(2000, 1000))),
            alt_text="Wide street",
        )
        # nothing is made before the transaction commits
        assert not ProposalImage.objects.get(pk=image.pk).thumbnail_small
    assert len(callbacks) == 1
    image.refresh_from_db()
    small = Image.open(default_storage.open(image.thumbnail_small.name))
    large = Image.open(default_storage.open(image.thumbnail_large.name))
    assert small.size == (400, 200)
    assert large.size == (1200, 600)


def test_small_images_are_not_upscaled(
    open_proposal, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = proposal_image_add(
            proposal=open_proposal,
            actor=user,
            file=upload(image_bytes("PNG", size=(300, 100))),
            alt_text="x",
        )
    image.refresh_from_db()
    assert Image.open(default_storage.open(image.thumbnail_large.name)).size == (
        300,
        100,
    )


def test_photos_page(client, open_proposal, user, user2):
    client.force_login(user)
    url = f"/proposals/{open_proposal.pk}/images/"
    response = client.post(
        url, {"image": upload(jpeg_with_gps()), "alt_text": "Bus stop"}
    )
    assert response.status_code == 302
    image = open_proposal.images.get()
    assert image.alt_text == "Bus stop"
    response = client.post(url, {"image": upload(b"nope"), "alt_text": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["image"]
    client.force_login(user2)
    assert client.post(f"{url}{image.pk}/delete/").status_code == 403
    client.force_login(user)
    assert client.post(f"{url}{image.pk}/delete/").status_code == 302
    assert not open_proposal.images.exists()


def png_of(width: int, height: int) -> bytes:
    return image_bytes("PNG", size=(width, height))


@pytest.mark.parametrize(
    ("size", "code"),
    [
        ((1, 10000), "image_too_narrow"),
        ((20000, 1), "image_too_long"),
        ((12000, 1), "image_too_narrow"),
        ((16384, 2000), "image_too_long"),
        ((2000, 16384), "image_too_long"),
    ],
)
def test_images_no_thumbnail_can_be_made_of_are_refused_before_decoding(
    open_proposal, user, size, code
):
    data = png_header(*size)
    with (
        mock.patch(
            "PIL.ImageFile.ImageFile.load", side_effect=AssertionError("decoded")
        ),
        pytest.raises(InvalidImage) as error,
    ):
        proposal_image_add(
            proposal=open_proposal,
            actor=user,
            file=upload(data, name="odd.png", content_type="image/png"),
            alt_text="x",
        )
    assert error.value.code == code
    assert not ProposalImage.objects.exists()


@pytest.mark.parametrize("size", [(200, 2000), (16383, 1639), (1639, 16383)])
def test_images_at_the_limits_get_both_thumbnails(
    open_proposal, user, size, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = proposal_image_add(
            proposal=open_proposal,
            actor=user,
            file=upload(png_of(*size), name="long.png", content_type="image/png"),
            alt_text="A long picture",
        )
    image.refresh_from_db()
    assert image.thumbnail_small
    assert image.thumbnail_large
    with default_storage.open(image.thumbnail_small.name, "rb") as handle:
        thumbnail = Image.open(handle)
        assert thumbnail.width <= 400
        assert thumbnail.height >= 1


@pytest.mark.parametrize("size", [(1, 10000), (20000, 1), (2000, 16384)])
def test_the_photos_page_refuses_them_with_a_message_not_a_500(
    client, open_proposal, user, size
):
    client.force_login(user)
    response = client.post(
        f"/proposals/{open_proposal.pk}/images/",
        {
            "image": upload(png_of(*size), name="odd.png", content_type="image/png"),
            "alt_text": "Odd",
        },
    )
    assert response.status_code == 200
    (message,) = response.context["form"].errors["image"]
    with pytest.raises(InvalidImage) as refusal, translation.override("ko"):
        images.image_open(upload(png_of(*size)))
    with translation.override("ko"):
        assert message == str(refusal.value.message)
    assert not ProposalImage.objects.exists()
