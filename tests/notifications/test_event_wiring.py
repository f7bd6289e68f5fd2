"""The events other apps emit reach people through the outbox with the right group."""

import pytest
from django.core import mail

from oasis.notifications import events
from oasis.notifications.models import Delivery, Frequency

pytestmark = pytest.mark.django_db

ISSUE_EVENTS = {
    "comment.created",  # comment on my proposal
    "comment.reply",  # reply to my comment
    "proposal.stage_changed",  # stage change of a proposal I wrote or follow
    "proposal.threshold_reached",
    "answer.published",
    "answer.overdue",  # staff and author
    "implementation.updated",
    "review.assigned",
    "review.due_soon",
    "moderation.outcome",
    "kiosk.offline",  # staff
}


def test_every_event_of_the_issue_is_registered():
    assert not ISSUE_EVENTS - set(events.registered())


def test_a_stage_change_reaches_the_author_at_once_and_followers_in_the_digest(
    proposal, user_factory, staff_user, django_capture_on_commit_callbacks
):
    from proposals.models import Stage
    from proposals.services import proposal_follow, proposal_transition

    follower = user_factory()
    proposal_follow(proposal=proposal, user=follower)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_transition(
            proposal=proposal,
            to=Stage.IN_REVIEW,
            actor=staff_user,
            reason="The agenda panel advances it.",
        )
    frequencies = dict(Delivery.objects.values_list("recipient", "frequency"))
    assert frequencies == {
        proposal.author_id: Frequency.IMMEDIATE,
        follower.pk: Frequency.DAILY,
    }
    assert [m.to for m in mail.outbox] == [[proposal.author.email]]


def test_a_comment_emails_the_author_with_a_link_to_it(
    proposal, user2, django_capture_on_commit_callbacks, settings
):
    from proposals.services import comment_create

    settings.OASIS_SITE_URL = "https://oasis.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(proposal=proposal, author=user2, body="Nice!")
    (message,) = mail.outbox
    assert message.to == [proposal.author.email]
    assert proposal.title in message.subject
    assert f"https://oasis.example.org{comment.get_absolute_url()}" in message.body
