"""Every write of the kiosks app: fleet, configuration, heartbeats, usage, hand-offs and
SMS agreements."""

import hashlib
import hmac
import logging
import secrets
from datetime import datetime, timedelta
from typing import cast

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kiosks.auth import CREDENTIAL_PREFIX, credential_hash
from kiosks.errors import (
    EnrollmentCodeInvalid,
    FeatureDisabled,
    HandoffGone,
    ProposalNotOnKiosk,
)
from kiosks.models import (
    HEARTBEAT_SECONDS,
    MISSED_BEATS_OFFLINE,
    EnrollmentCode,
    Handoff,
    Kiosk,
    KioskConfig,
    KioskUsage,
)
from kiosks.selectors import kiosk_proposal_detail
from oasis.accounts.models import PhoneCode
from oasis.accounts.phone_codes import (
    phone_code_check,
    phone_code_issue,
    phone_code_use,
)
from oasis.accounts.phone_identity import phone_user_for, phone_user_get_or_create
from oasis.accounts.phones import ProtectedPhone, normalise_phone, phone_hmac
from oasis.core.audit import audit_record
from oasis.core.errors import DomainError, NotFound
from oasis.core.throttle import rate_limit
from oasis.notifications.services import dispatch
from proposals.models import Proposal
from voting.errors import OwnProposal, VotingClosed
from voting.models import Channel, Vote
from voting.services import vote_cast

logger = logging.getLogger(__name__)

# Unambiguous letters and digits: read off a staff screen and typed on a touch keyboard.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 60 bits, single use, expiring, rate-limited


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def normalise_enrollment_code(raw: str) -> str:
    return "".join(ch for ch in (raw or "").upper() if ch in CODE_ALPHABET)


def format_enrollment_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


# --- Fleet ---------------------------------------------------------------------------
@transaction.atomic
def enrollment_code_create(*, kiosk: Kiosk, actor) -> tuple[EnrollmentCode, str]:
    """A new one-time code for `kiosk` (earlier unused codes stop working); audited.
    Returns the row and the code, which is shown once and stored only hashed."""
    now = timezone.now()
    EnrollmentCode.objects.filter(kiosk=kiosk, used_at__isnull=True).update(
        expires_at=now
    )
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    row = EnrollmentCode.objects.create(
        kiosk=kiosk,
        code_hash=_sha256(code),
        created_by=actor,
        expires_at=now + settings.KIOSK_ENROLLMENT_CODE_TTL,
    )
    audit_record(
        actor=actor,
        action="kiosk.enrollment_code_create",
        target=kiosk,
        after={"expires_at": row.expires_at.isoformat()},
    )
    return row, format_enrollment_code(code)


@transaction.atomic
def kiosk_enroll(*, code: str) -> tuple[Kiosk, str]:
    """Exchange a one-time code for a 256-bit credential (only its hash is kept); any
    earlier credential of the kiosk stops working. Audited."""
    now = timezone.now()
    row = (
        EnrollmentCode.objects.select_for_update()
        .select_related("kiosk")
        .filter(code_hash=_sha256(normalise_enrollment_code(code)))
        .first()
    )
    if (
        row is None
        or row.used_at is not None
        or row.expires_at <= now
        or not row.kiosk.is_active
    ):
        raise EnrollmentCodeInvalid()
    credential = CREDENTIAL_PREFIX + secrets.token_urlsafe(32)
    kiosk = row.kiosk
    kiosk.credential_hash = credential_hash(credential)
    kiosk.enrolled_at = now
    kiosk.revoked_at = None
    kiosk.is_online = True
    kiosk.last_seen_at = now
    kiosk.save(
        update_fields=[
            "credential_hash",
            "enrolled_at",
            "revoked_at",
            "is_online",
            "last_seen_at",
        ]
    )
    EnrollmentCode.objects.filter(pk=row.pk).update(used_at=now)
    audit_record(
        actor=None,
        action="kiosk.enrol",
        target=kiosk,
        after={"enrolled_at": now.isoformat(), "code_created_by": row.created_by_id},
    )
    return kiosk, credential


