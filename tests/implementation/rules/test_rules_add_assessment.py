"""reviews.rate_outcome: in the assessment stage, the citizens who agreed and the review
panel rate the outcome, once each."""

import pytest
import rules
from django.urls import reverse

from proposals.implementation.models import Assessment
from proposals.implementation.services import (
    assessment_submit,
)
from proposals.models import Stage
from proposals.reviews.services.decisions import decision_record
from proposals.reviews.services.publishing import round_publish
from proposals.reviews.services.rounds import round_close
from tests.implementation.steps import walk_to

pytestmark = pytest.mark.django_db
PERM = "implementation.add_assessment"


def test_the_permission_exists():
    assert rules.perm_exists(PERM)


@pytest.fixture
def assessed(scene, user2):
    from voting.models import Vote

    round_close(review_round=scene.round, actor=scene.staff)
    for entry in scene.round.entries.select_related("proposal"):
        decision_record(
            review_round=scene.round,
            proposal=entry.proposal,
            actor=scene.staff,
            outcome="selected",
            rationale="Yes",
            department="Parks",
        )
    round_publish(review_round=scene.round, actor=scene.staff)
    scene.idea.refresh_from_db()
    Vote.objects.create(proposal=scene.idea, user=user2)
    return scene


def test_matrix(assessed, user2):
    scene = assessed
    assert not rules.has_perm(PERM, user2, scene.idea)  # not in assessment yet
    walk_to(scene.idea, Stage.ASSESSMENT, scene.staff)
    assert rules.has_perm(PERM, user2, scene.idea)  # agreed
    assert rules.has_perm(PERM, scene.reviewer, scene.idea)  # on the panel
    assert not rules.has_perm(PERM, scene.citizen, scene.idea)  # did not agree
    assert not rules.has_perm(PERM, scene.other_round_reviewer, scene.idea)
    assert not rules.has_perm(
        PERM, scene.conflicted, scene.idea
    )  # voided: off the panel
    assessment_submit(proposal=scene.idea, user=user2, rating=5)
    assert not rules.has_perm(PERM, user2, scene.idea)  # once


def test_403_for_a_citizen_who_did_not_agree(client, assessed):
    walk_to(assessed.idea, Stage.ASSESSMENT, assessed.staff)
    client.force_login(assessed.citizen)
    response = client.post(
        reverse("implementation:assessment-submit", args=[assessed.idea.pk]),
        {"rating": "5"},
    )
    assert response.status_code == 403
    assert not Assessment.objects.exists()
