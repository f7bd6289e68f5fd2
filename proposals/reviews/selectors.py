"""Every non-trivial read of stakeholder review; each owns its joins (query budgets)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import cast

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery

from proposals.lifecycle import REVIEWABLE
from proposals.models import Proposal, Stage
from proposals.reviews import aggregation
from proposals.reviews.models import (
    Assignment,
    Criterion,
    Decision,
    ReviewRound,
    RoundProposal,
    Score,
    answer_overdue_q,
)

State = ReviewRound.State


# --- Reviewer pages ------------------------------------------------------------------


@dataclass
class RoundAssignments:
    round: ReviewRound
    assignments: list[Assignment]

    @property
    def submitted(self) -> int:
        return sum(1 for a in self.assignments if a.submitted_at)

    @property
    def total(self) -> int:
        return len(self.assignments)

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.total) if self.total else 0


def reviewer_dashboard(user) -> list[RoundAssignments]:
    """The reviewer's live assignments grouped by round, newest round first (1 query)."""
    rows = (
        Assignment.objects.filter(reviewer=user, voided_at__isnull=True)
        .exclude(round__state=State.DRAFT)
        .select_related("round", "proposal")
        .annotate(
            scored=Count("scores", distinct=True),
            criteria_count=Count("round__criteria", distinct=True),
        )
        .order_by("-round__created_at", "-round_id", "submitted_at", "proposal_id")
    )
    grouped: dict[int, RoundAssignments] = {}
    for assignment in rows:
        grouped.setdefault(
            assignment.round_id, RoundAssignments(assignment.round, [])
        ).assignments.append(assignment)
    return list(grouped.values())


def assignment_for_review(pk: int) -> Assignment | None:
    return (
        Assignment.objects.select_related(
            "round",
            "proposal",
            "proposal__category",
            "proposal__district",
            "proposal__author",
        )
        .filter(pk=pk)
        .first()
    )


def round_criteria(review_round: ReviewRound) -> list[Criterion]:
    return list(review_round.criteria.all())


@dataclass
class OtherReview:
    label: str
    group: str
    scores: dict[int, int]
    total: float | None
    public_remark: str


def other_reviews(
    assignment: Assignment, criteria: list[Criterion]
) -> list[OtherReview]:
    """The other submitted, valid reviews of the same proposal in the round (2 queries).

    Reviewers appear as "Reviewer 1, 2 …" with their stakeholder group, never by name.
    """
    others = (
        Assignment.objects.filter(
            round_id=assignment.round_id,
            proposal_id=assignment.proposal_id,
            submitted_at__isnull=False,
            voided_at__isnull=True,
        )
        .exclude(pk=assignment.pk)
        .order_by("submitted_at", "pk")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by()))
    )
    weights = {c.pk: float(c.weight) for c in criteria}
    result: list[OtherReview] = []
    for assignment_other in others:
        scores = {s.criterion_id: s.value for s in assignment_other.scores.all()}
        result.append(
            OtherReview(
                label=str(len(result) + 1),
                group=assignment_other.get_group_display(),
                scores=scores,
                total=aggregation.weighted_total(scores, weights),
                public_remark=assignment_other.public_remark,
            )
        )
    return result


# --- Staff pages ---------------------------------------------------------------------


def round_list():
    return ReviewRound.objects.annotate(
        proposal_count=Count("entries", distinct=True),
        reviewer_count=Count("panel", distinct=True),
    ).order_by("-created_at", "-id")


def round_entries(review_round: ReviewRound):
    return (
        review_round.entries.select_related("proposal", "proposal__author")
        .annotate(
            assigned=Count(
                "proposal__review_assignments",
                filter=Q(
                    proposal__review_assignments__round=review_round,
                    proposal__review_assignments__voided_at__isnull=True,
                ),
                distinct=True,
            ),
            submitted=Count(
                "proposal__review_assignments",
                filter=Q(
                    proposal__review_assignments__round=review_round,
                    proposal__review_assignments__voided_at__isnull=True,
                    proposal__review_assignments__submitted_at__isnull=False,
                ),
                distinct=True,
            ),
        )
        .order_by("added_at", "pk")
    )