@transaction.atomic
def kiosk_revoke(*, kiosk: Kiosk, actor) -> Kiosk:
    """The credential stops working at the device's next request; audited."""
    now = timezone.now()
    kiosk.credential_hash = ""
    kiosk.revoked_at = now
    kiosk.is_online = False
    kiosk.save(update_fields=["credential_hash", "revoked_at", "is_online"])
    EnrollmentCode.objects.filter(kiosk=kiosk, used_at__isnull=True).update(
        expires_at=now
    )
    audit_record(
        actor=actor,
        action="kiosk.revoke",
        target=kiosk,
        after={"revoked_at": now.isoformat()},
    )
    return kiosk


CONFIG_FIELDS = [
    "idle_timeout_seconds",
    "default_language",
    "agree_by_handoff",
    "agree_by_sms",
    "propose",
    "audio_guidance",
    "message_ko",
    "message_en",
]


@transaction.atomic
def kiosk_config_save(*, config: KioskConfig, actor) -> KioskConfig:
    """Save a global or per-kiosk configuration under a new, higher version; audited.
    Kiosks pick it up with their next heartbeat."""
    # Lock the rows (PostgreSQL refuses FOR UPDATE with an aggregate), then count on.
    list(KioskConfig.objects.select_for_update().values_list("pk", flat=True))
    latest = KioskConfig.objects.aggregate(v=Max("version"))["v"]
    config.version = (latest or 0) + 1
    config.full_clean()
    config.save()
    audit_record(
        actor=actor,
        action="kiosk.config_save",
        target=config,
        after={
            "version": config.version,
            **{name: getattr(config, name) for name in CONFIG_FIELDS},
        },
    )
    return config


def kiosk_heartbeat(
    *,
    kiosk: Kiosk,
    app_version: str = "",
    uptime_seconds: int = 0,
    last_error: str = "",
    config_version: int = 0,
) -> None:
    """Record that the kiosk is alive, with what it reports about itself."""
    now = timezone.now()
    Kiosk.objects.filter(pk=kiosk.pk).update(
        last_seen_at=now,
        is_online=True,
        app_version=app_version[:40],
        uptime_seconds=max(0, uptime_seconds),
        last_error=last_error[:500],
        config_version_applied=max(0, config_version),
    )
    kiosk.last_seen_at, kiosk.is_online = now, True


def kiosks_mark_offline(*, now: datetime | None = None) -> int:
    """Mark kiosks that missed three heartbeats offline and alert staff, once per outage.
    Returns how many went offline."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=HEARTBEAT_SECONDS * MISSED_BEATS_OFFLINE)
    stale = list(
        Kiosk.objects.filter(is_online=True, last_seen_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    marked = 0
    for pk in stale:
        with transaction.atomic():
            changed = Kiosk.objects.filter(
                pk=pk, is_online=True, last_seen_at__lt=cutoff
            ).update(is_online=False)
            if changed:
                kiosk = Kiosk.objects.select_related("district").get(pk=pk)
                dispatch("kiosk.offline", kiosk=kiosk)
                marked += 1
    return marked


# --- Usage ---------------------------------------------------------------------------
# Agreements are the kiosk's votes themselves (selectors.kiosk_usage_with_agreements).
USAGE_FIELDS = ("touch_sessions", "proposals_viewed", "handoffs")


def kiosk_usage_add(*, kiosk: Kiosk, **counts: int) -> None:
    """Add counts to today's row of the kiosk (Seoul time); counts only, no person."""
    increments = {
        name: F(name) + int(value)
        for name, value in counts.items()
        if name in USAGE_FIELDS and value
    }
    if not increments:
        return
    day = timezone.localdate()
    if KioskUsage.objects.filter(kiosk=kiosk, day=day).update(**increments):
        return
    try:
        with transaction.atomic():
            KioskUsage.objects.create(
                kiosk=kiosk,
                day=day,
                **{name: int(counts[name]) for name in increments},
            )
    except IntegrityError:  # another request created today's row first
        KioskUsage.objects.filter(kiosk=kiosk, day=day).update(**increments)


