import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from oasis.core.errors import DomainError, InvalidTransition, NotAllowed
from oasis.core.models import AuditEvent
from oasis.notifications.models import Notification
from proposals.models import Proposal, Stage, StageChange
from tests.notifications.dispatching import fan_out_pending
from voting import recording, services
from voting.errors import OwnProposal, VerificationRequired, VotingClosed
from voting.models import Channel, Vote

pytestmark = pytest.mark.django_db


def test_agreeing_records_one_vote_and_counts_it(proposal, user):
    # when
    vote, created = services.vote_cast(proposal=proposal, user=user, channel="web")

    # then
    assert created is True
    assert vote.channel == Channel.WEB
    assert proposal.vote_count == 1
    proposal.refresh_from_db()
    assert proposal.vote_count == 1
    assert Vote.objects.filter(proposal=proposal, user=user).count() == 1


def test_agreeing_twice_is_idempotent(proposal, user):
    first, _ = services.vote_cast(proposal=proposal, user=user, channel="web")

    again, created = services.vote_cast(proposal=proposal, user=user, channel="api")

    assert created is False
    assert again.pk == first.pk
    proposal.refresh_from_db()
    assert proposal.vote_count == 1
    assert Vote.objects.count() == 1


def test_a_proposal_id_is_enough_and_the_instance_is_filled(proposal, user):
    target = Proposal(pk=proposal.pk)

    services.vote_cast(proposal=target, user=user, channel="web")

    assert target.title == proposal.title
    assert target.vote_count == 1


def test_unknown_proposal_raises_does_not_exist(user):
    with pytest.raises(Proposal.DoesNotExist):
        services.vote_cast(proposal=Proposal(pk=999_999), user=user, channel="web")


def test_kiosk_channel_keeps_the_device(proposal, user, db):
    from kiosks.models import Kiosk
    from oasis.core.models import District

    kiosk = Kiosk.objects.create(
        name="A", station="Seoul Station", district=District.objects.first()
    )
    vote, _ = services.vote_cast(
        proposal=proposal, user=user, channel=Channel.KIOSK, kiosk=kiosk
    )
    assert vote.kiosk == kiosk


def test_retract_removes_the_vote_and_the_count(proposal, user):
    services.vote_cast(proposal=proposal, user=user, channel="web")

    removed = services.vote_retract(proposal=proposal, user=user)

    assert removed is True
    assert proposal.vote_count == 0
    proposal.refresh_from_db()
    assert proposal.vote_count == 0
    assert not Vote.objects.exists()


def test_retract_without_a_vote_changes_nothing(proposal, user):
    assert services.vote_retract(proposal=proposal, user=user) is False
    proposal.refresh_from_db()
    assert proposal.vote_count == 0


def test_retract_is_refused_once_agreements_closed(proposal, user):
    services.vote_cast(proposal=proposal, user=user, channel="web")
    Proposal.objects.filter(pk=proposal.pk).update(stage=Stage.SELECTED)

    with pytest.raises(VotingClosed):
        services.vote_retract(proposal=proposal, user=user)
    assert Vote.objects.count() == 1


def test_retract_below_threshold_in_review_keeps_the_stage(proposal_factory, user):
    proposal = proposal_factory(threshold=1)
    services.vote_cast(proposal=proposal, user=user, channel="web")
    assert proposal.stage == Stage.IN_REVIEW

    services.vote_retract(proposal=proposal, user=user)

    proposal.refresh_from_db()
    assert proposal.stage == Stage.IN_REVIEW
    assert proposal.vote_count == 0


def test_window_end_is_checked_by_vote_cast_itself(proposal_factory, user, user2):
    ends = timezone.now() + dt.timedelta(days=2)
    proposal = proposal_factory(voting_ends_at=ends)

    with time_machine.travel(ends - dt.timedelta(seconds=1), tick=False):
        services.vote_cast(proposal=proposal, user=user, channel="web")
    with (
        time_machine.travel(ends, tick=False),
        pytest.raises(VotingClosed) as refused,
    ):
        services.vote_cast(proposal=proposal, user=user2, channel="web")

    assert refused.value.code == "voting_closed"
    assert refused.value.status == 409
    proposal.refresh_from_db()
    assert proposal.vote_count == 1
    # Not archived yet: the scheduled task only tidies up.
    assert proposal.stage == Stage.OPEN


