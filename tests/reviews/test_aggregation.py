"""The pure aggregation module, with Krippendorff's published example and hand-computed
fixtures (the arithmetic is written out next to each expectation)."""

import ast
import math
from pathlib import Path

import pytest

from proposals.reviews import aggregation
from proposals.reviews.aggregation import (
    Review,
    aggregate,
    apply_budget_cap,
    equal_group_mean,
    krippendorff_alpha,
    normalise,
    weighted_total,
)

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
# 4 observers × 12 units, missing values as None.
KRIPPENDORFF_2011 = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    "C": [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
}


def units_of(coders):
    return list(zip(*coders.values(), strict=True))


def test_the_module_is_pure():
    tree = ast.parse(Path(aggregation.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert imported <= {"__future__", "math", "collections", "dataclasses"}


def test_krippendorff_published_example_nominal():
    assert krippendorff_alpha(units_of(KRIPPENDORFF_2011), "nominal") == pytest.approx(
        0.743, abs=0.0005
    )


def test_krippendorff_published_example_interval():
    assert krippendorff_alpha(units_of(KRIPPENDORFF_2011), "interval") == pytest.approx(
        0.849, abs=0.0005
    )


def test_krippendorff_hand_computed_disagreement():
    # Units (1,2) and (2,1): n = 4 pairable values; each unit has 2 ordered mismatching
    # pairs, weight 1/(2−1): D_o = 4/4 = 1; marginals 1:2, 2:2 → 8 mismatching ordered
    # pairs of 12: D_e = 8/12; α = 1 − 1/(2/3) = −0.5 (same for interval, δ² = 1).
    units = [(1, 2), (2, 1)]
    assert krippendorff_alpha(units, "nominal") == pytest.approx(-0.5)
    assert krippendorff_alpha(units, "interval") == pytest.approx(-0.5)


def test_krippendorff_perfect_agreement_is_one():
    assert krippendorff_alpha([(1, 1), (3, 3), (5, 5, 5)], "interval") == 1.0


def test_krippendorff_undefined_cases_are_none():
    assert krippendorff_alpha([(1, None), (None, 2)], "interval") is None
    assert krippendorff_alpha([(3, 3), (3, 3)], "interval") is None  # D_e = 0
    assert krippendorff_alpha([], "nominal") is None
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha([(1, 2)], "ordinal-ish")


def test_weighted_total():
    # (2·5 + 1·3) / (2 + 1) = 13/3
    assert weighted_total({"a": 5, "b": 3}, {"a": 2, "b": 1}) == pytest.approx(13 / 3)
    # unscored and unweighted criteria are left out
    assert weighted_total({"a": 4, "b": None, "c": 1}, {"a": 1, "b": 1, "c": 0}) == 4
    assert weighted_total({}, {"a": 1}) is None


def test_normalise_maps_z_scores_to_the_pooled_scale():
    # z = (4 − 3) / 0.5 = 2 → 3.2 + 2 · 0.6 = 4.4
    assert normalise(
        4, own_mean=3, own_sd=0.5, pool_mean=3.2, pool_sd=0.6
    ) == pytest.approx(4.4)
    # clamped to the 1–5 scale
    assert normalise(5, own_mean=1, own_sd=0.5, pool_mean=3, pool_sd=1) == 5
    # zero spread maps to the pooled mean
    assert normalise(2, own_mean=2, own_sd=0, pool_mean=3.3, pool_sd=1) == 3.3


def test_groups_weigh_equally_over_the_groups_present():
    # official mean 4, citizen mean (2+2+2)/3 = 2 → (4 + 2) / 2 = 3, not (4+2+2+2)/4 = 2.5
    assert equal_group_mean({"official": [4], "citizen": [2, 2, 2]}) == 3
    assert equal_group_mean({"official": [], "expert": [5]}) == 5
    assert equal_group_mean({}) is None


def test_budget_cap_funds_down_the_ranking_and_skips_what_does_not_fit():
    ranked = [("a", 60), ("b", 50), ("c", 30), ("d", None), ("e", 10)]
    # a: 60 ≤ 100; b: 110 > 100 skip; c: 90; d: no estimate; e: 100 ≤ 100
    assert apply_budget_cap(ranked, 100) == {
        "a": True,
        "b": False,
        "c": True,
        "d": None,
        "e": True,
    }
    assert apply_budget_cap(ranked, None) == dict.fromkeys("abcde")


WEIGHTS = {"x": 1.0}


def review(reviewer, proposal, group, value):
    return Review(reviewer, proposal, group, {"x": value})


def test_small_reviewers_stay_raw_and_are_flagged():
    reviews = [
        review("r1", "p1", "official", 4),
        review("r1", "p2", "official", 2),
        review("r2", "p1", "citizen", 3),
    ]
    result = aggregate(reviews, WEIGHTS)
    assert result.reviewers["r1"].flagged
    assert result.reviewers["r2"].flagged
    assert result.reviews[("r1", "p1")] == (4, 4)
    # p1: official 4, citizen 3 → (4 + 3) / 2
    assert result.proposals["p1"].raw_total == pytest.approx(3.5)
    assert result.proposals["p1"].normalised_total == pytest.approx(3.5)
    assert result.proposals["p1"].groups == ["citizen", "official"]
    assert result.ranking == ["p1", "p2"]


def test_normalisation_hand_computed():
    # r1 (lenient) scores 5 proposals 5,5,4,4,3: mean 4.2, population sd √0.56.
    # r2 (zero spread) scores the same 5 proposals 2 each: maps to the pooled mean.
    # pool of all 10 totals: mean (21 + 10) / 10 = 3.1,
    # sd = √(Σ(x − 3.1)² / 10) = √((2·3.61 + 2·0.81 + 0.01 + 5·1.21) / 10) = √1.49.
    values = {"p1": 5, "p2": 5, "p3": 4, "p4": 4, "p5": 3}
    reviews = [review("r1", p, "expert", v) for p, v in values.items()]
    reviews += [review("r2", p, "official", 2) for p in values]
    result = aggregate(reviews, WEIGHTS)
    assert result.pooled_mean == pytest.approx(3.1)
    assert result.pooled_sd == pytest.approx(math.sqrt(1.49))
    assert not result.reviewers["r1"].flagged
    z = (5 - 4.2) / math.sqrt(0.56)
    assert result.reviews[("r1", "p1")][1] == pytest.approx(3.1 + z * math.sqrt(1.49))
    assert result.reviews[("r2", "p1")] == (2, pytest.approx(3.1))
    # p5: expert (3 − 4.2)/√0.56 · √1.49 + 3.1 and official 3.1, averaged
    expected_p5 = ((3.1 + (3 - 4.2) / math.sqrt(0.56) * math.sqrt(1.49)) + 3.1) / 2
    assert result.proposals["p5"].normalised_total == pytest.approx(expected_p5)
    assert result.proposals["p5"].raw_total == pytest.approx((3 + 2) / 2)


def _panel_reviews(shift_r2: int = 0):
    # Three reviewers score the same six proposals; r2 is the harsh one.
    base = {
        "r1": [5, 4, 4, 3, 2, 2],
        "r2": [3, 2, 2, 1, 1, 1],
        "r3": [4, 5, 3, 3, 2, 1],
    }
    groups = {"r1": "official", "r2": "expert", "r3": "citizen"}
    reviews = []
    for reviewer, values in base.items():
        for index, value in enumerate(values):
            shifted = value + (shift_r2 if reviewer == "r2" else 0)
            reviews.append(review(reviewer, f"p{index}", groups[reviewer], shifted))
    return reviews


def test_a_reviewer_shifted_by_one_leaves_the_ranking_unchanged():
    before = aggregate(_panel_reviews(), WEIGHTS)
    after = aggregate(_panel_reviews(shift_r2=1), WEIGHTS)
    assert before.ranking == after.ranking
    # the shifted reviewer's z-scores are identical
    for index in range(6):
        z_before = (
            before.reviews[("r2", f"p{index}")][1] - before.pooled_mean
        ) / before.pooled_sd
        z_after = (
            after.reviews[("r2", f"p{index}")][1] - after.pooled_mean
        ) / after.pooled_sd
        assert z_before == pytest.approx(z_after)
    # while the raw totals did move
    assert after.proposals["p0"].raw_total > before.proposals["p0"].raw_total


def test_agreement_per_criterion_is_flagged_below_the_threshold():
    agree = [
        Review("r1", "p1", "a", {"x": 5, "y": 1}),
        Review("r2", "p1", "b", {"x": 5, "y": 5}),
        Review("r1", "p2", "a", {"x": 1, "y": 5}),
        Review("r2", "p2", "b", {"x": 1, "y": 1}),
    ]
    result = aggregate(agree, {"x": 1, "y": 1})
    assert result.agreement["x"].interval == 1.0
    assert not result.agreement["x"].flagged
    # y: the two reviewers always disagree → α < 0
    assert result.agreement["y"].interval < 0.667
    assert result.agreement["y"].flagged


def test_empty_round():
    result = aggregate([], WEIGHTS)
    assert result.proposals == {}
    assert result.ranking == []
    assert result.pooled_mean is None
