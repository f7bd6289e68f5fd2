"""Every write of stakeholder review, answers and implementation tracking (CONVENTIONS §2).

Stage changes of proposals go through proposals.services.proposal_transition(); audit
entries and notification events share the transaction of the change they record.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oasis.accounts.models import REVIEWERS_GROUP
from oasis.core.audit import audit_record
from oasis.core.errors import Conflict, DomainError, InvalidTransition, NotAllowed
from oasis.notifications.services import dispatch
from proposals.models import Follow, Proposal, Stage
from proposals.reviews.assignment import plan_assignments
from proposals.reviews.defaults import DEFAULT_CRITERIA
from proposals.reviews.images import store_photo
from proposals.reviews.models import (
    MIN_REVIEWERS_PER_PROPOSAL,
    SCORE_MAX,
    SCORE_MIN,
    TOO_FEW_REVIEWERS,
    Assessment,
    Assignment,
    ConflictDeclaration,
    Criterion,
    Decision,
    ImplementationUpdate,
    InterimAnswer,
    Milestone,
    ProposalTrack,
    ReviewerProfile,
    ReviewRound,
    RoundProposal,
    RoundReviewer,
    Score,
    ScoreCorrection,
    StakeholderGroup,
)
from proposals.services import proposal_transition

State = ReviewRound.State

# Proposals a round can take: waiting for review, or deferred by an earlier round.
REVIEWABLE_STAGES = (Stage.IN_REVIEW, Stage.DEFERRED)
# The implementation path after selection (DESIGN §3), each stage with the next one.
NEXT_IMPLEMENTATION_STAGE = {
    Stage.SELECTED: Stage.PLANNING,
    Stage.PLANNING: Stage.EXECUTION,
    Stage.EXECUTION: Stage.OPERATION,
    Stage.OPERATION: Stage.ASSESSMENT,
    Stage.ASSESSMENT: Stage.COMPLETED,
}
TRACKED_STAGES = frozenset(NEXT_IMPLEMENTATION_STAGE)
MAX_PHOTOS_PER_UPDATE = 3
# Above any real budget, below the column's limit: a typo cannot overflow it.
MAX_COST_ESTIMATE = 10**15


class _Unchanged:
    """The default of an optional argument that leaves the stored value as it is."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = _Unchanged()


def _require_staff(actor) -> None:
    if actor is None or not actor.is_authenticated or not actor.is_staff:
        raise NotAllowed()


def _lock_round(review_round: ReviewRound) -> ReviewRound:
    locked = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    review_round.state = locked.state
    return locked


def _require_state(review_round: ReviewRound, *states: str) -> None:
    if review_round.state not in states:
        raise InvalidTransition(
            _("This is not possible while the round is “%(state)s”.")
            % {"state": State(review_round.state).label}
        )


def _track(proposal: Proposal) -> ProposalTrack:
    track, _created = ProposalTrack.objects.select_for_update().get_or_create(
        proposal=proposal
    )
    return track


# --- Reviewers -----------------------------------------------------------------------


@transaction.atomic
def reviewer_profile_set(
    *, user, default_group: str, organisation: str = "", actor=None
) -> ReviewerProfile:
    """Make `user` a reviewer (member of the reviewers group) with a default group."""
    group, _created = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    user.groups.add(group)
    profile, _created = ReviewerProfile.objects.update_or_create(
        user=user,
        defaults={
            "default_group": StakeholderGroup(default_group),
            "organisation": organisation,
        },
    )
    audit_record(
        actor=actor,
        action="reviews.reviewer_profile_set",
        target=profile,
        after={"default_group": profile.default_group},
    )
    return profile


# --- Rounds --------------------------------------------------------------------------


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
    _require_staff(actor)
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
    _require_staff(actor)
    review_round = _lock_round(review_round)
    _require_state(review_round, *ReviewRound.COMPOSING_STATES)
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
        if proposal.stage not in REVIEWABLE_STAGES:
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
    _require_staff(actor)
    review_round = _lock_round(review_round)
    _require_state(review_round, *ReviewRound.COMPOSING_STATES)
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


