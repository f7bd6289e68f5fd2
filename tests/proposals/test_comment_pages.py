"""The comments of an idea come 20 threads at a time, oldest first, with "More comments"
for htmx (appended in place) and for plain links (the next page)."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

from proposals.models import Comment
from proposals.selectors import COMMENT_PAGE_SIZE, comment_page_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def threads(open_proposal, comment_factory, user2):
    """45 top-level comments, oldest first; the 1st and the 21st have a reply."""
    tops = comment_factory.create_batch(
        45, proposal=open_proposal, author=user2, body="ignored"
    )
    for number, top in enumerate(tops, start=1):
        top.body = f"Thread {number:02d}."
        top.save(update_fields=["body"])
    comment_factory(proposal=open_proposal, parent=tops[0], body="Reply to 01.")
    comment_factory(proposal=open_proposal, parent=tops[20], body="Reply to 21.")
    return tops


def shown_threads(html: str) -> list[int]:
    return [n for n in range(1, 46) if f"Thread {n:02d}." in html]


def test_the_page_shows_the_first_twenty_threads_with_their_replies(
    client, open_proposal, threads
):
    response = client.get(open_proposal.get_absolute_url())

    html = response.text
    assert shown_threads(html) == list(range(1, COMMENT_PAGE_SIZE + 1))
    assert "Reply to 01." in html
    assert "Reply to 21." not in html
    # The order stays oldest first.
    assert html.index("Thread 01.") < html.index("Reply to 01.")
    assert html.index("Reply to 01.") < html.index("Thread 02.")
    assert 'href="?page=2#comments"' in html
    assert 'hx-get="?page=2"' in html


def test_htmx_loads_the_next_threads_alone(client, open_proposal, threads):
    url = open_proposal.get_absolute_url()

    second = client.get(f"{url}?page=2", HTTP_HX_REQUEST="true")
    third = client.get(f"{url}?page=3", HTTP_HX_REQUEST="true")

    assert second.status_code == 200
    assert "<html" not in second.text  # a fragment for the list, not a page
    assert 'id="comment-form"' not in second.text
    assert shown_threads(second.text) == list(range(21, 41))
    assert "Reply to 21." in second.text
    assert 'hx-get="?page=3"' in second.text
    assert shown_threads(third.text) == list(range(41, 46))
    assert 'data-testid="more-comments"' not in third.text
    assert "HX-Request" in second["Vary"]


def test_without_javascript_the_link_opens_the_next_page(
    client, open_proposal, threads
):
    response = client.get(f"{open_proposal.get_absolute_url()}?page=2")

    assert response.status_code == 200
    assert "<html" in response.text
    assert shown_threads(response.text) == list(range(21, 41))
    assert 'href="?page=1#comments"' in response.text  # back to earlier comments
    assert 'href="?page=3#comments"' in response.text


@pytest.mark.parametrize("page", ["4", "0", "-1", "two", "99999999999"])
@pytest.mark.parametrize("htmx", [False, True])
def test_pages_that_do_not_exist_are_not_found(
    client, open_proposal, threads, page, htmx
):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    url = f"{open_proposal.get_absolute_url()}?page={page}"
    assert client.get(url, **headers).status_code == 404


def test_no_more_control_when_everything_fits(client, open_proposal, comment_factory):
    comment_factory.create_batch(COMMENT_PAGE_SIZE, proposal=open_proposal)

    response = client.get(open_proposal.get_absolute_url())

    assert len(response.context["threads"]) == COMMENT_PAGE_SIZE
    assert 'data-testid="more-comments"' not in response.text


def test_the_empty_state_is_unchanged(client, open_proposal):
    response = client.get(open_proposal.get_absolute_url())

    with override("ko"):
        empty = gettext("No comments yet. Start the conversation.")
    assert empty in response.text
    assert 'data-testid="more-comments"' not in response.text


def test_a_new_comment_leads_to_the_page_that_shows_it(
    client, open_proposal, threads, user
):
    client.force_login(user)
    url = reverse("proposals:comment-create", args=[open_proposal.pk])

    response = client.post(url, {"body": "The newest thread."})
    reply = client.post(url, {"body": "A late reply.", "parent": threads[25].pk})

    comment = Comment.objects.get(body="The newest thread.")
    assert (
        response.url
        == f"{open_proposal.get_absolute_url()}?page=3#comment-{comment.pk}"
    )
    assert "The newest thread." in client.get(response.url).text
    assert reply.url.startswith(f"{open_proposal.get_absolute_url()}?page=2#")
    assert "A late reply." in client.get(reply.url).text


def test_a_comment_on_the_first_page_keeps_its_plain_link(open_proposal, threads):
    reply = Comment.objects.get(body="Reply to 01.")

    assert comment_page_url(comment=reply) == (
        f"{open_proposal.get_absolute_url()}#comment-{reply.pk}"
    )


def test_a_comments_address_runs_no_query_and_leads_to_its_page(
    client, open_proposal, threads, django_assert_num_queries
):
    late = Comment.objects.get(body="Reply to 21.")
    with django_assert_num_queries(0):
        url = late.get_absolute_url()

    response = client.get(url)

    assert response.status_code == 302
    assert (
        response.url == f"{open_proposal.get_absolute_url()}?page=2#comment-{late.pk}"
    )


def test_a_comment_on_a_draft_has_no_address(client, proposal_factory, comment_factory):
    draft = proposal_factory(stage="draft")
    comment = comment_factory(proposal=draft)

    assert client.get(comment.get_absolute_url()).status_code == 404
