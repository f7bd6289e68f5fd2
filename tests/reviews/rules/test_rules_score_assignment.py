"""reviews.score_assignment: writing scores — own live assignment, round open, not yet
submitted; everyone else gets 403 and nothing is written."""

import pytest
import rules
from django.urls import reverse

from proposals.reviews.models import Score
from proposals.reviews.services.rounds import round_close
from tests.reviews.conftest import score_values, submit

pytestmark = pytest.mark.django_db
PERM = "reviews.score_assignment"


def test_the_permission_exists():
    assert rules.perm_exists(PERM)


def test_matrix(scene):
    assert rules.has_perm(PERM, scene.reviewer, scene.mine)
    assert not rules.has_perm(PERM, scene.citizen, scene.mine)
    assert not rules.has_perm(PERM, scene.other_round_reviewer, scene.mine)
    assert not rules.has_perm(PERM, scene.conflicted, scene.conflicted_assignment)
    assert not rules.has_perm(PERM, scene.staff, scene.mine)


def test_not_after_submission(scene):
    submit(scene.mine)
    assert not rules.has_perm(PERM, scene.reviewer, scene.mine)


def test_not_after_the_round_closes(scene):
    round_close(review_round=scene.round, actor=scene.staff)
    scene.mine.round.refresh_from_db()
    assert not rules.has_perm(PERM, scene.reviewer, scene.mine)


@pytest.mark.parametrize("who", ["citizen", "other_round_reviewer", "conflicted"])
def test_403_on_posting_scores(client, scene, who):
    client.force_login(getattr(scene, who))
    target = scene.conflicted_assignment if who == "conflicted" else scene.mine
    data = {f"criterion_{pk}": v for pk, v in score_values(scene.round, 5).items()}
    data["submit"] = "1"
    response = client.post(reverse("reviews:assignment-score", args=[target.pk]), data)
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.submitted_at is None
    assert not Score.objects.filter(assignment=target, value=5).exists()
