"""Middleware of the whole site: request ids for the logs, and the request body cap."""

import re
import uuid

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from oasis.core.logs import request_id_var

# An id from the load balancer is kept when it looks like one (nginx's $request_id).
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class RequestIdMiddleware:
    """Every request gets an id (the load balancer's X-Request-ID, or a new one): the
    logs carry it, the response tells it, so a reported error can be found."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = (
            incoming if REQUEST_ID_PATTERN.match(incoming) else uuid.uuid4().hex
        )
        request.request_id = request_id
        # Set, not reset afterwards: Django logs the response ("Not Found", errors)
        # after the middleware has returned. Each request sets its own id.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class RequestBodyLimitMiddleware:
    """Refuse a body larger than REQUEST_BODY_MAX_BYTES from its Content-Length, before
    any of it is read (413), with a message saying what the limit is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.REQUEST_BODY_MAX_BYTES
        if length > limit:
            message = _(
                "This upload is too large: at most %(megabytes)d MB can be sent at once."
            ) % {"megabytes": limit // (1024 * 1024)}
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"code": "request_too_large", "detail": message}, status=413
                )
            response = HttpResponse(message, status=413, content_type="text/plain")
            response["Connection"] = "close"  # the unread body must not be parsed
            return response
        return self.get_response(request)
