"""Stakeholder review in Chromium: a reviewer scores an assignment and only then sees the
other scores; staff close the round, select one idea and reject another; nothing is public
until they publish; then the proposal pages show the answers. axe-core on reviewer pages."""

import pytest
from playwright.sync_api import expect

from proposals.reviews.models import Assignment, ReviewRound, StakeholderGroup
from proposals.reviews.services.assignments import round_assign
from proposals.reviews.services.rounds import (
    round_add_proposals,
    round_add_reviewer,
    round_open,
)
from tests.reviews.conftest import submit
from tests.reviews.factories import (
    InReviewProposalFactory,
    ReviewerFactory,
    ReviewRoundFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accept_dialogs(page):
    # The final submission asks for confirmation (static/js/reviews.js).
    page.on("dialog", lambda dialog: dialog.accept())
    return page


@pytest.fixture
def review_setup(staff_user):
    demo_reviewer = ReviewerFactory(
        email="reviewer@example.org", display_name="이검토", reviewer_group="expert"
    )
    official = ReviewerFactory(display_name="정공무", reviewer_group="official")
    citizen = ReviewerFactory(display_name="오시민", reviewer_group="citizen")
    chosen = InReviewProposalFactory(title="지하철역 무더위 쉼터")
    declined = InReviewProposalFactory(title="모든 도로 지하화")
    review_round = ReviewRoundFactory(name="2026 심사", budget_cap=100_000_000)
    round_add_proposals(
        review_round=review_round, proposals=[chosen, declined], actor=staff_user
    )
    for person, group in [
        (demo_reviewer, StakeholderGroup.EXPERT),
        (official, StakeholderGroup.OFFICIAL),
        (citizen, StakeholderGroup.CITIZEN),
    ]:
        round_add_reviewer(
            review_round=review_round, reviewer=person, group=group, actor=staff_user
        )
    round_assign(review_round=review_round, actor=staff_user)
    round_open(review_round=review_round, actor=staff_user)
    for assignment in (
        Assignment.objects.filter(round=review_round, proposal=chosen)
        .exclude(reviewer=demo_reviewer)
        .select_related("round", "reviewer")
    ):
        submit(assignment, 3, urgency=5)
    return review_round, demo_reviewer, chosen, declined


def test_review_select_reject_publish(
    new_context, axe, staff_user, review_setup, signed_in_page
):
    review_round, demo_reviewer, chosen, declined = review_setup
    mine = Assignment.objects.get(
        round=review_round, proposal=chosen, reviewer=demo_reviewer
    )

    # The reviewer's dashboard lists the assignment with its progress and deadline.
    reviewer = accept_dialogs(signed_in_page(demo_reviewer))
    reviewer.goto("/review/")
    axe(reviewer, "review dashboard")
    expect(reviewer.locator("main")).to_contain_text(chosen.title)
    expect(reviewer.locator("progress.review-progress")).to_have_count(1)
    reviewer.locator(f'a[href="/review/assignments/{mine.pk}/"]').click()
    reviewer.wait_for_url(f"**/review/assignments/{mine.pk}/")
    axe(reviewer, "scoring page")

    # Before submitting: no other scores, only the notice.
    others = reviewer.get_by_test_id("other-reviews")
    expect(others.locator("table")).to_have_count(0)
    # Blind by default: the author is not named.
    expect(reviewer.get_by_test_id("review-author")).to_have_count(0)

    # A draft first (one criterion), then the full submission.
    criteria = list(review_round.criteria.all())
    reviewer.check(f"#id_criterion_{criteria[0].pk}_4")
    reviewer.locator('button[name="save"]').click()
    reviewer.wait_for_url(f"**/review/assignments/{mine.pk}/")
    expect(reviewer.locator(f"#id_criterion_{criteria[0].pk}_4")).to_be_checked()
    expect(others.locator("table")).to_have_count(0)
    for criterion in criteria[1:]:
        reviewer.locator(f'label[for="id_criterion_{criterion.pk}_5"]').click()
    reviewer.locator('button[name="submit"]').click()
    reviewer.wait_for_url(f"**/review/assignments/{mine.pk}/")

    # Only now the other reviewers' scores appear.
    expect(others.locator("table tbody tr")).to_have_count(2)
    mine.refresh_from_db()
    assert mine.submitted_at is not None
    axe(reviewer, "scoring page after submission")

    # Staff close the round and decide.
    staff = accept_dialogs(signed_in_page(staff_user))
    staff.goto("/staff/reviews/")
    axe(staff, "staff: rounds")
    staff.goto(f"/staff/reviews/rounds/{review_round.pk}/")
    axe(staff, "staff: round")
    # Closing asks for confirmation on a page of its own, which changes nothing yet.
    staff.get_by_test_id("round-close").click()
    staff.wait_for_url(f"**/staff/reviews/rounds/{review_round.pk}/close/")
    expect(staff.get_by_test_id("confirm-summary")).to_be_visible()
    axe(staff, "staff: close confirmation")
    review_round.refresh_from_db()
    assert review_round.state == ReviewRound.State.OPEN
    staff.locator(
        f'form[action="/staff/reviews/rounds/{review_round.pk}/close/"] button'
    ).click()
    staff.wait_for_url(f"**/staff/reviews/rounds/{review_round.pk}/")
    expect(staff.get_by_test_id("round-state")).to_have_text(
        str(ReviewRound.State.CLOSED.label)
    )

    # Cost estimates go in on the ranking; the cap then shows what fits.
    staff.goto(f"/staff/reviews/rounds/{review_round.pk}/ranking/")
    staff.fill(f'input[name="cost_{chosen.pk}"]', "90000000")
    staff.fill(f'input[name="cost_{declined.pk}"]', "30000000")
    staff.locator('form#cost-estimates button[type="submit"]').click()
    staff.wait_for_url(f"**/staff/reviews/rounds/{review_round.pk}/ranking/")
    expect(staff.locator(f'input[name="cost_{chosen.pk}"]')).to_have_value("90000000")
    expect(staff.get_by_test_id("within-cap")).to_have_count(2)
    expect(staff.get_by_test_id("within-cap").first).to_contain_text("90,000,000")
    for idea, outcome, rationale in [
        (chosen, "selected", "역 대합실 냉방 쉼터를 올여름 설치합니다."),
        (declined, "rejected", "비용이 너무 커서 채택하지 않습니다."),
    ]:
        staff.goto(f"/staff/reviews/rounds/{review_round.pk}/ranking/")
        staff.locator(
            f'a[href="/staff/reviews/rounds/{review_round.pk}/decisions/{idea.pk}/"]'
        ).click()
        axe(staff, "staff: decision")
        staff.check(f'input[name="outcome"][value="{outcome}"]')
        staff.fill('textarea[name="rationale"]', rationale)
        if outcome == "selected":
            staff.fill('input[name="department"]', "도시기반시설본부")
            staff.fill('input[name="budget"]', "120000000")
        staff.locator("main form button[type=submit]").click()
        staff.wait_for_url(f"**/staff/reviews/rounds/{review_round.pk}/ranking/")
    # The selected budget (120 million) is over the cap (100 million): a clear warning.
    expect(staff.get_by_test_id("budget-warning")).to_be_visible()
    expect(staff.get_by_test_id("budget-warning")).to_contain_text("20,000,000")
    axe(staff, "staff: ranking")

    # Nothing is public yet.
    visitor = new_context().new_page()
    visitor.goto(chosen.get_absolute_url())
    expect(visitor.get_by_test_id("answer-due")).to_be_visible()
    expect(visitor.get_by_test_id("answer-rationale")).to_have_count(0)
    expect(visitor.locator("main")).not_to_contain_text("역 대합실 냉방 쉼터를 올여름")

    # Publish, after its confirmation page: the answers appear on the proposal pages.
    staff.goto(f"/staff/reviews/rounds/{review_round.pk}/")
    staff.get_by_test_id("round-publish").click()
    staff.wait_for_url(f"**/staff/reviews/rounds/{review_round.pk}/publish/")
    expect(staff.get_by_test_id("confirm-summary")).to_be_visible()
    expect(staff.get_by_test_id("budget-warning")).to_be_visible()
    axe(staff, "staff: publish confirmation")
    visitor.goto(chosen.get_absolute_url())
    expect(visitor.get_by_test_id("answer-rationale")).to_have_count(0)
    staff.locator(
        f'form[action="/staff/reviews/rounds/{review_round.pk}/publish/"] button'
    ).click()
    staff.wait_for_url(f"**/staff/reviews/rounds/{review_round.pk}/")
    expect(staff.get_by_test_id("round-state")).to_have_text(
        str(ReviewRound.State.PUBLISHED.label)
    )

    visitor.goto(chosen.get_absolute_url())
    expect(visitor.get_by_test_id("answer-rationale")).to_contain_text(
        "역 대합실 냉방 쉼터를 올여름 설치합니다."
    )
    expect(visitor.get_by_test_id("answer-area")).to_contain_text("도시기반시설본부")
    expect(visitor.get_by_test_id("answer-due")).to_have_count(0)
    visitor.goto(declined.get_absolute_url())
    expect(visitor.get_by_test_id("answer-rationale")).to_contain_text(
        "비용이 너무 커서 채택하지 않습니다."
    )
    axe(visitor, "proposal page with its answer")
    visitor.goto("/implemented/")
    expect(visitor.locator("main")).to_contain_text(chosen.title)
    axe(visitor, "realised ideas")
