import pytest
from django.urls import reverse

from oasis.core.errors import Conflict, NotAllowed
from oasis.core.models import AuditEvent
from oasis.notifications.models import Notification
from proposals.models import Proposal, Report
from proposals.services import comment_create, moderation_unhide, report_create
from tests.accounts.factories import UserFactory
from tests.notifications.dispatching import fan_out_pending

pytestmark = pytest.mark.django_db


def test_three_reports_from_different_people_hide_a_comment(open_proposal, user2):
    comment = comment_create(proposal=open_proposal, author=user2, body="Spam spam")
    reporters = UserFactory.create_batch(3)
    report_create(reporter=reporters[0], reason="spam", comment=comment)
    report_create(reporter=reporters[1], reason="abuse", comment=comment)
    comment.refresh_from_db()
    assert not comment.is_hidden
    report_create(reporter=reporters[2], reason="spam", comment=comment)
    comment.refresh_from_db()
    assert comment.is_hidden
    open_proposal.refresh_from_db()
    assert open_proposal.comment_count == 0
    assert AuditEvent.objects.get(action="moderation.auto_hide").actor is None


def test_one_person_reports_once(open_proposal, user, user2):
    comment = comment_create(proposal=open_proposal, author=user2, body="Hm")
    report_create(reporter=user, reason="spam", comment=comment)
    with pytest.raises(Conflict):
        report_create(reporter=user, reason="spam", comment=comment)
    assert Report.objects.count() == 1


def test_nobody_reports_their_own_content(open_proposal, user):
    with pytest.raises(NotAllowed):
        report_create(reporter=user, reason="spam", proposal=open_proposal)


def test_report_page(client, open_proposal, user2):
    client.force_login(user2)
    url = reverse("proposals:proposal-report", args=[open_proposal.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "off_topic", "details": "Not Seoul"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.proposal, report.reason, report.details) == (
        open_proposal,
        "off_topic",
        "Not Seoul",
    )
    assert client.post(url, {"reason": "nonsense"}).status_code == 200
    assert Report.objects.count() == 1


def test_report_queue_in_the_admin(client, open_proposal, user2, staff_user):
    comment = comment_create(proposal=open_proposal, author=user2, body="Bad")
    reporters = UserFactory.create_batch(3)
    for reporter in reporters:
        report_create(reporter=reporter, reason="abuse", comment=comment)
    report_create(reporter=reporters[0], reason="spam", proposal=open_proposal)
    client.force_login(staff_user)
    queue = client.get("/admin/proposals/report/")
    assert queue.status_code == 200
    assert len(queue.context["cl"].result_list) == 4
    # dismissing the comment's reports restores the comment (staff decided)
    ids = list(Report.objects.filter(comment=comment).values_list("pk", flat=True))
    client.post(
        "/admin/proposals/report/",
        {"action": "dismiss_reports", "_selected_action": ids, "apply": "1"},
    )
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert not Report.objects.filter(comment=comment, status="open").exists()
    # upholding the proposal report hides the proposal, audited
    report = Report.objects.get(proposal=open_proposal)
    client.post(
        "/admin/proposals/report/",
        {"action": "uphold_reports", "_selected_action": [report.pk], "apply": "1"},
    )
    open_proposal.refresh_from_db()
    assert open_proposal.is_hidden
    assert AuditEvent.objects.filter(action="moderation.hide").exists()


@pytest.fixture(params=["proposal", "comment"])
def reported(request, open_proposal, user2):
    """An idea or a comment that people will report, as report_create's keyword."""
    if request.param == "proposal":
        return {"proposal": open_proposal}
    comment = comment_create(proposal=open_proposal, author=user2, body="Spam spam")
    return {"comment": comment}


def test_three_distinct_reports_hide_an_idea_or_a_comment_audited_and_staff_told(
    reported, staff_user, django_capture_on_commit_callbacks
):
    # given two people reported it, it is still visible
    (target,) = reported.values()
    reporters = UserFactory.create_batch(3)
    report_create(reporter=reporters[0], reason="spam", **reported)
    report_create(reporter=reporters[1], reason="abuse", **reported)
    target.refresh_from_db()
    assert not target.is_hidden
    fan_out_pending()
    assert not Notification.objects.filter(event="moderation.auto_hidden").exists()

    # when a third person reports it
    report_create(reporter=reporters[2], reason="spam", **reported)

    # then it is hidden until staff decide, audited, and staff are told (only staff)
    target.refresh_from_db()
    assert target.is_hidden
    audit = AuditEvent.objects.get(action="moderation.auto_hide")
    assert audit.actor is None
    assert audit.after == {"is_hidden": True, "reports": 3}
    fan_out_pending()
    told = Notification.objects.filter(event="moderation.auto_hidden")
    assert list(told.values_list("recipient", flat=True)) == [staff_user.pk]
    # and it is reversible: staff restore it, the open reports are dismissed
    moderation_unhide(target=target, actor=staff_user, reason="Reports unfounded")
    target.refresh_from_db()
    assert not target.is_hidden
    assert not Report.objects.filter(status=Report.Status.OPEN).exists()


def test_an_auto_hidden_idea_leaves_the_public_list(client, open_proposal):
    for reporter in UserFactory.create_batch(3):
        report_create(reporter=reporter, reason="spam", proposal=open_proposal)

    assert (
        open_proposal.title
        not in client.get(reverse("proposals:proposal-list")).content.decode()
    )
    assert not Proposal.objects.listed().filter(pk=open_proposal.pk).exists()


def test_the_same_person_reporting_three_times_hides_nothing(open_proposal, user2):
    report_create(reporter=user2, reason="spam", proposal=open_proposal)
    with pytest.raises(Conflict):
        report_create(reporter=user2, reason="spam", proposal=open_proposal)
    open_proposal.refresh_from_db()
    assert not open_proposal.is_hidden
