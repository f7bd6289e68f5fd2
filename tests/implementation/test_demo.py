"""seed_demo's implementation data: the selected ideas of the published demo round stand
at every implementation stage, the late idea has an interim answer; running it again adds
nothing."""

import io

import pytest
from django.core.management import call_command

from proposals.implementation.models import (
    Assessment,
    ImplementationUpdate,
    InterimAnswer,
    Milestone,
)
from proposals.models import Proposal, Stage
from proposals.reviews.demo import DATA, PUBLISHED_ROUND

pytestmark = pytest.mark.django_db


def counts():
    return tuple(
        model.objects.count()
        for model in (ImplementationUpdate, Milestone, Assessment, InterimAnswer)
    )


def test_seed_demo_implementation_data():
    call_command("seed_demo", stdout=io.StringIO())
    stages = set(
        Proposal.objects.filter(
            review_decisions__round__name=PUBLISHED_ROUND,
            review_decisions__outcome="selected",
        ).values_list("stage", flat=True)
    )
    assert stages == {
        Stage.SELECTED,
        Stage.PLANNING,
        Stage.EXECUTION,
        Stage.OPERATION,
        Stage.ASSESSMENT,
        Stage.COMPLETED,
    }
    assert Assessment.objects.filter(proposal__stage=Stage.COMPLETED).exists()
    assert InterimAnswer.objects.filter(
        proposal__title=DATA["late_idea"]["title"]
    ).exists()
    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before
