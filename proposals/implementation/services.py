"""Every write of answers and implementation: interim answers, the record of a published
decision, progress updates, milestones and the assessment of realised projects.

Each keeps the proposal's ProposalTrack current in its transaction, so that the proposal
page reads the whole record with one query.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oasis.core.audit import audit_record, require_staff
from oasis.core.errors import Conflict, DomainError, InvalidTransition, NotAllowed
from oasis.notifications.services import dispatch
from proposals.implementation.images import store_photo
from proposals.implementation.models import (
    Assessment,
    ImplementationUpdate,
    InterimAnswer,
    Milestone,
    ProposalTrack,
)
from proposals.lifecycle import NEXT_IMPLEMENTATION_STAGE, SELECTED_OR_LATER, TRACKED
from proposals.models import Proposal, Stage
from proposals.reviews.models import SCORE_MAX, SCORE_MIN, Assignment, Decision
from proposals.services import proposal_transition

MAX_PHOTOS_PER_UPDATE = 3


def _track(proposal: Proposal) -> ProposalTrack:
    track, _created = ProposalTrack.objects.select_for_update().get_or_create(
        proposal=proposal
    )
    return track


def answer_record(*, decision: Decision, published_at: datetime) -> None:
    """Make a just-published decision the proposal's public answer (round_publish() calls
    it in its transaction)."""
    track = _track(decision.proposal)
    track.decision = decision
    track.answered_at = published_at
    track.save(update_fields=["decision", "answered_at"])


@transaction.atomic
def interim_answer_publish(*, proposal: Proposal, text: str, actor) -> InterimAnswer:
    """Publish an interim answer on a proposal still waiting for its decision."""
    require_staff(actor)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the interim answer."))
    if proposal.stage != Stage.IN_REVIEW:
        raise InvalidTransition(_("Interim answers are for ideas in review."))
    answer = InterimAnswer.objects.create(proposal=proposal, text=text, author=actor)
    track = _track(proposal)
    track.interim = answer
    track.save(update_fields=["interim"])
    audit_record(
        actor=actor,
        action="implementation.interim_answer_published",
        target=proposal,
        after={"interim_answer": answer.pk},
    )
    return answer


@transaction.atomic
def implementation_update_post(
    *,
    proposal: Proposal,
    actor,
    text: str,
    progress: int,
    budget_spent: int | None = None,
    move_to: str | None = None,
    photos: Sequence[tuple[object, str]] = (),
) -> ImplementationUpdate:
    """Report progress on a selected proposal, optionally moving it to its next stage.

    photos: (uploaded file, description) pairs; each is re-encoded without metadata.
    """
    require_staff(actor)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Describe what happened."))
    if proposal.stage not in TRACKED:
        raise InvalidTransition(
            _("Only selected ideas on their way to completion get updates.")
        )
    if not 0 <= int(progress) <= 100:
        raise DomainError(_("Progress goes from 0 to 100%."))
    if len(photos) > MAX_PHOTOS_PER_UPDATE:
        raise DomainError(_("At most three photos per update."))
    moved = False
    if move_to:
        if NEXT_IMPLEMENTATION_STAGE.get(proposal.stage) != move_to:
            raise InvalidTransition()
        if (
            move_to == Stage.COMPLETED
            and not Assessment.objects.filter(proposal=proposal).exists()
        ):
            raise InvalidTransition(
                _(
                    "The outcome has no rating yet: the project can be marked "
                    "completed once the citizens who agreed or its review panel "
                    "have rated it."
                ),
                code="not_assessed",
            )
        proposal_transition(
            proposal=proposal, to=Stage(move_to), actor=actor, reason=text
        )
        moved = True
    if proposal.stage == Stage.COMPLETED:
        progress = 100
    stored = []
    for upload, alt in photos:
        alt = (alt or "").strip()
        if not alt:
            raise DomainError(_("Describe every photo for people who cannot see it."))
        stored.append(
            store_photo(proposal_id=proposal.pk, upload=upload, alt=alt[:250])
        )
    update = ImplementationUpdate.objects.create(
        proposal=proposal,
        stage=proposal.stage,
        progress=int(progress),
        text=text,
        budget_spent=budget_spent,
        photos=stored,
        author=actor,
    )
    track = _track(proposal)
    track.progress = update.progress
    if budget_spent is not None:
        track.budget_spent = budget_spent
    track.update_count = F("update_count") + 1
    track.last_update_at = update.created_at
    track.save(
        update_fields=["progress", "budget_spent", "update_count", "last_update_at"]
    )
    audit_record(
        actor=actor,
        action="implementation.update_posted",
        target=proposal,
        after={
            "update": update.pk,
            "stage": proposal.stage,
            "progress": update.progress,
        },
    )
    dispatch(
        "implementation.updated",
        actor=actor,
        proposal=proposal,
        update=update,
        stage_changed=moved,
    )
    return update


@transaction.atomic
def milestone_save(
    *,
    proposal: Proposal,
    actor,
    title: str,
    due_on: date | None = None,
    done_on: date | None = None,
    milestone: Milestone | None = None,
) -> Milestone:
    """Add a milestone to a selected proposal's plan, or change one (e.g. mark it reached)."""
    require_staff(actor)
    if proposal.stage not in SELECTED_OR_LATER:
        raise InvalidTransition(_("Milestones belong to selected ideas."))
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Name the milestone."))
    created = milestone is None
    if milestone is None:
        milestone = Milestone(proposal=proposal)
    elif milestone.proposal_id != proposal.pk:
        raise NotAllowed()
    milestone.title, milestone.due_on, milestone.done_on = title, due_on, done_on
    milestone.save()
    if created:
        track = _track(proposal)
        track.milestone_count = F("milestone_count") + 1
        track.save(update_fields=["milestone_count"])
    audit_record(
        actor=actor,
        action="implementation.milestone_saved",
        target=milestone,
        after={"title": title, "due_on": str(due_on), "done_on": str(done_on)},
    )
    return milestone


