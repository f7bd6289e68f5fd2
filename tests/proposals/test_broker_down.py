"""With the broker unreachable, uploading a photo still succeeds; the image waits
without thumbnails and the thumbnail sweep makes them once the broker is back."""

import time

import pytest
from django.conf import settings
from django.urls import reverse

from oasis.celery import app
from proposals import tasks
from proposals.models import Proposal, ProposalImage

pytestmark = pytest.mark.django_db


def test_a_photo_upload_succeeds_and_the_sweep_makes_its_thumbnails(
    client,
    open_proposal,
    user,
    jpeg_upload,
    broker_down,
    caplog,
    django_capture_on_commit_callbacks,
):
    # given the broker is down, when the author adds a photo
    client.force_login(user)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("proposals:proposal-images", args=[open_proposal.pk]),
            {"image": jpeg_upload(size=(800, 600)), "alt_text": "Broken bench"},
        )
    # then the author is not hurt: the photo is stored and waits for thumbnails
    assert response.status_code == 302
    assert time.monotonic() - started < 10
    image = ProposalImage.objects.get()
    assert not image.thumbnail_small
    assert "Broker unreachable" in caplog.text
    # and the sweep, while the broker is still down, loses nothing
    assert tasks.sweep_thumbnails(older_than_seconds=0) == 0

    # when the broker is back (eager here) and the sweep runs
    app.conf.task_always_eager = True
    assert tasks.sweep_thumbnails(older_than_seconds=0) == 1
    # then the image has both thumbnails, and the next sweep finds nothing to do
    image.refresh_from_db()
    assert image.thumbnail_small
    assert image.thumbnail_large
    assert tasks.sweep_thumbnails(older_than_seconds=0) == 0


def test_submitting_an_idea_with_a_photo_succeeds_with_the_broker_down(
    client, user, category, jpeg_upload, broker_down, django_capture_on_commit_callbacks
):
    from oasis.core.models import District

    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("proposals:proposal-create"),
            {
                "title": "벤치 교체",
                "summary": "부서진 벤치를 바꿔 주세요.",
                "problem": "벤치가 부서졌습니다.",
                "solution": "새 벤치를 놓습니다.",
                "benefit": "쉴 곳.",
                "category": category.pk,
                "district": District.objects.get(code="mapo").pk,
                "language": "ko",
                "action": "publish",
                "image": jpeg_upload(),
                "alt_text": "부서진 벤치",
            },
        )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.images.count() == 1


def test_the_sweep_is_scheduled():
    entries = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "proposals.tasks.sweep_thumbnails" in entries
