"""Codes texted to a phone number, for every purpose: issue one under the one cap
policy, and confirm one. Codes are stored only hashed; caps are counted in the
database, so they hold while the cache is down."""

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from oasis.accounts.models import PhoneCode, User
from oasis.accounts.phones import normalise_phone, protect_phone
from oasis.accounts.sms import SmsNotSent, SmsSendError, send_sms
from oasis.core.errors import DomainError, RateLimited

Purpose = PhoneCode.Purpose


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


def _hash_code(phone_hmac: str, code: str) -> str:
    key = (settings.SECRET_KEY + phone_hmac).encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


# --- The cap policy --------------------------------------------------------------------
TEN_MINUTES = timedelta(minutes=10)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class _Sent:
    """A code sent earlier, as the caps see it."""

    created_at: datetime
    phone_hmac: str
    kiosk_id: int | None
    user_id: int | None
    purpose: str
    confirmed_at: datetime | None


@dataclass(frozen=True)
class _Cap:
    counts: Callable[[_Sent], bool]
    count: int
    window: timedelta
    message: str


def _caps(*, phone_hmac: str, user: User | None, kiosk) -> list[_Cap]:
    """Per kiosk asking, per number (every purpose), per account asking; in order."""
    caps = []
    if kiosk is not None:
        caps.append(
            _Cap(
                lambda sent: sent.kiosk_id == kiosk.pk,
                settings.SMS_CODES_PER_KIOSK_PER_10_MINUTES,
                TEN_MINUTES,
                _("Too many requests from this kiosk. Please wait a moment."),
            )
        )
    number_message = _(
        "Too many codes were sent to this number. Please try again later."
    )
    caps += [
        _Cap(
            lambda sent: sent.phone_hmac == phone_hmac,
            settings.SMS_CODES_PER_NUMBER_PER_10_MINUTES,
            TEN_MINUTES,
            number_message,
        ),
        _Cap(
            lambda sent: sent.phone_hmac == phone_hmac,
            settings.SMS_CODES_PER_NUMBER_PER_DAY,
            DAY,
            number_message,
        ),
    ]
    if user is not None:
        caps.append(
            _Cap(
                lambda sent: _asked_by(sent, user),
                settings.SMS_CODES_PER_ACCOUNT_PER_DAY,
                DAY,
                _("You have asked for many codes today. Please try again tomorrow."),
            )
        )
    return caps


def _asked_by(sent: _Sent, user: User) -> bool:
    return sent.user_id == user.pk and sent.purpose == Purpose.ACCOUNT_VERIFICATION


def _sent_recently(
    *, phone_hmac: str, user: User | None, kiosk, now: datetime
) -> list[_Sent]:
    """Every code any cap may count, newest first: one query."""
    recent = Q(phone_hmac=phone_hmac, created_at__gt=now - DAY)
    if user is not None:
        recent |= Q(
            user=user,
            purpose=Purpose.ACCOUNT_VERIFICATION,
            created_at__gt=now - DAY,
        )
    if kiosk is not None:
        recent |= Q(kiosk=kiosk, created_at__gt=now - TEN_MINUTES)
    rows = (
        PhoneCode.objects.filter(recent)
        .order_by("-created_at")
        .values_list(
            "created_at", "phone_hmac", "kiosk_id", "user_id", "purpose", "confirmed_at"
        )
    )
    return [_Sent(*row) for row in rows]


def _refusal(
    *, sent: Iterable[_Sent], phone_hmac: str, user: User | None, kiosk, now: datetime
) -> RateLimited | None:
    """An account waits SMS_RESEND_AFTER after its last unused code; then each cap
    allows `count` codes in any `window`. The refusal carries the wait until a place
    is free; None when a code may be sent."""
    sent = list(sent)
    if user is not None:
        pending = [s for s in sent if _asked_by(s, user) and s.confirmed_at is None]
        if pending and now - pending[0].created_at < settings.SMS_RESEND_AFTER:
            wait = settings.SMS_RESEND_AFTER - (now - pending[0].created_at)
            seconds = max(1, int(wait.total_seconds()))
            return RateLimited(
                _("Please wait %(seconds)d seconds before asking for a new code.")
                % {"seconds": seconds},
                retry_after=seconds,
            )
    for cap in _caps(phone_hmac=phone_hmac, user=user, kiosk=kiosk):
        times = [
            s.created_at
            for s in sent
            if cap.counts(s) and s.created_at > now - cap.window
        ][: cap.count]
        if len(times) >= cap.count:
            # A place frees up when the oldest of the last `count` codes leaves the window.
            wait = times[-1] + cap.window - now
            return RateLimited(
                cap.message, retry_after=max(1, int(wait.total_seconds()))
            )
    return None


