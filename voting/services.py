"""Every write of the voting app: agreements, their counter, and the stage moves they cause."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Exists, F, FloatField, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from oasis.core.audit import audit_record
from oasis.core.errors import DomainError, InvalidTransition, NotAllowed
from oasis.notifications.services import dispatch
from proposals.lifecycle import ACCEPTING, accepts_agreements
from proposals.models import Proposal, Stage
from voting.errors import OwnProposal, VerificationRequired, VotingClosed
from voting.models import Channel, Vote
from voting.predicates import user_is_verified_voter
from voting.recording import record_agreement

logger = logging.getLogger(__name__)

TRENDING_WINDOW = timedelta(days=7)
# A day more than the window, so that a late run still zeroes the scores that lapsed.
TRENDING_HORIZON = timedelta(days=8)


def _transition(**kwargs) -> None:
    # Imported late: proposals.services imports from many apps.
    from proposals.services import proposal_transition

    proposal_transition(**kwargs)


def _lock(proposal: Proposal | int) -> Proposal:
    pk = proposal.pk if isinstance(proposal, Proposal) else proposal
    return Proposal.objects.select_for_update().get(pk=pk)


def _in_site_language(text_fn) -> str:
    # Stage-change reasons are stored once, in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        return str(text_fn())


def _sync(target: Proposal | int, locked: Proposal) -> None:
    # The caller's instance reflects the state seen under the lock, so a view may pass
    # Proposal(pk=…) and render from it without reading the row again.
    if isinstance(target, Proposal) and target is not locked:
        for field in Proposal._meta.concrete_fields:
            setattr(target, field.attname, getattr(locked, field.attname))
        target._state.adding = False


def vote_cast(
    *, proposal: Proposal | int, user, channel: str = Channel.WEB, kiosk=None
) -> tuple[Vote, bool]:
    """Record `user`'s agreement with `proposal`; returns (vote, created).

    Idempotent: agreeing twice returns the existing vote with created=False. Crossing the
    threshold of an open proposal sends it to review, exactly once.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        raise NotAllowed
    if not user_is_verified_voter(user):
        raise VerificationRequired
    pk = proposal.pk if isinstance(proposal, Proposal) else proposal
    now = timezone.now()
    # The write is atomic on its own and a duplicate is no error, so a caller's
    # transaction (kiosk hand-off, account merge) stays usable after a refusal.
    recorded = record_agreement(
        pk=pk, user=user, channel=channel, kiosk=kiosk, created_at=now
    )
    locked = recorded.proposal
    if locked is None:
        raise Proposal.DoesNotExist(f"No proposal {pk}.")
    _sync(proposal, locked)
    if recorded.earlier is not None:
        return recorded.earlier, False
    if recorded.vote is None:
        if locked.author_id == user.pk:
            raise OwnProposal
        raise VotingClosed
    if _crosses_threshold(locked):
        _send_to_review_at_threshold(locked, pk=pk, actor=user)
        _sync(proposal, locked)
    vote = recorded.vote
    return vote, True


def _crosses_threshold(proposal: Proposal) -> bool:
    return bool(
        proposal.stage == Stage.OPEN
        and proposal.threshold
        and proposal.vote_count >= proposal.threshold
    )


def _send_to_review_at_threshold(target: Proposal | int, *, pk: int, actor) -> bool:
    """Under the row lock again: of all the agreements that see the threshold crossed,
    only the first to get here finds the proposal still open."""
    with transaction.atomic():
        locked = _lock(pk)
        if not _crosses_threshold(locked):
            return False
        _transition(
            proposal=locked,
            to=Stage.IN_REVIEW,
            actor=None,
            reason=_in_site_language(
                lambda: (
                    _("Reached %(threshold)s agreements.")
                    % {"threshold": locked.threshold}
                )
            ),
        )
        locked.stage = Stage.IN_REVIEW
        dispatch("proposal.threshold_reached", proposal=locked, actor=actor)
    _sync(target, locked)
    return True


def vote_retract(*, proposal: Proposal | int, user) -> bool:
    """Withdraw `user`'s agreement while the proposal still accepts agreements.

    Returns whether a vote was removed. Falling below the threshold changes no stage.
    """
    if user is None or not user.is_authenticated:
        raise NotAllowed
    with transaction.atomic():
        locked = _lock(proposal)
        _sync(proposal, locked)
        if not accepts_agreements(locked):
            raise VotingClosed
        deleted, _rows = Vote.objects.filter(proposal=locked, user=user).delete()
        if deleted:
            Proposal.objects.filter(pk=locked.pk).update(vote_count=F("vote_count") - 1)
            locked.vote_count -= 1
        _sync(proposal, locked)
        return bool(deleted)


