"""The one rate limiter: fixed windows in the shared cache, for pages, API and kiosks.

Every limit is `settings.RATE_LIMITS[action]`, read at each call:
{scope: (count, seconds)} with the scopes "user" (the signed-in person), "ip" (the
client address, honouring TRUSTED_PROXY_COUNT) and "device" (a kiosk's credential).
All windows of one action are counted in one cache round trip (`_hit_all`). When the
cache cannot be reached, or the shared Redis breaker is open, the limits let requests
through and the outage is logged: pages, votes and kiosks keep working.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from oasis.core.breaker import redis_available, redis_failed
from oasis.core.cache import UNREACHABLE
from oasis.core.errors import RateLimited
from oasis.core.http import client_ip

logger = logging.getLogger(__name__)


class RedisUnavailable(Exception):
    """Redis is skipped for a while after a failure; the limit lets the action through."""


_KIOSK_MESSAGE = _("Too many requests from this kiosk. Please wait a moment.")
MESSAGES = {
    "vote": _("Too many agreements in a short time. Please wait and try again."),
    "proposal": _(
        "You have submitted many ideas in a short time. Please wait and try "
        "again later."
    ),
    "publish": _(
        "You have published many ideas in a short time. Please wait and try "
        "again later."
    ),
    "comment": _(
        "You have posted many comments in a short time. Please wait and try "
        "again later."
    ),
    "report": _(
        "You have sent many reports in a short time. Please wait and try again later."
    ),
    "proposal_list": _(
        "You have sent many requests in a short time. Please wait and try again."
    ),
    "kiosk_handoff": _KIOSK_MESSAGE,
    "kiosk_vote": _KIOSK_MESSAGE,
    "kiosk_enroll": _KIOSK_MESSAGE,
}


def _identity(scope: str, request: HttpRequest | None, device: str | None):
    """Who a window of `scope` counts, or None when this call has no such party."""
    if scope == "user":
        user = getattr(request, "user", None)
        return f"u{user.pk}" if user is not None and user.is_authenticated else None
    if scope == "ip":
        return client_ip(request) if request is not None else None
    if scope == "device":
        return hashlib.sha256(device.encode()).hexdigest()[:32] if device else None
    raise ValueError(f"unknown rate-limit scope {scope!r}")


def rate_limit(
    action: str, *, request: HttpRequest | None = None, device: str | None = None
) -> None:
    """Count one `action` by this request's person and address, or by the kiosk whose
    credential hash is `device`; raise RateLimited (with Retry-After) when any window
    of the action is over its count. A cache failure lets the action through."""
    now = time.time()
    checks = []
    for scope, (count, seconds) in settings.RATE_LIMITS[action].items():
        ident = _identity(scope, request, device)
        if ident is None:
            continue
        window = int(now // seconds)
        checks.append((count, seconds, window, f"rl:{action}:{scope}:{ident}:{window}"))
    if not checks:
        return
    try:
        used = _hit_all([(key, seconds) for _count, seconds, _window, key in checks])
    except RedisUnavailable:
        logger.warning("%s rate limit skipped: cache unreachable", action)
        return
    except Exception:  # any cache failure lets the action through
        logger.warning(
            "%s rate limit skipped: cache unreachable", action, exc_info=True
        )
        return
    for (count, seconds, window, _key), hits in zip(checks, used, strict=True):
        if hits > count:
            retry_after = max(1, int((window + 1) * seconds - now + 0.999))
            raise RateLimited(MESSAGES[action], retry_after=retry_after)


# INCR every key, and give it its lifetime when this hit created it: one round trip.
_HITS_SCRIPT = """
local counts = {}
for i, key in ipairs(KEYS) do
  counts[i] = redis.call('INCR', key)
  if counts[i] == 1 then redis.call('EXPIRE', key, ARGV[i]) end
end
return counts
"""


def _hit_all(keys: list[tuple[str, int]]) -> list[int]:
    """The only access to the cache: count one hit on every (key, window seconds).
    On Redis one script call for all keys (the script and its client are kept on the
    cache backend, which is per thread); elsewhere add + incr per key."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return [_hit(key, seconds) for key, seconds in keys]
    if not redis_available():
        raise RedisUnavailable("the Redis breaker is open")
    script = getattr(backend, "_rate_limit_hits", None)
    if script is None:
        client = backend._cache.get_client(write=True)
        script = client.register_script(_HITS_SCRIPT)
        backend._rate_limit_hits = script  # type: ignore[attr-defined]  # kept per backend
    try:
        counts = script(
            keys=[backend.make_and_validate_key(key) for key, _seconds in keys],
            args=[seconds + 1 for _key, seconds in keys],
        )
    except UNREACHABLE as error:
        redis_failed(error)
        raise
    return [int(count) for count in counts]


def _hit(key: str, seconds: int) -> int:
    cache.add(key, 0, timeout=seconds + 1)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 1)
        return 1
