import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from oasis.core.errors import NotAllowed
from oasis.notifications.models import Notification
from proposals.models import Comment, Stage
from proposals.services import (
    comment_create,
    comment_delete,
    comment_edit,
    comment_mark_helpful,
)
from tests.notifications.dispatching import fan_out_pending

pytestmark = pytest.mark.django_db


def test_comment_counts_and_notifies_the_author(open_proposal, user2, client):
    comment = comment_create(proposal=open_proposal, author=user2, body="좋은 생각!")
    open_proposal.refresh_from_db()
    assert open_proposal.comment_count == 1
    assert not comment.is_official
    fan_out_pending()
    notice = Notification.objects.get(recipient=open_proposal.author)
    assert notice.event == "comment.created"
    # The notice's address leads to the comment on its page.
    assert client.get(notice.url).url.endswith(f"#comment-{comment.pk}")


def test_replies_stay_one_level_deep(open_proposal, user, user2):
    top = comment_create(proposal=open_proposal, author=user2, body="Top")
    reply = comment_create(proposal=open_proposal, author=user, body="Re", parent=top)
    deeper = comment_create(
        proposal=open_proposal, author=user2, body="Re re", parent=reply
    )
    assert reply.parent == top
    assert deeper.parent == top  # joins the thread instead of nesting
    # the parent's author hears about the reply, once
    fan_out_pending()
    assert (
        Notification.objects.filter(recipient=user2, event="comment.reply").count() == 1
    )
    assert (
        Notification.objects.filter(recipient=user, event="comment.reply").count() == 1
    )


def test_staff_comments_are_official(open_proposal, staff_user, client):
    comment_create(proposal=open_proposal, author=staff_user, body="We are on it.")
    assert Comment.objects.get().is_official
    assert 'class="badge-official"' in client.get(open_proposal.get_absolute_url()).text


@pytest.mark.parametrize("body", ["", "   ", "x" * 3001])
def test_empty_or_long_comments_are_refused(open_proposal, user2, body):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        comment_create(proposal=open_proposal, author=user2, body=body)
    assert not Comment.objects.exists()


def test_no_comments_on_drafts(draft, user2):
    with pytest.raises(NotAllowed):
        comment_create(proposal=draft, author=user2, body="Hello")


def test_edit_within_fifteen_minutes(open_proposal, user2):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        comment = comment_create(proposal=open_proposal, author=user2, body="Tpyo")
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        comment_edit(comment=comment, actor=user2, body="Typo")
    comment.refresh_from_db()
    assert comment.body == "Typo"
    assert comment.edited_at is not None
    with (
        time_machine.travel(start + dt.timedelta(minutes=16), tick=False),
        pytest.raises(NotAllowed),
    ):
        comment_edit(comment=comment, actor=user2, body="Too late")
    comment.refresh_from_db()
    assert comment.body == "Typo"


def test_only_the_author_edits_or_deletes(open_proposal, user, user2):
    comment = comment_create(proposal=open_proposal, author=user2, body="Mine")
    with pytest.raises(NotAllowed):
        comment_edit(comment=comment, actor=user, body="Yours")
    with pytest.raises(NotAllowed):
        comment_delete(comment=comment, actor=user)


def test_delete_leaves_a_tombstone(client, open_proposal, user, user2):
    top = comment_create(proposal=open_proposal, author=user2, body="Secret words")
    comment_create(proposal=open_proposal, author=user, body="A reply", parent=top)
    comment_delete(comment=top, actor=user2)
    top.refresh_from_db()
    assert top.is_deleted
    assert top.body == ""
    open_proposal.refresh_from_db()
    assert open_proposal.comment_count == 1
    page = client.get(open_proposal.get_absolute_url()).text
    assert "Secret words" not in page
    assert "A reply" in page
    assert 'class="comment-tombstone"' in page


def test_helpful_once(open_proposal, user, user2):
    comment = comment_create(proposal=open_proposal, author=user2, body="Useful")
    assert comment_mark_helpful(comment=comment, user=user) is True
    assert comment_mark_helpful(comment=comment, user=user) is False
    comment.refresh_from_db()
    assert comment.helpful_count == 1
    with pytest.raises(NotAllowed):
        comment_mark_helpful(comment=comment, user=user2)


