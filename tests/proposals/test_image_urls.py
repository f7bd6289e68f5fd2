"""With DEBUG off and uploads on the local disk, every image address that the idea page,
the list, the API and the notification emails name answers 200 with an image, served by
the app with long-lived cache headers; nothing outside MEDIA_ROOT is ever served."""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from proposals.services import comment_create, proposal_image_add
from tests.html_images import api_image_urls, email_image_sources, image_sources

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_off(settings):
    settings.DEBUG = False
    settings.OASIS_SITE_URL = "http://testserver"


@pytest.fixture
def idea_with_photo(
    open_proposal, jpeg_upload, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # thumbnails, eagerly
        image = proposal_image_add(
            proposal=open_proposal,
            actor=user,
            file=jpeg_upload(size=(1600, 1000)),
            alt_text="A broken bench",
        )
    image.refresh_from_db()
    assert image.thumbnail_small
    assert image.thumbnail_large
    return open_proposal


def emitted_image_urls(client, proposal, user2, capture) -> list[str]:
    detail = client.get(proposal.get_absolute_url())
    listing = client.get(reverse("proposals:proposal-list"))
    api = client.get(f"/api/v1/proposals/{proposal.pk}/")
    assert detail.status_code == listing.status_code == api.status_code == 200
    mail.outbox.clear()
    with capture(execute=True):  # the author hears of the comment by email
        comment_create(proposal=proposal, author=user2, body="Good idea!")
    assert mail.outbox, "the comment sent no email"
    return list(
        dict.fromkeys(
            image_sources(detail.content.decode())
            + image_sources(listing.content.decode())
            + api_image_urls(api.json())
            + email_image_sources(mail.outbox)
        )
    )


def test_every_emitted_image_answers_200_with_debug_off(
    debug_off, client, idea_with_photo, user2, django_capture_on_commit_callbacks
):
    urls = emitted_image_urls(
        client, idea_with_photo, user2, django_capture_on_commit_callbacks
    )

    media = [url for url in urls if urlsplit(url).path.startswith("/media/")]
    assert len(media) >= 3  # the original and both thumbnails
    for url in urls:
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("image/"), url
        if url in media:
            assert "max-age=31536000" in response["Cache-Control"]
            assert "immutable" in response["Cache-Control"]
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        assert body, url


def test_media_is_served_only_from_media_root(debug_off, client, settings, tmp_path):
    (tmp_path / "secret.txt").write_text("not for the web")
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "proposals").mkdir()

    for escape in ("/media/../secret.txt", "/media/%2e%2e/secret.txt"):
        response = client.get(escape)
        assert response.status_code in (400, 404), escape
        assert b"not for the web" not in response.content
    assert client.get("/media/proposals/").status_code == 404  # no listings
    assert client.get("/media/missing.jpg").status_code == 404


def test_media_answers_reads_only(debug_off, client, settings):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    assert client.get("/media/a.png").status_code == 200
    assert client.post("/media/a.png").status_code == 405
