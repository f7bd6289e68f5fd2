"""Publishing a round is answered at once however many people agreed: the request
records the events; the notifications arrive after commit, from the fan-out."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oasis.notifications.models import Notification, NotificationEvent
from proposals.reviews.services.publishing import round_publish
from proposals.reviews.services.rounds import round_close
from tests.reviews.test_services import decide
from voting.models import Vote

pytestmark = pytest.mark.django_db


def _agreers(idea, count: int, tag: str) -> None:
    users = get_user_model().objects.bulk_create(
        get_user_model()(email=f"{tag}{n}@example.org", display_name=f"{tag}{n}")
        for n in range(count)
    )
    Vote.objects.bulk_create(Vote(proposal=idea, user=user) for user in users)


def _decided_round(staff_user, panel_round, agreers: int, tag: str):
    review_round, ideas, _people = panel_round()
    for idea in ideas:
        _agreers(idea, agreers, f"{tag}{idea.pk}-")
    round_close(review_round=review_round, actor=staff_user)
    decide(review_round, ideas[0], staff_user, "selected", budget=1_000_000)
    decide(review_round, ideas[1], staff_user, "rejected")
    return review_round, ideas


def _publish(review_round, staff_user, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        CaptureQueriesContext(connection) as queries,
    ):
        round_publish(review_round=review_round, actor=staff_user)
        # inside the request's transaction: the events, not one notification
        written = Notification.objects.count()
    return len(queries), written, callbacks


def test_a_round_for_ideas_with_5000_agreers_is_published_at_once(
    staff_user, panel_round, django_capture_on_commit_callbacks
):
    small, _ = _decided_round(staff_user, panel_round, 5, "s")
    small_queries, _written, small_callbacks = _publish(
        small, staff_user, django_capture_on_commit_callbacks
    )
    with django_capture_on_commit_callbacks(execute=True):
        for callback in small_callbacks:
            callback()
    before = Notification.objects.count()

    big, ideas = _decided_round(staff_user, panel_round, 5000, "b")
    big_queries, written, callbacks = _publish(
        big, staff_user, django_capture_on_commit_callbacks
    )

    # the request does the same work for 5,000 agreers as for 5
    assert written == before
    assert big_queries == small_queries
    assert (
        NotificationEvent.objects.filter(
            name="answer.published", proposal_id__in=[idea.pk for idea in ideas]
        ).count()
        == 2
    )
    # after commit the fan-out tells every agreer of both ideas once
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    for idea in ideas:
        told = set(
            Notification.objects.filter(
                event="answer.published", source__proposal_id=idea.pk
            ).values_list("recipient", flat=True)
        )
        voters = set(idea.votes.values_list("user", flat=True))
        assert len(voters) == 5000
        assert voters <= told
        assert Notification.objects.filter(
            event="answer.published", source__proposal_id=idea.pk
        ).count() == len(told)
