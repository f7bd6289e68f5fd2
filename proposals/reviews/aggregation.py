"""Aggregation of review scores. Pure Python: no Django, no database.

The pipeline for one round:
1. each review's weighted total over the criteria it scored (1–5);
2. per reviewer, a z-score of each total against that reviewer's own totals, mapped back to
   1–5 with the round's pooled mean and deviation, so lenient and harsh reviewers count alike;
   reviewers with fewer than `min_reviews` scored proposals keep their raw totals and are
   flagged, and a reviewer with zero spread maps to the pooled mean;
3. per proposal, a mean per stakeholder group, then the mean of the group means, so every
   group present counts equally however many of its members reviewed the proposal;
   the ranking uses these means of the unclamped normalised values, so that no reviewer's
   choice of scale (any a·x + b with a > 0) can reorder ideas; the figures shown are the
   same means of the values clamped to 1–5; ties fall to the number of reviews, then the
   proposal key (the raw total would let one reviewer's scale decide a tie);
4. Krippendorff's alpha per criterion (proposals are the units, reviewers the coders),
   flagged below `alpha_threshold`.

Deviations are population deviations (divide by n); z-scores are scale-free, so the choice
only has to be the same for the reviewer and the pool.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

SCALE_MIN = 1.0
SCALE_MAX = 5.0
MIN_REVIEWS_FOR_NORMALISATION = 5
ALPHA_THRESHOLD = 0.667

INTERVAL = "interval"
NOMINAL = "nominal"


@dataclass(frozen=True)
class Review:
    """One reviewer's submitted scores for one proposal."""

    reviewer: Hashable
    proposal: Hashable
    group: str
    scores: Mapping[str, float]


@dataclass(frozen=True)
class ReviewerStats:
    reviewer: Hashable
    count: int
    mean: float
    sd: float
    normalised: bool  # False: too few reviews, the raw totals are used and flagged

    @property
    def flagged(self) -> bool:
        return not self.normalised


@dataclass
class ProposalResult:
    proposal: Hashable
    review_count: int
    groups: list[str]
    raw_total: float
    normalised_total: float  # the figure shown: normalised values clamped to 1–5
    ranking_total: float  # the figure ranked on: the same mean, unclamped
    group_raw: dict[str, float]
    group_normalised: dict[str, float]
    criterion_means: dict[str, float]
    rank: int = 0


@dataclass(frozen=True)
class CriterionAgreement:
    criterion: str
    interval: float | None
    nominal: float | None
    threshold: float = ALPHA_THRESHOLD

    @property
    def flagged(self) -> bool:
        return self.interval is not None and self.interval < self.threshold


@dataclass
class RoundResult:
    proposals: dict[Hashable, ProposalResult]
    reviewers: dict[Hashable, ReviewerStats]
    # (reviewer, proposal) → (raw weighted total, normalised total)
    reviews: dict[tuple[Hashable, Hashable], tuple[float, float]]
    agreement: dict[str, CriterionAgreement]
    pooled_mean: float | None
    pooled_sd: float | None
    ranking: list[Hashable] = field(default_factory=list)


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def population_sd(values: Sequence[float]) -> float:
    centre = mean(values)
    return math.sqrt(sum((v - centre) ** 2 for v in values) / len(values))


def clamp(value: float, low: float = SCALE_MIN, high: float = SCALE_MAX) -> float:
    return max(low, min(high, value))


def weighted_total[K: Hashable](
    scores: Mapping[K, float | None], weights: Mapping[K, float]
) -> float | None:
    """Σ wᵢxᵢ / Σ wᵢ over the weighted criteria that were scored; None when none were."""
    pairs = [
        (weights[key], value)
        for key, value in scores.items()
        if value is not None and weights.get(key, 0) > 0
    ]
    total_weight = sum(w for w, _ in pairs)
    if not pairs or total_weight <= 0:
        return None
    return sum(w * v for w, v in pairs) / total_weight


