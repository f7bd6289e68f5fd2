"""Fixed-window rate limits in the shared cache (DESIGN §7, issue 4 "Abuse").

Counted with one Redis script call (cache.add + cache.incr on other caches): per user
(tight) and per client address (loose, since a mobile carrier puts many phones behind
one address; the address honours TRUSTED_PROXY_COUNT). When the cache cannot be
reached the limits let requests through and the outage is logged.
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
    scope: str  # "user" or "ip"
    count: int
    seconds: int


def limits_from(configured: dict) -> list[Limit]:
    """{"user": (count, seconds), "ip": (count, seconds)} as Limits."""
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
    """Count one hit on every key. On Redis: one script call for all keys (the script
    and its client are kept on the cache backend, which is per thread)."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return [_hit(key, seconds) for key, seconds in keys]
    script = getattr(backend, "_rate_limit_hits", None)
    if script is None:
        client = backend._cache.get_client(write=True)
        script = backend._rate_limit_hits = client.register_script(_HITS_SCRIPT)
    counts = script(
        keys=[backend.make_and_validate_key(key) for key, _seconds in keys],
        args=[seconds + 1 for _key, seconds in keys],
    )
    return [int(count) for count in counts]


def rate_limit(
    request, *, prefix: str, limits: list[Limit], message, log_label: str
) -> None:
    """Count one action of this request under `prefix`; raise RateLimited (with
    Retry-After) when a limit is exceeded. A cache failure lets the action through."""
    now = time.time()
    checks = []
    for limit in limits:
        if limit.scope == "user":
            if not request.user.is_authenticated:
                continue
            ident = f"u{request.user.pk}"
        else:
            ident = client_ip(request)
        window = int(now // limit.seconds)
        checks.append((limit, window, f"{prefix}:{limit.scope}:{ident}:{window}"))
    try:
        counts = _hit_all([(key, limit.seconds) for limit, _w, key in checks])
    except Exception:  # any cache failure: let the action through (DESIGN §7)
        logger.warning("%s skipped: cache unreachable", log_label, exc_info=True)
        return
    for (limit, window, _key), used in zip(checks, counts, strict=True):
        if used > limit.count:
            retry_after = max(1, int((window + 1) * limit.seconds - now + 0.999))
            raise RateLimited(message, retry_after=retry_after)


# --- Citizens' writes other than votes (proposals, comments, reports) ------------------

DEFAULT_WRITE_LIMITS = {
    # A new idea (draft or published) and each publication of an idea.
    "proposal": {"user": (5, 3600), "ip": (100, 3600)},
    "publish": {"user": (5, 3600), "ip": (100, 3600)},
    "comment": {"user": (20, 600), "ip": (400, 600)},
    "report": {"user": (20, 3600), "ip": (400, 3600)},
}

WRITE_MESSAGES = {
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
}


def write_rate_limit(request, action: str) -> None:
    """Count one write of `action` ("proposal", "publish", "comment", "report") by
    this request; raise RateLimited when the user or the address is over its limit.
    Limits come from settings.WRITE_RATE_LIMITS (per action: {"user": (count,
    seconds), "ip": (count, seconds)}), falling back to DEFAULT_WRITE_LIMITS."""
    _action_rate_limit(
        request,
        kind="write",
        action=action,
        configured=getattr(settings, "WRITE_RATE_LIMITS", None),
        defaults=DEFAULT_WRITE_LIMITS,
        message=WRITE_MESSAGES[action],
    )


def _action_rate_limit(
    request, *, kind: str, action: str, configured, defaults: dict, message
) -> None:
    """The limits of `action` from its setting (or the defaults), counted under
    "<kind>:rl:<action>"."""
    limits = (configured or {}).get(action, defaults[action])
    rate_limit(
        request,
        prefix=f"{kind}:rl:{action}",
        limits=limits_from(limits),
        message=message,
        log_label=f"{action} rate limit",
    )


# --- Public reads of the API (lists and searches) --------------------------------------

DEFAULT_READ_LIMITS = {
    # Per address only and loose: anonymous clients have no user to key on, and a
    # carrier puts many phones behind one address. It stops a scraper hammering the
    # list and its search (each search scans the trigram index), not a busy app.
    "proposal_list": {"ip": (300, 60)},
}

READ_MESSAGE = _(
    "You have sent many requests in a short time. Please wait and try again."
)


def read_rate_limit(request, action: str) -> None:
    """Count one read of `action` ("proposal_list") by this request's address; raise
    RateLimited when the address is over its limit. Limits come from
    settings.READ_RATE_LIMITS (per action: {"ip": (count, seconds)}), falling back to
    DEFAULT_READ_LIMITS."""
    _action_rate_limit(
        request,
        kind="read",
        action=action,
        configured=getattr(settings, "READ_RATE_LIMITS", None),
        defaults=DEFAULT_READ_LIMITS,
        message=READ_MESSAGE,
    )
