"""The admin: every model is there; actions go through the services (audited)."""

import pytest

from oasis.core.models import AuditEvent
from proposals.models import Stage, StageChange
from proposals.services import comment_create

pytestmark = pytest.mark.django_db

MODELS = [
    "category",
    "proposal",
    "comment",
    "report",
    "stagechange",
    "proposalversion",
    "proposalimage",
    "follow",
    "commenthelpful",
]


@pytest.mark.parametrize("model", MODELS)
def test_changelists_render(admin_client_staff, model, open_proposal):
    response = admin_client_staff.get(f"/admin/proposals/{model}/")
    assert response.status_code == 200


def test_proposal_change_page(admin_client_staff, open_proposal):
    response = admin_client_staff.get(
        f"/admin/proposals/proposal/{open_proposal.pk}/change/"
    )
    assert response.status_code == 200


@pytest.fixture
def admin_client_staff(client, staff_user):
    client.force_login(staff_user)
    return client


def test_stage_action_asks_for_a_reason_then_uses_the_service(
    admin_client_staff, proposal_factory, staff_user
):
    proposal = proposal_factory(stage=Stage.OPEN, vote_count=1, threshold=50)
    data = {"action": "change_stage", "_selected_action": [proposal.pk]}
    page = admin_client_staff.post("/admin/proposals/proposal/", data)
    assert page.status_code == 200
    assert 'name="reason"' in page.text
    admin_client_staff.post(
        "/admin/proposals/proposal/",
        {**data, "apply": "1", "to": "in_review", "reason": "Agenda panel: urgent"},
    )
    proposal.refresh_from_db()
    assert proposal.stage == Stage.IN_REVIEW
    change = StageChange.objects.get()
    assert (change.actor, change.reason) == (staff_user, "Agenda panel: urgent")
    # an invalid move is refused with a message and changes nothing
    response = admin_client_staff.post(
        "/admin/proposals/proposal/",
        {**data, "apply": "1", "to": "completed", "reason": ""},
        follow=True,
    )
    proposal.refresh_from_db()
    assert proposal.stage == Stage.IN_REVIEW
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_hide_and_unhide_comments_from_the_admin(
    admin_client_staff, open_proposal, user2
):
    comment = comment_create(proposal=open_proposal, author=user2, body="Nasty")
    admin_client_staff.post(
        "/admin/proposals/comment/",
        {
            "action": "hide",
            "_selected_action": [comment.pk],
            "apply": "1",
            "reason": "Insults",
        },
    )
    comment.refresh_from_db()
    assert (comment.is_hidden, comment.hidden_reason) == (True, "Insults")
    admin_client_staff.post(
        "/admin/proposals/comment/",
        {"action": "unhide", "_selected_action": [comment.pk]},
    )
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert list(
        AuditEvent.objects.filter(target_id=str(comment.pk))
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["moderation.hide", "moderation.unhide"]


def test_citizens_have_no_admin(client, user):
    client.force_login(user)
    assert client.get("/admin/proposals/proposal/").status_code == 302