# Spreads this small relative to the scores are rounding noise, not a use of the scale.
ZERO_SPREAD = 1e-9
# Ranking figures are compared at this precision, so rounding noise never breaks a tie.
RANKING_DIGITS = 9


def rescale(
    value: float, *, own_mean: float, own_sd: float, pool_mean: float, pool_sd: float
) -> float:
    """Map a reviewer's score onto the pooled scale through its z-score, unclamped."""
    if own_sd <= ZERO_SPREAD * max(1.0, abs(own_mean)):
        return pool_mean
    return pool_mean + (value - own_mean) / own_sd * pool_sd


def normalise(
    value: float, *, own_mean: float, own_sd: float, pool_mean: float, pool_sd: float
) -> float:
    """The rescaled score within 1–5, for display."""
    return clamp(
        rescale(
            value,
            own_mean=own_mean,
            own_sd=own_sd,
            pool_mean=pool_mean,
            pool_sd=pool_sd,
        )
    )


def equal_group_mean(values_by_group: Mapping[str, Sequence[float]]) -> float | None:
    """The mean of the group means over the groups present: each group counts once."""
    means = [mean(values) for values in values_by_group.values() if values]
    return mean(means) if means else None


def krippendorff_alpha(
    units: Iterable[Sequence[float | None]], level: str = INTERVAL
) -> float | None:
    """Krippendorff's alpha for reliability data given unit by unit (None = missing).

    Built on the coincidence matrix (Krippendorff 2011): only values in units coded by at
    least two coders are pairable. Returns None when alpha is undefined (fewer than two
    pairable values, or no expected disagreement because every value is the same).
    """
    if level == INTERVAL:

        def delta(a: float, b: float) -> float:
            return (a - b) ** 2
    elif level == NOMINAL:

        def delta(a: float, b: float) -> float:
            return 0.0 if a == b else 1.0
    else:
        raise ValueError(f"Unknown level of measurement: {level!r}")

    observed = 0.0
    marginals: Counter = Counter()
    for unit in units:
        counts = Counter(v for v in unit if v is not None)
        m_u = sum(counts.values())
        if m_u < 2:
            continue
        marginals.update(counts)
        # Σ over ordered pairs of distinct coders, each unit weighted by 1 / (m_u − 1).
        disagreement = sum(
            n_c * n_k * delta(c, k)
            for c, n_c in counts.items()
            for k, n_k in counts.items()
            if c != k
        )
        observed += disagreement / (m_u - 1)
    n = sum(marginals.values())
    if n < 2:
        return None
    expected = sum(
        n_c * n_k * delta(c, k)
        for c, n_c in marginals.items()
        for k, n_k in marginals.items()
        if c != k
    )
    if expected == 0:
        return None
    # α = 1 − D_o / D_e with D_o = observed / n and D_e = expected / (n (n − 1)).
    return 1.0 - (n - 1) * observed / expected


def apply_budget_cap(
    ranked: Sequence[tuple[Hashable, int | None]], cap: int | None
) -> dict[Hashable, bool | None]:
    """Go down the ranking and fund what still fits under the cap (skipping what does not).

    Returns proposal → True (fits), False (over the cap) or None (no cost estimate or no cap).
    """
    fits: dict[Hashable, bool | None] = {}
    spent = 0
    for proposal, cost in ranked:
        if cap is None or cost is None:
            fits[proposal] = None
        elif spent + cost <= cap:
            spent += cost
            fits[proposal] = True
        else:
            fits[proposal] = False
    return fits


