import datetime as dt

import pytest
from django.utils import timezone

from oasis.core.errors import InvalidTransition
from proposals.implementation.models import ImplementationUpdate
from proposals.models import Stage
from tests.budgets.factories import reviewed_selected_proposal
from voting.budgets import services
from voting.budgets.models import BudgetResult, Phase

pytestmark = pytest.mark.django_db
M = 1_000_000


def test_a_round_from_information_to_implementation(
    staff_user, user_factory, django_capture_on_commit_callbacks
):
    now = timezone.now()
    budget_round = services.round_create(
        actor=staff_user,
        title_ko="시민참여예산",
        total=50 * M,
        balloting_starts_at=now - dt.timedelta(minutes=1),
        balloting_ends_at=now + dt.timedelta(days=7),
    )
    popular, costly, cheap = (
        reviewed_selected_proposal(cost) for cost in (30 * M, 40 * M, 10 * M)
    )
    projects = services.round_add_projects(
        budget_round=budget_round, proposals=[popular, costly, cheap], actor=staff_user
    )
    services.round_phase_advance(
        budget_round=budget_round, to=Phase.BALLOTING, actor=staff_user
    )
    for choice in ([0], [0, 2], [1], [0, 2]):
        services.ballot_cast(
            budget_round=budget_round,
            voter=user_factory(),
            project_ids=[projects[i].pk for i in choice],
        )

    with django_capture_on_commit_callbacks(execute=True):
        services.round_phase_advance(
            budget_round=budget_round, to=Phase.COUNTING, actor=staff_user
        )

    budget_round.refresh_from_db()
    assert budget_round.counted_at is not None
    funded = dict(BudgetResult.objects.values_list("project__proposal", "funded"))
    # 3 votes for 30 M, 2 for 10 M (40 M spent), 1 for 40 M: does not fit.
    assert funded == {popular.pk: True, cheap.pk: True, costly.pk: False}

    services.round_phase_advance(
        budget_round=budget_round, to=Phase.RESULTS, actor=staff_user
    )
    services.round_phase_advance(
        budget_round=budget_round, to=Phase.IMPLEMENTATION, actor=staff_user
    )

    for idea in (popular, cheap, costly):
        idea.refresh_from_db()
    assert (popular.stage, cheap.stage, costly.stage) == (
        Stage.PLANNING,
        Stage.PLANNING,
        Stage.SELECTED,
    )
    update = ImplementationUpdate.objects.get(proposal=popular)
    assert "30,000,000" in update.text
    assert popular.track.budget_spent == 0


def test_results_cannot_be_published_before_a_count(budget_round, staff_user):
    budget_round.phase = Phase.COUNTING
    budget_round.save()

    with pytest.raises(InvalidTransition) as raised:
        services.round_phase_advance(
            budget_round=budget_round, to=Phase.RESULTS, actor=staff_user
        )
    assert raised.value.code == "not_counted"
    budget_round.refresh_from_db()
    assert budget_round.phase == Phase.COUNTING
