"""Exact counts under load: real PostgreSQL, real threads."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections, transaction

from proposals.models import Proposal, Stage, StageChange
from tests.services import require
from voting import services
from voting.models import Vote

pytestmark = pytest.mark.django_db(transaction=True)

# Each worker thread holds its own connection; stay well below max_connections.
WORKERS = 24


def _require_postgresql():
    require(
        "PostgreSQL",
        connection.vendor == "postgresql",
        "set DATABASE_URL=postgres://… (row locks are what is being tested)",
    )


def _run_together(jobs):
    """Run every job on a pool of threads, released at the same moment."""
    start = threading.Event()
    errors = []

    def run(job):
        try:
            start.wait(timeout=30)
            return job()
        except Exception as error:  # collected and reported below
            errors.append(error)
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(run, job) for job in jobs]
        start.set()
        results = [future.result() for future in futures]
    assert not errors, errors[:3]
    return results


def test_50_concurrent_agreements_from_one_user_leave_one_vote(proposal, user):
    _require_postgresql()

    results = _run_together(
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
    _require_postgresql()
    proposal = proposal_factory(threshold=150)
    voters = user_factory.create_batch(200)

    results = _run_together(
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
    _require_postgresql()
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
