"""Fixed-window rate limits in the cache. An unreachable cache lets requests through
(ResilientRedisCache), as DESIGN §7 asks."""

import contextlib
import hashlib
import time

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from kiosks import conf
from oasis.core.errors import RateLimited


def rate_limit(scope: str, key: str, message=None) -> str:
    """Count one hit of `scope` for `key`; raise RateLimited with Retry-After when over.
    Returns the counter, for rate_limit_refund."""
    limit, period = conf.RATE_LIMITS[scope]
    now = int(time.time())
    window = now // period
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"kiosk-rl:{scope}:{digest}:{window}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=period + 1)
        hits = 1
    if hits > limit:
        raise RateLimited(
            message or _("Too many requests from this kiosk. Please wait a moment."),
            retry_after=max(1, (window + 1) * period - now),
        )
    return cache_key


def rate_limit_refund(counter: str) -> None:
    """Take back one hit, e.g. for a text the provider did not send."""
    # A counter whose window has passed is gone: nothing to take back.
    with contextlib.suppress(ValueError):
        cache.incr(counter, -1)
