import pytest
from pytest_factoryboy import register

from tests.budgets.factories import (
    BudgetProjectFactory,
    BudgetRoundFactory,
    SelectedProposalFactory,
)
from tests.proposals.factories import CategoryFactory

register(BudgetRoundFactory, "budget_round")
register(BudgetProjectFactory, "budget_project")
register(SelectedProposalFactory, "selected_proposal")
# Projects' ideas come from the "proposal" fixtures: selected ideas.
register(SelectedProposalFactory, "proposal")
register(CategoryFactory)


@pytest.fixture
def ballot_projects(budget_round, budget_project_factory):
    """Three projects of 60, 30 and 20 million won on a 100 million ballot."""
    return [
        budget_project_factory(round=budget_round, cost=cost)
        for cost in (60_000_000, 30_000_000, 20_000_000)
    ]
