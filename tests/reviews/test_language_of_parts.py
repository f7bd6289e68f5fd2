"""Review and tracking pages show each idea in the language it was written in (WCAG 3.1.2),
whatever the page's language."""

import pytest
from django.urls import reverse

from tests.html_language import MIXED, languages_of, visit, written_in
from tests.reviews.conftest import assignments_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("page_language", "idea_language"), MIXED)
def test_the_scoring_page_marks_the_idea_with_its_language(
    client, panel_round, page_language, idea_language
):
    review_round, ideas, _people = panel_round()
    idea = written_in(ideas[0], idea_language)
    assignment = assignments_of(review_round, idea)[0]
    client.force_login(assignment.reviewer)

    html = visit(
        client,
        reverse("reviews:assignment-score", args=[assignment.pk]),
        page_language,
    )

    for text in (idea.title, idea.summary, idea.problem, idea.solution):
        assert set(languages_of(html, text)) == {idea_language}, text
