import pytest
from django.urls import reverse

from oasis.core.errors import NotAllowed
from oasis.core.models import AuditEvent
from oasis.notifications.models import Notification
from proposals.models import Report
from proposals.services import comment_create, moderation_hide, moderation_unhide
from tests.notifications.dispatching import fan_out_pending

pytestmark = pytest.mark.django_db


def test_hide_a_proposal_leaves_a_public_tombstone(client, open_proposal, staff_user):
    moderation_hide(target=open_proposal, actor=staff_user, reason="Personal data")
    open_proposal.refresh_from_db()
    assert open_proposal.is_hidden
    audit = AuditEvent.objects.get(action="moderation.hide")
    assert audit.actor == staff_user
    assert audit.after["hidden_reason"] == "Personal data"
    fan_out_pending()
    assert Notification.objects.get(recipient=open_proposal.author).event == (
        "moderation.outcome"
    )
    page = client.get(open_proposal.get_absolute_url())
    assert page.status_code == 200
    assert "Personal data" in page.text
    assert open_proposal.problem not in page.text
    assert open_proposal.title not in client.get("/proposals/").text


def test_unhide_restores_and_is_audited(open_proposal, staff_user):
    moderation_hide(target=open_proposal, actor=staff_user, reason="Check")
    moderation_unhide(target=open_proposal, actor=staff_user)
    open_proposal.refresh_from_db()
    assert not open_proposal.is_hidden
    assert AuditEvent.objects.filter(action="moderation.unhide").count() == 1


def test_hide_a_comment(client, open_proposal, user2, staff_user):
    comment = comment_create(proposal=open_proposal, author=user2, body="Rude words")
    moderation_hide(target=comment, actor=staff_user, reason="Insults")
    open_proposal.refresh_from_db()
    assert open_proposal.comment_count == 0
    page = client.get(open_proposal.get_absolute_url()).text
    assert "Rude words" not in page
    assert "Insults" in page
    moderation_unhide(target=comment, actor=staff_user)
    open_proposal.refresh_from_db()
    assert open_proposal.comment_count == 1


def test_citizens_cannot_moderate(open_proposal, user2):
    with pytest.raises(NotAllowed):
        moderation_hide(target=open_proposal, actor=user2, reason="No")


def test_moderation_page(client, open_proposal, staff_user):
    client.force_login(staff_user)
    url = reverse("proposals:proposal-moderate", args=[open_proposal.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"action": "hide", "reason": "Spam"})
    open_proposal.refresh_from_db()
    assert open_proposal.is_hidden
    client.post(url, {"action": "unhide"})
    open_proposal.refresh_from_db()
    assert not open_proposal.is_hidden


def test_hiding_upholds_open_reports(open_proposal, user2, staff_user):
    from proposals.services import report_create

    report = report_create(reporter=user2, reason="spam", proposal=open_proposal)
    moderation_hide(target=open_proposal, actor=staff_user, reason="Spam")
    report.refresh_from_db()
    assert report.status == Report.Status.UPHELD
