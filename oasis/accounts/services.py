"""Writes on accounts: profile, phone verification, export and deletion."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from oasis.accounts import privacy
from oasis.accounts.models import PhoneVerification, User
from oasis.accounts.phones import normalise_phone, protect_phone
from oasis.accounts.sms import SmsNotSent, SmsSendError, send_sms
from oasis.core.audit import audit_record
from oasis.core.errors import Conflict, DomainError, RateLimited


class CodeInvalid(DomainError):
    code = "code_invalid"
    default_message = gettext_lazy("The code is not correct.")


class CodeExpired(DomainError):
    code = "code_expired"
    default_message = gettext_lazy("The code has expired. Please ask for a new one.")


class TooManyAttempts(DomainError):
    code = "too_many_attempts"
    status = 429
    default_message = gettext_lazy("Too many wrong codes. Please ask for a new code.")


class PhoneTaken(Conflict):
    code = "phone_taken"
    default_message = gettext_lazy(
        "This phone number is already verified by another account."
    )


def _hash_code(verification_salt: str, code: str) -> str:
    key = (settings.SECRET_KEY + verification_salt).encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def user_update_profile(
    *, user: User, display_name: str, home_district, preferred_language: str
) -> User:
    """Change what a person says about themselves."""
    user.display_name = display_name
    user.home_district = home_district
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "home_district", "preferred_language"])
    return user


@transaction.atomic
def phone_verification_start(*, user: User, raw_phone: str) -> PhoneVerification:
    """Send a 6-digit code by SMS; a new code may be asked for after SMS_RESEND_AFTER.

    Raises SmsNotSent (as the transaction commits) when the provider fails."""
    protected = protect_phone(raw_phone)
    now = timezone.now()
    latest = (
        PhoneVerification.objects.select_for_update()
        .filter(user=user, confirmed_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if latest and now - latest.created_at < settings.SMS_RESEND_AFTER:
        wait = settings.SMS_RESEND_AFTER - (now - latest.created_at)
        raise RateLimited(
            _("Please wait %(seconds)d seconds before asking for a new code.")
            % {"seconds": max(1, int(wait.total_seconds()))},
            retry_after=max(1, int(wait.total_seconds())),
        )
    _refuse_over_daily_caps(user=user, phone_hmac=protected.hmac, now=now)
    code = f"{secrets.randbelow(1_000_000):06d}"
    verification = PhoneVerification(
        user=user,
        phone_hmac=protected.hmac,
        phone_encrypted=protected.encrypted,
        phone_last_digits=protected.last_digits,
        expires_at=now + settings.SMS_CODE_TTL,
    )
    verification.code_hash = _hash_code(protected.hmac, code)
    verification.save()
    number = normalise_phone(raw_phone)
    with override(user.preferred_language):
        body = _(
            "[Oasis] Your verification code is %(code)s. It expires in 5 minutes."
        ) % {"code": code}
    transaction.on_commit(
        lambda: _text_code(verification_pk=verification.pk, number=number, body=body)
    )
    return verification


def _text_code(*, verification_pk: int, number: str, body: str) -> None:
    """Text the code after commit; if the provider does not take it, forget the code, so
    that it counts against neither the wait for a new code nor the daily caps."""
    try:
        send_sms(number, body)
    except SmsSendError as error:
        PhoneVerification.objects.filter(pk=verification_pk).delete()
        raise SmsNotSent() from error


def _refuse_over_daily_caps(*, user: User, phone_hmac: str, now) -> None:
    """At most SMS_CODES_PER_NUMBER_PER_DAY codes to one number and
    SMS_CODES_PER_ACCOUNT_PER_DAY to one account in any 24 hours."""
    last_day = PhoneVerification.objects.filter(created_at__gt=now - timedelta(days=1))
    caps = (
        (
            last_day.filter(phone_hmac=phone_hmac),
            settings.SMS_CODES_PER_NUMBER_PER_DAY,
            _("Too many codes were sent to this number. Please try again later."),
        ),
        (
            last_day.filter(user=user),
            settings.SMS_CODES_PER_ACCOUNT_PER_DAY,
            _("You have asked for many codes today. Please try again tomorrow."),
        ),
    )
    for sent, cap, message in caps:
        times = list(
            sent.order_by("-created_at").values_list("created_at", flat=True)[:cap]
        )
        if len(times) >= cap:
            # The window frees a place when the oldest of the last `cap` codes is a day old.
            wait = times[-1] + timedelta(days=1) - now
            raise RateLimited(message, retry_after=max(1, int(wait.total_seconds())))


def _pending_verification(user: User) -> PhoneVerification:
    verification = (
        PhoneVerification.objects.select_for_update()
        .filter(user=user, confirmed_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if verification is None:
        raise CodeExpired()
    return verification


def phone_verification_confirm(*, user: User, code: str) -> User:
    """Check the code (5 minutes, 5 attempts); on success the phone becomes the user's."""
    with transaction.atomic():
        verification = _pending_verification(user)
        if verification.attempts >= settings.SMS_CODE_MAX_ATTEMPTS:
            raise TooManyAttempts()
        if timezone.now() > verification.expires_at:
            raise CodeExpired()
        matches = hmac.compare_digest(
            verification.code_hash,
            _hash_code(verification.phone_hmac, (code or "").strip()),
        )
        if not matches:
            verification.attempts += 1
            verification.save(update_fields=["attempts"])
    # Outside the block above so that the counted attempt is kept when the error is raised.
    if not matches:
        if verification.attempts >= settings.SMS_CODE_MAX_ATTEMPTS:
            raise TooManyAttempts()
        raise CodeInvalid()
    return _phone_attach(user=user, verification=verification)


@transaction.atomic
def _phone_attach(*, user: User, verification: PhoneVerification) -> User:
    holder = (
        User.objects.filter(phone_hmac=verification.phone_hmac)
        .exclude(pk=user.pk)
        .first()
    )
    if holder is not None:
        # Kiosks (issue 6): a phone-only holder is the same person agreeing by SMS;
        # merge them into this account instead of refusing (DESIGN §4).
        from oasis.accounts.phone_identity import is_phone_only, phone_user_merge

        if not is_phone_only(holder):
            raise PhoneTaken()
        phone_user_merge(source=holder, target=user)
    now = timezone.now()
    user.phone_hmac = verification.phone_hmac
    user.phone_encrypted = verification.phone_encrypted
    user.phone_last_digits = verification.phone_last_digits
    user.phone_verified_at = now
    user.save(
        update_fields=[
            "phone_hmac",
            "phone_encrypted",
            "phone_last_digits",
            "phone_verified_at",
        ]
    )
    PhoneVerification.objects.filter(pk=verification.pk).update(confirmed_at=now)
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
            user.emailaddress_set.values("email", "verified", "primary")
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
    user.emailaddress_set.all().delete()
    user.socialaccount_set.all().delete()
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=user).delete()
    PhoneVerification.objects.filter(user=user).delete()
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
