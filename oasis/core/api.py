"""API errors are JSON with a machine-readable `code` and a translated `detail`, plus
the field errors of a refused input: every API builds them here."""

from rest_framework import serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.exceptions import ValidationError as DrfValidationError
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


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's, refusing a NUL character as invalid before the lookup: PostgreSQL
    cannot compare text that contains one (DRF's CharField refuses it too)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


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
        errors = response.data
        if not isinstance(errors, dict):  # a list of errors about the whole input
            errors = {"non_field_errors": list(errors)}
        response.data = error_body(
            "invalid", DrfValidationError.default_detail, errors=errors
        )
    return response


# The refusals every operation may answer, documented from what the operation takes,
# so that no view can forget one: any input can be invalid or of a media type no
# parser reads, any object can be missing, a kiosk can be unknown or revoked, and a
# session's unsafe request can fail its CSRF check.
ERROR_DESCRIPTIONS = {
    "400": "invalid input: `errors` holds the messages per field",
    "401": "no valid kiosk credential",
    "403": "not allowed, or the CSRF check failed",
    "404": "no such object (or no such path under /api/)",
    "415": "the body's media type is not one the operation reads",
}
UNSAFE_METHODS = {"post", "put", "patch", "delete"}


def _refusals_of(method: str, operation: dict) -> set[str]:
    parameters = operation.get("parameters", [])
    security = {name for entry in operation.get("security", []) for name in entry}
    refusals = set()
    if "requestBody" in operation or any(p["in"] == "query" for p in parameters):
        refusals.add("400")
    if "kioskCredential" in security:
        refusals.add("401")
    if "cookieAuth" in security and method in UNSAFE_METHODS:
        refusals.add("403")
    if any(p["in"] == "path" for p in parameters):
        refusals.add("404")
    if "requestBody" in operation:
        refusals.add("415")
    return refusals


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the ApiError refusals each operation
    may answer (see ERROR_DESCRIPTIONS) unless the view documents them itself."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in sorted(_refusals_of(method, operation) - set(responses)):
                responses[code] = {
                    "content": error,
                    "description": ERROR_DESCRIPTIONS[code],
                }
    return result
