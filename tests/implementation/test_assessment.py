"""Assessment of realised projects: the raters' comments appear with the public result
(citizens anonymous, panel members as "review panel"), within the answer area's query
budget; a project cannot be marked completed before anyone rated it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from oasis.core.errors import InvalidTransition
from proposals.implementation import selectors
from proposals.implementation.services import (
    assessment_submit,
    implementation_update_post,
    milestone_save,
)
from proposals.models import Stage
from proposals.reviews.models import Assignment
from proposals.reviews.services.decisions import decision_record
from proposals.reviews.services.publishing import round_publish
from proposals.reviews.services.rounds import round_close
from tests.implementation.steps import walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def selected_idea(staff_user, panel_round):
    review_round, ideas, _people = panel_round()
    round_close(review_round=review_round, actor=staff_user)
    for idea, outcome in zip(ideas, ["selected", "rejected"], strict=True):
        decision_record(
            review_round=review_round,
            proposal=idea,
            actor=staff_user,
            outcome=outcome,
            rationale=f"Rationale {outcome}",
            department="Parks" if outcome == "selected" else "",
        )
    round_publish(review_round=review_round, actor=staff_user)
    ideas[0].refresh_from_db()
    return ideas[0]


@pytest.fixture
def assessed_idea(staff_user, selected_idea, user2):
    """An idea in its assessment stage, agreed with by user2, with a panel member."""
    from voting.models import Vote

    Vote.objects.create(proposal=selected_idea, user=user2)
    milestone_save(proposal=selected_idea, actor=staff_user, title="Design")
    walk_to(selected_idea, Stage.ASSESSMENT, staff_user)
    return selected_idea


def panel_member_of(idea):
    return (
        Assignment.objects.filter(proposal=idea).select_related("reviewer")[0].reviewer
    )


def render_area(proposal, user=None):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    with translation.override("en"):
        return Template('{% include "implementation/answer_area.html" %}').render(
            Context({"proposal": proposal, "request": request, "user": request.user})
        )


# --- Comments on the result ----------------------------------------------------------


def test_comments_appear_with_the_result_without_names(assessed_idea, user2):
    user2.display_name = "Citizen Kim"
    user2.save()
    panel_member = panel_member_of(assessed_idea)
    panel_member.display_name = "Reviewer Lee"
    panel_member.save()
    assessment_submit(
        proposal=assessed_idea, user=user2, rating=4, comment="The shade helps a lot."
    )
    assessment_submit(
        proposal=assessed_idea,
        user=panel_member,
        rating=2,
        comment="Too few benches <b>yet</b>.",
    )
    html = render_area(assessed_idea)
    assert 'data-testid="assessment-comments"' in html
    assert "The shade helps a lot." in html
    assert "Too few benches &lt;b&gt;yet&lt;/b&gt;." in html  # escaped
    assert "Citizen who agreed" in html
    assert "Review panel" in html
    assert "4 of 5" in html
    assert "2 of 5" in html
    for name in ("Citizen Kim", "Reviewer Lee", user2.email, panel_member.email):
        assert name not in html
    # newest first
    assert html.index("Too few benches") < html.index("The shade helps")


def test_ratings_without_a_comment_add_no_comment(assessed_idea, user2):
    assessment_submit(proposal=assessed_idea, user=user2, rating=5)
    html = render_area(assessed_idea)
    assert 'data-testid="assessment-result"' in html
    assert 'data-testid="assessment-comments"' not in html
    assert selectors.answer_area(assessed_idea).track.assessment_comments == []


def test_comments_stay_within_the_answer_area_budget(
    assessed_idea, user2, user, django_assert_max_num_queries
):
    assessment_submit(
        proposal=assessed_idea, user=user2, rating=4, comment="Good shade."
    )
    # track + decision + interim + the viewer's eligibility; updates; milestones
    with django_assert_max_num_queries(3):
        html = render_area(assessed_idea, user)
    assert "Good shade." in html
    assert "Rationale selected" in html
    assert "Design" in html


def test_comments_stay_on_the_completed_project(
    staff_user, assessed_idea, user2, django_assert_max_num_queries
):
    assessment_submit(proposal=assessed_idea, user=user2, rating=4, comment="Worth it.")
    walk_to(assessed_idea, Stage.COMPLETED, staff_user)
    with django_assert_max_num_queries(3):
        html = render_area(assessed_idea)
    assert "Worth it." in html


def test_the_form_says_the_comment_is_public_without_a_name(
    client, assessed_idea, user2
):
    client.force_login(user2)
    html = client.get(
        assessed_idea.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Shown on this page with the result, without your name." in html
    assert 'aria-describedby="assess-comment-help-' in html


def test_a_comment_posted_on_the_page_is_shown(client, assessed_idea, user2):
    client.force_login(user2)
    client.post(
        reverse("implementation:assessment-submit", args=[assessed_idea.pk]),
        {"rating": "5", "comment": "Cool station now."},
    )
    client.logout()
    html = client.get(assessed_idea.get_absolute_url()).content.decode()
    assert "Cool station now." in html


# --- No completion without a rating --------------------------------------------------


def test_completing_without_any_rating_is_refused(staff_user, assessed_idea):
    with translation.override("en"), pytest.raises(InvalidTransition) as refused:
        implementation_update_post(
            proposal=assessed_idea,
            actor=staff_user,
            text="All done.",
            progress=100,
            move_to=Stage.COMPLETED,
        )
    assert refused.value.code == "not_assessed"
    with translation.override("en"):
        assert str(refused.value.message).startswith("The outcome has no rating yet")
    assessed_idea.refresh_from_db()
    assert assessed_idea.stage == Stage.ASSESSMENT
    assert not assessed_idea.implementation_updates.filter(text="All done.").exists()


def test_an_update_without_moving_on_is_still_possible(staff_user, assessed_idea):
    implementation_update_post(
        proposal=assessed_idea, actor=staff_user, text="Survey sent.", progress=95
    )
    assessed_idea.refresh_from_db()
    assert assessed_idea.stage == Stage.ASSESSMENT


def test_completing_after_a_rating(staff_user, assessed_idea, user2):
    assessment_submit(proposal=assessed_idea, user=user2, rating=3)
    implementation_update_post(
        proposal=assessed_idea,
        actor=staff_user,
        text="All done.",
        progress=90,
        move_to=Stage.COMPLETED,
    )
    assessed_idea.refresh_from_db()
    assert assessed_idea.stage == Stage.COMPLETED


def test_the_implementation_page_shows_the_refusal(client, staff_user, assessed_idea):
    client.force_login(staff_user)
    url = reverse("implementation:progress-edit", args=[assessed_idea.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "can be marked completed once its outcome has at least one rating" in page
    response = client.post(
        url,
        {
            "post_update": "1",
            "text": "All done.",
            "progress": "100",
            "move_to": "completed",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "The outcome has no rating yet" in response.content.decode()
    assessed_idea.refresh_from_db()
    assert assessed_idea.stage == Stage.ASSESSMENT
