"""reviews.view_dashboard: /review/ is for reviewers (and staff)."""

import pytest
import rules
from django.urls import reverse

pytestmark = pytest.mark.django_db
PERM = "reviews.view_dashboard"


def test_the_permission_exists():
    assert rules.perm_exists(PERM)


def test_matrix(reviewer, user, staff_user):
    assert rules.has_perm(PERM, reviewer)
    assert rules.has_perm(PERM, staff_user)
    assert not rules.has_perm(PERM, user)


def test_403_for_a_citizen(client, user):
    client.force_login(user)
    assert client.get(reverse("reviews:dashboard")).status_code == 403


def test_a_reviewer_sees_only_their_own_assignments(client, scene):
    client.force_login(scene.other_round_reviewer)
    html = client.get(reverse("reviews:dashboard")).content.decode()
    assert scene.idea.title not in html
    assert scene.other_round_assignment.proposal.title in html
