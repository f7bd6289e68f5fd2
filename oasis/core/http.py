"""The visitor's address, as the rate limits see it."""

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied


def client_ip(request) -> str:
    """The client's address, honouring TRUSTED_PROXY_COUNT behind load balancers (the
    same rule as allauth's login limits), so one proxy is not one shared bucket."""
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return request.META.get("REMOTE_ADDR", "") or "unknown"
