import contextlib
import random

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oasis.core.models import AuditEvent
from tests.budgets.recount import recount, recount_round
from voting.budgets import services
from voting.budgets.counting import Candidate, count_winners
from voting.budgets.models import BudgetResult, Phase, Style

M = 1_000_000

# Hand-computed, total 100 M: A is funded (50 left); C ties B on votes and costs
# less, so it comes first and is funded (20 left); B does not fit and is skipped;
# D and E tie on votes and cost, D's idea is older, so D is funded (5 left) and E
# is skipped; F, further down, still fits and is funded (0 left).
HAND = [
    # name, cost, votes
    ("A", 50 * M, 10),
    ("B", 60 * M, 8),
    ("C", 30 * M, 8),
    ("D", 15 * M, 5),
    ("E", 15 * M, 5),
    ("F", 5 * M, 1),
]
HAND_EXPECTED = [
    # name, rank, funded
    ("A", 1, True),
    ("C", 2, True),
    ("B", 3, False),
    ("D", 4, True),
    ("E", 5, False),
    ("F", 6, True),
]


def test_the_winner_rule_on_the_hand_computed_example():
    names = {}
    candidates = []
    for index, (name, cost, votes) in enumerate(HAND):
        names[index + 1] = name
        candidates.append(
            Candidate(
                project_id=index + 1, proposal_id=10 + index, cost=cost, votes=votes
            )
        )

    outcomes = count_winners(total=100 * M, candidates=reversed(candidates))

    assert [(names[o.project_id], o.rank, o.funded) for o in outcomes] == HAND_EXPECTED


@pytest.mark.django_db
def test_counting_a_round_from_its_ballots(
    budget_round_factory,
    budget_project_factory,
    selected_proposal_factory,
    user_factory,
):
    # Approval of up to six lets each voter choose freely; the count spends the total.
    budget_round = budget_round_factory(style=Style.APPROVAL, max_choices=6)
    ideas = sorted(
        (selected_proposal_factory() for _ in HAND), key=lambda idea: idea.pk
    )
    projects = {
        name: budget_project_factory(round=budget_round, proposal=idea, cost=cost)
        for (name, cost, _votes), idea in zip(HAND, ideas, strict=True)
    }
    wanted = {name: votes for name, _cost, votes in HAND}
    for i in range(10):
        voter = user_factory()
        chosen = [projects[name].pk for name, votes in wanted.items() if votes > i]
        # A first ballot that the later version replaces must not count.
        services.ballot_cast(
            budget_round=budget_round, voter=voter, project_ids=[projects["E"].pk]
        )
        services.ballot_cast(budget_round=budget_round, voter=voter, project_ids=chosen)
    budget_round.phase = Phase.COUNTING
    budget_round.save()

    services.round_count(budget_round=budget_round)

    by_project = {p.pk: name for name, p in projects.items()}
    results = [
        (by_project[r.project_id], r.rank, r.funded)
        for r in BudgetResult.objects.filter(round=budget_round).order_by("rank")
    ]
    assert results == HAND_EXPECTED
    votes = dict(
        BudgetResult.objects.filter(round=budget_round).values_list("project", "votes")
    )
    assert {by_project[pk]: n for pk, n in votes.items()} == wanted
    budget_round.refresh_from_db()
    assert budget_round.turnout["ballots"] == 10
    assert budget_round.turnout["by_channel"] == {"web": 10}
    assert AuditEvent.objects.filter(action="budgets.counted").count() == 1


@pytest.mark.django_db
def test_counting_is_refused_while_balloting(budget_round):
    with pytest.raises(services.InvalidTransition):
        services.round_count(budget_round=budget_round)
    assert not BudgetResult.objects.exists()


projects_strategy = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=60),  # cost, millions
        st.integers(min_value=0, max_value=12),  # votes
        st.integers(min_value=1, max_value=8),  # proposal id: ties happen
    ),
    min_size=0,
    max_size=12,
)


@given(total=st.integers(min_value=1, max_value=200), projects=projects_strategy)
def test_the_count_equals_an_independent_recount_and_never_exceeds_the_total(
    total, projects
):
    candidates = [
        Candidate(project_id=i + 1, proposal_id=p, cost=cost * M, votes=votes)
        for i, (cost, votes, p) in enumerate(projects)
    ]

    outcomes = count_winners(total=total * M, candidates=candidates)

    expected = recount(
        total * M,
        [
            {
                "id": c.project_id,
                "proposal_id": c.proposal_id,
                "cost": c.cost,
                "votes": c.votes,
            }
            for c in candidates
        ],
    )
    assert [(o.project_id, o.votes, o.funded) for o in outcomes] == expected
    assert [o.rank for o in outcomes] == list(range(1, len(candidates) + 1))
    costs = {c.project_id: c.cost for c in candidates}
    spent = sum(costs[o.project_id] for o in outcomes if o.funded)
    assert spent <= total * M
    # Nothing left unfunded that someone voted for would still fit in the money left.
    assert all(
        o.funded or o.votes == 0 or costs[o.project_id] > total * M - spent
        for o in outcomes
    )
    assert not any(o.funded and o.votes == 0 for o in outcomes)


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_a_stored_count_equals_the_recount_from_the_rows(
    seed, budget_round_factory, budget_project_factory, user_factory
):
    rng = random.Random(seed)
    with transaction.atomic():
        budget_round = budget_round_factory(total=rng.randint(20, 120) * M)
        projects = [
            budget_project_factory(round=budget_round, cost=rng.randint(5, 50) * M)
            for _ in range(rng.randint(1, 6))
        ]
        for _ in range(rng.randint(0, 8)):
            voter = user_factory()
            for _version in range(rng.randint(1, 3)):
                chosen = [p.pk for p in projects if rng.random() < 0.5]
                # An over-budget choice is refused and leaves the earlier version.
                with contextlib.suppress(services.OverBudget):
                    services.ballot_cast(
                        budget_round=budget_round, voter=voter, project_ids=chosen
                    )
        budget_round.phase = Phase.COUNTING
        budget_round.save()

        outcomes = services.round_count(budget_round=budget_round)
        again = services.round_count(budget_round=budget_round)

        assert [(o.project_id, o.votes, o.funded) for o in outcomes] == recount_round(
            budget_round
        )
        assert again == outcomes
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_budget_recount_gives_the_same_results(budget_round, ballot_projects, user):
    services.ballot_cast(
        budget_round=budget_round, voter=user, project_ids=[ballot_projects[1].pk]
    )
    budget_round.phase = Phase.COUNTING
    budget_round.save()
    services.round_count(budget_round=budget_round)
    first = list(
        BudgetResult.objects.order_by("rank").values_list("project", "votes", "funded")
    )

    call_command("budget_recount", budget_round.pk)

    assert (
        list(
            BudgetResult.objects.order_by("rank").values_list(
                "project", "votes", "funded"
            )
        )
        == first
    )
    assert first[0] == (ballot_projects[1].pk, 1, True)
