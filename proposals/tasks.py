"""Background work of the proposals app: thin tasks that load rows and call a service."""

from datetime import timedelta
from typing import cast

from celery import shared_task
from django.utils import timezone

from oasis.core.tasks import enqueue
from proposals import selectors
from proposals.models import ProposalImage
from proposals.services import image_make_thumbnails

# Leaves the task queued after commit time to run before the sweep queues it again.
THUMBNAIL_SWEEP_AFTER_SECONDS = 120
THUMBNAIL_SWEEP_BATCH = 200


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, max_retries=5, ignore_result=True
)
def make_thumbnails(image_id: int) -> None:
    """Make the ~400 px and ~1200 px copies of one uploaded image."""
    image = ProposalImage.objects.filter(pk=image_id).first()
    if image is None or not image.image.storage.exists(cast(str, image.image.name)):
        return  # deleted meanwhile
    image_make_thumbnails(image=image)


@shared_task(ignore_result=True)
def sweep_thumbnails(older_than_seconds: int = THUMBNAIL_SWEEP_AFTER_SECONDS) -> int:
    """Queue the thumbnails of images still without them (the broker or a worker was
    down when they were uploaded); return how many were queued."""
    ids = selectors.images_without_thumbnails(
        created_before=timezone.now() - timedelta(seconds=older_than_seconds),
        limit=THUMBNAIL_SWEEP_BATCH,
    )
    queued = 0
    for image_id in ids:
        if not enqueue(make_thumbnails, image_id):
            break
        queued += 1
    return queued
