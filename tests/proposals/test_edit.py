"""Edits are free until the first agreement, then versioned; they lock at in_review."""

import pytest
from django.urls import reverse

from oasis.core.errors import NotAllowed
from proposals.models import ProposalVersion, Stage
from proposals.services import proposal_update

pytestmark = pytest.mark.django_db


def test_edits_before_any_agreement_keep_no_version(open_proposal, user):
    proposal_update(proposal=open_proposal, actor=user, title="A better title")
    open_proposal.refresh_from_db()
    assert open_proposal.title == "A better title"
    assert not ProposalVersion.objects.exists()


def test_edits_after_the_first_agreement_keep_the_earlier_text(proposal_factory, user):
    proposal = proposal_factory(author=user, vote_count=1, title="First title")
    proposal_update(proposal=proposal, actor=user, title="Second title")
    proposal_update(proposal=proposal, actor=user, summary="New summary")
    versions = list(ProposalVersion.objects.order_by("number"))
    assert [(v.number, v.title) for v in versions] == [
        (1, "First title"),
        (2, "Second title"),
    ]
    assert versions[1].summary == "A short summary of the idea."


def test_changing_only_the_place_keeps_no_version(proposal_factory, user):
    proposal = proposal_factory(author=user, vote_count=3)
    proposal_update(proposal=proposal, actor=user, place_name="시청역")
    assert not ProposalVersion.objects.exists()


@pytest.mark.parametrize(
    "stage", [s for s in Stage if s not in {Stage.DRAFT, Stage.OPEN}]
)
def test_edits_lock_from_review_on(proposal_factory, user, stage):
    proposal = proposal_factory(author=user, stage=stage, title="Original")
    with pytest.raises(NotAllowed):
        proposal_update(proposal=proposal, actor=user, title="Changed")
    proposal.refresh_from_db()
    assert proposal.title == "Original"


def test_only_the_author_edits(open_proposal, user2):
    with pytest.raises(NotAllowed):
        proposal_update(proposal=open_proposal, actor=user2, title="Mine now")


def test_invalid_values_are_refused(open_proposal, user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        proposal_update(proposal=open_proposal, actor=user, title="")
    open_proposal.refresh_from_db()
    assert open_proposal.title


def test_edit_page(client, open_proposal, user):
    client.force_login(user)
    url = reverse("proposals:proposal-update", args=[open_proposal.pk])
    assert client.get(url).status_code == 200
    data = {
        "title": "Edited title",
        "summary": open_proposal.summary,
        "problem": open_proposal.problem,
        "solution": open_proposal.solution,
        "benefit": "",
        "category": open_proposal.category_id,
        "district": open_proposal.district_id,
        "place_name": "",
        "language": "en",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    open_proposal.refresh_from_db()
    assert open_proposal.title == "Edited title"


def test_versions_are_shown_on_the_page(client, proposal_factory, user):
    proposal = proposal_factory(author=user, vote_count=2, title="Old words")
    proposal_update(proposal=proposal, actor=user, title="New words")
    response = client.get(proposal.get_absolute_url())
    assert response.context["proposal"].version_count == 1
    assert f"/proposals/{proposal.pk}/versions/" in response.text
    response = client.get(f"/proposals/{proposal.pk}/versions/")
    assert "Old words" in response.text
    assert response.context["versions"][0].number == 1