# --- Issue and confirm -----------------------------------------------------------------
def phone_code_issue(
    *,
    purpose: str,
    raw_phone: str,
    language: str,
    text: Callable[[str], str],
    user: User | None = None,
    kiosk=None,
    proposal=None,
) -> PhoneCode:
    """Text a new 6-digit code to the number, within the caps (RateLimited otherwise).
    `user` is the account asking (account verification) or the number's holder (kiosk
    agreement); `text` makes the message from the code, in `language`. The text leaves
    after commit; if the provider does not take it the code is forgotten (it counts
    against no cap) and SmsNotSent is raised."""
    number = normalise_phone(raw_phone)
    protected = protect_phone(number)
    requester = user if purpose == Purpose.ACCOUNT_VERIFICATION else None
    # No savepoint: nothing is written before a refusal, which is raised after the block.
    with transaction.atomic(savepoint=False):
        # Requests of one account or one kiosk are counted one after the other.
        if requester is not None:
            User.objects.select_for_update().filter(pk=requester.pk).exists()
        else:
            type(kiosk).objects.select_for_update().filter(pk=kiosk.pk).exists()
        now = timezone.now()
        caps = {"phone_hmac": protected.hmac, "user": requester, "kiosk": kiosk}
        refusal = _refusal(sent=_sent_recently(now=now, **caps), now=now, **caps)
        if refusal is None:
            code = f"{secrets.randbelow(1_000_000):06d}"
            phone_code = PhoneCode.objects.create(
                purpose=purpose,
                user=user,
                kiosk=kiosk,
                proposal=proposal,
                phone_hmac=protected.hmac,
                phone_encrypted=protected.encrypted,
                phone_last_digits=protected.last_digits,
                language=language,
                code_hash=_hash_code(protected.hmac, code),
                expires_at=now + settings.SMS_CODE_TTL,
            )
            with override(language):
                body = text(code)
            transaction.on_commit(
                lambda: _text_code(
                    phone_code_pk=phone_code.pk, number=number, body=body
                )
            )
    if refusal is not None:
        raise refusal
    return phone_code


def _text_code(*, phone_code_pk: int, number: str, body: str) -> None:
    try:
        send_sms(number, body)
    except SmsSendError as error:
        PhoneCode.objects.filter(pk=phone_code_pk).delete()
        raise SmsNotSent() from error


def phone_code_check(*, pending: QuerySet, code: str) -> PhoneCode:
    """The newest unused code of `pending` if `code` is it (valid SMS_CODE_TTL,
    SMS_CODE_MAX_ATTEMPTS tries). A wrong code counts one attempt at once, kept
    whatever the caller does next. Use the code up with phone_code_use."""
    limit = settings.SMS_CODE_MAX_ATTEMPTS
    phone_code = pending.filter(confirmed_at=None).order_by("-created_at").first()
    if phone_code is None:
        raise CodeExpired()
    if phone_code.attempts >= limit:
        raise TooManyAttempts()
    if timezone.now() > phone_code.expires_at:
        raise CodeExpired()
    given = _hash_code(phone_code.phone_hmac, (code or "").strip())
    if not hmac.compare_digest(phone_code.code_hash, given):
        PhoneCode.objects.filter(pk=phone_code.pk).update(attempts=F("attempts") + 1)
        if phone_code.attempts + 1 >= limit:
            raise TooManyAttempts()
        raise CodeInvalid()
    return phone_code


def phone_code_use(*, phone_code: PhoneCode) -> None:
    """Use the checked code up: single use, even against a concurrent second request
    with the same code (CodeExpired for the slower one)."""
    now = timezone.now()
    if not PhoneCode.objects.filter(
        pk=phone_code.pk,
        confirmed_at=None,
        attempts__lt=settings.SMS_CODE_MAX_ATTEMPTS,
    ).update(confirmed_at=now):
        raise CodeExpired()
    phone_code.confirmed_at = now
