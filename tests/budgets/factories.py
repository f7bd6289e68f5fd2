import datetime as dt

import factory
from django.utils import timezone

from proposals.models import Stage
from tests.proposals.factories import ProposalFactory
from tests.reviews.factories import RoundProposalFactory
from voting.budgets.models import BudgetProject, BudgetRound, Phase, Style


class SelectedProposalFactory(ProposalFactory):
    stage = Stage.SELECTED


class BudgetRoundFactory(factory.django.DjangoModelFactory):
    """A citywide knapsack round of 100 million won, balloting now."""

    class Meta:
        model = BudgetRound

    title_ko = factory.Sequence(lambda n: f"시민참여예산 {n}")
    title_en = factory.Sequence(lambda n: f"Citizens' budget {n}")
    total = 100_000_000
    style = Style.KNAPSACK
    phase = Phase.BALLOTING
    information_starts_at = factory.LazyFunction(
        lambda: timezone.now() - dt.timedelta(days=10)
    )
    balloting_starts_at = factory.LazyFunction(
        lambda: timezone.now() - dt.timedelta(days=1)
    )
    balloting_ends_at = factory.LazyFunction(
        lambda: timezone.now() + dt.timedelta(days=7)
    )


class BudgetProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetProject

    round = factory.SubFactory(BudgetRoundFactory)
    proposal = factory.SubFactory(SelectedProposalFactory)
    cost = 10_000_000
    reviewed_cost = factory.SelfAttribute("cost")
    position = factory.Sequence(lambda n: n)


def reviewed_selected_proposal(cost: int):
    """A selected idea whose review recorded `cost` as its estimate."""
    entry = RoundProposalFactory(cost_estimate=cost)
    proposal = entry.proposal
    proposal.stage = Stage.SELECTED
    proposal.save(update_fields=["stage"])
    return proposal
