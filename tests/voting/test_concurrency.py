"""Exact counts under load: real PostgreSQL, real threads."""

import threading

import pytest
from django.db import connections, transaction

from proposals.models import Proposal, Stage, StageChange
from tests.concurrency import require_postgresql, run_together
from voting import services
from voting.models import Vote

pytestmark = pytest.mark.django_db(transaction=True)


def test_50_concurrent_agreements_from_one_user_leave_one_vote(proposal, user):
    require_postgresql()

    results = run_together(
        [
            lambda: services.vote_cast(proposal=proposal.pk, user=user, channel="web")
            for _ in range(50)
        ]
    )

    created = [created for _vote, created in results]
    assert created.count(True) == 1
    assert Vote.objects.filter(proposal=proposal).count() == 1
    proposal.refresh_from_db()
    assert proposal.vote_count == 1


def test_200_users_at_once_count_exactly_and_cross_the_threshold_once(
    proposal_factory, user_factory
):
    require_postgresql()
    proposal = proposal_factory(threshold=150)
    voters = user_factory.create_batch(200)

    results = run_together(
        [
            (
                lambda voter=voter: services.vote_cast(
                    proposal=proposal.pk, user=voter, channel="api"
                )
            )
            for voter in voters
        ]
    )

    assert all(created for _vote, created in results)
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert proposal.vote_count == 200
    assert Vote.objects.filter(proposal=proposal).count() == 200
    assert proposal.stage == Stage.IN_REVIEW
    assert (
        StageChange.objects.filter(
            proposal=proposal, from_stage=Stage.OPEN, to_stage=Stage.IN_REVIEW
        ).count()
        == 1
    )


def test_a_duplicate_committed_while_waiting_for_the_lock_is_not_counted(
    proposal, user
):
    # Another writer holds the proposal's lock and records this person's agreement;
    # the agreement that waited must find it, not count a second one.
    require_postgresql()
    holding, release = threading.Event(), threading.Event()

    def other_writer():
        try:
            with transaction.atomic():
                Proposal.objects.select_for_update().get(pk=proposal.pk)
                Vote.objects.create(proposal=proposal, user=user, channel="kiosk")
                Proposal.objects.filter(pk=proposal.pk).update(vote_count=1)
                holding.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    writer = threading.Thread(target=other_writer)
    writer.start()
    assert holding.wait(timeout=30)
    threading.Timer(0.3, release.set).start()

    vote, created = services.vote_cast(proposal=proposal.pk, user=user, channel="web")
    writer.join(timeout=30)

    assert created is False
    assert vote.channel == "kiosk"
    assert Vote.objects.filter(proposal=proposal).count() == 1
    assert Proposal.objects.get(pk=proposal.pk).vote_count == 1
