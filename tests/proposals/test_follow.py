import pytest
from django.urls import reverse

from proposals.models import Follow
from proposals.services import proposal_follow, proposal_unfollow

pytestmark = pytest.mark.django_db


def test_follow_and_unfollow_keep_the_count(open_proposal, user, user2):
    assert proposal_follow(proposal=open_proposal, user=user2) is True
    assert proposal_follow(proposal=open_proposal, user=user2) is False
    proposal_follow(proposal=open_proposal, user=user)
    open_proposal.refresh_from_db()
    assert open_proposal.follower_count == 2
    assert proposal_unfollow(proposal=open_proposal, user=user2) is True
    assert proposal_unfollow(proposal=open_proposal, user=user2) is False
    open_proposal.refresh_from_db()
    assert open_proposal.follower_count == 1
    assert Follow.objects.count() == 1


def test_follow_buttons_with_and_without_htmx(client, open_proposal, user2):
    client.force_login(user2)
    follow = reverse("proposals:proposal-follow", args=[open_proposal.pk])
    unfollow = reverse("proposals:proposal-unfollow", args=[open_proposal.pk])
    response = client.post(follow, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'data-testid="unfollow"' in response.text
    assert "<html" not in response.text
    assert client.post(unfollow).status_code == 302
    assert client.post(follow).status_code == 302
    page = client.get(reverse("proposals:proposal-following"))
    assert open_proposal.title in page.text


def test_drafts_cannot_be_followed(client, draft, user2):
    client.force_login(user2)
    url = reverse("proposals:proposal-follow", args=[draft.pk])
    assert client.post(url).status_code == 403
