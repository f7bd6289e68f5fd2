"""Assignment: ≥ 3 reviewers per idea, ≥ 2 stakeholder groups where possible, balanced
loads, never the author, never a conflicted reviewer (a seeded panel)."""

from collections import Counter

import pytest

from proposals.reviews.assignment import plan_assignments
from proposals.reviews.models import Assignment, ConflictDeclaration, StakeholderGroup
from proposals.reviews.services.assignments import round_assign
from proposals.reviews.services.rounds import round_add_proposals, round_add_reviewer

GROUPS = ["official"] * 3 + ["expert"] * 3 + ["private"] * 2 + ["citizen"] * 2
SEEDED_PANEL = {f"r{i}": group for i, group in enumerate(GROUPS)}
# 15 proposals; r0 and r1 wrote p0 and p1.
SEEDED_PROPOSALS = {f"p{i}": (f"r{i}" if i < 2 else None) for i in range(15)}
SEEDED_CONFLICTS = {("p3", "r4"), ("p5", "r0"), ("p5", "r1"), ("p7", "r9")}


@pytest.mark.parametrize("seed", range(6))
def test_seeded_panel(seed):
    plan = plan_assignments(
        proposals=SEEDED_PROPOSALS,
        reviewers=SEEDED_PANEL,
        excluded=SEEDED_CONFLICTS,
        seed=seed,
    )
    per_proposal = Counter(p for p, _r in plan.pairs)
    loads = Counter(r for _p, r in plan.pairs)
    assert set(per_proposal.values()) == {3}
    assert set(per_proposal) == set(SEEDED_PROPOSALS)
    assert plan.shortfall == {}
    for proposal in SEEDED_PROPOSALS:
        reviewers = [r for p, r in plan.pairs if p == proposal]
        assert len(set(reviewers)) == 3
        assert SEEDED_PROPOSALS[proposal] not in reviewers  # never the author
        assert len({SEEDED_PANEL[r] for r in reviewers}) >= 2  # ≥ 2 stakeholder groups
    assert not set(plan.pairs) & SEEDED_CONFLICTS
    # 45 assignments over 10 reviewers: everyone gets 4 or 5
    assert max(loads.values()) - min(loads.values()) <= 1
    assert sum(loads.values()) == 45


def test_same_seed_same_plan():
    first = plan_assignments(proposals=SEEDED_PROPOSALS, reviewers=SEEDED_PANEL, seed=7)
    again = plan_assignments(proposals=SEEDED_PROPOSALS, reviewers=SEEDED_PANEL, seed=7)
    assert first.pairs == again.pairs


def test_existing_assignments_count_towards_coverage_and_load():
    plan = plan_assignments(
        proposals={"p1": None, "p2": None},
        reviewers={"a": "official", "b": "expert", "c": "citizen", "d": "private"},
        existing=[("p1", "a"), ("p1", "b"), ("p1", "c")],
        seed=1,
    )
    assert all(p == "p2" for p, _r in plan.pairs)
    # d has no load yet, so p2 takes d first
    assert "d" in {r for _p, r in plan.pairs}


def test_one_group_only_is_used_when_nothing_else_is_possible():
    plan = plan_assignments(
        proposals={"p": None},
        reviewers={"a": "expert", "b": "expert", "c": "expert"},
    )
    assert sorted(r for _p, r in plan.pairs) == ["a", "b", "c"]


def test_second_group_is_preferred_over_a_lighter_load():
    # b and c (experts) have no load, d (citizen) has two; p still gets a citizen.
    plan = plan_assignments(
        proposals={"p": None, "q": None},
        reviewers={"a": "expert", "b": "expert", "c": "expert", "d": "citizen"},
        existing=[("q", "d"), ("q", "a")],
        per_proposal=2,
    )
    assert ("p", "d") in plan.pairs


def test_shortfall_when_too_few_eligible_reviewers():
    plan = plan_assignments(
        proposals={"p": "a"},
        reviewers={"a": "expert", "b": "official", "c": "citizen"},
        excluded={("p", "c")},
    )
    assert plan.pairs == [("p", "b")]
    assert plan.shortfall == {"p": 2}


# --- Through the service ------------------------------------------------------------


@pytest.mark.django_db
def test_round_assign_with_a_seeded_panel(
    staff_user, review_round, in_review_proposal_factory, reviewer_factory
):
    # given: 6 ideas, one written by a reviewer, 8 reviewers in 4 groups, one conflict
    people = [reviewer_factory() for _ in range(8)]
    groups = list(StakeholderGroup.values) * 2
    ideas = [in_review_proposal_factory() for _ in range(5)]
    ideas.append(in_review_proposal_factory(author=people[0]))
    ConflictDeclaration.objects.create(proposal=ideas[0], reviewer=people[1])
    round_add_proposals(review_round=review_round, proposals=ideas, actor=staff_user)
    for person, group in zip(people, groups, strict=True):
        round_add_reviewer(
            review_round=review_round, reviewer=person, group=group, actor=staff_user
        )
    # when
    created, shortfall = round_assign(
        review_round=review_round, actor=staff_user, seed=3
    )
    # then
    assert shortfall == {}
    assert len(created) == 18
    by_idea = {
        idea.pk: list(Assignment.objects.filter(round=review_round, proposal=idea))
        for idea in ideas
    }
    for idea in ideas:
        rows = by_idea[idea.pk]
        assert len(rows) == 3
        assert len({row.group for row in rows}) >= 2
        assert idea.author_id not in {row.reviewer_id for row in rows}
    assert people[1].pk not in {row.reviewer_id for row in by_idea[ideas[0].pk]}
    loads = Counter(a.reviewer_id for a in created)
    assert max(loads.values()) - min(loads.values()) <= 1
    # pressing assign again adds nothing
    again, _ = round_assign(review_round=review_round, actor=staff_user)
    assert again == []
