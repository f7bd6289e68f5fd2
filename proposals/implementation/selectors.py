"""Every non-trivial read of answers and implementation; each owns its joins (query
budgets)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from django.db.models import Exists
from django.utils import timezone

from proposals.implementation.models import (
    Assessment,
    ImplementationUpdate,
    Milestone,
    ProposalTrack,
)
from proposals.lifecycle import IMPLEMENTATION, SELECTED_OR_LATER, TRACKED
from proposals.models import Proposal, Stage, StageChange
from proposals.reviews.models import Assignment, Decision, ReviewRound, answer_due_at


def proposal_for_staff(pk: int) -> Proposal | None:
    return Proposal.objects.select_related("author").filter(pk=pk).first()


# --- Public pages --------------------------------------------------------------------


@dataclass
class AnswerArea:
    proposal: Proposal
    track: ProposalTrack | None
    decision: Decision | None
    due_at: datetime | None
    pending: bool
    overdue: bool
    updates: list[ImplementationUpdate] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    can_assess: bool = False
    has_assessed: bool = False
    # The public reason with which staff moved the idea out of review when no review
    # decision was recorded: it is the answer the citizens get.
    stage_answer: StageChange | None = None

    @property
    def show_answer(self) -> bool:
        return bool(self.decision or self.pending or self.stage_answer)

    @property
    def show_progress(self) -> bool:
        return self.proposal.stage in SELECTED_OR_LATER

    @property
    def show_assessment(self) -> bool:
        if self.proposal.stage == Stage.ASSESSMENT:
            return True
        return self.proposal.stage == Stage.COMPLETED and bool(
            self.track and self.track.assessment_count
        )

    @property
    def is_empty(self) -> bool:
        return not (self.show_answer or self.show_progress)


def answer_area(proposal: Proposal, user=None) -> AnswerArea | None:
    """What the proposal page shows about its answer and implementation (≤ 3 queries:
    the track with its decision, interim answer and the viewer's eligibility; the
    timeline of updates; the milestones — the last two only when there are any)."""
    if proposal.in_review_at is None and proposal.stage not in TRACKED:
        return None
    tracks = ProposalTrack.objects.select_related(
        "decision", "decision__round", "interim"
    )
    assessing = (
        proposal.stage == Stage.ASSESSMENT
        and user is not None
        and user.is_authenticated
    )
    if assessing:
        from voting.models import Vote

        tracks = tracks.annotate(
            viewer_agreed=Exists(Vote.objects.filter(proposal=proposal, user=user)),
            viewer_on_panel=Exists(
                Assignment.objects.filter(
                    proposal=proposal, reviewer=user, voided_at__isnull=True
                )
            ),
            viewer_assessed=Exists(
                Assessment.objects.filter(proposal=proposal, user=user)
            ),
        )
    track = tracks.filter(proposal=proposal).first()
    decision = track.decision if track else None
    due_from = proposal.in_review_at
    if decision is not None and decision.outcome == Decision.Outcome.DEFERRED:
        # Back in review after a deferral: the new answer is owed from its return.
        due_from = max(filter(None, [proposal.in_review_at, decision.published_at]))
    pending = proposal.stage == Stage.IN_REVIEW and (
        decision is None
        or decision.outcome == Decision.Outcome.DEFERRED
        or (
            proposal.in_review_at is not None
            # A track holds only a published decision.
            and cast(datetime, decision.published_at) < proposal.in_review_at
        )
    )
    due_at = answer_due_at(due_from) if pending else None
    area = AnswerArea(
        proposal=proposal,
        track=track,
        decision=decision,
        due_at=due_at,
        pending=pending,
        overdue=bool(pending and due_at and timezone.now() > due_at),
    )
    if decision is None and not pending:
        area.stage_answer = (
            StageChange.objects.filter(proposal=proposal, from_stage=Stage.IN_REVIEW)
            .order_by("-created_at", "-id")
            .first()
        )
    if track is not None and track.update_count:
        area.updates = list(
            ImplementationUpdate.objects.filter(proposal=proposal).order_by(
                "-created_at", "-id"
            )
        )
    if track is not None and track.milestone_count:
        area.milestones = list(Milestone.objects.filter(proposal=proposal))
    if assessing and track is not None:
        viewer = cast(Any, track)  # annotated with the viewer_* flags when assessing
        area.has_assessed = viewer.viewer_assessed
        area.can_assess = (
            viewer.viewer_agreed or viewer.viewer_on_panel
        ) and not viewer.viewer_assessed
    elif assessing:
        # No track row yet: nothing was recorded about this proposal here.
        area.can_assess = False
    return area


def recently_answered(limit: int = 5) -> list[Decision]:
    """The latest published answers, one per proposal (1 query)."""
    decisions = (
        Decision.objects.filter(published_at__isnull=False, proposal__is_hidden=False)
        .select_related("proposal")
        .order_by("-published_at", "-pk")[: limit * 2]
    )
    seen, result = set(), []
    for decision in decisions:
        if decision.proposal_id in seen:
            continue
        seen.add(decision.proposal_id)
        result.append(decision)
    return result[:limit]


def implemented_projects():
    """Ongoing and completed projects with their public record (hall of fame)."""
    base = Proposal.objects.filter(is_hidden=False).select_related(
        "author", "district", "category", "track", "track__decision"
    )
    ongoing = base.filter(stage__in=IMPLEMENTATION).order_by("-updated_at", "-pk")
    completed = base.filter(stage=Stage.COMPLETED).order_by("-updated_at", "-pk")
    return ongoing, completed


def published_rounds(limit: int = 10) -> list[ReviewRound]:
    """The latest published review rounds, whose public results are downloadable."""
    return list(
        ReviewRound.objects.filter(state=ReviewRound.State.PUBLISHED).order_by(
            "-published_at"
        )[:limit]
    )
