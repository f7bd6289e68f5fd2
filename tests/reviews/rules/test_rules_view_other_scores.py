"""reviews.view_other_scores: other reviewers' scores only after one's own submission,
never for a conflicted reviewer, a citizen or a reviewer of another round."""

import pytest
import rules
from django.urls import reverse

from tests.reviews.conftest import assignments_of, submit

pytestmark = pytest.mark.django_db
PERM = "reviews.view_other_scores"


def test_the_permission_exists():
    assert rules.perm_exists(PERM)


def test_only_after_submitting(scene):
    assert not rules.has_perm(PERM, scene.reviewer, scene.mine)
    submit(scene.mine)
    scene.mine.refresh_from_db()
    assert rules.has_perm(PERM, scene.reviewer, scene.mine)


def test_never_for_others(scene):
    submit(scene.mine)
    scene.mine.refresh_from_db()
    assert not rules.has_perm(PERM, scene.citizen, scene.mine)
    assert not rules.has_perm(PERM, scene.other_round_reviewer, scene.mine)
    assert not rules.has_perm(PERM, scene.staff, scene.mine)


def test_a_conflicted_reviewer_who_had_submitted_sees_nothing(panel_round):
    from proposals.reviews.services.conflicts import conflict_declare

    review_round, ideas, _people = panel_round()
    assignment = assignments_of(review_round, ideas[0])[0]
    submit(assignment)
    conflict_declare(assignment=assignment, reviewer=assignment.reviewer)
    assignment.refresh_from_db()
    assert not rules.has_perm(PERM, assignment.reviewer, assignment)


def test_the_page_shows_other_scores_only_after_submission(client, scene):
    _mine, *others = assignments_of(scene.round, scene.idea)
    other = next(a for a in others if a.pk != scene.mine.pk)
    submit(other, 1, urgency=5)
    client.force_login(scene.reviewer)
    url = reverse("reviews:assignment-score", args=[scene.mine.pk])
    assert client.get(url).context["others"] == []
    submit(scene.mine, 3)
    others_now = client.get(url).context["others"]
    assert len(others_now) == 1
