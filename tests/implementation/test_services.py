"""The services of answers, implementation and assessment."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from oasis.core.errors import Conflict, DomainError, InvalidTransition, NotAllowed
from oasis.notifications.models import Notification
from proposals.implementation import selectors
from proposals.implementation.models import Assessment
from proposals.implementation.services import (
    assessment_submit,
    implementation_update_post,
    interim_answer_publish,
    milestone_save,
)
from proposals.models import Follow, Stage
from proposals.reviews.models import (
    Assignment,
    ReviewRound,
)
from proposals.reviews.selectors import overdue_answers
from proposals.reviews.services.decisions import decision_record
from proposals.reviews.services.publishing import round_publish
from proposals.reviews.services.rounds import (
    round_close,
)
from tests.implementation.steps import walk_to
from tests.notifications.dispatching import fan_out_pending

pytestmark = pytest.mark.django_db

State = ReviewRound.State


def test_answer_due_date_and_overdue_flag(in_review_proposal, settings):
    settings.REVIEW_ANSWER_DUE_DAYS = 30
    area = selectors.answer_area(in_review_proposal)
    assert area.due_at == in_review_proposal.in_review_at + dt.timedelta(days=30)
    assert not area.overdue
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        assert selectors.answer_area(in_review_proposal).overdue
        assert in_review_proposal in overdue_answers()


def test_interim_answer(staff_user, in_review_proposal, proposal_factory):
    interim_answer_publish(
        proposal=in_review_proposal, text="We are checking the site.", actor=staff_user
    )
    area = selectors.answer_area(in_review_proposal)
    assert area.track.interim.text == "We are checking the site."
    with pytest.raises(InvalidTransition):
        interim_answer_publish(
            proposal=proposal_factory(stage=Stage.OPEN), text="x", actor=staff_user
        )


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


@pytest.fixture
def selected_idea(staff_user, panel_round):
    review_round, ideas, _people = panel_round()
    round_close(review_round=review_round, actor=staff_user)
    decide(review_round, ideas[0], staff_user, "selected", budget=1_000_000)
    decide(review_round, ideas[1], staff_user, "rejected")
    round_publish(review_round=review_round, actor=staff_user)
    ideas[0].refresh_from_db()
    return ideas[0]


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (120, 80), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {2: (37.0, 33.0, 0.0)}  # GPS latitude
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_implementation_update_moves_on_and_strips_photo_metadata(
    staff_user, selected_idea, user2
):
    Follow.objects.create(proposal=selected_idea, user=user2)
    upload = SimpleUploadedFile("site.jpg", jpeg_with_exif(), "image/jpeg")
    assert Image.open(io.BytesIO(upload.read())).getexif()
    update = implementation_update_post(
        proposal=selected_idea,
        actor=staff_user,
        text="Design started.",
        progress=10,
        budget_spent=50_000,
        move_to=Stage.PLANNING,
        photos=[(upload, "The empty site")],
    )
    selected_idea.refresh_from_db()
    assert selected_idea.stage == Stage.PLANNING == update.stage
    (photo,) = update.photos
    assert photo["alt"] == "The empty site"
    with default_storage.open(photo["name"]) as stored:
        image = Image.open(stored)
        image.load()
    assert image.format == "JPEG"
    assert not image.getexif()
    assert "exif" not in image.info
    track = selectors.answer_area(selected_idea).track
    assert (track.progress, track.budget_spent, track.update_count) == (10, 50_000, 1)
    # skipping a stage is refused
    with pytest.raises(InvalidTransition):
        implementation_update_post(
            proposal=selected_idea,
            actor=staff_user,
            text="Done!",
            progress=100,
            move_to=Stage.COMPLETED,
        )
    # the follower heard the stage change; no duplicate news for them
    fan_out_pending()
    assert Notification.objects.filter(
        event="proposal.stage_changed", recipient=user2
    ).exists()


def test_implementation_updates_reach_voters(staff_user, selected_idea, user2):
    from voting.models import Vote

    Vote.objects.create(proposal=selected_idea, user=user2)
    implementation_update_post(
        proposal=selected_idea, actor=staff_user, text="Survey done.", progress=5
    )
    fan_out_pending()
    assert Notification.objects.filter(
        event="implementation.updated", recipient=user2
    ).exists()
    assert Notification.objects.filter(
        event="implementation.updated", recipient=selected_idea.author
    ).exists()


def test_invalid_photo_is_refused(staff_user, selected_idea):
    bogus = SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")
    with pytest.raises(DomainError):
        implementation_update_post(
            proposal=selected_idea,
            actor=staff_user,
            text="x",
            progress=1,
            photos=[(bogus, "x")],
        )


def test_milestones(staff_user, selected_idea):
    milestone = milestone_save(
        proposal=selected_idea,
        actor=staff_user,
        title="Design",
        due_on=dt.date(2026, 5, 1),
    )
    milestone_save(
        proposal=selected_idea,
        actor=staff_user,
        milestone=milestone,
        title="Design",
        due_on=dt.date(2026, 5, 1),
        done_on=dt.date(2026, 4, 28),
    )
    area = selectors.answer_area(selected_idea)
    assert [m.done_on for m in area.milestones] == [dt.date(2026, 4, 28)]
    assert area.track.milestone_count == 1


def test_assessment_by_voters_and_panel_once_each(
    staff_user, selected_idea, user2, user
):
    from voting.models import Vote

    Vote.objects.create(proposal=selected_idea, user=user2)
    panel_member = Assignment.objects.filter(proposal=selected_idea).first().reviewer
    with pytest.raises(InvalidTransition):
        assessment_submit(proposal=selected_idea, user=user2, rating=4)
    walk_to(selected_idea, Stage.ASSESSMENT, staff_user)
    first = assessment_submit(proposal=selected_idea, user=user2, rating=4)
    second = assessment_submit(
        proposal=selected_idea, user=panel_member, rating=5, comment="Well done."
    )
    assert (first.role, second.role) == (Assessment.Role.CITIZEN, Assessment.Role.PANEL)
    with pytest.raises(Conflict):
        assessment_submit(proposal=selected_idea, user=user2, rating=1)
    with pytest.raises(NotAllowed):
        assessment_submit(proposal=selected_idea, user=user, rating=5)
    with pytest.raises(DomainError):
        assessment_submit(proposal=selected_idea, user=panel_member, rating=9)
    area = selectors.answer_area(selected_idea)
    assert area.track.assessment_average == 4.5
    assert area.show_assessment
    walk_to(selected_idea, Stage.COMPLETED, staff_user)
    selected_idea.refresh_from_db()
    assert selectors.answer_area(selected_idea).track.progress == 100


def test_publishing_a_round_records_the_answer_here():
    from proposals.implementation.services import answer_record
    from proposals.reviews.publication import recorders

    assert answer_record in recorders()