@pytest.mark.parametrize("stage", [Stage.IN_REVIEW, Stage.DEFERRED])
def test_agreements_stay_open_while_a_decision_is_pending(
    proposal_factory, user, stage
):
    past = timezone.now() - dt.timedelta(days=3)
    proposal = proposal_factory(stage=stage, voting_ends_at=past)

    _, created = services.vote_cast(proposal=proposal, user=user, channel="web")

    assert created is True


@pytest.mark.parametrize(
    "stage",
    [
        Stage.DRAFT,
        Stage.SELECTED,
        Stage.REJECTED,
        Stage.ARCHIVED,
        Stage.WITHDRAWN,
        Stage.COMPLETED,
    ],
)
def test_agreements_are_closed_in_other_stages(proposal_factory, user, stage):
    proposal = proposal_factory(stage=stage)

    with pytest.raises(VotingClosed):
        services.vote_cast(proposal=proposal, user=user, channel="web")
    assert not Vote.objects.exists()


def test_reaching_the_threshold_sends_the_proposal_to_review_once(
    proposal_factory, user_factory
):
    proposal = proposal_factory(threshold=3)
    voters = user_factory.create_batch(4)

    for voter in voters[:2]:
        services.vote_cast(proposal=proposal, user=voter, channel="web")
    assert Proposal.objects.get(pk=proposal.pk).stage == Stage.OPEN

    crossing, _created = services.vote_cast(
        proposal=proposal.pk, user=voters[2], channel="web"
    )
    # The answer to the agreement that crossed it already shows the new stage.
    assert crossing.proposal.stage == Stage.IN_REVIEW
    assert crossing.proposal.vote_count == 3
    services.vote_cast(proposal=proposal, user=voters[3], channel="web")

    proposal.refresh_from_db()
    assert proposal.stage == Stage.IN_REVIEW
    assert proposal.in_review_at is not None
    assert proposal.vote_count == 4
    changes = StageChange.objects.filter(proposal=proposal, to_stage=Stage.IN_REVIEW)
    assert changes.count() == 1
    assert changes.get().actor is None
    assert "3" in changes.get().reason
    # The people whose agreements carried it hear of it, except the one who just agreed.
    fan_out_pending()
    told = set(
        Notification.objects.filter(event="proposal.threshold_reached").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {voters[0].pk, voters[1].pk}


def test_the_author_cannot_agree(proposal):
    with pytest.raises(OwnProposal) as refused:
        services.vote_cast(proposal=proposal, user=proposal.author, channel="web")
    assert refused.value.code == "own_proposal"
    assert refused.value.status == 403
    assert not Vote.objects.exists()


def test_an_unverified_user_cannot_agree(proposal, user_factory):
    unverified = user_factory(verified_email=False)

    with pytest.raises(VerificationRequired) as refused:
        services.vote_cast(proposal=proposal, user=unverified, channel="web")

    assert refused.value.code == "verification_required"
    assert refused.value.status == 403
    assert not Vote.objects.exists()


def test_a_verified_phone_is_enough_without_email(proposal, user_factory):
    phone_only = user_factory(
        email=None, verified_email=False, phone_verified_at=timezone.now()
    )

    _, created = services.vote_cast(proposal=proposal, user=phone_only, channel="web")

    assert created is True


def test_vote_requires_phone_refuses_email_only_users(
    settings, proposal, user, user_factory
):
    settings.VOTE_REQUIRES_PHONE = True
    with_phone = user_factory(phone_verified_at=timezone.now())

    with pytest.raises(VerificationRequired):
        services.vote_cast(proposal=proposal, user=user, channel="web")
    services.vote_cast(proposal=proposal, user=with_phone, channel="web")

    assert list(Vote.objects.values_list("user_id", flat=True)) == [with_phone.pk]


def test_anonymous_users_cannot_agree(proposal):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        services.vote_cast(proposal=proposal, user=AnonymousUser(), channel="web")


def test_one_agreement_costs_at_most_8_queries(
    proposal, user, django_assert_max_num_queries
):
    # email check (1), row lock with "already agreed?" (1), insert (1), counter (1); no
    # savepoint, even inside the test's transaction.
    with django_assert_max_num_queries(4):
        services.vote_cast(proposal=Proposal(pk=proposal.pk), user=user, channel="web")


def test_staff_advance_below_threshold_with_a_public_reason(proposal, staff_user):
    services.proposal_advance_to_review(
        proposal=proposal, actor=staff_user, reason="  Urgent for winter safety.  "
    )

    proposal.refresh_from_db()
    assert proposal.stage == Stage.IN_REVIEW
    change = StageChange.objects.get(proposal=proposal, to_stage=Stage.IN_REVIEW)
    assert change.actor == staff_user
    assert change.reason == "Urgent for winter safety."
    audit = AuditEvent.objects.get(action="voting.advance_below_threshold")
    assert audit.actor == staff_user
    assert audit.target_id == str(proposal.pk)
    assert audit.before["vote_count"] == 0
    assert audit.after["reason"] == "Urgent for winter safety."


def test_staff_advance_needs_a_reason(proposal, staff_user):
    with pytest.raises(DomainError) as refused:
        services.proposal_advance_to_review(
            proposal=proposal, actor=staff_user, reason="   "
        )
    assert refused.value.code == "reason_required"
    assert Proposal.objects.get(pk=proposal.pk).stage == Stage.OPEN


def test_only_staff_may_advance(proposal, user):
    with pytest.raises(NotAllowed):
        services.proposal_advance_to_review(proposal=proposal, actor=user, reason="x")
    assert Proposal.objects.get(pk=proposal.pk).stage == Stage.OPEN
    assert not AuditEvent.objects.filter(action="voting.advance_below_threshold")


def test_only_open_proposals_can_be_advanced(proposal_factory, staff_user):
    proposal = proposal_factory(stage=Stage.ARCHIVED)
    with pytest.raises(InvalidTransition):
        services.proposal_advance_to_review(
            proposal=proposal, actor=staff_user, reason="Because."
        )


def test_expired_windows_are_archived_by_the_scheduled_task(proposal_factory):
    now = timezone.now()
    expired = proposal_factory(voting_ends_at=now - dt.timedelta(minutes=1))
    running = proposal_factory(voting_ends_at=now + dt.timedelta(days=1))
    reviewed = proposal_factory(
        stage=Stage.IN_REVIEW, voting_ends_at=now - dt.timedelta(days=1)
    )
    from voting.tasks import close_expired_windows

    archived = close_expired_windows()

    assert archived == 1
    stages = dict(Proposal.objects.values_list("pk", "stage"))
    assert stages == {
        expired.pk: Stage.ARCHIVED,
        running.pk: Stage.OPEN,
        reviewed.pk: Stage.IN_REVIEW,
    }
    assert StageChange.objects.get(proposal=expired).to_stage == Stage.ARCHIVED


def test_the_scheduled_task_sends_a_reached_threshold_to_review_once(
    proposal_factory,
):
    # vote_cast crosses the threshold in a transaction after the agreement's own; a
    # process that stopped in between leaves an open idea at its threshold, which the
    # task sends to review rather than archiving it when its window has ended.
    now = timezone.now()
    stranded = proposal_factory(threshold=3, voting_ends_at=now - dt.timedelta(hours=1))
    below = proposal_factory(threshold=3)
    Proposal.objects.filter(pk=stranded.pk).update(vote_count=3)
    Proposal.objects.filter(pk=below.pk).update(vote_count=2)
    from voting.tasks import close_expired_windows

    assert close_expired_windows() == 0
    assert close_expired_windows() == 0

    stages = dict(Proposal.objects.values_list("pk", "stage"))
    assert stages == {stranded.pk: Stage.IN_REVIEW, below.pk: Stage.OPEN}
    assert StageChange.objects.filter(proposal=stranded).count() == 1


def test_trending_scores_count_the_last_7_days(
    proposal_factory, vote_factory, django_assert_max_num_queries
):
    now = timezone.now()
    hot, cooling, quiet = proposal_factory.create_batch(3)
    for days_ago in (0, 1, 6):
        vote = vote_factory(proposal=hot)
        Vote.objects.filter(pk=vote.pk).update(
            created_at=now - dt.timedelta(days=days_ago)
        )
    for days_ago in (7.5, 10):
        vote = vote_factory(proposal=cooling)
        Vote.objects.filter(pk=vote.pk).update(
            created_at=now - dt.timedelta(days=days_ago)
        )
    Proposal.objects.filter(pk=cooling.pk).update(trending_score=2)
    Proposal.objects.filter(pk=quiet.pk).update(trending_score=0)

    # One statement for the proposals with recent votes, one zeroing lapsed scores.
    with django_assert_max_num_queries(2):
        touched = services.trending_scores_refresh(now=now)

    scores = dict(Proposal.objects.values_list("pk", "trending_score"))
    assert scores == {hot.pk: 3.0, cooling.pk: 0.0, quiet.pk: 0.0}
    # Only changed scores were written.
    assert touched == 2
    assert services.trending_scores_refresh(now=now) == 0


def test_deleted_accounts_release_their_phone_hash_once_agreements_closed(
    proposal, user_factory
):
    from oasis.accounts.services import user_delete

    person = user_factory(phone_hmac="h" * 64, phone_verified_at=timezone.now())
    services.vote_cast(proposal=proposal, user=person, channel="web")
    user_delete(user=person)

    assert services.anonymised_phones_release() == 0
    person.refresh_from_db()
    assert person.phone_hmac == "h" * 64

    Proposal.objects.filter(pk=proposal.pk).update(stage=Stage.REJECTED)
    assert services.anonymised_phones_release() == 1
    person.refresh_from_db()
    assert person.phone_hmac is None


def _blind_precheck(monkeypatch):
    # Simulate a writer that bypassed the proposal's lock: the pre-check sees no vote,
    # so only the unique constraint stops the second row.
    from django.db.models import BooleanField, Value

    monkeypatch.setattr(
        recording, "_already_agreed", lambda user: Value(False, BooleanField())
    )


def test_refusals_leave_a_callers_transaction_usable(proposal, user):
    # The write is its own block and a refusal is raised after it, so a caller's
    # transaction (kiosk hand-off, merge) goes on.
    with transaction.atomic():
        with pytest.raises(OwnProposal):
            services.vote_cast(proposal=proposal, user=proposal.author, channel="web")
        with pytest.raises(Proposal.DoesNotExist):
            services.vote_cast(proposal=999_999, user=user, channel="web")
        _vote, created = services.vote_cast(proposal=proposal, user=user, channel="web")

    assert created is True
    assert Proposal.objects.get(pk=proposal.pk).vote_count == 1


def test_unique_constraint_is_the_last_line_inside_a_callers_transaction(
    proposal, user, monkeypatch
):
    first, _ = services.vote_cast(proposal=proposal, user=user, channel="web")
    _blind_precheck(monkeypatch)

    again, created = services.vote_cast(proposal=proposal, user=user, channel="web")

    assert (again.pk, created) == (first.pk, False)
    # The caller's transaction is still usable.
    assert Proposal.objects.get(pk=proposal.pk).vote_count == 1


@pytest.mark.django_db(transaction=True)
def test_unique_constraint_is_the_last_line_in_its_own_transaction(
    proposal_factory, user_factory, monkeypatch
):
    proposal, user = proposal_factory(), user_factory()
    first, _ = services.vote_cast(proposal=proposal, user=user, channel="web")
    _blind_precheck(monkeypatch)

    again, created = services.vote_cast(proposal=proposal.pk, user=user, channel="api")

    assert (again.pk, created) == (first.pk, False)
    assert Proposal.objects.get(pk=proposal.pk).vote_count == 1
    assert Vote.objects.count() == 1