def _notify_assigned(
    review_round: ReviewRound, assignments: Sequence[Assignment], actor
):
    counts = Counter(assignment.reviewer_id for assignment in assignments)
    reviewers = {a.reviewer_id: a.reviewer for a in assignments}
    for reviewer_id, count in counts.items():
        dispatch(
            "review.assigned",
            actor=actor,
            reviewer=reviewers[reviewer_id],
            round=review_round,
            count=count,
        )


def _assign(
    review_round: ReviewRound,
    actor,
    *,
    proposal_ids: Iterable[int] | None = None,
    seed: int | None = None,
) -> tuple[list[Assignment], dict[int, int]]:
    entries = review_round.entries.select_related("proposal")
    if proposal_ids is not None:
        entries = entries.filter(proposal_id__in=list(proposal_ids))
    proposals = {entry.proposal_id: entry.proposal.author_id for entry in entries}
    panel = {
        member.reviewer_id: member
        for member in review_round.panel.select_related("reviewer").filter(
            reviewer__is_active=True
        )
    }
    rows = Assignment.objects.filter(round=review_round).values_list(
        "proposal_id", "reviewer_id", "voided_at"
    )
    existing = [(p, r) for p, r, voided in rows if voided is None]
    excluded = {(p, r) for p, r, voided in rows if voided is not None}
    excluded |= set(
        ConflictDeclaration.objects.filter(
            proposal_id__in=list(
                review_round.entries.values_list("proposal_id", flat=True)
            )
        ).values_list("proposal_id", "reviewer_id")
    )
    plan = plan_assignments(
        proposals=proposals,
        reviewers={pk: member.group for pk, member in panel.items()},
        existing=existing,
        excluded=excluded,
        per_proposal=review_round.reviewers_per_proposal,
        seed=review_round.pk if seed is None else seed,
    )
    created = Assignment.objects.bulk_create(
        Assignment(
            round=review_round,
            proposal_id=proposal_id,
            reviewer=panel[reviewer_id].reviewer,
            group=panel[reviewer_id].group,
        )
        for proposal_id, reviewer_id in plan.pairs
    )
    if created and review_round.state == State.OPEN:
        _notify_assigned(review_round, created, actor)
    return created, plan.shortfall


@transaction.atomic
def round_assign(
    *, review_round: ReviewRound, actor, seed: int | None = None
) -> tuple[list[Assignment], dict[int, int]]:
    """Give every proposal of the round enough reviewers (see assignment.py).

    Returns the new assignments and, per proposal, how many reviewers are still missing.
    """
    _require_staff(actor)
    review_round = _lock_round(review_round)
    _require_state(review_round, *ReviewRound.COMPOSING_STATES)
    created, shortfall = _assign(review_round, actor, seed=seed)
    audit_record(
        actor=actor,
        action="reviews.round_assigned",
        target=review_round,
        after={
            "created": len(created),
            "shortfall": {str(k): v for k, v in shortfall.items()},
        },
    )
    return created, shortfall


@transaction.atomic
def round_open(*, review_round: ReviewRound, actor) -> ReviewRound:
    """Open scoring and tell every assigned reviewer."""
    _require_staff(actor)
    locked = _lock_round(review_round)
    _require_state(locked, State.DRAFT)
    assignments = list(
        locked.assignments.filter(voided_at__isnull=True).select_related("reviewer")
    )
    if not assignments:
        raise DomainError(_("Assign reviewers before opening the round."))
    locked.state = State.OPEN
    locked.opened_at = timezone.now()
    locked.save(update_fields=["state", "opened_at"])
    audit_record(
        actor=actor,
        action="reviews.round_opened",
        target=locked,
        before={"state": State.DRAFT},
        after={"state": State.OPEN},
    )
    _notify_assigned(locked, assignments, actor)
    review_round.state, review_round.opened_at = locked.state, locked.opened_at
    return review_round


