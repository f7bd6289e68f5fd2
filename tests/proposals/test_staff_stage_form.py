"""Staff's stage form offers only the moves staff make by hand: review outcomes come from
publishing a round, and only the author withdraws."""

import pytest

from proposals.models import Stage, StageChange

pytestmark = pytest.mark.django_db


def stage_url(proposal) -> str:
    return f"/proposals/{proposal.pk}/stage/"


@pytest.mark.parametrize(
    ("stage", "offered", "not_offered"),
    [
        (Stage.OPEN, {"in_review", "archived"}, {"withdrawn"}),
        (Stage.IN_REVIEW, set(), {"selected", "rejected", "deferred"}),
        (Stage.SELECTED, {"planning"}, set()),
    ],
)
def test_the_form_offers_only_staff_moves(
    client, staff_user, proposal_factory, stage, offered, not_offered
):
    proposal = proposal_factory(stage=stage)
    client.force_login(staff_user)

    html = client.get(stage_url(proposal)).content.decode()

    for value in offered:
        assert f'value="{value}"' in html
    for value in not_offered:
        assert f'value="{value}"' not in html


def test_posting_a_review_outcome_changes_nothing(client, staff_user, proposal_factory):
    proposal = proposal_factory(stage=Stage.IN_REVIEW)
    client.force_login(staff_user)

    response = client.post(stage_url(proposal), {"to": "selected", "reason": "x"})

    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.stage == Stage.IN_REVIEW
    assert not StageChange.objects.filter(proposal=proposal).exists()


def test_staff_cannot_withdraw_a_citizens_idea(client, staff_user, proposal_factory):
    proposal = proposal_factory(stage=Stage.OPEN)
    client.force_login(staff_user)

    client.post(stage_url(proposal), {"to": "withdrawn", "reason": "x"})

    proposal.refresh_from_db()
    assert proposal.stage == Stage.OPEN
