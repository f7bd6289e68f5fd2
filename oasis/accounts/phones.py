"""Phone numbers: normalised, keyed hash for lookup, encrypted copy for sending."""

import hashlib
import hmac
import re
from dataclasses import dataclass

from cryptography.fernet import Fernet
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from oasis.core.errors import DomainError

KOREAN_MOBILE = re.compile(r"^01[016789]\d{7,8}$")


class InvalidPhoneNumber(DomainError):
    code = "invalid_phone"
    default_message = _("Enter a Korean mobile number such as 010-1234-5678.")


@dataclass(frozen=True)
class ProtectedPhone:
    hmac: str
    encrypted: str
    last_digits: str


def normalise_phone(raw: str) -> str:
    """Return the number in E.164 form (+8210…), or raise InvalidPhoneNumber."""
    digits = re.sub(r"[\s\-().]", "", raw or "")
    if digits.startswith("+82"):
        digits = "0" + digits[3:]
    elif digits.startswith("82") and len(digits) >= 11:
        digits = "0" + digits[2:]
    if not KOREAN_MOBILE.match(digits):
        raise InvalidPhoneNumber()
    return "+82" + digits[1:]


def phone_hmac(e164: str) -> str:
    return hmac.new(
        settings.PHONE_PEPPER.encode(), e164.encode(), hashlib.sha256
    ).hexdigest()


def _fernet() -> Fernet:
    return Fernet(settings.PHONE_ENCRYPTION_KEY.encode())


def protect_phone(raw: str) -> ProtectedPhone:
    e164 = normalise_phone(raw)
    return ProtectedPhone(
        hmac=phone_hmac(e164),
        encrypted=_fernet().encrypt(e164.encode()).decode(),
        last_digits=e164[-4:],
    )


def decrypt_phone(encrypted: str) -> str:
    """Only for handing the number to the SMS backend at send time."""
    return _fernet().decrypt(encrypted.encode()).decode()


def mask_phone(last_digits: str) -> str:
    return f"010-****-{last_digits}" if last_digits else ""
