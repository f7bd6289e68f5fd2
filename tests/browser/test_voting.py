"""A verified citizen agrees and retracts; another citizen sees the new count."""

import re

import pytest
from playwright.sync_api import expect

from tests.proposals.factories import ProposalFactory
from voting.models import Vote

pytestmark = pytest.mark.django_db(transaction=True)


def check_area_accessibility(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context="#agreement")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]
    assert not bad, "\n".join(bad)


def test_agree_see_progress_retract_and_another_citizen_sees_it(
    signed_in_page, user_factory
):
    proposal = ProposalFactory(threshold=4, author=user_factory())
    citizen, other = user_factory(), user_factory()
    page = signed_in_page(citizen)

    page.goto(proposal.get_absolute_url())
    area = page.get_by_test_id("agreement-area")
    expect(area.get_by_test_id("vote-count")).to_have_text("0")
    expect(area.get_by_test_id("vote-progress")).to_have_attribute("value", "0")
    check_area_accessibility(page)

    area.get_by_test_id("agree-button").click()

    expect(area.get_by_test_id("vote-count")).to_have_text("1")
    expect(area.get_by_test_id("vote-progress")).to_have_attribute("value", "25")
    expect(area.get_by_test_id("agreement-mine")).to_be_visible()
    expect(area.get_by_test_id("receipt-code")).to_have_text(
        re.compile(r"^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$")
    )
    # The swapped-in message takes the focus, so it is read out; Tab reaches the button.
    expect(area.get_by_test_id("agreement-feedback")).to_be_focused()
    assert Vote.objects.filter(proposal=proposal, user=citizen).count() == 1
    check_area_accessibility(page)

    # Another citizen, in another browser session, sees the new count.
    other_page = signed_in_page(other)
    other_page.goto(proposal.get_absolute_url())
    expect(other_page.get_by_test_id("vote-count")).to_have_text("1")
    expect(other_page.get_by_test_id("agree-button")).to_be_visible()

    area.get_by_test_id("retract-button").click()

    expect(area.get_by_test_id("vote-count")).to_have_text("0")
    expect(area.get_by_test_id("vote-progress")).to_have_attribute("value", "0")
    expect(area.get_by_test_id("agree-button")).to_be_visible()
    assert not Vote.objects.filter(user=citizen).exists()
    other_page.reload()
    expect(other_page.get_by_test_id("vote-count")).to_have_text("0")


def test_agreeing_works_without_javascript(signed_in_page, user_factory):
    proposal = ProposalFactory(threshold=4, author=user_factory())
    citizen = user_factory()
    page = signed_in_page(citizen, java_script_enabled=False)

    page.goto(proposal.get_absolute_url())
    page.get_by_test_id("agree-button").click()

    expect(page).to_have_url(re.compile(rf"/proposals/{proposal.pk}/"))
    expect(page.get_by_test_id("vote-count")).to_have_text("1")
    expect(page.get_by_test_id("agreement-mine")).to_be_visible()
