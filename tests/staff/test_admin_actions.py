"""The admin console: every action runs through its service, so each leaves an audit entry,
and those that move a stage leave a StageChange; stages and counters are not editable."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from kiosks import services as kiosk_services
from kiosks.models import Kiosk
from oasis.accounts.models import REVIEWERS_GROUP
from oasis.core.models import AuditEvent, District
from oasis.notifications.models import Delivery
from proposals.implementation.models import InterimAnswer
from proposals.models import Category, Proposal, Report, Stage, StageChange
from proposals.reviews.models import Decision, ReviewerProfile, ReviewRound
from proposals.reviews.services.assignments import round_assign
from proposals.reviews.services.decisions import decision_record
from proposals.reviews.services.rounds import (
    round_add_proposals,
    round_add_reviewer,
    round_close,
    round_open,
)
from tests.reviews.conftest import GROUPS, submit
from tests.voting.factories import add_votes

pytestmark = pytest.mark.django_db

PROPOSALS = "/admin/proposals/proposal/"
USERS = "/admin/accounts/user/"


def actions(**filters) -> list[str]:
    return list(
        AuditEvent.objects.filter(**filters)
        .order_by("id")
        .values_list("action", flat=True)
    )


def run(client, url, action, objects, *, confirm=False, **form):
    """Choose an action; with form data or `confirm`, confirm it on the intermediate
    page too."""
    data = {"action": action, "_selected_action": [obj.pk for obj in objects]}
    if form or confirm:
        page = client.post(url, data)
        assert page.status_code == 200, "an intermediate page asks first"
        data |= {"apply": "1", **form}
    return client.post(url, data, follow=True)


def errors(response) -> list[str]:
    return [str(m) for m in response.context["messages"] if m.level_tag == "error"]


# --- Proposals -----------------------------------------------------------------------


def test_advance_a_below_threshold_idea_with_a_public_reason(
    staff_client, staff_user, proposal_factory
):
    idea = proposal_factory(stage=Stage.OPEN)
    add_votes(idea, 2)

    run(staff_client, PROPOSALS, "advance_to_review", [idea], reason="Urgent: floods")

    idea.refresh_from_db()
    change = StageChange.objects.get(proposal=idea)
    assert idea.stage == Stage.IN_REVIEW
    assert (change.to_stage, change.actor, change.reason) == (
        Stage.IN_REVIEW,
        staff_user,
        "Urgent: floods",
    )
    assert actions(target_id=str(idea.pk)) == [
        "proposal.transition",
        "voting.advance_below_threshold",
    ]


def test_advance_needs_a_reason(staff_client, proposal_factory):
    idea = proposal_factory(stage=Stage.OPEN)

    page = staff_client.post(
        PROPOSALS,
        {
            "action": "advance_to_review",
            "_selected_action": [idea.pk],
            "apply": "1",
            "reason": "",
        },
    )

    assert page.status_code == 200  # the form again, with its error
    idea.refresh_from_db()
    assert idea.stage == Stage.OPEN
    assert not AuditEvent.objects.exists()


def test_archive_an_open_idea(staff_client, staff_user, proposal_factory):
    idea = proposal_factory(stage=Stage.OPEN)

    run(staff_client, PROPOSALS, "archive", [idea], reason="Duplicate of #12")

    idea.refresh_from_db()
    assert idea.stage == Stage.ARCHIVED
    assert StageChange.objects.get(proposal=idea).reason == "Duplicate of #12"
    assert actions(target_id=str(idea.pk)) == ["proposal.transition"]


def test_archive_is_refused_where_the_lifecycle_forbids_it(
    staff_client, proposal_factory
):
    idea = proposal_factory(stage=Stage.COMPLETED)

    response = run(staff_client, PROPOSALS, "archive", [idea], reason="Tidy up")

    assert errors(response)
    idea.refresh_from_db()
    assert idea.stage == Stage.COMPLETED
    assert not StageChange.objects.exists()
    assert not AuditEvent.objects.exists()


def test_hide_and_unhide_an_idea_with_reasons(
    staff_client, proposal_factory, user_factory
):
    idea = proposal_factory(stage=Stage.OPEN)
    Report.objects.create(proposal=idea, reporter=user_factory(), reason="spam")

    run(staff_client, PROPOSALS, "hide", [idea], reason="Advertising")
    idea.refresh_from_db()
    assert (idea.is_hidden, idea.hidden_reason) == (True, "Advertising")
    assert Report.objects.get().status == Report.Status.UPHELD

    run(staff_client, PROPOSALS, "unhide_with_reason", [idea], reason="Appeal upheld")
    idea.refresh_from_db()
    assert not idea.is_hidden
    assert actions(target_id=str(idea.pk)) == ["moderation.hide", "moderation.unhide"]
    assert AuditEvent.objects.get(action="moderation.unhide").after["reason"] == (
        "Appeal upheld"
    )


def test_publish_an_interim_answer(staff_client, staff_user, in_review_proposal):
    run(
        staff_client,
        PROPOSALS,
        "publish_interim_answer",
        [in_review_proposal],
        text="The department is studying the cost.",
    )

    answer = InterimAnswer.objects.get(proposal=in_review_proposal)
    assert answer.author == staff_user
    assert actions(target_id=str(in_review_proposal.pk)) == [
        "implementation.interim_answer_published"
    ]


def test_review_outcomes_cannot_be_set_by_hand(staff_client, in_review_proposal):
    response = run(
        staff_client,
        PROPOSALS,
        "change_stage",
        [in_review_proposal],
        to="selected",
        reason="Because",
    )

    assert errors(response)
    in_review_proposal.refresh_from_db()
    assert in_review_proposal.stage == Stage.IN_REVIEW
    assert not StageChange.objects.exists()


def test_other_moves_go_through_the_lifecycle(staff_client, proposal_factory):
    idea = proposal_factory(stage=Stage.ASSESSMENT)

    run(staff_client, PROPOSALS, "change_stage", [idea], to="completed", reason="")

    idea.refresh_from_db()
    assert idea.stage == Stage.COMPLETED
    assert StageChange.objects.filter(proposal=idea, to_stage="completed").exists()
    assert actions(target_id=str(idea.pk)) == ["proposal.transition"]


def test_stage_and_counters_are_read_only(staff_client, proposal_factory, category):
    idea = proposal_factory(stage=Stage.OPEN, vote_count=3)
    url = f"{PROPOSALS}{idea.pk}/change/"
    page = staff_client.get(url).text
    for field in ("stage", "vote_count", "comment_count", "is_hidden", "title"):
        assert f'name="{field}"' not in page

    response = staff_client.post(
        url,
        {
            "category": category.pk,
            "district": idea.district_id,
            "stage": "completed",
            "vote_count": "999",
            "title": "Rewritten by staff",
            **inline_management_forms(),
        },
    )

    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.stage, idea.vote_count, idea.category) == (Stage.OPEN, 3, category)
    assert idea.title != "Rewritten by staff"
    event = AuditEvent.objects.get(target_id=str(idea.pk))
    assert event.action == "proposals.proposal.change"
    assert event.after == {"category": category.pk}


def inline_management_forms() -> dict[str, str]:
    data = {}
    for prefix in ("images", "stage_changes", "versions"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def test_proposals_cannot_be_added_or_deleted(staff_client, proposal_factory):
    idea = proposal_factory()
    assert staff_client.get(f"{PROPOSALS}add/").status_code == 403
    assert staff_client.get(f"{PROPOSALS}{idea.pk}/delete/").status_code == 403
    actions_offered = staff_client.get(PROPOSALS).context["action_form"]
    assert "delete_selected" not in dict(actions_offered.fields["action"].choices)


def test_filters_reported_and_overdue(staff_client, proposal_factory, user_factory):
    reported = proposal_factory(title="Benches")
    Report.objects.create(proposal=reported, reporter=user_factory(), reason="spam")
    overdue = proposal_factory(
        title="Shade",
        stage=Stage.IN_REVIEW,
        in_review_at=timezone.now() - timedelta(days=45),
    )
    proposal_factory(title="Trees", stage=Stage.IN_REVIEW, in_review_at=timezone.now())

    def listed(**params):
        return list(staff_client.get(PROPOSALS, params).context["cl"].result_list)

    assert listed(reported="yes") == [reported]
    assert listed(overdue="yes") == [overdue]
    assert listed(q=str(reported.pk)) == [reported]


def test_change_page_links_to_the_answer_pages(staff_client, in_review_proposal):
    page = staff_client.get(f"{PROPOSALS}{in_review_proposal.pk}/change/").text

    assert f"/staff/reviews/proposals/{in_review_proposal.pk}/interim/" in page
    assert f"/staff/reviews/proposals/{in_review_proposal.pk}/implementation/" in page


def test_categories_with_thresholds_and_windows_are_audited(staff_client, category):
    url = f"/admin/proposals/category/{category.pk}/change/"
    staff_client.post(
        url,
        {
            "name_ko": category.name_ko,
            "name_en": category.name_en,
            "slug": category.slug,
            "colour": category.colour,
            "threshold": "120",
            "window_days": "45",
            "position": "0",
            "is_active": "on",
        },
    )

    category.refresh_from_db()
    event = AuditEvent.objects.get(target_type="proposals.category")
    assert (category.threshold, category.window_days) == (120, 45)
    assert event.action == "proposals.category.change"
    assert event.before == {"threshold": 50, "window_days": 30}
    assert event.after == {"threshold": 120, "window_days": 45}


def test_reports_are_upheld_and_dismissed_through_the_services(
    staff_client, proposal_factory, user_factory
):
    spam, fine = proposal_factory(), proposal_factory()
    upheld = Report.objects.create(
        proposal=spam, reporter=user_factory(), reason="spam"
    )
    dismissed = Report.objects.create(
        proposal=fine, reporter=user_factory(), reason="abuse"
    )

    run(
        staff_client,
        "/admin/proposals/report/",
        "uphold_reports",
        [upheld],
        confirm=True,
    )
    run(
        staff_client,
        "/admin/proposals/report/",
        "dismiss_reports",
        [dismissed],
        confirm=True,
    )

    assert actions(target_id=str(spam.pk)) == ["moderation.hide"]
    assert actions(target_type="proposals.report") == ["moderation.report_dismiss"]


# --- People and roles ----------------------------------------------------------------


def test_grant_and_revoke_the_reviewer_role(staff_client, user):
    run(
        staff_client,
        USERS,
        "grant_reviewer_role",
        [user],
        default_group="expert",
        organisation="Seoul Institute",
    )

    profile = ReviewerProfile.objects.get(user=user)
    assert (profile.default_group, profile.organisation) == (
        "expert",
        "Seoul Institute",
    )
    assert user.groups.filter(name=REVIEWERS_GROUP).exists()

    run(staff_client, USERS, "revoke_reviewer_role", [user], confirm=True)

    assert not user.groups.filter(name=REVIEWERS_GROUP).exists()
    assert not ReviewerProfile.objects.filter(user=user).exists()
    assert actions(target_type="accounts.user", target_id=str(user.pk)) == [
        "staff.reviewer_role_grant",
        "staff.reviewer_role_revoke",
    ]
    assert actions(action="reviews.reviewer_profile_set") == [
        "reviews.reviewer_profile_set"
    ]


def test_the_reviewer_profile_admin_revokes_through_the_service(staff_client, reviewer):
    profile = ReviewerProfile.objects.get(user=reviewer)

    run(
        staff_client,
        "/admin/reviews/reviewerprofile/",
        "revoke_reviewer_role",
        [profile],
        confirm=True,
    )

    assert not reviewer.groups.filter(name=REVIEWERS_GROUP).exists()
    assert actions() == ["staff.reviewer_role_revoke"]


def test_superusers_grant_and_revoke_staff(staff_client, staff_user, user):
    run(staff_client, USERS, "grant_staff_role", [user])
    user.refresh_from_db()
    assert user.is_staff

    run(staff_client, USERS, "revoke_staff_role", [user])
    user.refresh_from_db()
    assert not user.is_staff
    assert actions(target_id=str(user.pk)) == [
        "staff.staff_role_grant",
        "staff.staff_role_revoke",
    ]

    response = run(staff_client, USERS, "revoke_staff_role", [staff_user])
    assert errors(response)  # not one's own
    staff_user.refresh_from_db()
    assert staff_user.is_staff


def test_staff_without_superuser_rights_cannot_make_staff(client, plain_staff, user):
    plain_staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    client.force_login(plain_staff)

    choices = dict(client.get(USERS).context["action_form"].fields["action"].choices)

    assert "grant_reviewer_role" in choices
    assert "grant_staff_role" not in choices


def test_roles_are_not_edited_in_the_form(staff_client, user):
    page = staff_client.get(f"{USERS}{user.pk}/change/").text

    for field in ("is_staff", "is_superuser", "groups", "user_permissions"):
        assert f'name="{field}"' not in page


def test_filter_people_by_role(staff_client, staff_user, user, reviewer):
    def listed(role):
        return set(staff_client.get(USERS, {"role": role}).context["cl"].result_list)

    assert listed("reviewer") == {reviewer}
    assert listed("staff") == {staff_user}
    assert user in listed("citizen")
    assert reviewer not in listed("citizen")
    page = staff_client.get(USERS, {"role": "reviewer"}, HTTP_ACCEPT_LANGUAGE="en").text
    assert "Reviewer (Expert)" in page


def test_user_edits_are_audited_without_secrets(staff_client, user):
    staff_client.post(
        f"{USERS}{user.pk}/change/",
        {
            "email": user.email,
            "display_name": "New name",
            "preferred_language": "ko",
            "is_active": "on",
        },
    )

    event = AuditEvent.objects.get(target_type="accounts.user")
    assert event.action == "accounts.user.change"
    assert event.after == {"display_name": "New name"}


# --- Review rounds -------------------------------------------------------------------


def test_round_actions_open_close_and_publish_through_the_services(
    staff_client, staff_user, panel_round
):
    review_round, ideas, _people = panel_round(state=ReviewRound.State.DRAFT)
    url = "/admin/reviews/reviewround/"

    run(staff_client, url, "open_rounds", [review_round], confirm=True)
    for assignment in review_round.assignments.select_related("round", "reviewer"):
        submit(assignment)
    run(staff_client, url, "close_rounds", [review_round], confirm=True)
    for idea, outcome in zip(ideas, ["selected", "rejected"], strict=True):
        decision_record(
            review_round=review_round,
            proposal=idea,
            actor=staff_user,
            outcome=outcome,
            rationale="Scored well" if outcome == "selected" else "Too costly",
            department="Transport" if outcome == "selected" else "",
        )
    run(staff_client, url, "publish_rounds", [review_round], confirm=True)

    review_round.refresh_from_db()
    assert review_round.state == ReviewRound.State.PUBLISHED
    for idea, outcome in zip(ideas, ["selected", "rejected"], strict=True):
        idea.refresh_from_db()
        assert idea.stage == outcome
        assert StageChange.objects.filter(proposal=idea, to_stage=outcome).exists()
    assert Decision.objects.filter(published_at__isnull=False).count() == 2
    round_actions = actions(target_type="reviews.reviewround")
    for action in ("reviews.round_opened", "reviews.round_closed"):
        assert action in round_actions
    assert round_actions[-1] == "reviews.round_published"
    assert actions(action="proposal.transition", actor=staff_user) == [
        "proposal.transition",
        "proposal.transition",
    ]


def test_publishing_too_early_is_refused(staff_client, panel_round):
    review_round, _ideas, _people = panel_round()

    response = run(
        staff_client,
        "/admin/reviews/reviewround/",
        "publish_rounds",
        [review_round],
        confirm=True,
    )

    assert errors(response)
    assert not StageChange.objects.filter(to_stage="selected").exists()


ROUNDS = "/admin/reviews/reviewround/"


@pytest.mark.parametrize(
    ("action", "state", "to_state", "audited"),
    [
        ("open_rounds", "draft", "open", "reviews.round_opened"),
        ("close_rounds", "open", "closed", "reviews.round_closed"),
    ],
)
def test_round_actions_ask_for_confirmation_before_changing_anything(
    staff_client, panel_round, action, state, to_state, audited
):
    # given two rounds, both selected
    rounds = [panel_round(state=state)[0] for _ in range(2)]
    data = {"action": action, "_selected_action": [r.pk for r in rounds]}

    # when the action is chosen: a confirmation page lists them, nothing changes
    page = staff_client.post(f"{ROUNDS}?state__exact={state}", data)
    assert page.status_code == 200
    html = page.content.decode()
    for review_round in rounds:
        assert f"<li>{review_round.name}</li>" in html
        review_round.refresh_from_db()
        assert review_round.state == state
    assert 'data-testid="action-apply"' in html
    assert f'href="{ROUNDS}?state__exact={state}"' in html  # cancel: back to the list
    assert not actions(action=audited)

    # when it is confirmed: applied through the service, with its audit entry
    response = staff_client.post(ROUNDS, data | {"apply": "1"}, follow=True)
    assert not errors(response)
    for review_round in rounds:
        review_round.refresh_from_db()
        assert review_round.state == to_state
    assert actions(action=audited) == [audited, audited]
    assert sorted(
        AuditEvent.objects.filter(action=audited).values_list("target_id", flat=True)
    ) == sorted(str(r.pk) for r in rounds)


def test_publishing_a_round_waits_for_the_confirmation(
    staff_client, staff_user, panel_round
):
    review_round, ideas, _people = panel_round()
    round_close(review_round=review_round, actor=staff_user)
    for idea in ideas:
        decision_record(
            review_round=review_round,
            proposal=idea,
            actor=staff_user,
            outcome="rejected",
            rationale="Too costly",
        )
    data = {"action": "publish_rounds", "_selected_action": [review_round.pk]}

    page = staff_client.post(ROUNDS, data)
    assert page.status_code == 200
    review_round.refresh_from_db()
    assert review_round.state == ReviewRound.State.DECIDED
    assert not StageChange.objects.filter(to_stage="rejected").exists()
    assert not actions(action="reviews.round_published")

    staff_client.post(ROUNDS, data | {"apply": "1"})
    review_round.refresh_from_db()
    assert review_round.state == ReviewRound.State.PUBLISHED
    assert StageChange.objects.filter(to_stage="rejected").count() == 2
    assert actions(action="reviews.round_published") == ["reviews.round_published"]


def test_confirming_all_rounds_across_pages_covers_them_all(staff_client, panel_round):
    rounds = [panel_round(state="draft")[0] for _ in range(2)]
    data = {
        "action": "open_rounds",
        "_selected_action": [rounds[0].pk],
        "select_across": "1",
    }
    page = staff_client.post(ROUNDS, data)
    assert 'name="select_across" value="1"' in page.content.decode()

    staff_client.post(ROUNDS, data | {"apply": "1"})
    assert {r.state for r in ReviewRound.objects.all()} == {"open"}


def _enrolled_kiosk(request):
    kiosk = request.getfixturevalue("kiosk")
    staff_user = request.getfixturevalue("staff_user")
    _row, code = kiosk_services.enrollment_code_create(kiosk=kiosk, actor=staff_user)
    kiosk_services.kiosk_enroll(code=code)
    return kiosk


def _reported_idea(request, reason="spam"):
    reporter = request.getfixturevalue("user_factory")()
    idea = request.getfixturevalue("proposal_factory")()
    return Report.objects.create(proposal=idea, reporter=reporter, reason=reason)


def _is_reviewer(user) -> bool:
    return user.groups.filter(name=REVIEWERS_GROUP).exists()


# Actions that cannot be undone or that notify people: (changelist, action, selected
# object, "has it been applied?", the audit entry of the service).
CONFIRMED_ACTIONS = {
    "kiosk revoke": (
        "/admin/kiosks/kiosk/",
        "revoke",
        _enrolled_kiosk,
        lambda kiosk: Kiosk.objects.get(pk=kiosk.pk).status == "revoked",
        "kiosk.revoke",
    ),
    "reviewer role revoke (people)": (
        USERS,
        "revoke_reviewer_role",
        lambda request: request.getfixturevalue("reviewer"),
        lambda user: not _is_reviewer(user),
        "staff.reviewer_role_revoke",
    ),
    "reviewer role revoke (profiles)": (
        "/admin/reviews/reviewerprofile/",
        "revoke_reviewer_role",
        lambda request: ReviewerProfile.objects.get(
            user=request.getfixturevalue("reviewer")
        ),
        lambda profile: not _is_reviewer(profile.user),
        "staff.reviewer_role_revoke",
    ),
    "report uphold": (
        "/admin/proposals/report/",
        "uphold_reports",
        _reported_idea,
        lambda report: Proposal.objects.get(pk=report.proposal_id).is_hidden,
        "moderation.hide",
    ),
    "report dismiss": (
        "/admin/proposals/report/",
        "dismiss_reports",
        _reported_idea,
        lambda report: Report.objects.get(pk=report.pk).status == "dismissed",
        "moderation.report_dismiss",
    ),
    "delivery retry": (
        "/admin/notifications/delivery/",
        "retry",
        lambda request: request.getfixturevalue("delivery_factory")(
            status=Delivery.Status.FAILED
        ),
        lambda delivery: Delivery.objects.get(pk=delivery.pk).status == "pending",
        "notifications.deliveries_retry",
    ),
}


@pytest.mark.parametrize(
    ("url", "action", "make", "applied", "audited"),
    CONFIRMED_ACTIONS.values(),
    ids=CONFIRMED_ACTIONS.keys(),
)
def test_irreversible_actions_ask_for_confirmation_before_changing_anything(
    staff_client, request, url, action, make, applied, audited
):
    # given one selected object
    obj = make(request)
    data = {"action": action, "_selected_action": [obj.pk]}

    # when the action is chosen: a confirmation page lists it, nothing changes
    page = staff_client.post(url, data)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"<li>{obj}</li>" in html
    assert 'data-testid="action-apply"' in html
    assert f'href="{url}"' in html  # cancel: back to the list
    assert not applied(obj)
    assert not actions(action=audited)

    # when it is confirmed: applied through the service, with its audit entry
    response = staff_client.post(url, data | {"apply": "1"}, follow=True)
    assert not errors(response)
    assert applied(obj)
    assert actions(action=audited) == [audited]


@pytest.fixture
def panel_round(
    staff_user, review_round_factory, in_review_proposal_factory, reviewer_factory
):
    def make(state=ReviewRound.State.OPEN):
        review_round = review_round_factory()
        ideas = [in_review_proposal_factory() for _ in range(2)]
        round_add_proposals(
            review_round=review_round, proposals=ideas, actor=staff_user
        )
        people = [reviewer_factory() for _ in range(4)]
        for index, person in enumerate(people):
            round_add_reviewer(
                review_round=review_round,
                reviewer=person,
                group=GROUPS[index],
                actor=staff_user,
            )
        round_assign(review_round=review_round, actor=staff_user)
        if state == ReviewRound.State.OPEN:
            round_open(review_round=review_round, actor=staff_user)
        review_round.refresh_from_db()
        return review_round, ideas, people

    return make


def test_round_edits_are_audited(staff_client, review_round):
    url = f"/admin/reviews/reviewround/{review_round.pk}/change/"
    data = {
        "name": "Summer round",
        "description": "",
        "starts_on": review_round.starts_on.isoformat(),
        "ends_on": review_round.ends_on.isoformat(),
        "is_blind": "on",
        "reviewers_per_proposal": "3",
    }
    for prefix in ("criteria", "panel", "entries"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    staff_client.post(url, data)

    review_round.refresh_from_db()
    assert review_round.name == "Summer round"
    event = AuditEvent.objects.get(target_type="reviews.reviewround")
    assert event.after["name"] == "Summer round"


# --- Kiosks, deliveries, districts ---------------------------------------------------


def test_kiosk_fleet_actions_are_audited(staff_client, staff_user, kiosk):
    url = "/admin/kiosks/kiosk/"
    response = run(staff_client, url, "create_enrollment_code", [kiosk])
    message = str(next(iter(response.context["messages"])))
    code = message.split("<strong>")[1].split("</strong>")[0]
    kiosk_services.kiosk_enroll(code=code)
    run(staff_client, url, "revoke", [kiosk], confirm=True)

    assert actions(target_type="kiosks.kiosk") == [
        "kiosk.enrollment_code_create",
        "kiosk.enrol",
        "kiosk.revoke",
    ]
    kiosk.refresh_from_db()
    assert kiosk.status == "revoked"
    listed = staff_client.get(url, {"status": "revoked"}).context["cl"].result_list
    assert list(listed) == [kiosk]


def test_new_kiosks_are_audited(staff_client):
    district = District.objects.get(code="gangnam")
    staff_client.post(
        "/admin/kiosks/kiosk/add/",
        {
            "name": "Exit 5",
            "station": "강남역",
            "line": "2",
            "district": district.pk,
            "location": "",
            "screen_width": "1080",
            "screen_height": "1920",
            "is_active": "on",
            "usage-TOTAL_FORMS": "0",
            "usage-INITIAL_FORMS": "0",
            "usage-MIN_NUM_FORMS": "0",
            "usage-MAX_NUM_FORMS": "0",
        },
    )

    kiosk = Kiosk.objects.get(name="Exit 5")
    event = AuditEvent.objects.get(target_type="kiosks.kiosk")
    assert (event.action, event.target_id) == ("kiosks.kiosk.create", str(kiosk.pk))
    assert "credential_hash" not in event.after


def test_retrying_deliveries_is_audited(staff_client, delivery_factory):
    failed = delivery_factory(status=Delivery.Status.FAILED)

    run(staff_client, "/admin/notifications/delivery/", "retry", [failed], confirm=True)

    event = AuditEvent.objects.get()
    assert event.action == "notifications.deliveries_retry"
    assert event.after["deliveries"] == [failed.pk]


def test_district_tiles_are_edited_with_an_audit_entry(staff_client):
    district = District.objects.get(code="gangnam")
    staff_client.post(
        f"/admin/core/district/{district.pk}/change/",
        {
            "name_ko": district.name_ko,
            "name_en": district.name_en,
            "code": district.code,
            "tile_row": "4",
            "tile_col": district.tile_col,
        },
    )

    event = AuditEvent.objects.get()
    assert event.after == {"tile_row": 4}
    assert (
        staff_client.get(f"/admin/core/district/{district.pk}/delete/").status_code
        == 403
    )


def test_every_admin_changelist_renders(
    staff_client, proposal_factory, reviewer, kiosk
):
    proposal_factory()
    Group.objects.get_or_create(name=REVIEWERS_GROUP)
    for url in [
        PROPOSALS,
        USERS,
        f"{USERS}?role=reviewer",
        "/admin/proposals/category/",
        "/admin/reviews/reviewround/",
        "/admin/reviews/reviewerprofile/",
        "/admin/kiosks/kiosk/?status=offline",
        "/admin/core/auditevent/",
        "/admin/core/district/",
    ]:
        assert staff_client.get(url).status_code == 200, url
    assert Category.objects.exists()
    assert Proposal.objects.exists()
