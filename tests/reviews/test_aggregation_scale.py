"""No reviewer's choice of scale can reorder ideas: the ranking is invariant under an
affine change (a·x + b, a > 0) of any one reviewer's scores, while the figures shown stay
within the rubric's 1–5."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proposals.reviews.aggregation import SCALE_MAX, SCALE_MIN, Review, aggregate

GROUPS = ["official", "expert", "private", "citizen"]
WEIGHTS = {"feasibility": 2.0, "benefit": 1.5, "cost": 1.0}


def rescored(reviews, reviewer, a, b):
    return [
        Review(
            r.reviewer,
            r.proposal,
            r.group,
            {k: a * v + b for k, v in r.scores.items()}
            if r.reviewer == reviewer
            else r.scores,
        )
        for r in reviews
    ]


@st.composite
def rounds(draw):
    """Several reviewers, each scoring at least five of the round's proposals."""
    proposal_count = draw(st.integers(min_value=5, max_value=9))
    proposals = [f"p{i}" for i in range(proposal_count)]
    reviewer_count = draw(st.integers(min_value=2, max_value=5))
    score = st.integers(min_value=1, max_value=5)
    reviews = []
    for index in range(reviewer_count):
        group = draw(st.sampled_from(GROUPS))
        scored = draw(
            st.lists(
                st.sampled_from(proposals),
                min_size=5,
                max_size=proposal_count,
                unique=True,
            )
        )
        for proposal in scored:
            scores = {key: draw(score) for key in WEIGHTS}
            reviews.append(Review(f"r{index}", proposal, group, scores))
    return reviews


@settings(max_examples=300, deadline=None)
@given(
    reviews=rounds(),
    which=st.integers(min_value=0, max_value=4),
    a=st.floats(min_value=0.1, max_value=10),
    b=st.floats(min_value=-10, max_value=10),
)
def test_an_affine_change_of_one_reviewers_scores_never_changes_the_ranking(
    reviews, which, a, b
):
    reviewers = sorted({r.reviewer for r in reviews})
    reviewer = reviewers[which % len(reviewers)]

    before = aggregate(reviews, WEIGHTS)
    after = aggregate(rescored(reviews, reviewer, a, b), WEIGHTS)

    assert after.ranking == before.ranking
    for result in after.proposals.values():
        assert SCALE_MIN <= result.normalised_total <= SCALE_MAX


def _clamped_round():
    """r2 gives p2 a score far above its own habits, beyond the top of the pooled scale."""
    r1 = {"p1": 4, "p2": 2, "p3": 1, "p4": 5, "p5": 3}
    r2 = {"p1": 1, "p2": 5, "p3": 2, "p4": 2, "p5": 2}
    reviews = [Review("r1", p, "official", {"x": v}) for p, v in r1.items()]
    reviews += [Review("r2", p, "citizen", {"x": v}) for p, v in r2.items()]
    return reviews


def test_ranking_uses_the_unclamped_normalised_values():
    # Pool of the ten totals: mean 2.7, sd √2.01. r1: mean 3, sd √2; r2: mean 2.4,
    # sd √1.84. p4: r1 z = 2/√2 → 2.7 + √2·√2.01 ≈ 4.705, r2 z = −0.4/√1.84 → ≈ 2.282;
    # p4 = (4.705 + 2.282) / 2 ≈ 3.493. p2: r1 z = −1/√2 → ≈ 1.698, r2 z = 2.6/√1.84 →
    # ≈ 5.417, which the clamp cuts to 5; unclamped p2 ≈ 3.557 ranks above p4, clamped
    # p2 ≈ 3.349 would rank below it.
    result = aggregate(_clamped_round(), {"x": 1.0})
    p2, p4 = result.proposals["p2"], result.proposals["p4"]
    assert p2.ranking_total == pytest.approx(3.557, abs=0.001)
    assert p4.ranking_total == pytest.approx(3.493, abs=0.001)
    # the figures shown stay clamped
    assert result.reviews[("r2", "p2")][1] == SCALE_MAX
    assert p2.normalised_total == pytest.approx(3.349, abs=0.001)
    assert result.ranking[:2] == ["p2", "p4"]
    assert result.proposals["p2"].rank == 1


@pytest.mark.parametrize(("a", "b"), [(0.5, 0.0), (0.25, 3.0), (3.0, -2.0)])
def test_rescaling_one_reviewer_leaves_the_ranking_unchanged(a, b):
    before = aggregate(_clamped_round(), {"x": 1.0})
    after = aggregate(rescored(_clamped_round(), "r2", a, b), {"x": 1.0})
    assert after.ranking == before.ranking