def aggregate(
    reviews: Iterable[Review],
    weights: Mapping[str, float],
    *,
    min_reviews: int = MIN_REVIEWS_FOR_NORMALISATION,
    alpha_threshold: float = ALPHA_THRESHOLD,
) -> RoundResult:
    """Aggregate one round's submitted reviews (see the module docstring)."""
    totals: dict[tuple[Hashable, Hashable], float] = {}
    kept: list[Review] = []
    for review in reviews:
        total = weighted_total(review.scores, weights)
        if total is None:
            continue
        totals[(review.reviewer, review.proposal)] = total
        kept.append(review)

    if not kept:
        return RoundResult({}, {}, {}, {}, None, None, [])

    pool = list(totals.values())
    pool_mean, pool_sd = mean(pool), population_sd(pool)

    by_reviewer: dict[Hashable, list[float]] = defaultdict(list)
    for (reviewer, _proposal), total in totals.items():
        by_reviewer[reviewer].append(total)
    reviewer_stats = {
        reviewer: ReviewerStats(
            reviewer=reviewer,
            count=len(values),
            mean=mean(values),
            sd=population_sd(values),
            normalised=len(values) >= min_reviews,
        )
        for reviewer, values in by_reviewer.items()
    }

    review_figures: dict[tuple[Hashable, Hashable], tuple[float, float]] = {}
    unclamped: dict[tuple[Hashable, Hashable], float] = {}
    for (reviewer, proposal), raw in totals.items():
        stats = reviewer_stats[reviewer]
        rescaled = (
            rescale(
                raw,
                own_mean=stats.mean,
                own_sd=stats.sd,
                pool_mean=pool_mean,
                pool_sd=pool_sd,
            )
            if stats.normalised
            else raw
        )
        unclamped[(reviewer, proposal)] = rescaled
        shown = clamp(rescaled) if stats.normalised else raw
        review_figures[(reviewer, proposal)] = (raw, shown)

    by_proposal: dict[Hashable, list[Review]] = defaultdict(list)
    for review in kept:
        by_proposal[review.proposal].append(review)

    proposals: dict[Hashable, ProposalResult] = {}
    for proposal, items in by_proposal.items():
        raw_groups: dict[str, list[float]] = defaultdict(list)
        norm_groups: dict[str, list[float]] = defaultdict(list)
        rank_groups: dict[str, list[float]] = defaultdict(list)
        per_criterion: dict[str, list[float]] = defaultdict(list)
        for review in items:
            raw, normalised = review_figures[(review.reviewer, proposal)]
            raw_groups[review.group].append(raw)
            norm_groups[review.group].append(normalised)
            rank_groups[review.group].append(unclamped[(review.reviewer, proposal)])
            for key, value in review.scores.items():
                if value is not None and key in weights:
                    per_criterion[key].append(value)
        # Every proposal here has reviews, so no mean is None (`or 0.0` never applies).
        proposals[proposal] = ProposalResult(
            proposal=proposal,
            review_count=len(items),
            groups=sorted(raw_groups),
            raw_total=equal_group_mean(raw_groups) or 0.0,
            normalised_total=equal_group_mean(norm_groups) or 0.0,
            ranking_total=equal_group_mean(rank_groups) or 0.0,
            group_raw={g: mean(v) for g, v in sorted(raw_groups.items())},
            group_normalised={g: mean(v) for g, v in sorted(norm_groups.items())},
            criterion_means={k: mean(v) for k, v in per_criterion.items()},
        )

    ranking = sorted(
        proposals,
        key=lambda p: (
            -round(proposals[p].ranking_total, RANKING_DIGITS),
            -proposals[p].review_count,
            str(p),
        ),
    )
    for position, proposal in enumerate(ranking, start=1):
        proposals[proposal].rank = position

    agreement = {}
    for key in weights:
        units = [
            [review.scores.get(key) for review in items]
            for items in by_proposal.values()
        ]
        agreement[key] = CriterionAgreement(
            criterion=key,
            interval=krippendorff_alpha(units, INTERVAL),
            nominal=krippendorff_alpha(units, NOMINAL),
            threshold=alpha_threshold,
        )

    return RoundResult(
        proposals=proposals,
        reviewers=reviewer_stats,
        reviews=review_figures,
        agreement=agreement,
        pooled_mean=pool_mean,
        pooled_sd=pool_sd,
        ranking=ranking,
    )
