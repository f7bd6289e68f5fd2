"""Pluggable SMS backends, chosen by settings.SMS_BACKEND (default: log)."""

import json
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from oasis.core.errors import DomainError

logger = logging.getLogger("oasis.sms")

# Korean carriers take 90 bytes (EUC-KR) in one SMS; longer texts go as LMS.
SMS_MAX_BYTES = 90


@dataclass(frozen=True)
class SmsMessage:
    to: str
    body: str


class SmsSendError(Exception):
    """The provider did not take the message. `retryable`: trying later may work
    (server error, throttling, timeout), as opposed to a refusal (bad number, bad key)."""

    def __init__(self, message: str, *, retryable: bool):
        super().__init__(message)
        self.retryable = retryable


class SmsNotSent(DomainError):
    """What a person sees when a code they asked for could not be texted."""

    # The default 400, not a 5xx: kiosks take a 5xx for "our server is down".
    code = "sms_not_sent"
    default_message = _(
        "We could not send the text message. "
        "Please check the number and try again in a few minutes."
    )


class BaseSmsBackend:
    def send(self, message: SmsMessage) -> None:
        """Send one text, or raise SmsSendError."""
        raise NotImplementedError


class LogSmsBackend(BaseSmsBackend):
    """Development: write the message to the log instead of sending it."""

    def send(self, message: SmsMessage) -> None:
        logger.info("SMS to ***%s: %s", message.to[-4:], message.body)


# The test backend's outbox, read by tests (like django.core.mail.outbox).
outbox: list[SmsMessage] = []


class LocmemSmsBackend(BaseSmsBackend):
    def send(self, message: SmsMessage) -> None:
        outbox.append(message)


def sms_byte_length(text: str) -> int:
    """Bytes as carriers count them in EUC-KR: 1 for ASCII, 2 for Hangul and the rest."""
    return sum(1 if ord(char) < 128 else 2 for char in text)


def domestic_number(e164: str) -> str:
    """+821012345678 → 01012345678, the form Korean gateways expect."""
    return "0" + e164[3:] if e164.startswith("+82") else e164


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    # The API key must not follow a redirect to another address; a 3xx is an error.
    def redirect_request(self, *args, **kwargs):
        return None


class HttpSmsBackend(BaseSmsBackend):
    """A provider's JSON API: one POST per text to SMS_HTTP_URL with the key in the
    X-API-Key header and {"type": "SMS"|"LMS", "from", "to", "text"} as the body."""

    def __init__(self):
        self.url = settings.SMS_HTTP_URL
        self.api_key = settings.SMS_HTTP_API_KEY
        self.sender = re.sub(r"[\s\-]", "", settings.SMS_SENDER_NUMBER)
        self.timeout = settings.SMS_HTTP_TIMEOUT
        if not (self.url and self.api_key and self.sender):
            raise ImproperlyConfigured(
                "HttpSmsBackend needs SMS_HTTP_URL, SMS_HTTP_API_KEY "
                "and SMS_SENDER_NUMBER."
            )
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("SMS_HTTP_URL must be an http(s):// address.")

    def send(self, message: SmsMessage) -> None:
        kind = "SMS" if sms_byte_length(message.body) <= SMS_MAX_BYTES else "LMS"
        request = urllib.request.Request(  # noqa: S310 (http(s) only, checked above)
            self.url,
            data=json.dumps(
                {
                    "type": kind,
                    "from": self.sender,
                    "to": domestic_number(message.to),
                    "text": message.body,
                },
                ensure_ascii=False,
            ).encode(),
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                "X-API-Key": self.api_key,
            },
            method="POST",
        )
        try:
            with urllib.request.build_opener(_RefuseRedirects).open(
                request, timeout=self.timeout
            ) as response:
                response.read()
        except urllib.error.HTTPError as error:
            # Throttling (429) passes; other refusals will not change by waiting.
            retryable = error.code >= 500 or error.code == 429
            reason = f"the provider answered HTTP {error.code}"
            raise _failure(message, reason, retryable=retryable) from error
        except (urllib.error.URLError, HTTPException, OSError) as error:
            # A timeout may hide a text that did leave: a retry may send it twice.
            reason = f"the provider is unreachable ({getattr(error, 'reason', error)})"
            raise _failure(message, reason, retryable=True) from error
        logger.info("%s to ***%s sent", kind, message.to[-4:])


def _failure(message: SmsMessage, reason: str, *, retryable: bool) -> SmsSendError:
    # Neither the key nor the whole number goes into logs or errors.
    logger.warning("SMS to ***%s not sent: %s", message.to[-4:], reason)
    return SmsSendError(f"SMS not sent: {reason}", retryable=retryable)


def send_sms(to: str, body: str) -> None:
    """Send one text through settings.SMS_BACKEND; raises SmsSendError on failure."""
    import_string(settings.SMS_BACKEND)().send(SmsMessage(to=to, body=body))
