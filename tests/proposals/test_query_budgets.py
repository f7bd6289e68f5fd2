"""Query budgets: list ≤ 8, detail ≤ 12, whatever the data size."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from proposals.models import Stage
from proposals.services import (
    comment_create,
    comment_mark_helpful,
    proposal_follow,
    proposal_image_add,
    proposal_transition,
)
from tests.accounts.factories import UserFactory
from tests.proposals.factories import image_bytes

pytestmark = pytest.mark.django_db

LIST_BUDGET = 8
DETAIL_BUDGET = 12


@pytest.fixture
def many_proposals(proposal_factory, category_factory):
    categories = category_factory.create_batch(3)
    return [
        proposal_factory(category=categories[n % 3], vote_count=n, comment_count=n)
        for n in range(30)
    ]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?ordering=-vote_count",
        "?ordering=trending&stage=open",
        "?q=Idea&district=gangnam",
        "?ordering=-comment_count&category=category-1",
    ],
)
@pytest.mark.parametrize("logged_in", [False, True])
def test_list_budget(
    client, user, many_proposals, django_assert_max_num_queries, query, logged_in
):
    if logged_in:
        client.force_login(user)
    # session, user and bell (when logged in); the filter form's categories and
    # districts (one query, then cached); one page of proposals with their category
    # and district (keyset, no COUNT). A search adds, on PostgreSQL, a transaction
    # (2) switching sequential scans off (1) around the page, whose candidates come
    # from the trigram index in the same query; on SQLite its candidate query.
    with django_assert_max_num_queries(LIST_BUDGET):
        response = client.get(f"/proposals/{query}")
    assert response.status_code == 200


def test_a_cached_list_page_costs_no_query(
    client, many_proposals, django_assert_num_queries
):
    client.get("/proposals/?ordering=-vote_count")
    # The rendered list and the filter choices come from the cache.
    with django_assert_num_queries(0):
        response = client.get("/proposals/?ordering=-vote_count")
    assert response.status_code == 200
    assert many_proposals[-1].title in response.text


def test_list_budget_on_a_later_page(
    client, many_proposals, django_assert_max_num_queries
):
    first = client.get("/proposals/")
    cursor = first.context["page"].next_cursor
    assert cursor
    with django_assert_max_num_queries(LIST_BUDGET):
        response = client.get(f"/proposals/?cursor={cursor}", HTTP_HX_REQUEST="true")
    assert response.status_code == 200


@pytest.fixture
def busy_proposal(proposal_factory, user, staff_user):
    proposal = proposal_factory(author=user, vote_count=50)
    for _ in range(5):
        proposal_image_add(
            proposal=proposal,
            actor=user,
            file=SimpleUploadedFile("p.jpg", image_bytes("JPEG"), "image/jpeg"),
            alt_text="Photo",
        )
    from proposals.services import proposal_update

    proposal_update(proposal=proposal, actor=user, title="A newer title")
    people = UserFactory.create_batch(4)
    for person in people:
        proposal_follow(proposal=proposal, user=person)
        top = comment_create(proposal=proposal, author=person, body="A comment")
        for other in people:
            if other != person:
                comment_create(
                    proposal=proposal, author=other, body="Reply", parent=top
                )
                comment_mark_helpful(comment=top, user=other)
    comment_create(proposal=proposal, author=staff_user, body="Official answer")
    proposal_transition(proposal=proposal, to=Stage.IN_REVIEW, actor=staff_user)
    return proposal


@pytest.mark.parametrize("viewer", ["anonymous", "author", "citizen", "staff"])
def test_detail_budget(
    client,
    busy_proposal,
    user,
    user2,
    staff_user,
    django_assert_max_num_queries,
    viewer,
):
    if viewer != "anonymous":
        client.force_login(
            {"author": user, "citizen": user2, "staff": staff_user}[viewer]
        )
    # session + user; the proposal with category, district, author, follow and
    # report state and has-versions; images; timeline; comments with their authors
    # and helpful marks; versions; the agreement and answer areas of voting and
    # reviews share what is left.
    with django_assert_max_num_queries(DETAIL_BUDGET):
        response = client.get(busy_proposal.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["threads"]) == 5


def test_home_budget(client, many_proposals, django_assert_max_num_queries):
    # trending and newest proposals
    with django_assert_max_num_queries(4):
        assert client.get("/").status_code == 200


def queries_for(client, url: str) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # the list body is cached for a few seconds; count a cold page
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_detail_queries_do_not_grow_with_comments_and_images(
    client, busy_proposal, proposal_factory, user, user2, staff_user
):
    # given: an idea with one of everything, and one with 5 images and 17 comments
    small = proposal_factory(author=user, vote_count=1)
    proposal_image_add(
        proposal=small,
        actor=user,
        file=SimpleUploadedFile("p.jpg", image_bytes("JPEG"), "image/jpeg"),
        alt_text="Photo",
    )
    from proposals.services import proposal_update

    proposal_update(proposal=small, actor=user, title="A newer title")
    proposal_follow(proposal=small, user=staff_user)
    top = comment_create(proposal=small, author=staff_user, body="A comment")
    comment_create(proposal=small, author=user, body="Reply", parent=top)
    comment_mark_helpful(comment=top, user=user)
    proposal_transition(
        proposal=small, to=Stage.IN_REVIEW, actor=staff_user, reason="Agenda panel"
    )
    client.force_login(user2)

    # then: both pages cost the same number of queries
    assert queries_for(client, busy_proposal.get_absolute_url()) == queries_for(
        client, small.get_absolute_url()
    )


def test_list_queries_do_not_grow_with_the_page_size(
    client, proposal_factory, category_factory
):
    category = category_factory()
    proposal_factory(category=category)
    one_item = queries_for(client, "/proposals/")

    proposal_factory.create_batch(25, category=category)

    assert queries_for(client, "/proposals/") == one_item


def test_detail_queries_do_not_grow_with_pages_of_comments(
    client, proposal_factory, comment_factory, user2, django_assert_max_num_queries
):
    # given: an idea with one comment, and one with three pages of threads and replies
    quiet = proposal_factory()
    comment_factory(proposal=quiet)
    busy = proposal_factory()
    for top in comment_factory.create_batch(45, proposal=busy):
        comment_factory(proposal=busy, parent=top)
    client.force_login(user2)

    # then: every page costs what the quiet idea's page costs
    one_comment = queries_for(client, quiet.get_absolute_url())
    assert one_comment <= DETAIL_BUDGET
    for page in ("", "?page=2", "?page=3"):
        assert queries_for(client, busy.get_absolute_url() + page) == one_comment
    # session + user; the idea; one page of threads with their replies
    with django_assert_max_num_queries(4):
        response = client.get(
            f"{busy.get_absolute_url()}?page=2", HTTP_HX_REQUEST="true"
        )
    assert len(response.context["threads"]) == 20