@transaction.atomic
def round_close(*, review_round: ReviewRound, actor) -> ReviewRound:
    """Close scoring: from now on scores are frozen (staff corrections are audited)."""
    _require_staff(actor)
    locked = _lock_round(review_round)
    _require_state(locked, State.OPEN)
    locked.state = State.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["state", "closed_at"])
    audit_record(
        actor=actor,
        action="reviews.round_closed",
        target=locked,
        before={"state": State.OPEN},
        after={"state": State.CLOSED},
    )
    review_round.state, review_round.closed_at = locked.state, locked.closed_at
    return review_round


# --- Conflicts and scores ------------------------------------------------------------


@transaction.atomic
def conflict_declare(
    *, assignment: Assignment, reviewer, reason: str = ""
) -> ConflictDeclaration:
    """Record a conflict of interest: the reviewer's scores on the proposal become void and
    the proposal gets another reviewer while the round still takes scores."""
    if reviewer is None or assignment.reviewer_id != reviewer.pk:
        raise NotAllowed()
    review_round = _lock_round(assignment.round)
    conflict, _created = ConflictDeclaration.objects.get_or_create(
        proposal_id=assignment.proposal_id,
        reviewer=reviewer,
        defaults={"round": review_round, "reason": reason.strip()[:500]},
    )
    now = timezone.now()
    voided = Assignment.objects.filter(
        proposal_id=assignment.proposal_id, reviewer=reviewer, voided_at__isnull=True
    )
    voided_ids = list(voided.values_list("pk", flat=True))
    voided.update(voided_at=now, void_reason="conflict of interest")
    assignment.voided_at = now
    audit_record(
        actor=reviewer,
        action="reviews.conflict_declared",
        target=conflict,
        after={"proposal": assignment.proposal_id, "voided_assignments": voided_ids},
    )
    if review_round.is_composing:
        _assign(review_round, reviewer, proposal_ids=[assignment.proposal_id])
    return conflict


@transaction.atomic
def assignment_save(
    *,
    assignment: Assignment,
    actor,
    values: Mapping[int, int | None],
    comment_to_staff: str = "",
    public_remark: str = "",
    submit: bool = False,
) -> Assignment:
    """Save a reviewer's scores as a draft, or submit them (then every criterion is needed).

    values: criterion id → score 1–5 (None leaves the criterion unscored in a draft).
    """
    review_round = _lock_round(assignment.round)
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if actor is None or locked.reviewer_id != actor.pk:
        raise NotAllowed()
    if locked.voided_at is not None:
        raise NotAllowed(_("This assignment is void because of a declared conflict."))
    if review_round.state != State.OPEN:
        raise Conflict(_("Scoring is closed for this round: the scores are frozen."))
    if locked.submitted_at is not None:
        raise Conflict(_("You have already submitted this review."))
    criteria = {c.pk: c for c in review_round.criteria.all()}
    cleaned: dict[int, int] = {}
    for criterion_id, value in values.items():
        if criterion_id not in criteria:
            raise DomainError(_("Unknown criterion."))
        if value is None or value == "":
            continue
        value = int(value)
        if not SCORE_MIN <= value <= SCORE_MAX:
            raise DomainError(_("Scores go from 1 to 5."))
        cleaned[criterion_id] = value
    existing = {score.criterion_id: score for score in locked.scores.all()}
    if submit:
        missing = [
            c for pk, c in criteria.items() if pk not in cleaned and pk not in existing
        ]
        if missing:
            raise DomainError(
                _("Score every criterion before submitting: %(names)s.")
                % {"names": ", ".join(c.name for c in missing)},
                code="incomplete",
            )
    for criterion_id, value in cleaned.items():
        score = existing.get(criterion_id)
        if score is None:
            Score.objects.create(
                assignment=locked, criterion_id=criterion_id, value=value
            )
        elif score.value != value:
            score.value = value
            score.save(update_fields=["value", "updated_at"])
    locked.comment_to_staff = comment_to_staff.strip()
    locked.public_remark = public_remark.strip()
    fields = ["comment_to_staff", "public_remark", "updated_at"]
    if submit:
        locked.submitted_at = timezone.now()
        fields.append("submitted_at")
    locked.save(update_fields=fields)
    for name in (*fields,):
        setattr(assignment, name, getattr(locked, name))
    return assignment


