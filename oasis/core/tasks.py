from celery import shared_task
from django.core.management import call_command


@shared_task(ignore_result=False)
def ping(payload: str = "pong") -> str:
    """Echo, used to prove that a task travels through the broker to a worker and back."""
    return payload


@shared_task
def clear_expired_sessions() -> None:
    """Database sessions pile up; Django's own command removes the expired ones."""
    call_command("clearsessions")