def assessment_role(*, proposal: Proposal, user) -> str | None:
    """Who may rate a realised proposal: its review panel, or a citizen who agreed."""
    from voting.models import Vote

    if user is None or not user.is_authenticated:
        return None
    if Assignment.objects.filter(
        proposal=proposal, reviewer=user, voided_at__isnull=True
    ).exists():
        return Assessment.Role.PANEL
    if Vote.objects.filter(proposal=proposal, user=user).exists():
        return Assessment.Role.CITIZEN
    return None


@transaction.atomic
def assessment_submit(
    *, proposal: Proposal, user, rating: int, comment: str = ""
) -> Assessment:
    """Rate the outcome of a proposal in its assessment stage, once per person."""
    if proposal.stage != Stage.ASSESSMENT:
        raise InvalidTransition(_("This project is not being assessed now."))
    role = assessment_role(proposal=proposal, user=user)
    if role is None:
        raise NotAllowed(
            _("Only the citizens who agreed and the review panel rate the outcome.")
        )
    rating = int(rating)
    if not SCORE_MIN <= rating <= SCORE_MAX:
        raise DomainError(_("Ratings go from 1 to 5."))
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                proposal=proposal,
                user=user,
                role=role,
                rating=rating,
                comment=(comment or "").strip()[:1000],
            )
    except IntegrityError:
        raise Conflict(
            _("You have already rated this project."), code="already_rated"
        ) from None
    track = _track(proposal)
    track.assessment_count = F("assessment_count") + 1
    track.assessment_sum = F("assessment_sum") + rating
    fields = ["assessment_count", "assessment_sum"]
    if assessment.comment:
        # Shown with the public result without the rater's name (the role only).
        track.assessment_comments = [
            {
                "role": str(role),
                "rating": rating,
                "text": assessment.comment,
                "at": timezone.localdate().isoformat(),
            },
            *track.assessment_comments,
        ]
        fields.append("assessment_comments")
    track.save(update_fields=fields)
    return assessment