def round_panel(review_round: ReviewRound):
    return review_round.panel.select_related("reviewer").annotate(
        load=Count(
            "reviewer__review_assignments",
            filter=Q(
                reviewer__review_assignments__round=review_round,
                reviewer__review_assignments__voided_at__isnull=True,
            ),
            distinct=True,
        ),
        done=Count(
            "reviewer__review_assignments",
            filter=Q(
                reviewer__review_assignments__round=review_round,
                reviewer__review_assignments__voided_at__isnull=True,
                reviewer__review_assignments__submitted_at__isnull=False,
            ),
            distinct=True,
        ),
    )


def round_candidates(review_round: ReviewRound):
    """Proposals that may still join the round: in review or deferred, in no other
    unpublished round."""
    busy = RoundProposal.objects.filter(proposal=OuterRef("pk")).filter(
        Q(round=review_round) | ~Q(round__state=State.PUBLISHED)
    )
    return (
        Proposal.objects.filter(stage__in=REVIEWABLE, is_hidden=False)
        .exclude(Exists(busy))
        .order_by("in_review_at", "pk")
    )


def round_reviewer_candidates(review_round: ReviewRound):
    from django.contrib.auth import get_user_model

    from oasis.accounts.models import REVIEWERS_GROUP

    return (
        get_user_model()
        .objects.filter(groups__name=REVIEWERS_GROUP, is_active=True)
        .exclude(review_rounds__round=review_round)
        .select_related("reviewer_profile")
        .order_by("display_name", "pk")
    )


def round_assignments(review_round: ReviewRound):
    return (
        review_round.assignments.select_related("reviewer", "proposal")
        .prefetch_related("scores")
        .order_by("proposal_id", "voided_at", "pk")
    )


@dataclass
class BudgetSummary:
    """The round's budget cap against what is estimated and what is selected.

    A selected idea counts with its decided budget, or its cost estimate when no budget
    is set yet."""

    cap: int | None
    fitting_total: int = 0
    fitting_count: int = 0
    estimated_count: int = 0
    selected_total: int = 0
    selected_count: int = 0
    selected_unpriced: int = 0

    @property
    def over_cap(self) -> bool:
        return self.cap is not None and self.selected_total > self.cap

    @property
    def excess(self) -> int:
        return max(0, self.selected_total - self.cap) if self.cap is not None else 0

    def add_selected(self, budget: int | None, cost_estimate: int | None) -> None:
        amount = budget if budget is not None else cost_estimate
        self.selected_count += 1
        if amount is None:
            self.selected_unpriced += 1
        else:
            self.selected_total += amount


@dataclass
class RankingRow:
    entry: RoundProposal
    result: aggregation.ProposalResult | None
    decision: Decision | None
    fits_cap: bool | None
    cumulative_cost: int | None = None


@dataclass
class RoundResults:
    round: ReviewRound
    criteria: list[Criterion]
    result: aggregation.RoundResult
    rows: list[RankingRow]
    assignments: list[Assignment]
    reviewer_names: dict[int, str] = field(default_factory=dict)
    budget: BudgetSummary | None = None

    @property
    def flagged_criteria(self) -> list[Criterion]:
        return [
            c
            for c in self.criteria
            if self.result.agreement.get(c.key) and self.result.agreement[c.key].flagged
        ]


def round_results(review_round: ReviewRound) -> RoundResults:
    """Raw and normalised results of a round, ranked, with the budget cap applied.

    Queries: criteria, submitted assignments (+ scores, reviewer), entries, decisions.
    """
    criteria = list(review_round.criteria.all())
    key_of = {c.pk: c.key for c in criteria}
    weights = {c.key: float(c.weight) for c in criteria}
    assignments = list(
        review_round.assignments.filter(
            submitted_at__isnull=False, voided_at__isnull=True
        )
        .select_related("reviewer", "proposal")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by()))
        .order_by("proposal_id", "pk")
    )
    reviews = [
        aggregation.Review(
            reviewer=a.reviewer_id,
            proposal=a.proposal_id,
            group=a.group,
            scores={key_of[s.criterion_id]: s.value for s in a.scores.all()},
        )
        for a in assignments
    ]
    result = aggregation.aggregate(reviews, weights)
    entries = {
        e.proposal_id: e
        for e in review_round.entries.select_related("proposal", "proposal__author")
    }
    decisions = {d.proposal_id: d for d in review_round.decisions.all()}
    ranked_ids = [pid for pid in result.ranking if pid in entries]
    ranked_ids += sorted(pid for pid in entries if pid not in result.proposals)
    fits = aggregation.apply_budget_cap(
        [(pid, entries[pid].cost_estimate) for pid in ranked_ids],
        review_round.budget_cap,
    )
    rows = []
    budget = BudgetSummary(cap=review_round.budget_cap)
    for pid in ranked_ids:
        entry, decision = entries[pid], decisions.get(pid)
        row = RankingRow(
            entry=entry,
            result=result.proposals.get(pid),
            decision=decision,
            fits_cap=fits.get(pid),
        )
        if entry.cost_estimate is not None:
            budget.estimated_count += 1
        if row.fits_cap:  # a fitting entry has its cost estimate
            budget.fitting_total += cast(int, entry.cost_estimate)
            budget.fitting_count += 1
            row.cumulative_cost = budget.fitting_total
        if decision is not None and decision.outcome == Decision.Outcome.SELECTED:
            budget.add_selected(decision.budget, entry.cost_estimate)
        rows.append(row)
    names = {a.reviewer_id: a.reviewer.public_name for a in assignments}
    return RoundResults(
        review_round, criteria, result, rows, assignments, names, budget
    )


