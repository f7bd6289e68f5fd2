"""Two tabs editing the same idea or comment: the second save, made from the older
text, is refused with both texts shown; nothing is lost, and saving the merged text
then succeeds."""

import re

import pytest
from django.urls import reverse

from oasis.core.errors import StaleEdit
from proposals.services import comment_create, comment_edit, proposal_update

pytestmark = pytest.mark.django_db


def _hidden_version(html: str) -> int:
    return int(re.search(r'name="version" value="(\d+)"', html).group(1))


def _edit_data(proposal, **changes) -> dict:
    return {
        "title": proposal.title,
        "summary": proposal.summary,
        "problem": proposal.problem,
        "solution": proposal.solution,
        "benefit": proposal.benefit,
        "category": proposal.category_id,
        "district": proposal.district_id,
        "place_name": proposal.place_name,
        "language": proposal.language,
        **changes,
    }


def test_a_stale_idea_edit_is_refused_by_the_service(open_proposal, user):
    proposal_update(proposal=open_proposal, actor=user, version=1, title="Tab one")
    with pytest.raises(StaleEdit) as refusal:
        proposal_update(proposal=open_proposal, actor=user, version=1, title="Tab two")
    assert refusal.value.current.title == "Tab one"
    open_proposal.refresh_from_db()
    assert open_proposal.title == "Tab one"
    assert open_proposal.version == 2


def test_two_tabs_editing_an_idea_lose_nothing(client, open_proposal, user):
    client.force_login(user)
    url = reverse("proposals:proposal-update", args=[open_proposal.pk])
    # given two tabs opened the edit form of the same version
    tab_one = _hidden_version(client.get(url).text)
    tab_two = _hidden_version(client.get(url).text)
    assert tab_one == tab_two == 1

    # when the first tab saves, then the second
    first = client.post(
        url, _edit_data(open_proposal, title="Title from tab one", version=tab_one)
    )
    assert first.status_code == 302
    second = client.post(
        url,
        _edit_data(open_proposal, summary="Summary from tab two", version=tab_two),
    )

    # then the second save is refused, showing its own text and the current one
    assert second.status_code == 409
    page = second.text
    assert "Summary from tab two" in page  # yours, still in the form
    assert "Title from tab one" in page  # the current text
    assert second.context["current"].title == "Title from tab one"
    open_proposal.refresh_from_db()
    assert open_proposal.title == "Title from tab one"
    assert open_proposal.summary != "Summary from tab two"

    # and saving the merged text from that page is accepted
    merged = client.post(
        url,
        _edit_data(
            open_proposal,
            title="Title from tab one",
            summary="Summary from tab two",
            version=_hidden_version(page),
        ),
    )
    assert merged.status_code == 302
    open_proposal.refresh_from_db()
    assert (open_proposal.title, open_proposal.summary) == (
        "Title from tab one",
        "Summary from tab two",
    )


def test_a_stale_comment_edit_is_refused_by_the_service(open_proposal, user2):
    comment = comment_create(proposal=open_proposal, author=user2, body="Frist")
    comment_edit(comment=comment, actor=user2, body="First", version=1)
    with pytest.raises(StaleEdit) as refusal:
        comment_edit(comment=comment, actor=user2, body="Fist", version=1)
    assert refusal.value.current.body == "First"
    comment.refresh_from_db()
    assert comment.body == "First"


def test_two_tabs_editing_a_comment_lose_nothing(client, open_proposal, user2):
    comment = comment_create(proposal=open_proposal, author=user2, body="Orignal")
    client.force_login(user2)
    url = reverse("proposals:comment-update", args=[comment.pk])
    tab_one = _hidden_version(client.get(url).text)
    tab_two = _hidden_version(client.get(url).text)

    assert (
        client.post(url, {"body": "Fixed in tab one", "version": tab_one}).status_code
        == 302
    )
    second = client.post(url, {"body": "Added in tab two", "version": tab_two})

    assert second.status_code == 409
    assert "Added in tab two" in second.text
    assert "Fixed in tab one" in second.text
    comment.refresh_from_db()
    assert comment.body == "Fixed in tab one"
    merged = client.post(
        url,
        {
            "body": "Fixed in tab one. Added in tab two",
            "version": _hidden_version(second.text),
        },
    )
    assert merged.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Fixed in tab one. Added in tab two"
