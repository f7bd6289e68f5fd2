"""Writes on accounts: profile, phone verification, export and deletion."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oasis.accounts import privacy
from oasis.accounts.models import PhoneCode, User
from oasis.accounts.phone_codes import (
    phone_code_check,
    phone_code_issue,
    phone_code_use,
)
from oasis.core.audit import audit_record
from oasis.core.errors import Conflict


class PhoneTaken(Conflict):
    code = "phone_taken"
    default_message = gettext_lazy(
        "This phone number is already verified by another account."
    )


def user_update_profile(
    *, user: User, display_name: str, home_district, preferred_language: str
) -> User:
    """Change what a person says about themselves."""
    user.display_name = display_name
    user.home_district = home_district
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "home_district", "preferred_language"])
    return user


def phone_verification_start(*, user: User, raw_phone: str) -> PhoneCode:
    """Text a 6-digit code to verify the account's phone, within the phone-code caps.

    Raises SmsNotSent (as the transaction commits) when the provider fails."""
    return phone_code_issue(
        purpose=PhoneCode.Purpose.ACCOUNT_VERIFICATION,
        raw_phone=raw_phone,
        language=user.preferred_language,
        text=lambda code: (
            _("[Oasis] Your verification code is %(code)s. It expires in 5 minutes.")
            % {"code": code}
        ),
        user=user,
    )


def phone_verification_confirm(*, user: User, code: str) -> User:
    """Check the code (5 minutes, 5 attempts); on success the phone becomes the user's."""
    phone_code = phone_code_check(
        pending=PhoneCode.objects.filter(
            user=user, purpose=PhoneCode.Purpose.ACCOUNT_VERIFICATION
        ),
        code=code,
    )
    return _phone_attach(user=user, phone_code=phone_code)


@transaction.atomic
def _phone_attach(*, user: User, phone_code: PhoneCode) -> User:
    """The checked code is used up only if the phone becomes the user's."""
    phone_code_use(phone_code=phone_code)
    holder = (
        User.objects.filter(phone_hmac=phone_code.phone_hmac)
        .exclude(pk=user.pk)
        .first()
    )
    if holder is not None:
        # A phone-only holder is the same person, who agreed at a kiosk by SMS code:
        # merge them into this account instead of refusing, so they count once.
        from oasis.accounts.phone_identity import is_phone_only, phone_user_merge

        if not is_phone_only(holder):
            raise PhoneTaken()
        phone_user_merge(source=holder, target=user)
    now = timezone.now()
    user.phone_hmac = phone_code.phone_hmac
    user.phone_encrypted = phone_code.phone_encrypted
    user.phone_last_digits = phone_code.phone_last_digits
    user.phone_verified_at = now
    user.save(
        update_fields=[
            "phone_hmac",
            "phone_encrypted",
            "phone_last_digits",
            "phone_verified_at",
        ]
    )
    return user


def user_export_data(*, user: User) -> dict:
    """Everything Oasis holds about a person, as JSON-serialisable data."""
    data = {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "home_district": user.home_district.code if user.home_district else None,
            "preferred_language": user.preferred_language,
            "phone_last_digits": user.phone_last_digits or None,
            "phone_verified_at": user.phone_verified_at.isoformat()
            if user.phone_verified_at
            else None,
            "privacy_consent_at": user.privacy_consent_at.isoformat()
            if user.privacy_consent_at
            else None,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values(
                "email", "verified", "primary"
            )
        ),
    }
    for section, exporter in privacy.exporters().items():
        data[section] = exporter(user)
    return data


@transaction.atomic
def user_delete(*, user: User, actor: User | None = None) -> User:
    """Anonymise the account in place: personal data goes, the row stays as a placeholder
    so that votes and counts are unchanged; the phone hash stays while it still guards
    against voting twice (the voting app clears it later)."""
    for deleter in privacy.deleters():
        deleter(user)
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=user).delete()
    PhoneCode.objects.filter(user=user).delete()
    user.email = None
    user.display_name = ""
    user.home_district = None
    user.phone_encrypted = ""
    user.phone_last_digits = ""
    user.phone_verified_at = None
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.anonymised_at = timezone.now()
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    audit_record(actor=actor or user, action="account.delete", target=user)
    return user


def user_record_consent(*, user: User) -> None:
    user.privacy_consent_at = timezone.now()
    user.save(update_fields=["privacy_consent_at"])


def user_set_language(*, user: User, language: str) -> None:
    if language in dict(settings.LANGUAGES) and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
