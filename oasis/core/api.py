"""API errors are JSON with a machine-readable `code` and a translated `detail`."""

from rest_framework import status
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from oasis.core.errors import DomainError, RateLimited


def domain_error_response(error: DomainError) -> Response:
    response = Response(
        {"code": error.code, "detail": str(error.message)}, status=error.status
    )
    if isinstance(error, RateLimited):
        response["Retry-After"] = str(error.retry_after)
    return response


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return domain_error_response(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(response.data, dict) and "detail" in response.data:
        code = getattr(exc, "default_code", "error")
        if isinstance(exc, Throttled):
            code = "throttled"
        response.data = {"code": code, "detail": str(response.data["detail"])}
    elif response.status_code == status.HTTP_400_BAD_REQUEST:
        response.data = {"code": "invalid", "detail": "", "errors": response.data}
    return response
