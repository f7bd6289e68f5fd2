"""An independent recount for the tests, written apart from voting.budgets.counting:
tally the last version of every ballot from the rows, order with a comparator, and
spend the money in that order."""

from collections import Counter
from functools import cmp_to_key

from voting.budgets.models import BallotVersion, BudgetRound


def tally(budget_round: BudgetRound) -> Counter:
    last: dict[int, BallotVersion] = {}
    for version in BallotVersion.objects.filter(round=budget_round).prefetch_related(
        "projects"
    ):
        seen = last.get(version.ballot_id)
        if seen is None or version.number > seen.number:
            last[version.ballot_id] = version
    votes: Counter = Counter()
    for version in last.values():
        for project in version.projects.all():
            votes[project.pk] += 1
    return votes


def _compare(a: dict, b: dict) -> int:
    for key, reverse in (("votes", True), ("cost", False), ("proposal_id", False)):
        if a[key] != b[key]:
            bigger = a[key] > b[key]
            return -1 if bigger == reverse else 1
    return -1 if a["id"] < b["id"] else (1 if a["id"] > b["id"] else 0)


def recount(total: int, projects: list[dict]) -> list[tuple[int, int, bool]]:
    """(project id, votes, funded) in rank order; projects: dicts of id, proposal_id,
    cost and votes."""
    ordered = sorted(projects, key=cmp_to_key(_compare))
    spent = 0
    result = []
    for project in ordered:
        fits = project["votes"] >= 1 and spent + project["cost"] <= total
        if fits:
            spent += project["cost"]
        result.append((project["id"], project["votes"], fits))
    return result


def recount_round(budget_round: BudgetRound) -> list[tuple[int, int, bool]]:
    votes = tally(budget_round)
    return recount(
        budget_round.total,
        [
            {
                "id": p.pk,
                "proposal_id": p.proposal_id,
                "cost": p.cost,
                "votes": votes[p.pk],
            }
            for p in budget_round.projects.all()
        ],
    )
