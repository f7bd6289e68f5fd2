"""The pages of answers and implementation: staff forms, the answer area of a proposal, the realised ideas."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from proposals.implementation.models import Assessment, InterimAnswer, Milestone
from proposals.implementation.services import (
    assessment_submit,
    milestone_save,
)
from proposals.models import Stage
from proposals.reviews.models import ReviewRound
from proposals.reviews.services.decisions import decision_record
from proposals.reviews.services.publishing import round_publish
from proposals.reviews.services.rounds import round_close
from tests.implementation.steps import walk_to
from tests.proposals.factories import image_bytes

pytestmark = pytest.mark.django_db

State = ReviewRound.State


def close_and_decide(review_round, ideas, staff, outcomes=("selected", "rejected")):
    round_close(review_round=review_round, actor=staff)
    for idea, outcome in zip(ideas, outcomes, strict=False):
        decision_record(
            review_round=review_round,
            proposal=idea,
            actor=staff,
            outcome=outcome,
            rationale=f"Rationale {outcome}",
            department="Parks" if outcome == "selected" else "",
            budget=3_000_000 if outcome == "selected" else None,
        )


def test_interim_answer_page(client, staff_user, in_review_proposal):
    client.force_login(staff_user)
    url = reverse("implementation:interim-answer", args=[in_review_proposal.pk])
    response = client.post(url, {"text": "Still checking."})
    assert response.status_code == 302
    assert InterimAnswer.objects.get().text == "Still checking."
    page = client.get(in_review_proposal.get_absolute_url()).content.decode()
    assert "Still checking." in page


@pytest.fixture
def selected_idea(staff_user, panel_round):
    review_round, ideas, _people = panel_round()
    close_and_decide(review_round, ideas, staff_user)
    round_publish(review_round=review_round, actor=staff_user)
    ideas[0].refresh_from_db()
    return ideas[0]


def test_implementation_page_posts_updates_and_milestones(
    client, staff_user, selected_idea
):
    client.force_login(staff_user)
    url = reverse("implementation:progress-edit", args=[selected_idea.pk])
    assert client.get(url).status_code == 200
    photo = SimpleUploadedFile("a.png", image_bytes("PNG", size=(40, 30)), "image/png")
    response = client.post(
        url,
        {
            "post_update": "1",
            "text": "Planning started",
            "progress": "20",
            "budget_spent": "100",
            "move_to": "planning",
            "photo_1": photo,
            "alt_1": "Workers measuring",
        },
    )
    assert response.status_code == 302, response.context["update_form"].errors
    selected_idea.refresh_from_db()
    assert selected_idea.stage == Stage.PLANNING
    client.post(url, {"add_milestone": "1", "title": "Tender", "due_on": "2026-12-01"})
    milestone = Milestone.objects.get()
    client.post(url, {"milestone_done": milestone.pk})
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localdate()
    page = client.get(selected_idea.get_absolute_url()).content.decode()
    assert "Planning started" in page
    assert 'alt="Workers measuring"' in page
    assert 'value="20"' in page  # the progress bar
    assert "Tender" in page


def test_photo_needs_a_description(client, staff_user, selected_idea):
    client.force_login(staff_user)
    photo = SimpleUploadedFile("a.png", image_bytes("PNG"), "image/png")
    response = client.post(
        reverse("implementation:progress-edit", args=[selected_idea.pk]),
        {"post_update": "1", "text": "x", "progress": "1", "photo_1": photo},
    )
    assert response.status_code == 200
    assert "alt_1" in response.context["update_form"].errors


def test_implemented_page_and_hall_of_fame(
    client, staff_user, selected_idea, user2, django_assert_max_num_queries
):
    from voting.models import Vote

    selected_idea.author.display_name = "Proud Proposer"
    selected_idea.author.save()
    # anonymous visitor: ongoing count and page, completed count and page, rounds
    with django_assert_max_num_queries(8):
        response = client.get(reverse("implementation:implemented"))
    html = response.content.decode()
    assert selected_idea.title in html
    assert "Proud Proposer" in html
    assert response.context["completed"].paginator.count == 0
    Vote.objects.create(proposal=selected_idea, user=user2)
    walk_to(selected_idea, Stage.ASSESSMENT, staff_user)
    assessment_submit(proposal=selected_idea, user=user2, rating=5)
    walk_to(selected_idea, Stage.COMPLETED, staff_user)
    response = client.get(reverse("implementation:implemented"))
    assert list(response.context["completed"]) == [selected_idea]
    assert 'data-testid="hall-of-fame"' in response.content.decode()


def test_assessment_form_on_the_proposal_page(client, staff_user, selected_idea, user2):
    from voting.models import Vote

    Vote.objects.create(proposal=selected_idea, user=user2)
    walk_to(selected_idea, Stage.ASSESSMENT, staff_user)
    client.force_login(user2)
    page = client.get(selected_idea.get_absolute_url()).content.decode()
    assert reverse("implementation:assessment-submit", args=[selected_idea.pk]) in page
    response = client.post(
        reverse("implementation:assessment-submit", args=[selected_idea.pk]),
        {"rating": "4", "comment": "Useful"},
    )
    assert response.status_code == 302
    assert Assessment.objects.get().rating == 4
    page = client.get(selected_idea.get_absolute_url()).content.decode()
    assert 'data-testid="assessment-result"' in page
    assert (
        reverse("implementation:assessment-submit", args=[selected_idea.pk]) not in page
    )
    # a second rating is refused by the rule
    response = client.post(
        reverse("implementation:assessment-submit", args=[selected_idea.pk]),
        {"rating": "1"},
    )
    assert response.status_code == 403


def render_area(proposal, user=None):
    request = RequestFactory().get("/")
    if user is not None:
        request.user = user
    else:
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
    return Template('{% include "implementation/answer_area.html" %}').render(
        Context({"proposal": proposal, "request": request, "user": request.user})
    )


def test_answer_area_in_three_queries(
    staff_user, selected_idea, user2, django_assert_max_num_queries
):
    from voting.models import Vote

    Vote.objects.create(proposal=selected_idea, user=user2)
    milestone_save(proposal=selected_idea, actor=staff_user, title="Design")
    walk_to(selected_idea, Stage.ASSESSMENT, staff_user)
    # track + decision + interim + the viewer's eligibility; updates; milestones
    with django_assert_max_num_queries(3):
        html = render_area(selected_idea, user2)
    assert "Rationale selected" in html
    assert "Now assessment" in html
    assert "Design" in html
    assert 'name="rating"' in html


def test_answer_area_of_an_open_idea_costs_nothing(proposal, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert "answer-area" not in render_area(proposal)


def test_answer_area_shows_the_due_date_and_overdue(in_review_proposal, settings):
    settings.REVIEW_ANSWER_DUE_DAYS = 30
    in_review_proposal.in_review_at = timezone.now() - dt.timedelta(days=31)
    in_review_proposal.save()
    html = render_area(in_review_proposal)
    due = (in_review_proposal.in_review_at + dt.timedelta(days=30)).astimezone(
        timezone.get_current_timezone()
    )
    assert due.strftime("%Y-%m-%d") in html
    assert 'data-testid="answer-overdue"' in html


def test_recently_answered_on_the_home_page(
    client, staff_user, selected_idea, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        html = Template("{% load implementation_tags %}{% recently_answered %}").render(
            Context()
        )
    assert selected_idea.title in html
    assert 'data-testid="recently-answered"' in client.get("/").content.decode()


def test_proposal_page_with_answer_and_progress_stays_within_the_detail_budget(
    client, staff_user, selected_idea, user2, django_assert_max_num_queries
):
    from voting.models import Vote

    Vote.objects.create(proposal=selected_idea, user=user2)
    milestone_save(proposal=selected_idea, actor=staff_user, title="Design")
    walk_to(selected_idea, Stage.ASSESSMENT, staff_user)
    client.force_login(user2)
    # The detail page stays within 12 queries, the answer area taking at most 3 of them.
    with django_assert_max_num_queries(12):
        response = client.get(selected_idea.get_absolute_url())
    assert 'data-testid="implementation-timeline"' in response.content.decode()


def test_an_idea_advanced_without_a_decision_shows_no_empty_answer_card(
    in_review_proposal, staff_user
):
    from proposals.services import proposal_transition

    proposal_transition(
        proposal=in_review_proposal, to=Stage.SELECTED, actor=staff_user
    )
    in_review_proposal.refresh_from_db()
    html = render_area(in_review_proposal)
    assert 'data-testid="implementation-area"' in html
    if 'data-testid="answer-area"' in html:
        # The card is there only with something in it.
        assert 'data-testid="answer-outcome"' in html


def test_a_rejected_idea_shows_the_public_reason_as_its_answer(
    in_review_proposal, staff_user
):
    from proposals.services import proposal_transition

    proposal_transition(
        proposal=in_review_proposal,
        to=Stage.REJECTED,
        actor=staff_user,
        reason="Another project already covers this street.",
    )
    in_review_proposal.refresh_from_db()
    html = render_area(in_review_proposal)
    assert 'data-testid="answer-area"' in html
    assert 'data-testid="answer-outcome"' in html
    assert "Another project already covers this street." in html
