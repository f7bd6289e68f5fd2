"""Shared tasks, and the one way the apps queue a task: never raising into the caller.

Work that must not be lost is first marked in the database (an outbox row, an image
without thumbnails); when the broker cannot be reached the task is not queued, the
outage is logged, and the owning app's scheduled sweep picks the marked work up.
"""

import logging
from functools import partial

from celery import current_app, shared_task
from celery.exceptions import Retry
from django.core.management import call_command
from django.db import transaction
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from oasis.core.breaker import redis_available, redis_failed

logger = logging.getLogger("oasis.tasks")

# What a publish raises when Redis (the broker) cannot be reached.
BROKER_ERRORS = (KombuError, RedisError, ConnectionError, OSError, TimeoutError)


def enqueue(task, *args) -> bool:
    """Queue `task(*args)` now; never raise. False when the broker is unreachable, or
    when the Redis breaker is open after a recent failure (no second timeout)."""
    if not current_app.conf.task_always_eager and not redis_available():
        logger.warning("Broker skipped; %s%s waits for its sweep.", task.name, args)
        return False
    try:
        task.delay(*args)
    except Retry:
        # Eager mode (no broker): the task ran in-process and asked to be retried;
        # its work is still marked pending, and the sweep tries again later.
        logger.warning("%s%s failed; its sweep retries it.", task.name, args)
    except BROKER_ERRORS as error:
        redis_failed(error)
        logger.warning(
            "Broker unreachable (%s); %s%s waits for its sweep.",
            error.__class__.__name__,
            task.name,
            args,
        )
        return False
    except Exception:
        # Whatever else went wrong (an eager run that failed) must not turn the
        # request into an error.
        logger.exception("%s%s could not be queued.", task.name, args)
    return True


def enqueue_after_commit(task, *args) -> None:
    """Queue `task(*args)` once the current transaction commits; never raise."""
    transaction.on_commit(partial(enqueue, task, *args))


@shared_task(ignore_result=False)
def ping(payload: str = "pong") -> str:
    """Echo, used to prove that a task travels through the broker to a worker and back."""
    return payload


@shared_task
def clear_expired_sessions() -> None:
    """Database sessions pile up; Django's own command removes the expired ones."""
    call_command("clearsessions")
