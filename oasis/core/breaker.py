"""One circuit breaker for Redis, shared by the cache, the rate limits and the broker.

A Redis that hangs (a paused process, a dropped network) costs every caller a socket
timeout. After the first timeout or connection error, callers skip Redis for
`settings.REDIS_BREAKER_SECONDS` and take their fallback at once: nothing cached, rate
limits let requests through, deliveries wait in the outbox for the sweep. The state is
per process, so each web worker finds out for itself and pays at most one timeout.
"""

import logging
import threading
import time

from django.conf import settings

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_open_until = 0.0


def redis_available() -> bool:
    """False while the breaker is open: callers must not talk to Redis."""
    return time.monotonic() >= _open_until


def redis_failed(error: BaseException | None = None) -> None:
    """Open the breaker after a Redis timeout or connection error."""
    global _open_until
    seconds = settings.REDIS_BREAKER_SECONDS
    with _lock:
        already_open = not redis_available()
        _open_until = time.monotonic() + seconds
    if not already_open:
        logger.warning(
            "Redis unreachable (%s); skipping it for %s s.",
            error.__class__.__name__ if error is not None else "error",
            seconds,
        )


def redis_reset() -> None:
    """Close the breaker: the next caller tries Redis again."""
    global _open_until
    with _lock:
        _open_until = 0.0
