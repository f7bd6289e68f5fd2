"""reviews.manage_round: the staff pages and the staff export, staff only."""

import pytest
import rules
from django.urls import reverse

pytestmark = pytest.mark.django_db
PERM = "reviews.manage_round"


def test_the_permission_exists():
    assert rules.perm_exists(PERM)


def test_matrix(scene):
    assert rules.has_perm(PERM, scene.staff)
    assert not rules.has_perm(PERM, scene.reviewer)
    assert not rules.has_perm(PERM, scene.citizen)


def staff_urls(scene):
    pk = scene.round.pk
    score = scene.mine.scores.first()
    return [
        ("get", reverse("reviews:staff-index")),
        ("get", reverse("reviews:round-create")),
        ("get", reverse("reviews:round-detail", args=[pk])),
        ("get", reverse("reviews:round-ranking", args=[pk])),
        ("get", reverse("reviews:round-export", args=[pk])),
        ("get", reverse("reviews:decision-edit", args=[pk, scene.idea.pk])),
        ("post", reverse("reviews:round-assign", args=[pk])),
        ("post", reverse("reviews:round-close", args=[pk])),
        ("post", reverse("reviews:round-publish", args=[pk])),
        *(
            [("get", reverse("reviews:score-correct", args=[pk, score.pk]))]
            if score
            else []
        ),
    ]


@pytest.mark.parametrize("who", ["citizen", "reviewer"])
def test_403_for_non_staff(client, scene, who):
    from tests.reviews.conftest import submit

    submit(scene.mine)
    client.force_login(getattr(scene, who))
    for method, url in staff_urls(scene):
        assert getattr(client, method)(url).status_code == 403, url
    scene.round.refresh_from_db()
    assert scene.round.state == "open"


def test_anonymous_visitors_are_sent_to_log_in(client, scene):
    response = client.get(reverse("reviews:staff-index"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_get_in(client, scene):
    client.force_login(scene.staff)
    for method, url in staff_urls(scene):
        if method == "get":
            assert client.get(url).status_code == 200, url
