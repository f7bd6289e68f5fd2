"""Pluggable SMS backends, chosen by settings.SMS_BACKEND (default: log)."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("oasis.sms")


@dataclass(frozen=True)
class SmsMessage:
    to: str
    body: str


class BaseSmsBackend:
    def send(self, message: SmsMessage) -> None:
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


def send_sms(to: str, body: str) -> None:
    import_string(settings.SMS_BACKEND)().send(SmsMessage(to=to, body=body))
