"""Rate limits on agreements, in the shared cache (DESIGN §7, issue 4 "Abuse").

Fixed windows per user (tight) and per client address (loose), counted by the shared
mechanism in oasis.core.throttle. When the cache cannot be reached the limits let
requests through and the outage is logged; voting keeps working.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from oasis.core.throttle import Limit, limits_from, rate_limit

DEFAULT_LIMITS = {
    "user": (20, 60),  # 20 agreements or retractions a minute per person
    "ip": (600, 60),  # 600 a minute per address
}


def _limits() -> list[Limit]:
    return limits_from(getattr(settings, "VOTE_RATE_LIMITS", DEFAULT_LIMITS))


def vote_rate_limit(request) -> None:
    """Count one agreement action of this request; raise RateLimited with Retry-After
    when a limit is exceeded."""
    rate_limit(
        request,
        prefix="voting:rl",
        limits=_limits(),
        message=_("Too many agreements in a short time. Please wait and try again."),
        log_label="vote rate limit",
    )
