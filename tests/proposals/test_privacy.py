import pytest

from oasis.accounts.services import user_delete, user_export_data
from proposals.models import Comment, Follow, Proposal
from proposals.services import comment_create, proposal_follow

pytestmark = pytest.mark.django_db


def test_export_has_proposals_comments_and_follows(open_proposal, user, user2):
    comment_create(proposal=open_proposal, author=user, body="My own comment")
    proposal_follow(proposal=open_proposal, user=user2)
    data = user_export_data(user=user)
    assert data["proposals"][0]["title"] == open_proposal.title
    assert data["comments"][0]["body"] == "My own comment"
    assert data["follows"] == []
    assert user_export_data(user=user2)["follows"][0]["proposal"] == open_proposal.pk


def test_deletion_keeps_content_under_an_anonymous_name(
    client, open_proposal, draft, user, user2
):
    comment_create(proposal=open_proposal, author=user, body="Still useful")
    other = Proposal.objects.create(
        title="Other",
        summary="s",
        problem="p",
        solution="s",
        category=open_proposal.category,
        district=open_proposal.district,
        author=user2,
        stage="open",
    )
    proposal_follow(proposal=other, user=user)
    user_delete(user=user)
    open_proposal.refresh_from_db()
    assert Proposal.objects.filter(pk=open_proposal.pk, author=user).exists()
    assert Comment.objects.get().author == user
    # drafts were never public and go; follows are personal and go
    assert not Proposal.objects.filter(pk=draft.pk).exists()
    assert not Follow.objects.exists()
    other.refresh_from_db()
    assert other.follower_count == 0
    page = client.get(open_proposal.get_absolute_url()).text
    assert "(deleted account)" in page or "(삭제된 계정)" in page
    assert "Still useful" in page
