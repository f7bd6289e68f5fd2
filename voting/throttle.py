"""Rate limits on agreements, in the shared cache (DESIGN §7, issue 4 "Abuse").

Fixed windows counted with cache.add + cache.incr: per user (tight) and per client
address (loose, since a mobile carrier puts many phones behind one address). When the
cache cannot be reached the limits let requests through and the outage is logged;
voting keeps working.
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.utils.translation import gettext_lazy as _

from oasis.core.errors import RateLimited
from oasis.core.http import client_ip

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    seconds: int


DEFAULT_LIMITS = {
    "user": (20, 60),  # 20 agreements or retractions a minute per person
    "ip": (600, 60),  # 600 a minute per address
}


def _limits() -> list[Limit]:
    configured = getattr(settings, "VOTE_RATE_LIMITS", DEFAULT_LIMITS)
    return [
        Limit(scope, count, seconds) for scope, (count, seconds) in configured.items()
    ]


def _hit(key: str, seconds: int) -> int:
    cache.add(key, 0, timeout=seconds + 1)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 1)
        return 1


def _hit_all(keys: list[tuple[str, int]]) -> list[int]:
    """Count one hit on every key. On Redis: one round trip (INCR + EXPIRE for each key,
    pipelined) instead of three cache calls per key."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        pipe = backend._cache.get_client(write=True).pipeline(transaction=False)
        for key, seconds in keys:
            full_key = backend.make_and_validate_key(key)
            pipe.incr(full_key)
            pipe.expire(full_key, seconds + 1)
        return [int(count) for count in pipe.execute()[0::2]]
    return [_hit(key, seconds) for key, seconds in keys]


def vote_rate_limit(request) -> None:
    """Count one agreement action of this request; raise RateLimited with Retry-After
    when a limit is exceeded."""
    now = time.time()
    checks = []
    for limit in _limits():
        if limit.scope == "user":
            if not request.user.is_authenticated:
                continue
            ident = f"u{request.user.pk}"
        else:
            ident = client_ip(request)
        window = int(now // limit.seconds)
        checks.append((limit, window, f"voting:rl:{limit.scope}:{ident}:{window}"))
    try:
        counts = _hit_all([(key, limit.seconds) for limit, _w, key in checks])
    except Exception:  # any cache failure: let the vote through (DESIGN §7)
        logger.warning("vote rate limit skipped: cache unreachable", exc_info=True)
        return
    for (limit, window, _key), used in zip(checks, counts, strict=True):
        if used > limit.count:
            retry_after = max(1, int((window + 1) * limit.seconds - now + 0.999))
            raise RateLimited(
                _("Too many agreements in a short time. Please wait and try again."),
                retry_after=retry_after,
            )
