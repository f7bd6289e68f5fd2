"""OpenAPI description of the kiosk credential (drf-spectacular)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class KioskAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "kiosks.auth.KioskAuthentication"
    name = "kioskCredential"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "`Kiosk <credential>` from POST /api/v1/kiosk/enroll/; the touch UI "
                "sends the HttpOnly cookie instead, with the CSRF token. Never in the URL."
            ),
        }