@transaction.atomic
def score_correct(*, score: Score, value: int, reason: str, actor) -> ScoreCorrection:
    """A staff correction of a frozen score; the old value and the reason are kept."""
    _require_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason for the correction."))
    if not SCORE_MIN <= int(value) <= SCORE_MAX:
        raise DomainError(_("Scores go from 1 to 5."))
    locked = (
        Score.objects.select_for_update()
        .select_related("assignment__round")
        .get(pk=score.pk)
    )
    _require_state(locked.assignment.round, *ReviewRound.DECIDING_STATES)
    correction = ScoreCorrection.objects.create(
        score=locked,
        old_value=locked.value,
        new_value=int(value),
        reason=reason,
        corrected_by=actor,
    )
    audit_record(
        actor=actor,
        action="reviews.score_corrected",
        target=locked,
        before={"value": locked.value},
        after={"value": int(value), "reason": reason},
    )
    locked.value = int(value)
    locked.save(update_fields=["value", "updated_at"])
    score.value = locked.value
    return correction


# --- Decisions and answers -----------------------------------------------------------


@transaction.atomic
def decision_record(
    *,
    review_round: ReviewRound,
    proposal: Proposal,
    actor,
    outcome: str,
    rationale: str,
    department: str = "",
    budget: int | None = None,
    cost_estimate: int | _Unchanged | None = UNCHANGED,
) -> Decision:
    """Record (or change) staff's internal decision on one proposal of a closed round,
    and its cost estimate when one is given (None clears it; audited either way).

    When every proposal of the round has a decision, the round becomes "decided".
    """
    _require_staff(actor)
    locked = _lock_round(review_round)
    _require_state(locked, *ReviewRound.DECIDING_STATES)
    entry = (
        RoundProposal.objects.select_for_update()
        .filter(round=locked, proposal=proposal)
        .first()
    )
    if entry is None:
        raise DomainError(_("This idea is not in the round."))
    outcome = Decision.Outcome(outcome)
    rationale = (rationale or "").strip()
    if not rationale:
        raise DomainError(_("Write the public rationale of the decision."))
    if outcome == Decision.Outcome.SELECTED and not department.strip():
        raise DomainError(_("Name the department responsible for a selected idea."))
    if not isinstance(cost_estimate, _Unchanged):
        _cost_estimate_set(entry, cost_estimate, actor)
    decision = Decision.objects.filter(round=locked, proposal=proposal).first()
    before = (
        {"outcome": decision.outcome, "budget": decision.budget} if decision else None
    )
    if decision is None:
        decision = Decision(round=locked, proposal=proposal)
    decision.outcome = outcome
    decision.rationale = rationale
    decision.department = (
        department.strip() if outcome == Decision.Outcome.SELECTED else ""
    )
    decision.budget = budget if outcome == Decision.Outcome.SELECTED else None
    decision.decided_by = actor
    decision.save()
    audit_record(
        actor=actor,
        action="reviews.decision_recorded",
        target=decision,
        before=before,
        after={"outcome": str(outcome), "budget": decision.budget},
    )
    if locked.state == State.CLOSED:
        undecided = locked.entries.exclude(
            proposal_id__in=locked.decisions.values("proposal_id")
        )
        if not undecided.exists():
            locked.state = State.DECIDED
            locked.decided_at = timezone.now()
            locked.save(update_fields=["state", "decided_at"])
            audit_record(
                actor=actor,
                action="reviews.round_decided",
                target=locked,
                before={"state": State.CLOSED},
                after={"state": State.DECIDED},
            )
            review_round.state = locked.state
    return decision