# --- Hand-off ------------------------------------------------------------------------
def handoff_create(
    *, kiosk: Kiosk, action: str, proposal_id: int | None, features: dict[str, bool]
) -> tuple[Handoff, str]:
    """A single-use token (192 bits, only its hash stored) bound to the kiosk and the
    action; it must be opened on a phone within 120 s."""
    rate_limit("kiosk_handoff", device=kiosk.credential_hash)
    if action == Handoff.Action.AGREE:
        if not features.get("agree_by_handoff", True):
            raise FeatureDisabled()
        if proposal_id is None:
            raise ProposalNotOnKiosk()
        proposal = kiosk_proposal_detail(pk=proposal_id)
    elif action == Handoff.Action.PROPOSE:
        if not features.get("propose", True):
            raise FeatureDisabled()
        proposal = None
    else:
        raise DomainError(code="invalid_action")
    token = secrets.token_urlsafe(24)
    handoff = Handoff.objects.create(
        kiosk=kiosk,
        action=action,
        proposal=proposal,
        token_hash=_sha256(token),
        open_by=timezone.now() + settings.KIOSK_HANDOFF_OPEN_WITHIN,
    )
    kiosk_usage_add(kiosk=kiosk, handoffs=1)
    return handoff, token


def handoff_open(*, token: str, binding: str | None) -> tuple[Handoff, str | None]:
    """Open a hand-off on a phone. The first opening binds it to that phone's session
    (returned binding secret, kept in the session) and starts its 15 minutes; afterwards
    only that session may continue. Used or expired → HandoffGone (410)."""
    handoff = (
        Handoff.objects.select_related("kiosk", "kiosk__district", "proposal")
        .filter(token_hash=_sha256(token or ""))
        .first()
    )
    if handoff is None:
        raise NotFound()
    now = timezone.now()
    if handoff.completed_at is not None:
        raise HandoffGone()
    if handoff.opened_at is None:
        if now > handoff.open_by:
            raise HandoffGone()
        new_binding = secrets.token_urlsafe(32)
        finish_by = now + settings.KIOSK_HANDOFF_FINISH_WITHIN
        opened = Handoff.objects.filter(pk=handoff.pk, opened_at__isnull=True).update(
            opened_at=now, finish_by=finish_by, binding_hash=_sha256(new_binding)
        )
        if not opened:  # another phone was faster
            raise HandoffGone()
        handoff.opened_at, handoff.finish_by = now, finish_by
        return handoff, new_binding
    if not binding or not hmac.compare_digest(handoff.binding_hash, _sha256(binding)):
        raise HandoffGone()
    if now > cast(datetime, handoff.finish_by):  # set when it was opened
        raise HandoffGone()
    return handoff, None


def _handoff_finish(handoff: Handoff, outcome: str) -> None:
    now = timezone.now()
    Handoff.objects.filter(pk=handoff.pk, completed_at__isnull=True).update(
        completed_at=now, outcome=outcome
    )
    handoff.completed_at, handoff.outcome = now, outcome


def handoff_agree(*, handoff: Handoff, user) -> tuple[Vote, bool]:
    """The person on the phone agrees with the hand-off's proposal (channel kiosk).
    A refusal that the person cannot fix here ends the hand-off with its code."""
    if handoff.action != Handoff.Action.AGREE or handoff.completed_at is not None:
        raise HandoffGone()
    try:
        vote, created = vote_cast(
            proposal=cast(Proposal, handoff.proposal),  # an agree hand-off has one
            user=user,
            channel=Channel.KIOSK,
            kiosk=handoff.kiosk,
        )
    except (VotingClosed, OwnProposal) as error:
        _handoff_finish(handoff, error.code)
        raise
    # After the vote's own transaction: a vote is never lost to a failed status update,
    # and a second submission finds the vote and reports "already agreed".
    _handoff_finish(handoff, "agreed" if created else "already_agreed")
    return vote, created


def handoff_propose_continue(*, handoff: Handoff) -> None:
    """The phone goes on to the proposal form. The hand-off stays "opened" until an idea
    is submitted (handoff_propose_submitted), so the kiosk never thanks for nothing."""
    if handoff.action != Handoff.Action.PROPOSE or handoff.completed_at is not None:
        raise HandoffGone()


