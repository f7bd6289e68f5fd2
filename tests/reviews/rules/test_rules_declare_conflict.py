"""reviews.declare_conflict: only the assigned reviewer, at any time, once."""

import pytest
import rules
from django.urls import reverse

from proposals.reviews.models import ConflictDeclaration

pytestmark = pytest.mark.django_db
PERM = "reviews.declare_conflict"


def test_the_permission_exists():
    assert rules.perm_exists(PERM)


def test_matrix(scene):
    assert rules.has_perm(PERM, scene.reviewer, scene.mine)
    assert not rules.has_perm(PERM, scene.citizen, scene.mine)
    assert not rules.has_perm(PERM, scene.other_round_reviewer, scene.mine)
    assert not rules.has_perm(PERM, scene.staff, scene.mine)
    # already declared: the assignment is void
    assert not rules.has_perm(PERM, scene.conflicted, scene.conflicted_assignment)


def test_even_after_the_round_closed(scene):
    from proposals.reviews.services.rounds import round_close

    round_close(review_round=scene.round, actor=scene.staff)
    assert rules.has_perm(PERM, scene.reviewer, scene.mine)


@pytest.mark.parametrize("who", ["citizen", "other_round_reviewer"])
def test_403_for_others(client, scene, who):
    client.force_login(getattr(scene, who))
    response = client.post(
        reverse("reviews:assignment-conflict", args=[scene.mine.pk]), {"reason": "x"}
    )
    assert response.status_code == 403
    assert not ConflictDeclaration.objects.filter(
        proposal=scene.idea, reviewer=getattr(scene, who)
    ).exists()
