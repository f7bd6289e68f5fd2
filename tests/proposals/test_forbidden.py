"""Someone else's idea: 403 for editing, photos, withdrawing; nothing changes."""

import pytest
from django.urls import reverse

from proposals.models import Stage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("proposal-update", "get"),
        ("proposal-update", "post"),
        ("proposal-withdraw", "get"),
        ("proposal-withdraw", "post"),
        ("proposal-images", "get"),
        ("proposal-images", "post"),
        ("proposal-publish", "post"),
        ("proposal-moderate", "post"),
        ("proposal-stage", "post"),
    ],
)
def test_others_get_403(client, open_proposal, user2, name, method):
    client.force_login(user2)
    url = reverse(f"proposals:{name}", args=[open_proposal.pk])
    response = getattr(client, method)(url, {"title": "Hijacked", "to": "archived"})
    assert response.status_code == 403
    open_proposal.refresh_from_db()
    assert open_proposal.title != "Hijacked"
    assert open_proposal.stage == Stage.OPEN


def test_staff_cannot_edit_a_citizens_text(client, open_proposal, staff_user):
    client.force_login(staff_user)
    url = reverse("proposals:proposal-update", args=[open_proposal.pk])
    assert client.get(url).status_code == 403


def test_anonymous_is_sent_to_login(client, open_proposal):
    url = reverse("proposals:proposal-withdraw", args=[open_proposal.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_invalid_stage_move_by_staff_shows_an_error(client, open_proposal, staff_user):
    client.force_login(staff_user)
    url = reverse("proposals:proposal-stage", args=[open_proposal.pk])
    # in_review is allowed by the table but needs a reason below the threshold
    response = client.post(url, {"to": "in_review", "reason": ""})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    open_proposal.refresh_from_db()
    assert open_proposal.stage == Stage.OPEN
    # a stage outside the table is not even offered
    response = client.post(url, {"to": "completed", "reason": "x"})
    assert "to" in response.context["form"].errors
