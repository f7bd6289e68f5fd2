import pytest
from django.core.management import call_command

from tests.budgets.recount import recount_round
from voting.budgets.models import BudgetRound, Phase

# seed_demo loads every app's demo: slow on a busy machine.
pytestmark = [pytest.mark.django_db, pytest.mark.timeout(400)]


def test_demo_has_a_citywide_round_in_balloting_and_a_district_round_with_results():
    call_command("seed_demo")

    citywide = BudgetRound.objects.get(district__isnull=True)
    district = BudgetRound.objects.get(district__code="jongno")
    assert citywide.phase == Phase.BALLOTING
    assert citywide.ballots.count() > 0
    assert citywide.projects.count() == 5
    assert district.phase == Phase.RESULTS
    assert district.results.filter(funded=True).exists()
    stored = [
        (r.project_id, r.votes, r.funded) for r in district.results.order_by("rank")
    ]
    assert stored == recount_round(district)
    # A second run adding nothing is tests/core/test_seed_demo.py's check of every row.
