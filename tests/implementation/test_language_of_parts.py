"""The page of realised ideas marks each idea with the language it is written in."""

import pytest
from django.urls import reverse

from proposals.models import Proposal
from proposals.reviews.services.decisions import decision_record
from proposals.reviews.services.publishing import round_publish
from proposals.reviews.services.rounds import round_close
from tests.html_language import languages_of

pytestmark = pytest.mark.django_db

# (language of the page, language the idea is written in)
MIXED = [("ko", "en"), ("en", "ko")]


def written_in(idea, language):
    Proposal.objects.filter(pk=idea.pk).update(language=language)
    idea.refresh_from_db()
    return idea


def visit(client, url: str, page_language: str) -> str:
    client.cookies["django_language"] = page_language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


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