def round_cost_entries(review_round: ReviewRound):
    """The round's ideas with their cost estimates, for the cost estimate form."""
    return review_round.entries.select_related("proposal").order_by("pk")


def round_budget(review_round: ReviewRound) -> BudgetSummary:
    """What the selected ideas of the round cost against its cap (1 query)."""
    budget = BudgetSummary(cap=review_round.budget_cap)
    selected = Decision.objects.filter(
        round=review_round, outcome=Decision.Outcome.SELECTED
    ).annotate(
        cost_estimate=Subquery(
            RoundProposal.objects.filter(
                round=review_round, proposal=OuterRef("proposal")
            ).values("cost_estimate")[:1]
        )
    )
    for decision_budget, cost_estimate in selected.values_list(
        "budget", "cost_estimate"
    ):
        budget.add_selected(decision_budget, cost_estimate)
    return budget


@dataclass
class ClosePreview:
    """What closing the round does: scoring stops and unsubmitted reviews do not count."""

    possible: bool
    proposals: int
    submitted: int
    unsubmitted: int


def round_close_preview(review_round: ReviewRound) -> ClosePreview:
    """The confirmation summary of closing a round (1 query)."""
    counts = review_round.assignments.filter(voided_at__isnull=True).aggregate(
        proposals=Count("proposal", distinct=True),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        unsubmitted=Count("pk", filter=Q(submitted_at__isnull=True)),
    )
    return ClosePreview(possible=review_round.state == State.OPEN, **counts)


@dataclass
class PublishPreview:
    """What publishing the round does, outcome by outcome, before staff confirm it."""

    possible: bool
    selected: int
    rejected: int
    deferred: int
    skipped: int
    undecided: int
    budget: BudgetSummary

    @property
    def published(self) -> int:
        return self.selected + self.rejected + self.deferred


def round_publish_preview(review_round: ReviewRound) -> PublishPreview:
    """The confirmation summary of publishing a round (2 queries: decisions, entries)."""
    entries = dict(review_round.entries.values_list("proposal_id", "cost_estimate"))
    counts: Counter[str] = Counter()
    skipped = 0
    budget = BudgetSummary(cap=review_round.budget_cap)
    for (
        proposal_id,
        outcome,
        stage,
        decision_budget,
    ) in review_round.decisions.values_list(
        "proposal_id", "outcome", "proposal__stage", "budget"
    ):
        if stage != Stage.IN_REVIEW:
            # Withdrawn or moved on meanwhile: publishing skips it (see round_publish).
            skipped += 1
            continue
        counts[outcome] += 1
        if outcome == Decision.Outcome.SELECTED:
            budget.add_selected(decision_budget, entries.get(proposal_id))
    decided = counts.total() + skipped
    return PublishPreview(
        possible=review_round.state == State.DECIDED,
        selected=counts[Decision.Outcome.SELECTED],
        rejected=counts[Decision.Outcome.REJECTED],
        deferred=counts[Decision.Outcome.DEFERRED],
        skipped=skipped,
        undecided=max(0, len(entries) - decided),
        budget=budget,
    )


def overdue_answers():
    """Ideas in review whose answer is past due, oldest first."""
    return Proposal.objects.filter(answer_overdue_q()).order_by("in_review_at", "pk")


def published_round(pk: int) -> ReviewRound | None:
    return ReviewRound.objects.filter(pk=pk, state=State.PUBLISHED).first()
