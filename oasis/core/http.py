"""The visitor's address, as the rate limits see it."""

import logging
import threading

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

logger = logging.getLogger(__name__)

_untrusted_forwarding_warned = threading.Event()
_warning_lock = threading.Lock()


def warn_untrusted_forwarding(request) -> None:
    """Log once per process when requests carry X-Forwarded-For but no proxy is trusted
    (TRUSTED_PROXY_COUNT is 0): every visitor then has the proxy's address, so all
    sign-ins share one address and one rate limit."""
    if _untrusted_forwarding_warned.is_set():
        return
    if "HTTP_X_FORWARDED_FOR" not in request.META:
        return
    if (
        settings.ALLAUTH_TRUSTED_PROXY_COUNT
        or settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER
    ):
        return
    with _warning_lock:
        if _untrusted_forwarding_warned.is_set():
            return
        _untrusted_forwarding_warned.set()
    logger.warning(
        "Requests arrive with X-Forwarded-For but TRUSTED_PROXY_COUNT is 0: every "
        "visitor is seen at the proxy's address %s, so all of them share one rate "
        "limit. Set TRUSTED_PROXY_COUNT to the number of proxies in front of Oasis.",
        request.META.get("REMOTE_ADDR", "?"),
    )


def client_ip(request) -> str:
    """The client's address, honouring TRUSTED_PROXY_COUNT behind load balancers (the
    same rule as allauth's login limits), so one proxy is not one shared bucket."""
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return request.META.get("REMOTE_ADDR", "") or "unknown"
