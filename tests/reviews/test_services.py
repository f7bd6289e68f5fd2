"""The services of stakeholder review, answers, implementation and assessment."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from oasis.core.errors import Conflict, DomainError, InvalidTransition, NotAllowed
from oasis.core.models import AuditEvent
from oasis.notifications.models import Notification
from proposals.implementation.selectors import answer_area, recently_answered
from proposals.models import Follow, Stage, StageChange
from proposals.reviews import selectors
from proposals.reviews.models import (
    Assignment,
    ConflictDeclaration,
    Decision,
    ReviewRound,
    Score,
    ScoreCorrection,
)
from proposals.reviews.services.assignments import round_assign
from proposals.reviews.services.conflicts import conflict_declare
from proposals.reviews.services.decisions import decision_record
from proposals.reviews.services.publishing import round_publish
from proposals.reviews.services.reminders import review_reminders_send
from proposals.reviews.services.rounds import (
    round_add_proposals,
    round_add_reviewer,
    round_close,
    round_create,
    round_open,
)
from proposals.reviews.services.scoring import assignment_save, score_correct
from tests.notifications.dispatching import fan_out_pending
from tests.reviews.conftest import assignments_of, score_values, submit
from voting.services import vote_cast

pytestmark = pytest.mark.django_db

State = ReviewRound.State


def decide(review_round, proposal, actor, outcome, **extra):
    extra.setdefault("department", "Transport Office" if outcome == "selected" else "")
    return decision_record(
        review_round=review_round,
        proposal=proposal,
        actor=actor,
        outcome=outcome,
        rationale=f"Because: {outcome}.",
        **extra,
    )


# --- Rounds --------------------------------------------------------------------------


def test_round_create_has_the_default_rubric(staff_user):
    review_round = round_create(
        actor=staff_user,
        name="Spring",
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 3, 31),
    )
    criteria = list(review_round.criteria.all())
    assert [c.key for c in criteria] == [
        "feasibility",
        "public_benefit",
        "cost_effectiveness",
        "urgency",
        "innovation",
        "equity",
    ]
    assert all(
        len(c.descriptors_ko) == 5 and len(c.descriptors_en) == 5 for c in criteria
    )
    assert review_round.is_blind
    assert review_round.state == State.DRAFT
    assert AuditEvent.objects.filter(action="reviews.round_created").exists()


def test_round_create_is_for_staff(user):
    with pytest.raises(NotAllowed):
        round_create(
            actor=user,
            name="x",
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 1, 2),
        )


def test_only_ideas_in_review_join_a_round(staff_user, review_round, proposal_factory):
    with pytest.raises(InvalidTransition):
        round_add_proposals(
            review_round=review_round,
            proposals=[proposal_factory(stage=Stage.OPEN)],
            actor=staff_user,
        )


def test_an_idea_is_in_one_unpublished_round_at_a_time(
    staff_user, review_round_factory, in_review_proposal
):
    first, second = review_round_factory(), review_round_factory()
    round_add_proposals(
        review_round=first, proposals=[in_review_proposal], actor=staff_user
    )
    with pytest.raises(Conflict):
        round_add_proposals(
            review_round=second, proposals=[in_review_proposal], actor=staff_user
        )


def test_only_members_of_the_reviewers_group_join_a_panel(
    staff_user, review_round, user
):
    with pytest.raises(NotAllowed):
        round_add_reviewer(review_round=review_round, reviewer=user, actor=staff_user)


def test_round_reviewer_group_defaults_to_the_profile(
    staff_user, review_round, reviewer_factory
):
    official = reviewer_factory(reviewer_group="official")
    member = round_add_reviewer(
        review_round=review_round, reviewer=official, actor=staff_user
    )
    assert member.group == "official"


def test_opening_needs_assignments_and_tells_each_reviewer_once(
    staff_user, panel_round
):
    review_round, _ideas, _people = panel_round(state=State.DRAFT)
    assert not Notification.objects.filter(event="review.assigned").exists()
    round_open(review_round=review_round, actor=staff_user)
    fan_out_pending()
    told = Notification.objects.filter(event="review.assigned")
    assert sorted(n.recipient_id for n in told) == sorted(
        {a.reviewer_id for a in review_round.assignments.all()}
    )


def test_opening_an_empty_round_is_refused(staff_user, review_round):
    with pytest.raises(DomainError):
        round_open(review_round=review_round, actor=staff_user)


# --- Scoring -------------------------------------------------------------------------


def test_drafts_until_submitted(panel_round):
    review_round, ideas, _people = panel_round()
    assignment = assignments_of(review_round, ideas[0])[0]
    first = review_round.criteria.first()
    assignment_save(
        assignment=assignment,
        actor=assignment.reviewer,
        values={first.pk: 3},
        comment_to_staff="Think about winter.",
    )
    assignment.refresh_from_db()
    assert assignment.submitted_at is None
    assert Score.objects.get(assignment=assignment, criterion=first).value == 3
    assert assignment.comment_to_staff == "Think about winter."
    # submitting needs every criterion
    with pytest.raises(DomainError) as refused:
        assignment_save(
            assignment=assignment, actor=assignment.reviewer, values={}, submit=True
        )
    assert refused.value.code == "incomplete"
    submit(assignment, 4)
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    assert assignment.scores.count() == 6
    with pytest.raises(Conflict):
        submit(assignment, 5)


def test_scores_must_be_1_to_5(panel_round):
    review_round, ideas, _people = panel_round()
    assignment = assignments_of(review_round, ideas[0])[0]
    with pytest.raises(DomainError):
        assignment_save(
            assignment=assignment,
            actor=assignment.reviewer,
            values={review_round.criteria.first().pk: 6},
        )


def test_only_the_assigned_reviewer_scores(panel_round, reviewer2):
    review_round, ideas, _people = panel_round()
    assignment = assignments_of(review_round, ideas[0])[0]
    with pytest.raises(NotAllowed):
        assignment_save(assignment=assignment, actor=reviewer2, values={})


def test_scores_freeze_when_the_round_closes(staff_user, panel_round):
    review_round, ideas, _people = panel_round()
    assignment = assignments_of(review_round, ideas[0])[0]
    round_close(review_round=review_round, actor=staff_user)
    with pytest.raises(Conflict):
        submit(assignment)
    assert not Score.objects.filter(assignment=assignment).exists()


def test_staff_correction_keeps_the_old_value_and_reason(staff_user, panel_round):
    review_round, ideas, _people = panel_round()
    assignment = assignments_of(review_round, ideas[0])[0]
    submit(assignment, 2)
    score = assignment.scores.first()
    with pytest.raises(InvalidTransition):  # not while scoring is open
        score_correct(score=score, value=4, reason="typo", actor=staff_user)
    round_close(review_round=review_round, actor=staff_user)
    with pytest.raises(DomainError):
        score_correct(score=score, value=4, reason=" ", actor=staff_user)
    score_correct(
        score=score, value=4, reason="The reviewer mistyped 2 for 4.", actor=staff_user
    )
    score.refresh_from_db()
    correction = ScoreCorrection.objects.get(score=score)
    assert (score.value, correction.old_value, correction.new_value) == (4, 2, 4)
    assert correction.reason == "The reviewer mistyped 2 for 4."
    event = AuditEvent.objects.get(action="reviews.score_corrected")
    assert event.before == {"value": 2}
    assert event.after["value"] == 4


def test_conflict_voids_scores_and_reassigns(staff_user, panel_round):
    # given: 4 reviewers, each idea has 3; one of them scored, then declares a conflict
    review_round, ideas, _people = panel_round()
    assignment = assignments_of(review_round, ideas[0])[0]
    submit(assignment, 5)
    before = {a.reviewer_id for a in assignments_of(review_round, ideas[0])}
    # when
    conflict_declare(
        assignment=assignment, reviewer=assignment.reviewer, reason="My neighbour."
    )
    # then
    assignment.refresh_from_db()
    assert assignment.voided_at is not None
    assert ConflictDeclaration.objects.filter(
        proposal=ideas[0], reviewer=assignment.reviewer
    ).exists()
    now = {a.reviewer_id for a in assignments_of(review_round, ideas[0])}
    assert len(now) == 3
    assert assignment.reviewer_id not in now
    (newcomer,) = now - before
    fan_out_pending()
    assert Notification.objects.filter(
        event="review.assigned", recipient_id=newcomer
    ).exists()
    # the void scores count nowhere
    results = selectors.round_results(review_round)
    assert (assignment.reviewer_id, ideas[0].pk) not in results.result.reviews
    # and the reviewer can never be assigned to it again
    round_assign(review_round=review_round, actor=staff_user)
    assert not Assignment.objects.filter(
        round=review_round,
        proposal=ideas[0],
        reviewer=assignment.reviewer,
        voided_at__isnull=True,
    ).exists()


def test_only_the_reviewer_declares_their_conflict(panel_round, reviewer2):
    review_round, ideas, _people = panel_round()
    assignment = assignments_of(review_round, ideas[0])[0]
    with pytest.raises(NotAllowed):
        conflict_declare(assignment=assignment, reviewer=reviewer2)


# --- Decisions and publication -------------------------------------------------------


def test_decisions_need_a_closed_round_and_make_it_decided(staff_user, panel_round):
    review_round, ideas, _people = panel_round()
    with pytest.raises(InvalidTransition):
        decide(review_round, ideas[0], staff_user, "selected")
    round_close(review_round=review_round, actor=staff_user)
    with pytest.raises(DomainError):
        decide(review_round, ideas[0], staff_user, "selected", department="")
    decide(
        review_round,
        ideas[0],
        staff_user,
        "selected",
        budget=5_000_000,
        cost_estimate=4_000_000,
    )
    review_round.refresh_from_db()
    assert review_round.state == State.CLOSED
    decide(review_round, ideas[1], staff_user, "rejected", budget=99)
    review_round.refresh_from_db()
    assert review_round.state == State.DECIDED
    rejected = Decision.objects.get(proposal=ideas[1])
    assert rejected.budget is None
    assert rejected.department == ""
    assert review_round.entries.get(proposal=ideas[0]).cost_estimate == 4_000_000


def test_nothing_is_public_until_the_round_is_published(
    staff_user, panel_round, user2, django_capture_on_commit_callbacks
):
    review_round, ideas, _people = panel_round()
    selected, rejected = ideas
    vote_cast(proposal=rejected, user=user2)
    Follow.objects.create(proposal=selected, user=user2)
    for assignment in review_round.assignments.select_related("round", "reviewer"):
        submit(assignment, 4)
    round_close(review_round=review_round, actor=staff_user)
    decide(review_round, selected, staff_user, "selected", budget=10_000_000)
    decide(review_round, rejected, staff_user, "rejected")
    # decided, not published: the ideas are still in review and owe their answer
    for idea in ideas:
        idea.refresh_from_db()
        assert idea.stage == Stage.IN_REVIEW
        area = answer_area(idea)
        assert area.decision is None
        assert area.pending
    assert recently_answered() == []
    assert not Notification.objects.filter(event="answer.published").exists()

    with django_capture_on_commit_callbacks(execute=True):
        round_publish(review_round=review_round, actor=staff_user)

    selected.refresh_from_db()
    rejected.refresh_from_db()
    assert (selected.stage, rejected.stage) == (Stage.SELECTED, Stage.REJECTED)
    assert StageChange.objects.filter(
        proposal=rejected, to_stage=Stage.REJECTED, reason="Because: rejected."
    ).exists()
    area = answer_area(selected)
    assert area.decision.outcome == "selected"
    assert not area.pending
    assert area.decision.department == "Transport Office"
    assert {d.proposal_id for d in recently_answered()} == {
        selected.pk,
        rejected.pk,
    }
    review_round.refresh_from_db()
    assert review_round.state == State.PUBLISHED
    # the voter hears the answer; the author and followers hear the stage change
    assert Notification.objects.filter(
        event="answer.published", recipient=user2, target_id=str(rejected.pk)
    ).exists()
    assert Notification.objects.filter(
        event="proposal.stage_changed", recipient=user2, target_id=str(selected.pk)
    ).exists()
    reviewers = {a.reviewer_id for a in review_round.assignments.all()}
    told = set(
        Notification.objects.filter(event="answer.published").values_list(
            "recipient_id", flat=True
        )
    )
    assert reviewers <= told
    assert selected.author_id not in told
    # agreements close with a final decision (the voting app's rule)
    with pytest.raises(DomainError):
        vote_cast(proposal=selected, user=user2)


def test_publishing_needs_every_decision(staff_user, panel_round):
    review_round, ideas, _people = panel_round()
    round_close(review_round=review_round, actor=staff_user)
    decide(review_round, ideas[0], staff_user, "selected")
    with pytest.raises(InvalidTransition):
        round_publish(review_round=review_round, actor=staff_user)


def test_deferred_ideas_return_in_the_next_round(staff_user, panel_round):
    review_round, ideas, _people = panel_round()
    round_close(review_round=review_round, actor=staff_user)
    decide(review_round, ideas[0], staff_user, "deferred")
    decide(review_round, ideas[1], staff_user, "rejected")
    round_publish(review_round=review_round, actor=staff_user)
    ideas[0].refresh_from_db()
    assert ideas[0].stage == Stage.DEFERRED
    area = answer_area(ideas[0])
    assert area.decision.outcome == "deferred"
    assert not area.pending

    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        following = round_create(
            actor=staff_user,
            name="Next",
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + dt.timedelta(days=10),
        )
        ideas[0].refresh_from_db()
        assert ideas[0].stage == Stage.IN_REVIEW
        assert following.entries.filter(proposal=ideas[0]).exists()
        area = answer_area(ideas[0])
        assert area.pending
        assert area.due_at.date() == (timezone.now() + dt.timedelta(days=30)).date()


# --- Implementation ------------------------------------------------------------------


# --- Reminders -----------------------------------------------------------------------


def test_reminders_before_the_deadline_once(panel_round, settings):
    settings.REVIEW_REMINDER_DAYS = 2
    review_round, ideas, _people = panel_round()
    review_round.ends_on = timezone.localdate() + dt.timedelta(days=1)
    review_round.save(update_fields=["ends_on"])
    done = assignments_of(review_round, ideas[0])[0]
    submit(done)
    pending_reviewers = {
        a.reviewer_id
        for a in review_round.assignments.filter(submitted_at__isnull=True)
    }
    assert review_reminders_send() == len(pending_reviewers)
    assert review_reminders_send() == 0
    fan_out_pending()
    told = set(
        Notification.objects.filter(event="review.due_soon").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == pending_reviewers


def test_no_reminder_far_from_the_deadline(panel_round):
    panel_round()
    assert review_reminders_send() == 0


def test_deferred_ideas_join_a_round_already_prepared(
    staff_user, panel_round, review_round_factory
):
    review_round, ideas, _people = panel_round()
    prepared = review_round_factory()
    round_close(review_round=review_round, actor=staff_user)
    decide(review_round, ideas[0], staff_user, "deferred")
    decide(review_round, ideas[1], staff_user, "selected")
    round_publish(review_round=review_round, actor=staff_user)
    ideas[0].refresh_from_db()
    assert ideas[0].stage == Stage.IN_REVIEW
    assert prepared.entries.filter(proposal=ideas[0]).exists()
    assert not prepared.entries.filter(proposal=ideas[1]).exists()
    assert list(
        StageChange.objects.filter(proposal=ideas[0]).values_list("to_stage", flat=True)
    )[-2:] == [Stage.DEFERRED, Stage.IN_REVIEW]


def test_public_remarks_are_published_without_names(staff_user, panel_round):
    review_round, ideas, _people = panel_round()
    first, second, _third = assignments_of(review_round, ideas[0])
    assignment_save(
        assignment=first,
        actor=first.reviewer,
        values=score_values(review_round, 4),
        public_remark="Start with the busiest station.",
        comment_to_staff="Internal only.",
        submit=True,
    )
    submit(second, 3)
    round_close(review_round=review_round, actor=staff_user)
    decide(review_round, ideas[0], staff_user, "selected")
    decide(review_round, ideas[1], staff_user, "rejected")
    round_publish(review_round=review_round, actor=staff_user)
    decision = answer_area(ideas[0]).decision
    assert decision.panel_remarks == [
        {"group": first.group, "text": "Start with the busiest station."}
    ]