def _cost_estimate_set(entry: RoundProposal, cost: int | None, actor) -> bool:
    """Change one locked entry's cost estimate, with an audit entry; False if unchanged."""
    if cost is not None:
        cost = int(cost)
        if not 0 <= cost <= MAX_COST_ESTIMATE:
            raise DomainError(
                _("A cost estimate is a number of won, zero or more."),
                code="invalid_cost",
            )
    if cost == entry.cost_estimate:
        return False
    before = entry.cost_estimate
    entry.cost_estimate = cost
    entry.save(update_fields=["cost_estimate"])
    audit_record(
        actor=actor,
        action="reviews.cost_estimate_changed",
        target=entry,
        before={"proposal": entry.proposal_id, "cost_estimate": before},
        after={"proposal": entry.proposal_id, "cost_estimate": cost},
    )
    return True


@transaction.atomic
def round_cost_estimates_set(
    *, review_round: ReviewRound, estimates: Mapping[int, int | None], actor
) -> list[RoundProposal]:
    """Set the cost estimates the ranking's budget cap uses (proposal id → won, or None
    to clear), at any time until the round is published. Returns the changed entries."""
    _require_staff(actor)
    locked = _lock_round(review_round)
    _require_state(locked, *ReviewRound.COSTING_STATES)
    entries = {
        entry.proposal_id: entry
        for entry in RoundProposal.objects.select_for_update()
        .filter(round=locked, proposal_id__in=list(estimates))
        .order_by("pk")
    }
    if set(estimates) - set(entries):
        raise DomainError(_("This idea is not in the round."))
    return [
        entries[proposal_id]
        for proposal_id, cost in sorted(estimates.items())
        if _cost_estimate_set(entries[proposal_id], cost, actor)
    ]


def _voters(proposal: Proposal):
    return get_user_model().objects.filter(votes__proposal=proposal, is_active=True)


def _concerned(proposal: Proposal, *, stage_changed: bool) -> list:
    """Everyone concerned with a proposal's answer or progress. When its stage changed, its
    author and followers already hear it through "proposal.stage_changed"."""
    users = {user.pk: user for user in _voters(proposal)}
    users.update(
        (assignment.reviewer_id, assignment.reviewer)
        for assignment in Assignment.objects.filter(
            proposal=proposal, voided_at__isnull=True
        ).select_related("reviewer")
    )
    told = set()
    if stage_changed:
        told = {proposal.author_id} | set(
            Follow.objects.filter(proposal=proposal).values_list("user_id", flat=True)
        )
    else:
        users[proposal.author_id] = proposal.author
        users.update(
            (follow.user_id, follow.user)
            for follow in Follow.objects.filter(proposal=proposal).select_related(
                "user"
            )
        )
    return [user for pk, user in users.items() if pk not in told]


