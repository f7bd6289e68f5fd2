"""The winner rule, pure: projects in descending votes, each funded if it still fits in
the money left; a project that does not fit is skipped and the next one is tried. A
project nobody voted for is never funded.

Ties in votes go to the lower cost (more projects fit), then to the earlier idea
(lower proposal id), then to the project added to the round first.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    project_id: int
    proposal_id: int
    cost: int
    votes: int


@dataclass(frozen=True)
class Outcome:
    project_id: int
    votes: int
    funded: bool
    rank: int


def ranking_key(candidate: Candidate) -> tuple[int, int, int, int]:
    return (
        -candidate.votes,
        candidate.cost,
        candidate.proposal_id,
        candidate.project_id,
    )


def count_winners(*, total: int, candidates: Iterable[Candidate]) -> list[Outcome]:
    """Every candidate with its rank (1 = most votes) and whether it is funded."""
    remaining = total
    outcomes = []
    for rank, candidate in enumerate(sorted(candidates, key=ranking_key), start=1):
        funded = candidate.votes > 0 and candidate.cost <= remaining
        if funded:
            remaining -= candidate.cost
        outcomes.append(
            Outcome(
                project_id=candidate.project_id,
                votes=candidate.votes,
                funded=funded,
                rank=rank,
            )
        )
    return outcomes
