"""Error reports to Sentry (only when SENTRY_DSN is set), with personal data removed:
phone numbers, email addresses, tokens, secrets and cookies never leave the site."""

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sentry_sdk.types import Event, Hint

FILTERED = "[Filtered]"
# Keys whose values are secret or personal whatever they hold.
SENSITIVE_KEY = re.compile(
    r"pass|secret|token|key|auth|cookie|session|csrf|phone|email|code|signature|dsn",
    re.IGNORECASE,
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Korean mobile and landline numbers, with or without +82, hyphens or spaces.
PHONE = re.compile(r"(?<!\d)(\+?82[-\s]?)?0?1[016789][-\s]?\d{3,4}[-\s]?\d{4}(?!\d)")
# Tokens in URLs and text: key=value pairs and long opaque strings.
TOKEN_PARAM = re.compile(
    r"((?:token|key|code|signature|sig|secret|password)=)[^&\s]+", re.IGNORECASE
)
OPAQUE = re.compile(r"\b(?=[A-Za-z_-]*\d)[A-Za-z0-9_-]{32,}\b")


def scrub_text(text: str) -> str:
    text = EMAIL.sub(FILTERED, text)
    text = TOKEN_PARAM.sub(lambda match: match.group(1) + FILTERED, text)
    text = PHONE.sub(FILTERED, text)
    return OPAQUE.sub(FILTERED, text)


def scrub(value: Any, key: str = "") -> Any:
    if key and SENSITIVE_KEY.search(key):
        return FILTERED if value not in (None, "", [], {}) else value
    if isinstance(value, dict):
        return {name: scrub(item, str(name)) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(item) for item in value]
    if isinstance(value, str):
        return scrub_text(value)
    return value


def before_send(event: "Event", hint: "Hint") -> "Event":
    """Sentry's hook for every event: the whole event, scrubbed. The user is kept
    only as an id."""
    user = event.get("user") or {}
    event = scrub(event)
    event["user"] = {"id": user["id"]} if "id" in user else {}
    return event


def sentry_init(*, dsn: str, environment: str, release: str = "") -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=before_send,
        before_send_transaction=before_send,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        traces_sample_rate=0.0,
    )
