"""Blind mode (the default): the author of an idea never appears on review pages or in
review exports; with blind mode off, staff and reviewers see the author."""

import pytest
from django.urls import reverse

from proposals.reviews.services.decisions import decision_record
from proposals.reviews.services.publishing import round_publish
from proposals.reviews.services.rounds import round_close
from tests.reviews.conftest import assignments_of, submit

pytestmark = pytest.mark.django_db

AUTHOR_NAME = "Zelda Quintessa-Author"


@pytest.fixture
def published_round(panel_round, staff_user):
    def make(*, blind):
        review_round, ideas, _people = panel_round(blind=blind)
        for idea in ideas:
            idea.author.display_name = AUTHOR_NAME
            idea.author.email = f"zelda{idea.pk}@example.org"
            idea.author.save()
        for assignment in review_round.assignments.select_related("round", "reviewer"):
            submit(assignment, 4)
        round_close(review_round=review_round, actor=staff_user)
        for idea, outcome in zip(ideas, ["selected", "rejected"], strict=True):
            decision_record(
                review_round=review_round,
                proposal=idea,
                actor=staff_user,
                outcome=outcome,
                rationale="Because",
                department="Parks",
            )
        return review_round, ideas

    return make


def review_pages(review_round, ideas):
    assignment = assignments_of(review_round, ideas[0])[0]
    return (
        assignment,
        [
            reverse("reviews:assignment-score", args=[assignment.pk]),
            reverse("reviews:dashboard"),
        ],
        [
            reverse("reviews:round-detail", args=[review_round.pk]),
            reverse("reviews:round-ranking", args=[review_round.pk]),
            reverse("reviews:decision-edit", args=[review_round.pk, ideas[0].pk]),
            reverse("reviews:round-export", args=[review_round.pk]),
        ],
    )


def test_blind_is_the_default(review_round):
    assert review_round.is_blind


def test_blind_round_never_shows_the_author(client, published_round, staff_user):
    review_round, ideas = published_round(blind=True)
    assignment, reviewer_urls, staff_urls = review_pages(review_round, ideas)
    client.force_login(assignment.reviewer)
    for url in reviewer_urls:
        content = client.get(url).content.decode("utf-8-sig")
        assert AUTHOR_NAME not in content, url
        assert "zelda" not in content, url
    client.force_login(staff_user)
    for url in staff_urls:
        content = client.get(url).content.decode("utf-8-sig")
        assert AUTHOR_NAME not in content, url
        assert "zelda" not in content, url
    round_publish(review_round=review_round, actor=staff_user)
    client.logout()
    public = client.get(
        reverse("reviews:round-public-export", args=[review_round.pk])
    ).content.decode("utf-8-sig")
    assert AUTHOR_NAME not in public
    assert "zelda" not in public


def test_open_round_shows_the_author_to_reviewers_and_staff(
    client, published_round, staff_user
):
    review_round, ideas = published_round(blind=False)
    assignment, reviewer_urls, staff_urls = review_pages(review_round, ideas)
    client.force_login(assignment.reviewer)
    assert AUTHOR_NAME in client.get(reviewer_urls[0]).content.decode()
    client.force_login(staff_user)
    export = client.get(staff_urls[-1]).content.decode("utf-8-sig")
    assert "proposal_author" in export.splitlines()[0]
    assert AUTHOR_NAME in export


def test_the_public_proposal_page_still_names_the_author(
    client, published_round, staff_user
):
    review_round, ideas = published_round(blind=True)
    round_publish(review_round=review_round, actor=staff_user)
    assert AUTHOR_NAME in client.get(ideas[0].get_absolute_url()).content.decode()
