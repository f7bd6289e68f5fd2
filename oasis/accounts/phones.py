"""Phone numbers: normalised, keyed hash for lookup, encrypted copy for sending."""

import hashlib
import hmac
import re
from dataclasses import dataclass

import phonenumbers
from cryptography.fernet import Fernet
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from oasis.core.errors import DomainError

# What a person may type around the digits; anything else (letters) is refused.
PHONE_CHARACTERS = re.compile(r"^\+?[\d\s\-().]+$")
KOREA = 82
# A Korean mobile number: 010-1234-5678, 11 digits with the leading 0.
MOBILE_SIGNIFICANT_DIGITS = 10


class InvalidPhoneNumber(DomainError):
    code = "invalid_phone"
    default_message = _("Enter a Korean mobile number such as 010-1234-5678.")


class PhoneNumberTooShort(InvalidPhoneNumber):
    default_message = _(
        "A mobile number has 11 digits, such as 010-1234-5678. Please check it."
    )


class NotAMobileNumber(InvalidPhoneNumber):
    default_message = _(
        "This is not a mobile number. Enter a Korean mobile number such as "
        "010-1234-5678."
    )


@dataclass(frozen=True)
class ProtectedPhone:
    hmac: str
    encrypted: str
    last_digits: str


def normalise_phone(raw: str) -> str:
    """The one check of a phone number on every path: a Korean mobile number of 11
    digits, returned in E.164 form (+8210…); otherwise InvalidPhoneNumber (or its
    clearer subclasses for a number too short and for a number that is no mobile)."""
    text = (raw or "").strip()
    if not PHONE_CHARACTERS.match(text):
        raise InvalidPhoneNumber()
    digits = re.sub(r"[\s\-().]", "", text)
    if digits.startswith("82") and len(digits) >= 11:
        digits = "+" + digits
    try:
        number = phonenumbers.parse(digits, "KR")
    except phonenumbers.NumberParseException as error:
        raise InvalidPhoneNumber() from error
    if number.country_code != KOREA or not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber()
    if phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
        raise NotAMobileNumber()
    if len(phonenumbers.national_significant_number(number)) != (
        MOBILE_SIGNIFICANT_DIGITS
    ):
        raise PhoneNumberTooShort()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


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
