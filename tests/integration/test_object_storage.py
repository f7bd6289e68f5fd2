"""Uploads in a real S3 bucket (SeaweedFS): a citizen's photo goes through the form of a
gunicorn web process, a separate Celery worker makes the thumbnails from the bucket,
the idea page, the list and the API name signed bucket URLs that answer 200, and
deleting the photo or the account removes the objects."""

import time

import pytest
import requests

from proposals.models import ProposalImage
from tests.accounts.factories import TEST_PASSWORD, UserFactory
from tests.html_images import api_image_urls, image_sources
from tests.integration.conftest import (
    REDIS_URL,
    require_postgresql,
    worker_database_url,
)
from tests.integration.nodes import csrf_post, sign_in, start_web
from tests.integration.seaweedfs import free_port
from tests.proposals.factories import ProposalFactory, image_bytes

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_env(s3_server, s3_bucket):
    require_postgresql()
    return s3_server.storage_env(s3_bucket)


@pytest.fixture
def web(s3_server, s3_bucket, worker, celery_queue, collected_static, tmp_path):
    """One web node on the bucket, publishing to the worker's queue."""
    node = start_web(
        "web",
        free_port(),
        {
            **s3_server.storage_env(s3_bucket),
            "DATABASE_URL": worker_database_url(tmp_path),
            "REDIS_URL": REDIS_URL,
            "CELERY_QUEUE": celery_queue,
            "DEBUG": "false",
            "STATIC_ROOT": str(collected_static),
        },
        tmp_path,
    )
    yield node
    node.stop()


def wait_for_thumbnails(image: ProposalImage, worker, timeout=60.0) -> ProposalImage:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        image.refresh_from_db()
        if image.thumbnail_small and image.thumbnail_large:
            return image
        if worker.poll() is not None:
            pytest.fail(f"the worker exited:\n{worker.log.read_text()}")
        time.sleep(0.3)
    pytest.fail(f"no thumbnails after {timeout}s:\n{worker.log.read_text()}")


def upload_photo(session, web, proposal, alt="A broken bench") -> ProposalImage:
    url = f"{web.url}/proposals/{proposal.pk}/images/"
    session.get(url, timeout=10)
    response = csrf_post(
        session,
        url,
        data={"alt_text": alt},
        files={
            "image": ("bench.jpg", image_bytes("JPEG", size=(1600, 1000)), "image/jpeg")
        },
    )
    assert response.status_code == 200, response.text[:500]
    return ProposalImage.objects.get(proposal=proposal, alt_text=alt)


def assert_all_answer_images(urls: list[str]) -> None:
    for url in urls:
        response = requests.get(url, timeout=10)
        assert response.status_code == 200, url
        assert response.headers["Content-Type"].startswith("image/"), url


def test_upload_thumbnails_and_deletion_in_a_real_bucket(
    production_hashers, web, worker, s3_server, s3_bucket
):
    # given a citizen signed in on the web node, with an open idea and a draft
    citizen = UserFactory()
    idea = ProposalFactory(author=citizen)
    draft = ProposalFactory(author=citizen, stage="draft")
    session = requests.Session()
    sign_in(session, web.url, citizen.email, TEST_PASSWORD)

    # when they upload a photo through the form
    image = upload_photo(session, web, idea)

    # then the original is in the bucket and the worker makes the thumbnails from it
    assert s3_server.keys(s3_bucket) == [image.image.name]
    image = wait_for_thumbnails(image, worker)
    stored = {image.image.name, image.thumbnail_small.name, image.thumbnail_large.name}
    assert set(s3_server.keys(s3_bucket)) == stored
    assert "proposals.tasks.make_thumbnails" in worker.log.read_text()

    # and the page, the list and the API name signed bucket URLs that answer 200
    page = session.get(f"{web.url}/proposals/{idea.pk}/", timeout=10).text
    listing = session.get(f"{web.url}/proposals/", timeout=10).text
    api = session.get(f"{web.url}/api/v1/proposals/{idea.pk}/", timeout=10).json()
    urls = image_sources(page) + image_sources(listing) + api_image_urls(api)
    bucket_urls = {url for url in urls if url.startswith(s3_server.endpoint_url)}
    assert {
        name for name in stored if any(name in url for url in bucket_urls)
    } == stored
    assert all("X-Amz-Signature=" in url for url in bucket_urls)
    assert_all_answer_images(sorted(set(urls)))
    static = [url for url in urls if url.startswith("/static/")]
    for url in static:
        assert session.get(web.url + url, timeout=10).status_code == 200, url

    # when they delete the photo, its three objects leave the bucket
    response = csrf_post(
        session, f"{web.url}/proposals/{idea.pk}/images/{image.pk}/delete/"
    )
    assert response.status_code == 200
    assert s3_server.keys(s3_bucket) == []

    # when their draft has a photo and they delete their account
    photo = wait_for_thumbnails(upload_photo(session, web, draft), worker)
    assert len(s3_server.keys(s3_bucket)) == 3
    response = csrf_post(
        session, f"{web.url}/accounts/profile/delete/", data={"confirm": "on"}
    )
    assert response.status_code == 200
    # then the draft and its photo are gone from the database and the bucket
    assert not ProposalImage.objects.filter(pk=photo.pk).exists()
    assert s3_server.keys(s3_bucket) == []