def handoff_propose_submitted(
    *, handoff_id: int, binding: str, published: bool
) -> bool:
    """The phone that continued a "propose" hand-off submitted its idea, as a draft or
    published: the kiosk shows it. A hand-off already used, past its 15 minutes or bound
    to another phone stays as it is. One query; True when the hand-off was finished."""
    now = timezone.now()
    return bool(
        Handoff.objects.filter(
            pk=handoff_id,
            action=Handoff.Action.PROPOSE,
            completed_at__isnull=True,
            finish_by__gte=now,
            binding_hash=_sha256(binding),
        ).update(
            completed_at=now,
            outcome="proposal_published" if published else "proposal_saved",
        )
    )


# --- Agreement by SMS code -----------------------------------------------------------
def kiosk_sms_send(
    *,
    kiosk: Kiosk,
    raw_phone: str,
    proposal_id: int,
    language: str,
    features: dict[str, bool],
) -> PhoneCode:
    """Text a 6-digit code to the number so that its holder can agree from the kiosk,
    within the phone-code caps (per device and per number); SmsNotSent if the provider
    fails."""
    if not features.get("agree_by_sms", True):
        raise FeatureDisabled()
    number = normalise_phone(raw_phone)
    proposal = kiosk_proposal_detail(pk=proposal_id)
    return phone_code_issue(
        purpose=PhoneCode.Purpose.KIOSK_AGREEMENT,
        raw_phone=number,
        language=language,
        text=lambda code: (
            _(
                "[Oasis] Your code to agree at the %(station)s kiosk is %(code)s. "
                "It expires in 5 minutes."
            )
            % {"station": kiosk.station, "code": code}
        ),
        user=phone_user_for(phone_hmac=phone_hmac(number)),
        kiosk=kiosk,
        proposal=proposal,
    )


def kiosk_sms_verify_and_agree(
    *, kiosk: Kiosk, challenge_id: int, code: str
) -> tuple[Vote, bool]:
    """Check the code (5 minutes, limited attempts, single use); then agree for the
    user holding that phone, created passwordless if there is none."""
    rate_limit("kiosk_vote", device=kiosk.credential_hash)
    phone_code = phone_code_check(
        pending=PhoneCode.objects.select_related("user").filter(
            pk=challenge_id, kiosk=kiosk, purpose=PhoneCode.Purpose.KIOSK_AGREEMENT
        ),
        code=code,
    )
    # Used up before agreeing: a refused agreement (voting closed) needs a new code.
    phone_code_use(phone_code=phone_code)
    user = phone_code.user
    if user is None or user.phone_hmac != phone_code.phone_hmac:
        user, _created = phone_user_get_or_create(
            protected=ProtectedPhone(
                hmac=phone_code.phone_hmac,
                encrypted=phone_code.phone_encrypted,
                last_digits=phone_code.phone_last_digits,
            ),
            language=phone_code.language,
        )
    # vote_cast fills this instance from its locked read: the count needs no query.
    proposal = Proposal(pk=phone_code.proposal_id)
    vote, created = vote_cast(
        proposal=proposal, user=user, channel=Channel.KIOSK, kiosk=kiosk
    )
    vote.proposal = proposal
    return vote, created


# --- Data retention ------------------------------------------------------------------
SMS_CHALLENGE_RETENTION = timedelta(days=1)
HANDOFF_RETENTION = timedelta(days=30)


def kiosks_purge_old(*, now: datetime | None = None) -> dict[str, int]:
    """Delete SMS codes (encrypted number, hash, last digits) after a day and finished or
    expired hand-offs after 30 days. Votes keep their kiosk; usage counts stay."""
    now = now or timezone.now()
    sms = PhoneCode.objects.filter(
        purpose=PhoneCode.Purpose.KIOSK_AGREEMENT,
        created_at__lt=now - SMS_CHALLENGE_RETENTION,
    ).delete()[0]
    over = (
        Q(completed_at__isnull=False)
        | Q(opened_at__isnull=True, open_by__lt=now)
        | Q(finish_by__lt=now)
    )
    handoffs = Handoff.objects.filter(
        over, created_at__lt=now - HANDOFF_RETENTION
    ).delete()[0]
    return {"sms_challenges": sms, "handoffs": handoffs}
