"""Exact ballots under load: real PostgreSQL, real threads."""

import threading

import pytest
from django.db import connections

from tests.concurrency import require_postgresql, run_together
from voting.budgets import services
from voting.budgets.models import Ballot, BallotVersion, Phase

pytestmark = pytest.mark.django_db(transaction=True)


def test_200_voters_at_once_leave_200_counted_ballots(
    budget_round, ballot_projects, user_factory
):
    require_postgresql()
    voters = user_factory.create_batch(200)
    choice = [ballot_projects[1].pk, ballot_projects[2].pk]

    run_together(
        [
            (
                lambda voter=voter: services.ballot_cast(
                    budget_round=budget_round.pk, voter=voter, project_ids=choice
                )
            )
            for voter in voters
        ]
    )

    assert (
        Ballot.objects.filter(round=budget_round, current__isnull=False).count() == 200
    )
    assert BallotVersion.objects.filter(round=budget_round).count() == 200
    budget_round.phase = Phase.COUNTING
    budget_round.save()
    outcomes = services.round_count(budget_round=budget_round)
    votes = {o.project_id: o.votes for o in outcomes}
    assert votes == {
        ballot_projects[0].pk: 0,
        ballot_projects[1].pk: 200,
        ballot_projects[2].pk: 200,
    }
    budget_round.refresh_from_db()
    assert budget_round.turnout["ballots"] == 200


def test_50_ballots_at_once_from_one_voter_leave_one_ballot_with_the_last_version(
    budget_round, ballot_projects, user
):
    require_postgresql()
    choices = [[ballot_projects[i % 3].pk] for i in range(50)]

    results = run_together(
        [
            (
                lambda choice=choice: services.ballot_cast(
                    budget_round=budget_round.pk, voter=user, project_ids=choice
                )
            )
            for choice in choices
        ]
    )

    assert Ballot.objects.filter(round=budget_round).count() == 1
    ballot = Ballot.objects.get(round=budget_round)
    versions = list(ballot.versions.order_by("number"))
    assert [v.number for v in versions] == list(range(1, 51))
    assert ballot.version_count == 50
    # The last accepted version (the highest number, committed last) is current.
    assert ballot.current_id == versions[-1].pk
    last = next(r for r in results if r.version_count == 50)
    assert last.current_id == ballot.current_id
    assert {r.receipt for r in results} == {ballot.receipt}


def test_a_ballot_waiting_while_balloting_closes_is_refused(
    budget_round, ballot_projects, user, staff_user
):
    # Closing locks the round; a ballot whose version waits on that lock must not be
    # accepted after the phase moved to counting.
    require_postgresql()
    from django.db import transaction

    from voting.budgets.errors import BallotingClosed
    from voting.budgets.models import BudgetRound

    holding, release = threading.Event(), threading.Event()
    outcome = {}

    def closer():
        try:
            with transaction.atomic():
                locked = BudgetRound.objects.select_for_update().get(pk=budget_round.pk)
                locked.phase = Phase.COUNTING
                locked.save(update_fields=["phase"])
                holding.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    def voter():
        try:
            services.ballot_cast(
                budget_round=budget_round.pk,
                voter=user,
                project_ids=[ballot_projects[2].pk],
            )
            outcome["result"] = "accepted"
        except BallotingClosed:
            outcome["result"] = "refused"
        finally:
            connections.close_all()

    closing = threading.Thread(target=closer)
    closing.start()
    assert holding.wait(timeout=30)
    voting = threading.Thread(target=voter)
    voting.start()
    voting.join(timeout=1)  # it waits for the closer's lock
    release.set()
    closing.join(timeout=30)
    voting.join(timeout=30)

    assert outcome["result"] == "refused"
    assert not Ballot.objects.filter(round=budget_round).exists()