@transaction.atomic
def proposal_advance_to_review(
    *, proposal: Proposal | int, actor, reason: str
) -> Proposal:
    """Staff's agenda panel moves an open, below-threshold proposal to review, with a
    written public reason; audited."""
    reason = (reason or "").strip()
    if actor is None or not actor.is_authenticated or not actor.is_staff:
        raise NotAllowed
    if not reason:
        raise DomainError(
            _("Please write the public reason for advancing this proposal."),
            code="reason_required",
        )
    locked = _lock(proposal)
    if locked.stage != Stage.OPEN:
        raise InvalidTransition(
            _("Only a proposal open for agreements can be advanced to review.")
        )
    before = {
        "stage": locked.stage,
        "vote_count": locked.vote_count,
        "threshold": locked.threshold,
    }
    _transition(proposal=locked, to=Stage.IN_REVIEW, actor=actor, reason=reason)
    locked.stage = Stage.IN_REVIEW
    audit_record(
        actor=actor,
        action="voting.advance_below_threshold",
        target=locked,
        before=before,
        after={"stage": Stage.IN_REVIEW, "reason": reason},
    )
    _sync(proposal, locked)
    return locked


def reached_thresholds_send_to_review(*, limit: int = 500) -> int:
    """Send to review the open proposals whose count reached the threshold. vote_cast
    does it right after the agreement that crossed it, in a transaction of its own; this
    catches a process that stopped in between. Returns how many were sent."""
    reached = list(
        Proposal.objects.filter(
            stage=Stage.OPEN, threshold__gt=0, vote_count__gte=F("threshold")
        ).values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for pk in reached:
        sent += _send_to_review_at_threshold(pk, pk=pk, actor=None)
    return sent


def voting_windows_close(*, now: datetime | None = None, limit: int = 500) -> int:
    """Archive open proposals whose agreement window has ended (after sending to review
    those that reached their threshold). vote_cast already refuses late agreements; this
    only tidies the stage. Returns how many were archived."""
    now = now or timezone.now()
    reached_thresholds_send_to_review(limit=limit)
    expired = list(
        Proposal.objects.filter(stage=Stage.OPEN, voting_ends_at__lte=now)
        .order_by("voting_ends_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    archived = 0
    for pk in expired:
        try:
            with transaction.atomic():
                locked = _lock(pk)
                # An open proposal has the end of its window.
                ends_at = cast(datetime, locked.voting_ends_at)
                if locked.stage != Stage.OPEN or ends_at > now:
                    continue
                _transition(
                    proposal=locked,
                    to=Stage.ARCHIVED,
                    actor=None,
                    reason=_in_site_language(lambda: _("The agreement window ended.")),
                )
                archived += 1
        except InvalidTransition:
            logger.warning("could not archive proposal %s", pk, exc_info=True)
    return archived


def trending_scores_refresh(*, now: datetime | None = None) -> int:
    """Set trending_score to the agreements of the last 7 days. Only proposals with
    votes in the last 8 days are counted, and only changed scores are written; scores
    whose votes all lapsed drop to 0. Returns how many rows changed."""
    now = now or timezone.now()
    since = now - TRENDING_WINDOW
    week = (
        Vote.objects.filter(proposal=OuterRef("pk"), created_at__gte=since)
        .order_by()
        .values("proposal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # Two statements, a semi-join and an anti-join: an OR (or a NOT IN) of a large
    # subquery makes PostgreSQL rescan the votes for every proposal.
    recent = Vote.objects.filter(created_at__gte=now - TRENDING_HORIZON).values(
        "proposal_id"
    )
    changed = (
        Proposal.objects.filter(pk__in=recent)
        .annotate(score=Coalesce(Cast(Subquery(week), FloatField()), 0.0))
        .exclude(trending_score=F("score"))
        .update(trending_score=F("score"))
    )
    voted_this_week = Exists(
        Vote.objects.filter(proposal=OuterRef("pk"), created_at__gte=since)
    )
    lapsed = (
        Proposal.objects.filter(trending_score__gt=0)
        .filter(~voted_this_week)
        .update(trending_score=0)
    )
    return changed + lapsed


@dataclass(frozen=True)
class Drift:
    proposal_id: int
    stored: int
    counted: int


def vote_counts_recount(*, fix: bool = False) -> list[Drift]:
    """Compare every vote_count with its rows; with fix=True repair each drifted counter
    under the proposal's lock (counting again there). Returns the drift found."""
    counted = (
        Vote.objects.filter(proposal=OuterRef("pk"))
        .order_by()
        .values("proposal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    drifts = [
        Drift(proposal_id=pk, stored=stored, counted=n)
        for pk, stored, n in Proposal.objects.annotate(
            counted=Coalesce(Subquery(counted), 0)
        )
        .exclude(vote_count=F("counted"))
        .order_by("pk")
        .values_list("pk", "vote_count", "counted")
    ]
    if fix:
        for drift in drifts:
            with transaction.atomic():
                locked = _lock(drift.proposal_id)
                rows = Vote.objects.filter(proposal=locked).count()
                Proposal.objects.filter(pk=locked.pk).update(vote_count=rows)
                audit_record(
                    actor=None,
                    action="voting.recount_fix",
                    target=locked,
                    before={"vote_count": locked.vote_count},
                    after={"vote_count": rows},
                )
    return drifts


def anonymised_phones_release() -> int:
    """Deleted accounts keep their phone hash only while a proposal they agreed with still
    accepts agreements (so nobody votes twice by re-registering); then it goes."""
    user_model = get_user_model()
    guarding = Vote.objects.filter(user=OuterRef("pk"), proposal__stage__in=ACCEPTING)
    return (
        user_model.objects.filter(anonymised_at__isnull=False, phone_hmac__isnull=False)
        .filter(~Exists(guarding))
        .update(phone_hmac=None)
    )
