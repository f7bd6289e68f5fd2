"""Reviewer assignment planning: at least three reviewers per proposal, across stakeholder
groups, never its author or a conflicted reviewer. Pure Python: no Django, no database.

Greedy and deterministic for a given seed: proposals are served one reviewer per pass, the
most constrained first, so loads stay balanced; each pick prefers a stakeholder group the
proposal lacks while it has fewer than `min_groups`, then the lightest load, then a
stakeholder group not yet present, then a seeded random order. Authors and excluded pairs
(declared conflicts, voided assignments) are never picked.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field


@dataclass
class Plan[P: Hashable, R: Hashable]:
    pairs: list[tuple[P, R]] = field(default_factory=list)
    # proposal → reviewers still missing because too few eligible reviewers exist
    shortfall: dict[P, int] = field(default_factory=dict)


def plan_assignments[P: Hashable, R: Hashable](
    *,
    proposals: Mapping[P, R | None],
    reviewers: Mapping[R, str],
    existing: Iterable[tuple[P, R]] = (),
    excluded: Iterable[tuple[P, R]] = (),
    per_proposal: int = 3,
    min_groups: int = 2,
    seed: int = 0,
) -> Plan[P, R]:
    """Plan new (proposal, reviewer) pairs so every proposal has `per_proposal` reviewers.

    proposals: proposal → author (a reviewer key or None); reviewers: reviewer → group;
    existing: pairs already assigned (they count towards loads and coverage);
    excluded: pairs that must never be assigned.
    """
    rng = random.Random(seed)  # noqa: S311 (a reproducible order, not a secret)
    order = list(reviewers)
    rng.shuffle(order)
    tiebreak = {reviewer: position for position, reviewer in enumerate(order)}

    blocked = set(excluded)
    assigned: dict[P, set[R]] = {proposal: set() for proposal in proposals}
    load: dict[R, int] = dict.fromkeys(reviewers, 0)
    for proposal, reviewer in existing:
        if reviewer in load:
            load[reviewer] += 1
        if proposal in assigned:
            assigned[proposal].add(reviewer)

    def eligible(proposal: P) -> list[R]:
        author = proposals[proposal]
        return [
            reviewer
            for reviewer in reviewers
            if reviewer != author
            and (proposal, reviewer) not in blocked
            and reviewer not in assigned[proposal]
        ]

    plan: Plan[P, R] = Plan()
    pending = [p for p in proposals if len(assigned[p]) < per_proposal]
    while pending:
        # Most constrained first; the seeded shuffle breaks ties between equals.
        pending.sort(key=lambda p: (len(eligible(p)), len(assigned[p]), str(p)))
        still_pending = []
        for proposal in pending:
            candidates = eligible(proposal)
            if not candidates:
                plan.shortfall[proposal] = per_proposal - len(assigned[proposal])
                continue
            present = {reviewers[r] for r in assigned[proposal] if r in reviewers}
            needs_group = len(present) < min_groups

            def preference(reviewer, present=present, needs_group=needs_group):
                new_group = reviewers[reviewer] not in present
                return (
                    0 if (needs_group and new_group) else 1,
                    load[reviewer],
                    0 if new_group else 1,
                    tiebreak[reviewer],
                )

            chosen = min(candidates, key=preference)
            assigned[proposal].add(chosen)
            load[chosen] += 1
            plan.pairs.append((proposal, chosen))
            if len(assigned[proposal]) < per_proposal:
                still_pending.append(proposal)
        pending = still_pending
    return plan