@transaction.atomic
def round_publish(*, review_round: ReviewRound, actor) -> ReviewRound:
    """Publish every decision of the round at once: the proposals move on (agreements close
    for selected and rejected ones), the answers appear and everyone concerned hears."""
    _require_staff(actor)
    locked = _lock_round(review_round)
    _require_state(locked, State.DECIDED)
    now = timezone.now()
    decisions = list(
        locked.decisions.select_related("proposal", "proposal__author").order_by("pk")
    )
    published = []
    for decision in decisions:
        proposal = decision.proposal
        if proposal.stage != Stage.IN_REVIEW:
            # Withdrawn or moved on meanwhile: nothing to answer in this round.
            audit_record(
                actor=actor,
                action="reviews.decision_skipped",
                target=decision,
                after={"stage": proposal.stage},
            )
            continue
        proposal_transition(
            proposal=proposal,
            to=Stage(decision.outcome),
            actor=actor,
            reason=decision.rationale,
        )
        decision.published_at = now
        decision.panel_remarks = [
            {"group": group, "text": text}
            for group, text in Assignment.objects.filter(
                round=locked,
                proposal=proposal,
                submitted_at__isnull=False,
                voided_at__isnull=True,
            )
            .exclude(public_remark="")
            .order_by("submitted_at", "pk")
            .values_list("group", "public_remark")
        ]
        decision.save(update_fields=["published_at", "panel_remarks", "updated_at"])
        track = _track(proposal)
        track.decision = decision
        track.answered_at = now
        track.save(update_fields=["decision", "answered_at"])
        dispatch(
            "answer.published",
            actor=actor,
            proposal=proposal,
            decision=decision,
            recipients=_concerned(proposal, stage_changed=True),
        )
        published.append(decision.pk)
    locked.state = State.PUBLISHED
    locked.published_at = now
    locked.save(update_fields=["state", "published_at"])
    audit_record(
        actor=actor,
        action="reviews.round_published",
        target=locked,
        before={"state": State.DECIDED},
        after={"state": State.PUBLISHED, "decisions": published},
    )
    review_round.state, review_round.published_at = locked.state, locked.published_at
    # Deferred ideas return in the next round; if staff already prepared one, right away
    # (otherwise round_create() takes them in).
    following = (
        ReviewRound.objects.filter(state__in=ReviewRound.COMPOSING_STATES)
        .exclude(pk=locked.pk)
        .order_by("-created_at", "-pk")
        .first()
    )
    deferred = [
        d.proposal
        for d in decisions
        if d.outcome == Decision.Outcome.DEFERRED and d.published_at is not None
    ]
    if following is not None and deferred:
        round_add_proposals(review_round=following, proposals=deferred, actor=actor)
    return review_round


@transaction.atomic
def interim_answer_publish(*, proposal: Proposal, text: str, actor) -> InterimAnswer:
    """Publish an interim answer on a proposal still waiting for its decision."""
    _require_staff(actor)
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
        action="reviews.interim_answer_published",
        target=proposal,
        after={"interim_answer": answer.pk},
    )
    return answer


# --- Implementation and assessment ---------------------------------------------------


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
    _require_staff(actor)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Describe what happened."))
    if proposal.stage not in TRACKED_STAGES:
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
        action="reviews.implementation_updated",
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
        recipients=_concerned(proposal, stage_changed=moved),
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
    _require_staff(actor)
    if proposal.stage not in TRACKED_STAGES and proposal.stage != Stage.COMPLETED:
        raise InvalidTransition(_("Milestones belong to selected ideas."))
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Name the milestone."))
    created = milestone is None
    if created:
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
        action="reviews.milestone_saved",
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


# --- Reminders -----------------------------------------------------------------------


@transaction.atomic
def review_reminders_send(*, today: date | None = None) -> int:
    """Tell reviewers with unsubmitted assignments that the deadline is near, once each."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.REVIEW_REMINDER_DAYS)
    pending = (
        Assignment.objects.select_for_update(of=("self",))
        .filter(
            round__state=State.OPEN,
            round__ends_on__gte=today,
            round__ends_on__lte=horizon,
            submitted_at__isnull=True,
            voided_at__isnull=True,
            reminded_at__isnull=True,
        )
        .select_related("round", "reviewer")
    )
    batches: dict[tuple[int, int], list[Assignment]] = {}
    for assignment in pending:
        batches.setdefault((assignment.round_id, assignment.reviewer_id), []).append(
            assignment
        )
    for items in batches.values():
        dispatch(
            "review.due_soon",
            reviewer=items[0].reviewer,
            round=items[0].round,
            count=len(items),
        )
    Assignment.objects.filter(
        pk__in=[a.pk for items in batches.values() for a in items]
    ).update(reminded_at=timezone.now())
    return len(batches)