def test_comment_views(client, open_proposal, user, user2):
    client.force_login(user2)
    url = reverse("proposals:comment-create", args=[open_proposal.pk])
    response = client.post(url, {"body": "From the page"})
    comment = Comment.objects.get()
    assert response.url.endswith(f"#comment-{comment.pk}")
    client.post(url, {"body": "A reply", "parent": comment.pk})
    assert Comment.objects.get(body="A reply").parent == comment
    edit = reverse("proposals:comment-update", args=[comment.pk])
    assert client.post(edit, {"body": "Edited"}).status_code == 302
    client.force_login(user)
    assert client.post(edit, {"body": "Not mine"}).status_code == 403
    helpful = reverse("proposals:comment-helpful", args=[comment.pk])
    response = client.post(helpful, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "✓" in response.text
    comment.refresh_from_db()
    assert (comment.body, comment.helpful_count) == ("Edited", 1)
    client.force_login(user2)
    delete = reverse("proposals:comment-delete", args=[comment.pk])
    assert client.post(delete).status_code == 302
    comment.refresh_from_db()
    assert comment.is_deleted


def test_withdrawn_ideas_take_no_new_comments(client, proposal_factory, user2):
    proposal = proposal_factory(stage=Stage.WITHDRAWN)
    client.force_login(user2)
    url = reverse("proposals:comment-create", args=[proposal.pk])
    assert client.post(url, {"body": "Hello"}).status_code == 403


# --- Deleting asks first -------------------------------------------------------------


@pytest.fixture
def own_comment(open_proposal, user2):
    return comment_create(proposal=open_proposal, author=user2, body="Second thoughts")


def delete_url(comment) -> str:
    return reverse("proposals:comment-delete", args=[comment.pk])


def test_the_delete_control_asks_before_deleting(client, open_proposal, own_comment):
    client.force_login(own_comment.author)

    page = client.get(open_proposal.get_absolute_url()).text

    # Without JavaScript a link to the confirmation page; htmx asks in the browser.
    assert f'<form method="post" action="{delete_url(own_comment)}"' not in page
    assert f'href="{delete_url(own_comment)}" data-testid="delete-comment"' in page
    assert f'hx-post="{delete_url(own_comment)}" hx-confirm="' in page


def test_get_asks_for_confirmation_and_deletes_nothing(client, own_comment):
    client.force_login(own_comment.author)

    response = client.get(delete_url(own_comment))

    assert response.status_code == 200
    assert "Second thoughts" in response.text
    assert 'method="post"' in response.text
    assert 'data-testid="confirm-delete"' in response.text
    own_comment.refresh_from_db()
    assert not own_comment.is_deleted
    assert own_comment.body == "Second thoughts"


def test_post_from_the_confirmation_deletes(client, open_proposal, own_comment):
    client.force_login(own_comment.author)

    response = client.post(delete_url(own_comment))

    assert response.status_code == 302
    assert response.url.endswith(f"#comment-{own_comment.pk}")
    own_comment.refresh_from_db()
    assert own_comment.is_deleted
    open_proposal.refresh_from_db()
    assert open_proposal.comment_count == 0


def test_htmx_post_swaps_in_the_tombstone(client, own_comment):
    client.force_login(own_comment.author)

    response = client.post(delete_url(own_comment), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert f'id="comment-{own_comment.pk}"' in response.text
    assert 'class="comment-tombstone"' in response.text
    assert "<html" not in response.text
    own_comment.refresh_from_db()
    assert own_comment.is_deleted


@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_author_may_delete(client, own_comment, user, staff_user, method):
    for someone in (user, staff_user):  # staff hide comments through moderation
        client.force_login(someone)
        assert getattr(client, method)(delete_url(own_comment)).status_code == 403
    client.logout()
    assert getattr(client, method)(delete_url(own_comment)).status_code == 302  # login
    own_comment.refresh_from_db()
    assert not own_comment.is_deleted


def test_a_forged_post_changes_nothing(own_comment):
    from django.test import Client

    forger = Client(enforce_csrf_checks=True)
    forger.force_login(own_comment.author)

    response = forger.post(delete_url(own_comment))

    assert response.status_code == 403
    own_comment.refresh_from_db()
    assert not own_comment.is_deleted
    assert own_comment.body == "Second thoughts"


def test_a_stale_post_changes_nothing(client, open_proposal, own_comment, staff_user):
    # given: the comment was hidden by moderators after the author opened the page
    from proposals.services import moderation_hide

    moderation_hide(target=own_comment, actor=staff_user, reason="Off topic")
    client.force_login(own_comment.author)

    response = client.post(delete_url(own_comment))

    assert response.status_code == 403
    own_comment.refresh_from_db()
    assert (own_comment.is_hidden, own_comment.is_deleted) == (True, False)
    assert own_comment.body == "Second thoughts"


def test_deleting_twice_changes_nothing_more(client, open_proposal, own_comment, user):
    comment_create(proposal=open_proposal, author=user, body="Still here")
    client.force_login(own_comment.author)
    assert client.post(delete_url(own_comment)).status_code == 302

    assert client.post(delete_url(own_comment)).status_code == 403
    assert client.get(delete_url(own_comment)).status_code == 403
    open_proposal.refresh_from_db()
    assert open_proposal.comment_count == 1
