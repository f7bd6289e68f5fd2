"""Phone layout: a compact header with a menu, reflow at 320 px and at 200 % zoom with
no sideways scrolling, chart text of 12 px or more (WCAG 1.4.10, 1.4.4)."""

import pytest
from playwright.sync_api import expect

from oasis.opendata import services
from tests.proposals.factories import ProposalFactory
from tests.voting.factories import add_votes

pytestmark = pytest.mark.django_db(transaction=True)

OVERFLOW = (
    "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
)


@pytest.fixture
def public_pages(districts):
    idea = ProposalFactory(
        language="ko",
        title="버스 정류장에 그늘막을 설치해 주세요",
        summary="여름에 버스를 기다리기 너무 덥습니다.",
        district=districts["gangnam"],
    )
    ProposalFactory(language="ko", title="공원 벤치", district=districts["mapo"])
    add_votes(idea, 3)
    services.statistics_refresh()  # /stats/ draws its charts from the snapshot
    return [
        "/",
        "/proposals/",
        idea.get_absolute_url(),
        "/stats/",
        "/open-data/",
        "/implemented/",
        "/privacy/",
        "/accounts/login/",
        "/accounts/signup/",
    ]


def test_the_phone_header_is_compact_and_its_menu_opens(page, axe, public_pages):
    page.goto("/proposals/")
    header = page.locator(".site-header")
    assert header.bounding_box()["height"] <= 64
    toggle = page.locator("[data-menu-toggle]")
    expect(page.locator("#site-menu")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="로그인")).to_be_visible()
    expect(page.locator("#language-select")).to_be_visible()
    axe(page, "phone menu open")


@pytest.mark.parametrize(
    "viewport",
    [{"width": 320, "height": 640}, {"width": 640, "height": 400}],
    ids=["320px", "200-percent-of-1280"],
)
def test_every_public_page_reflows_without_sideways_scrolling(
    new_context, public_pages, viewport
):
    page = new_context(viewport=viewport).new_page()
    for url in public_pages:
        page.goto(url)
        assert page.evaluate(OVERFLOW) <= 0, url


def test_chart_text_is_at_least_12_px_on_a_phone(new_context, public_pages):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    page.goto("/stats/")
    heights = page.evaluate(
        """() => [...document.querySelectorAll('svg.chart-svg text')].map(t => {
            const svg = t.ownerSVGElement;
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return parseFloat(getComputedStyle(t).fontSize) * scale; })"""
    )
    assert heights
    assert min(heights) >= 12


def test_the_copy_button_stays_on_one_line(page, public_pages):
    page.goto(public_pages[2])
    button = page.locator("[data-copy]")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["height"] < 60
    assert box["width"] > box["height"]


def test_the_idea_form_shows_no_step_buttons_without_javascript(
    new_context, signed_in_context, public_pages
):
    from tests.accounts.factories import UserFactory

    page = signed_in_context(UserFactory(), java_script_enabled=False).new_page()
    page.goto("/proposals/new/")
    expect(page.locator("[data-step-nav]")).to_be_hidden()
    expect(page.locator("form.proposal-form button[type=submit]").last).to_be_visible()
