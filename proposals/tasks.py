"""Background work of the proposals app: thin tasks that load rows and call a service."""

from typing import cast

from celery import shared_task

from proposals.models import ProposalImage
from proposals.services import image_make_thumbnails


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, max_retries=5, ignore_result=True
)
def make_thumbnails(image_id: int) -> None:
    """Make the ~400 px and ~1200 px copies of one uploaded image."""
    image = ProposalImage.objects.filter(pk=image_id).first()
    if image is None or not image.image.storage.exists(cast(str, image.image.name)):
        return  # deleted meanwhile
    image_make_thumbnails(image=image)
