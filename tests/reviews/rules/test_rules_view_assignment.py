"""reviews.view_assignment: a reviewer reads their own assignment's review page, nobody
else does — not a citizen, not a reviewer of another round, not a conflicted reviewer."""

import pytest
import rules
from django.urls import reverse

from proposals.reviews.services.conflicts import conflict_declare

pytestmark = pytest.mark.django_db
PERM = "reviews.view_assignment"


def test_the_permission_exists():
    assert rules.perm_exists(PERM)


def test_matrix(scene):
    assert rules.has_perm(PERM, scene.reviewer, scene.mine)
    assert not rules.has_perm(PERM, scene.citizen, scene.mine)
    assert not rules.has_perm(PERM, scene.other_round_reviewer, scene.mine)
    assert not rules.has_perm(PERM, scene.conflicted, scene.conflicted_assignment)
    # staff run rounds through the staff pages, not reviewers' pages
    assert not rules.has_perm(PERM, scene.staff, scene.mine)
    assert not rules.has_perm(PERM, scene.reviewer, None)


def test_not_before_the_round_opens(panel_round):
    review_round, _ideas, _people = panel_round(state="draft")
    assignment = review_round.assignments.first()
    assert not rules.has_perm(PERM, assignment.reviewer, assignment)


def test_a_conflict_declared_elsewhere_still_counts(scene, staff_user):
    # Even a (hypothetical) live assignment is closed once a conflict exists on the idea.
    conflict_declare(assignment=scene.mine, reviewer=scene.reviewer)
    scene.mine.voided_at = None
    assert not rules.has_perm(PERM, scene.reviewer, scene.mine)


@pytest.mark.parametrize("who", ["citizen", "other_round_reviewer", "conflicted"])
def test_403_on_the_review_page(client, scene, who):
    client.force_login(getattr(scene, who))
    target = scene.conflicted_assignment if who == "conflicted" else scene.mine
    response = client.get(reverse("reviews:assignment-score", args=[target.pk]))
    assert response.status_code == 403
    assert scene.idea.problem not in response.content.decode()


def test_200_for_the_reviewer(client, scene):
    client.force_login(scene.reviewer)
    response = client.get(reverse("reviews:assignment-score", args=[scene.mine.pk]))
    assert response.status_code == 200
