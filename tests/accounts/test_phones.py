"""The one normalisation of phone numbers, used by the profile and the kiosk."""

import pytest

from oasis.accounts.phones import (
    InvalidPhoneNumber,
    NotAMobileNumber,
    PhoneNumberTooShort,
    normalise_phone,
)


@pytest.mark.parametrize(
    "raw",
    [
        "010-2345-6789",
        "01023456789",
        "010 2345 6789",
        "+82 10-2345-6789",
        "821023456789",
    ],
)
def test_an_11_digit_korean_mobile_number_in_any_spelling(raw):
    assert normalise_phone(raw) == "+821023456789"


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ("010-234-5678", PhoneNumberTooShort),  # 10 digits
        ("02-123-4567", NotAMobileNumber),  # a Seoul landline
        ("070-1234-5678", NotAMobileNumber),  # internet telephony
        ("12345", InvalidPhoneNumber),
        ("", InvalidPhoneNumber),
        ("010-CALL-5678", InvalidPhoneNumber),
        ("+1 202 555 0100", InvalidPhoneNumber),
    ],
)
def test_other_numbers_are_refused(raw, error):
    with pytest.raises(error):
        normalise_phone(raw)
