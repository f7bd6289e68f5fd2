"""Ideas are shown in the language they were written in, whatever the page's language
(WCAG 3.1.2 Language of parts): screen readers then pronounce them right."""

import pytest
from django.urls import reverse

from proposals.models import Category
from tests.html_language import MIXED, languages_of, visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def written_in(proposal_factory):
    def make(language):
        return proposal_factory(
            language=language,
            title=f"Title written in {language}",
            summary=f"Summary written in {language}",
            problem=f"Problem written in {language}",
            solution=f"Solution written in {language}",
            benefit=f"Benefit written in {language}",
        )

    return make


@pytest.mark.parametrize(("page_language", "idea_language"), MIXED)
def test_the_detail_page_marks_the_idea_with_its_language(
    client, written_in, page_language, idea_language
):
    idea = written_in(idea_language)

    html = visit(client, idea.get_absolute_url(), page_language)

    for text in (idea.title, idea.summary, idea.problem, idea.solution, idea.benefit):
        assert set(languages_of(html, text)) == {idea_language}, text


@pytest.mark.parametrize(("page_language", "idea_language"), MIXED)
def test_cards_in_the_list_mark_each_idea_with_its_language(
    client, written_in, page_language, idea_language
):
    idea = written_in(idea_language)

    html = visit(client, reverse("proposals:proposal-list"), page_language)

    assert set(languages_of(html, idea.title)) == {idea_language}
    assert set(languages_of(html, idea.summary)) == {idea_language}


@pytest.mark.parametrize(("page_language", "idea_language"), MIXED)
def test_earlier_versions_keep_the_language_of_the_idea(
    client, written_in, page_language, idea_language
):
    idea = written_in(idea_language)
    idea.versions.create(
        number=1,
        title="Old title",
        summary="Old summary",
        problem="Old problem",
        solution="Old solution",
    )

    html = visit(
        client, reverse("proposals:proposal-versions", args=[idea.pk]), page_language
    )

    for text in ("Old title", "Old summary", "Old problem", "Old solution"):
        assert set(languages_of(html, text)) == {idea_language}, text


def test_a_title_quoted_in_a_translated_sentence_is_marked_and_escaped(
    client, proposal_factory, user
):
    idea = proposal_factory(author=user, language="en", title="<b>Bold</b> idea")
    client.force_login(user)

    html = visit(client, reverse("proposals:proposal-withdraw", args=[idea.pk]), "ko")

    assert '<span lang="en">&lt;b&gt;Bold&lt;/b&gt; idea</span>' in html


def test_the_category_name_stays_in_the_page_language(client, written_in):
    idea = written_in("en")
    category = Category.objects.get(pk=idea.category_id)

    html = visit(client, idea.get_absolute_url(), "ko")

    assert set(languages_of(html, category.name_ko)) == {"ko"}
