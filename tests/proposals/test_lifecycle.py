"""The lifecycle: its table of allowed moves, its stage sets and querysets, and
proposal_transition() which follows the table."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from oasis.core.errors import InvalidTransition
from oasis.core.models import AuditEvent
from oasis.notifications.models import Notification
from proposals import lifecycle
from proposals.lifecycle import TRANSITIONS as ALLOWED_TRANSITIONS
from proposals.models import Proposal, Stage, StageChange
from proposals.services import proposal_transition
from tests.notifications.dispatching import fan_out_pending

pytestmark = pytest.mark.django_db

# Sorted, so that every pytest-xdist worker collects the same tests in the same order.
ALLOWED = sorted((a, b) for a, targets in ALLOWED_TRANSITIONS.items() for b in targets)
FORBIDDEN = [(a, b) for a in Stage for b in Stage if b not in ALLOWED_TRANSITIONS[a]]


def test_the_table_follows_the_design():
    assert ALLOWED_TRANSITIONS[Stage.DRAFT] == {Stage.OPEN, Stage.WITHDRAWN}
    assert ALLOWED_TRANSITIONS[Stage.OPEN] == {
        Stage.IN_REVIEW,
        Stage.ARCHIVED,
        Stage.WITHDRAWN,
    }
    assert ALLOWED_TRANSITIONS[Stage.IN_REVIEW] == {
        Stage.SELECTED,
        Stage.REJECTED,
        Stage.DEFERRED,
    }
    assert ALLOWED_TRANSITIONS[Stage.DEFERRED] == {Stage.IN_REVIEW}
    chain = [
        Stage.SELECTED,
        Stage.PLANNING,
        Stage.EXECUTION,
        Stage.OPERATION,
        Stage.ASSESSMENT,
        Stage.COMPLETED,
    ]
    for before, after in itertools.pairwise(chain):
        assert ALLOWED_TRANSITIONS[before] == {after}
    # A proposal never returns to open; final stages go nowhere.
    assert all(
        Stage.OPEN not in t for s, t in ALLOWED_TRANSITIONS.items() if s != "draft"
    )
    for final in (Stage.REJECTED, Stage.COMPLETED, Stage.ARCHIVED, Stage.WITHDRAWN):
        assert ALLOWED_TRANSITIONS[final] == frozenset()


@pytest.mark.parametrize(("from_stage", "to_stage"), ALLOWED)
def test_allowed_move_records_change_audit_and_notification(
    proposal_factory, staff_user, from_stage, to_stage
):
    # given a proposal in from_stage (at its threshold, so review needs no reason)
    proposal = proposal_factory(stage=from_stage, vote_count=50)
    # when staff move it
    result = proposal_transition(
        proposal=proposal, to=to_stage, actor=staff_user, reason="Because."
    )
    # then the stage, the timeline, the audit log and the author's notice all agree
    proposal.refresh_from_db()
    assert proposal.stage == to_stage == result.stage
    change = StageChange.objects.get(proposal=proposal)
    assert (change.from_stage, change.to_stage) == (from_stage, to_stage)
    assert change.actor == staff_user
    assert change.reason == "Because."
    audit = AuditEvent.objects.get(
        action="proposal.transition", target_id=str(proposal.pk)
    )
    assert audit.before == {"stage": from_stage}
    assert audit.after["stage"] == to_stage
    assert audit.actor == staff_user
    fan_out_pending()
    notice = Notification.objects.get(recipient=proposal.author)
    assert notice.event == "proposal.stage_changed"
    assert notice.url == proposal.get_absolute_url()


@pytest.mark.parametrize(("from_stage", "to_stage"), FORBIDDEN)
def test_forbidden_move_changes_nothing(
    proposal_factory, staff_user, from_stage, to_stage
):
    proposal = proposal_factory(stage=from_stage, vote_count=50)
    with pytest.raises(InvalidTransition) as error:
        proposal_transition(proposal=proposal, to=to_stage, actor=staff_user)
    assert error.value.code == "invalid_transition"
    proposal.refresh_from_db()
    assert proposal.stage == from_stage
    assert not StageChange.objects.exists()
    assert not AuditEvent.objects.filter(action="proposal.transition").exists()
    assert not Notification.objects.exists()


def test_entering_review_sets_in_review_at(proposal_factory):
    proposal = proposal_factory(stage=Stage.OPEN, vote_count=50, threshold=50)
    proposal_transition(proposal=proposal, to=Stage.IN_REVIEW, actor=None)
    proposal.refresh_from_db()
    assert proposal.in_review_at is not None
    assert StageChange.objects.get().actor is None


def test_below_threshold_needs_staff_and_a_public_reason(
    proposal_factory, user2, staff_user
):
    proposal = proposal_factory(stage=Stage.OPEN, vote_count=3, threshold=50)
    with pytest.raises(InvalidTransition):
        proposal_transition(proposal=proposal, to=Stage.IN_REVIEW, actor=None)
    with pytest.raises(InvalidTransition):
        proposal_transition(
            proposal=proposal, to=Stage.IN_REVIEW, actor=user2, reason="Please"
        )
    with pytest.raises(InvalidTransition):
        proposal_transition(proposal=proposal, to=Stage.IN_REVIEW, actor=staff_user)
    assert not StageChange.objects.exists()

    proposal_transition(
        proposal=proposal,
        to=Stage.IN_REVIEW,
        actor=staff_user,
        reason="The agenda panel finds it urgent.",
    )
    assert StageChange.objects.get().reason == "The agenda panel finds it urgent."


def test_followers_hear_about_stage_changes(proposal_factory, user2, staff_user):
    from proposals.services import proposal_follow

    proposal = proposal_factory(stage=Stage.OPEN, vote_count=60)
    proposal_follow(proposal=proposal, user=user2)
    proposal_transition(proposal=proposal, to=Stage.IN_REVIEW, actor=staff_user)
    fan_out_pending()
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        proposal.author_id,
        user2.pk,
    }


def test_a_stale_object_is_checked_against_the_locked_row(proposal_factory, staff_user):
    proposal = proposal_factory(stage=Stage.OPEN, vote_count=60)
    stale = type(proposal).objects.get(pk=proposal.pk)
    proposal_transition(proposal=proposal, to=Stage.IN_REVIEW, actor=staff_user)
    # A second crossing of the threshold (another vote) finds it already in review.
    with pytest.raises(InvalidTransition):
        proposal_transition(proposal=stale, to=Stage.IN_REVIEW, actor=staff_user)
    assert StageChange.objects.count() == 1


def test_the_whole_path_to_completion(proposal_factory, staff_user):
    proposal = proposal_factory(stage=Stage.OPEN, vote_count=50)
    path = [
        Stage.IN_REVIEW,
        Stage.DEFERRED,
        Stage.IN_REVIEW,
        Stage.SELECTED,
        Stage.PLANNING,
        Stage.EXECUTION,
        Stage.OPERATION,
        Stage.ASSESSMENT,
        Stage.COMPLETED,
    ]
    for stage in path:
        proposal_transition(proposal=proposal, to=stage, actor=staff_user)
    assert list(
        StageChange.objects.filter(proposal=proposal).values_list("to_stage", flat=True)
    ) == [str(s) for s in path]


def test_timeline_is_public_on_the_page(client, proposal_factory, staff_user):
    proposal = proposal_factory(stage=Stage.OPEN, vote_count=50)
    proposal_transition(
        proposal=proposal, to=Stage.IN_REVIEW, actor=staff_user, reason="Enough support"
    )
    response = client.get(proposal.get_absolute_url())
    assert "Enough support" in response.text
    assert response.context["proposal"].stage_changes.all()[0].to_stage == "in_review"


def test_the_stage_sets_follow_the_table():
    assert set(lifecycle.WITHDRAWABLE) == {Stage.DRAFT, Stage.OPEN}
    assert set(lifecycle.DECISIONS) == {Stage.SELECTED, Stage.REJECTED, Stage.DEFERRED}
    assert set(lifecycle.UNLISTED) | set(lifecycle.LISTED) == set(Stage)
    assert tuple(s for s in Stage if s not in lifecycle.UNLISTED) == lifecycle.LISTED
    assert set(lifecycle.TRACKED) == set(lifecycle.NEXT_IMPLEMENTATION_STAGE)
    assert Stage.COMPLETED not in lifecycle.TRACKED
    assert lifecycle.staff_stage_targets(Stage.IN_REVIEW) == []
    assert lifecycle.staff_stage_targets(Stage.OPEN) == [
        Stage.IN_REVIEW,
        Stage.ARCHIVED,
    ]


def test_listed_leaves_out_drafts_withdrawn_and_hidden(proposal_factory):
    # given one proposal in each stage, and a hidden open one
    shown = {proposal_factory(stage=stage).pk: stage for stage in Stage}
    hidden = proposal_factory(stage=Stage.OPEN, is_hidden=True)
    # when the public list is read
    listed = set(Proposal.objects.listed().values_list("pk", flat=True))
    # then
    assert listed == {pk for pk, stage in shown.items() if stage in lifecycle.LISTED}
    assert hidden.pk not in listed


NOW = timezone.now()
WINDOWS = (None, NOW + dt.timedelta(days=1), NOW - dt.timedelta(seconds=1))


def test_accepting_filters_exactly_what_accepts_agreements_accepts(proposal_factory):
    # given a proposal for each stage, moderation state and window
    made = [
        proposal_factory(stage=stage, is_hidden=hidden, voting_ends_at=window)
        for stage, hidden, window in itertools.product(Stage, (False, True), WINDOWS)
    ]
    # when the queryset is filtered
    accepting = set(Proposal.objects.accepting(NOW).values_list("pk", flat=True))
    # then it keeps just those the instance rule accepts, and some of each kind
    expected = {p.pk for p in made if lifecycle.accepts_agreements(p, NOW)}
    assert accepting == expected
    assert 0 < len(expected) < len(made)


def test_listed_condition_through_a_relation_keeps_the_listed_proposals(
    proposal_factory,
):
    # given a stage change on a proposal of every stage, and on a hidden one
    made = [proposal_factory(stage=stage) for stage in Stage]
    made.append(proposal_factory(stage=Stage.OPEN, is_hidden=True))
    for proposal in made:
        StageChange.objects.create(
            proposal=proposal, from_stage=Stage.DRAFT, to_stage=proposal.stage
        )
    # when the changes are filtered through their proposal
    changes = StageChange.objects.filter(lifecycle.listed_condition("proposal__"))
    # then exactly the changes of listed proposals remain
    assert set(changes.values_list("proposal_id", flat=True)) == set(
        Proposal.objects.listed().values_list("pk", flat=True)
    )
