"""implementation.change_proposaltrack: the staff pages of interim answers and
implementation updates, staff only."""

import pytest
import rules
from django.urls import reverse

pytestmark = pytest.mark.django_db
PERM = "implementation.change_proposaltrack"


def test_the_permission_exists():
    assert rules.perm_exists(PERM)


def test_matrix(scene):
    assert rules.has_perm(PERM, scene.staff)
    assert not rules.has_perm(PERM, scene.reviewer)
    assert not rules.has_perm(PERM, scene.citizen)


def staff_urls(scene):
    return [
        reverse("implementation:interim-answer", args=[scene.idea.pk]),
        reverse("implementation:progress-edit", args=[scene.idea.pk]),
    ]


@pytest.mark.parametrize("who", ["citizen", "reviewer"])
def test_403_for_non_staff(client, scene, who):
    client.force_login(getattr(scene, who))
    for url in staff_urls(scene):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"text": "Hello."}).status_code == 403, url
    assert not scene.idea.interim_answers.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, scene):
    for url in staff_urls(scene):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_staff_get_in(client, scene):
    client.force_login(scene.staff)
    for url in staff_urls(scene):
        assert client.get(url).status_code == 200, url
