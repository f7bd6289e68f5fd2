"""The agreement that sends an idea with 5,000 agreers to review is answered at once;
the notifications arrive from a real Celery worker through real Redis.

Needs PostgreSQL (the worker reads the rows this test commits) and Redis.
"""

import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from oasis.notifications.models import Notification, NotificationEvent
from proposals.models import Stage
from tests.accounts.factories import UserFactory
from tests.integration.conftest import require_postgresql
from tests.proposals.factories import ProposalFactory
from voting.models import Vote
from voting.services import vote_cast

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

AGREERS = 5000


@pytest.fixture
def worker_env():
    require_postgresql()
    return {"DB_CONN_MAX_AGE": "0"}


def _idea_with_agreers(count: int):
    idea = ProposalFactory(stage=Stage.OPEN, threshold=count + 1, vote_count=count)
    users = get_user_model().objects.bulk_create(
        get_user_model()(email=f"agreer{n}@example.org", display_name=f"A{n}")
        for n in range(count)
    )
    Vote.objects.bulk_create(Vote(proposal=idea, user=user) for user in users)
    return idea


def _wait(condition, worker, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if worker.poll() is not None:
            pytest.fail(f"the worker exited early:\n{worker.log.read_text()}")
        time.sleep(0.5)
    pytest.fail(f"not done after {timeout}s; worker log:\n{worker.log.read_text()}")


def test_crossing_the_threshold_of_an_idea_with_5000_agreers(worker):
    idea = _idea_with_agreers(AGREERS)
    last = UserFactory()

    # when the agreement that crosses the threshold is made (the request)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        vote_cast(proposal=idea, user=last)
        # then inside the request's transaction there is the event, not one notification
        assert not Notification.objects.exists()
        assert NotificationEvent.objects.filter(
            name="proposal.threshold_reached", proposal_id=idea.pk
        ).exists()
    assert len(queries) < 40
    idea.refresh_from_db()
    assert idea.stage == Stage.IN_REVIEW

    # and after commit the worker tells each earlier agreer once
    told = Notification.objects.filter(
        event="proposal.threshold_reached", source__proposal_id=idea.pk
    )
    _wait(lambda: told.count() >= AGREERS, worker)
    _wait(
        lambda: (
            not NotificationEvent.objects.filter(fanout_done_at__isnull=True).exists()
        ),
        worker,
    )
    assert told.count() == AGREERS
    assert told.values("recipient").distinct().count() == AGREERS
    assert not told.filter(recipient=last).exists()
    # the author hears of the stage change too
    assert Notification.objects.filter(
        event="proposal.stage_changed", recipient=idea.author
    ).exists()
