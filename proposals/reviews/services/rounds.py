"""Creating a round and composing it: rubric, proposals, panel; opening and closing scoring."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from oasis.accounts.models import REVIEWERS_GROUP
from oasis.core.audit import audit_record, require_staff
from oasis.core.errors import Conflict, DomainError, InvalidTransition, NotAllowed
from proposals.lifecycle import REVIEWABLE
from proposals.models import Proposal, Stage
from proposals.reviews.defaults import DEFAULT_CRITERIA
from proposals.reviews.models import (
    MIN_REVIEWERS_PER_PROPOSAL,
    TOO_FEW_REVIEWERS,
    Criterion,
    ReviewerProfile,
    ReviewRound,
    RoundProposal,
    RoundReviewer,
    StakeholderGroup,
)
from proposals.reviews.services.assignments import notify_assigned
from proposals.reviews.services.guards import (
    State,
    lock_round,
    require_state,
    round_move,
)
from proposals.services import proposal_transition


def criteria_create_defaults(*, review_round: ReviewRound) -> list[Criterion]:
    """Give a new round the default rubric (defaults.py)."""
    return Criterion.objects.bulk_create(
        Criterion(
            round=review_round,
            key=default.key,
            name_ko=default.name_ko,
            name_en=default.name_en,
            weight=Decimal(default.weight),
            descriptors_ko=list(default.descriptors_ko),
            descriptors_en=list(default.descriptors_en),
            position=position,
        )
        for position, default in enumerate(DEFAULT_CRITERIA)
    )


@transaction.atomic
def round_create(
    *,
    actor,
    name: str,
    starts_on: date,
    ends_on: date,
    description: str = "",
    is_blind: bool = True,
    budget_cap: int | None = None,
    reviewers_per_proposal: int = MIN_REVIEWERS_PER_PROPOSAL,
) -> ReviewRound:
    """Create a draft round with the default rubric; deferred proposals return in it."""
    require_staff(actor)
    if ends_on < starts_on:
        raise DomainError(_("The deadline cannot be before the start."))
    if reviewers_per_proposal is None or (
        int(reviewers_per_proposal) < MIN_REVIEWERS_PER_PROPOSAL
    ):
        raise DomainError(TOO_FEW_REVIEWERS, code="too_few_reviewers")
    review_round = ReviewRound.objects.create(
        name=name,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        is_blind=is_blind,
        budget_cap=budget_cap,
        reviewers_per_proposal=reviewers_per_proposal,
        created_by=actor,
    )
    criteria_create_defaults(review_round=review_round)
    audit_record(
        actor=actor,
        action="reviews.round_created",
        target=review_round,
        after={"name": name, "is_blind": is_blind, "budget_cap": budget_cap},
    )
    deferred = Proposal.objects.filter(stage=Stage.DEFERRED, is_hidden=False)
    if deferred.exists():
        round_add_proposals(review_round=review_round, proposals=deferred, actor=actor)
    return review_round


@transaction.atomic
def round_add_proposals(
    *, review_round: ReviewRound, proposals: Iterable[Proposal], actor
) -> list[RoundProposal]:
    """Take proposals in review (or deferred: they return to review) into the round."""
    require_staff(actor)
    review_round = lock_round(review_round)
    require_state(review_round, *ReviewRound.COMPOSING_STATES)
    busy = set(
        RoundProposal.objects.exclude(round=review_round)
        .exclude(round__state=State.PUBLISHED)
        .values_list("proposal_id", flat=True)
    )
    already = set(review_round.entries.values_list("proposal_id", flat=True))
    added = []
    for proposal in proposals:
        if proposal.pk in already:
            continue
        if proposal.pk in busy:
            raise Conflict(
                _("“%(title)s” is already in another round that is not published.")
                % {"title": proposal.title}
            )
        if proposal.stage not in REVIEWABLE:
            raise InvalidTransition(
                _("Only ideas in review or deferred can join a round: “%(title)s”.")
                % {"title": proposal.title}
            )
        if proposal.stage == Stage.DEFERRED:
            proposal_transition(
                proposal=proposal,
                to=Stage.IN_REVIEW,
                actor=actor,
                reason=str(
                    _("Deferred idea returned for review in “%(round)s”.")
                    % {"round": review_round.name}
                ),
            )
        added.append(
            RoundProposal.objects.create(round=review_round, proposal=proposal)
        )
    if added:
        audit_record(
            actor=actor,
            action="reviews.round_proposals_added",
            target=review_round,
            after={"proposals": [entry.proposal_id for entry in added]},
        )
    return added


@transaction.atomic
def round_add_reviewer(
    *, review_round: ReviewRound, reviewer, actor, group: str | None = None
) -> RoundReviewer:
    """Put a member of the reviewers group on the round's panel."""
    require_staff(actor)
    review_round = lock_round(review_round)
    require_state(review_round, *ReviewRound.COMPOSING_STATES)
    if (
        not reviewer.is_active
        or not reviewer.groups.filter(name=REVIEWERS_GROUP).exists()
    ):
        raise NotAllowed(_("Only members of the reviewers group can review."))
    if not group:
        profile = ReviewerProfile.objects.filter(user=reviewer).first()
        group = profile.default_group if profile else StakeholderGroup.CITIZEN
    member, created = RoundReviewer.objects.get_or_create(
        round=review_round,
        reviewer=reviewer,
        defaults={"group": StakeholderGroup(group)},
    )
    if created:
        audit_record(
            actor=actor,
            action="reviews.reviewer_added",
            target=review_round,
            after={"reviewer": reviewer.pk, "group": member.group},
        )
    return member


@transaction.atomic
def round_open(*, review_round: ReviewRound, actor) -> ReviewRound:
    """Open scoring and tell every assigned reviewer."""
    require_staff(actor)
    locked = lock_round(review_round)
    require_state(locked, State.DRAFT)
    assignments = list(
        locked.assignments.filter(voided_at__isnull=True).select_related("reviewer")
    )
    if not assignments:
        raise DomainError(_("Assign reviewers before opening the round."))
    round_move(
        review_round,
        locked,
        to=State.OPEN,
        action="reviews.round_opened",
        actor=actor,
    )
    notify_assigned(locked, assignments, actor)
    return review_round


@transaction.atomic
def round_close(*, review_round: ReviewRound, actor) -> ReviewRound:
    """Close scoring: from now on scores are frozen (staff corrections are audited)."""
    require_staff(actor)
    locked = lock_round(review_round)
    require_state(locked, State.OPEN)
    round_move(
        review_round,
        locked,
        to=State.CLOSED,
        action="reviews.round_closed",
        actor=actor,
    )
    return review_round
