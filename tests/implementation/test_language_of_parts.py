"""The page of realised ideas marks each idea with the language it is written in."""

import pytest
from django.urls import reverse

from proposals.reviews.services.decisions import decision_record
from proposals.reviews.services.publishing import round_publish
from proposals.reviews.services.rounds import round_close
from tests.html_language import MIXED, languages_of, visit, written_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("page_language", "idea_language"), MIXED)
def test_the_page_of_realised_ideas_marks_each_with_its_language(
    client, staff_user, panel_round, page_language, idea_language
):
    review_round, ideas, _people = panel_round()
    round_close(review_round=review_round, actor=staff_user)
    for idea in ideas:
        decision_record(
            review_round=review_round,
            proposal=idea,
            actor=staff_user,
            outcome="selected",
            rationale="Worth it",
            department="Parks",
        )
    round_publish(review_round=review_round, actor=staff_user)
    idea = written_in(ideas[0], idea_language)

    html = visit(client, reverse("implementation:implemented"), page_language)

    assert set(languages_of(html, idea.title)) == {idea_language}
