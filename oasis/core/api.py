"""API errors are JSON with a machine-readable `code` and a translated `detail`, plus
the field errors of a refused input: every API builds them here."""

from rest_framework import serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from oasis.core.errors import DomainError, RateLimited


class ApiErrorSerializer(serializers.Serializer):
    """A refusal: a machine-readable code, a translated detail and, for invalid input,
    the errors per field."""

    code = serializers.CharField()
    detail = serializers.CharField()
    # A declared field: the serializer's metaclass takes it off the class, so it does
    # not replace Serializer.errors, which the stubs see as overridden.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


def error_body(code: str, detail, errors=None) -> dict:
    body = {"code": code, "detail": str(detail)}
    if errors is not None:
        body["errors"] = errors
    return body


def domain_error_response(error: DomainError) -> Response:
    response = Response(error_body(error.code, error.message), status=error.status)
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
        response.data = error_body(code, response.data["detail"])
    elif response.status_code == status.HTTP_400_BAD_REQUEST:
        response.data = error_body("invalid", "", errors=response.data)
    return response
