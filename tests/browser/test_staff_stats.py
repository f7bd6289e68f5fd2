"""/stats/ and /staff/ in Chromium: the SVG charts render, the tables show the numbers in
the database, each dashboard number leads to its list, and axe-core finds nothing serious."""

import re

import pytest
from playwright.sync_api import expect

from oasis.notifications.models import Delivery
from oasis.opendata import services
from proposals.models import Proposal, Report, Stage
from tests.accounts.factories import UserFactory
from tests.notifications.factories import DeliveryFactory
from tests.proposals.factories import CategoryFactory, ProposalFactory
from tests.voting.factories import add_votes
from voting.models import Vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = ["proposals-month", "agreements-month", "categories", "districts", "funnel"]


@pytest.fixture
def programme(districts):
    parks = CategoryFactory(slug="parks", name_ko="공원", name_en="Parks")
    transport = CategoryFactory(slug="transport", name_ko="교통", name_en="Transport")
    gangnam, mapo = districts["gangnam"], districts["mapo"]
    ideas = [
        ProposalFactory(category=parks, district=gangnam),
        ProposalFactory(category=parks, district=mapo, stage=Stage.COMPLETED),
        ProposalFactory(category=transport, district=gangnam, stage=Stage.IN_REVIEW),
        ProposalFactory(category=transport, district=mapo, is_hidden=True),
    ]
    for idea, count in zip(ideas, [5, 3, 2, 1], strict=True):
        add_votes(idea, count)
    Report.objects.create(proposal=ideas[0], reporter=UserFactory(), reason="spam")
    DeliveryFactory(status=Delivery.Status.FAILED)
    services.statistics_refresh()
    return ideas


def counted(**filters) -> tuple[int, int]:
    """Published, visible ideas and their agreements, counted from the records."""
    ideas = Proposal.objects.filter(
        published_at__isnull=False, is_hidden=False, **filters
    )
    return ideas.count(), Vote.objects.filter(proposal__in=ideas).count()


def row_numbers(page, table: str, key: str) -> list[int]:
    cells = page.locator(f'[data-testid="{table}"] tr[data-key="{key}"] td')
    return [
        int(text.replace(",", "").rstrip("%")) for text in cells.all_text_contents()
    ]


def open_all_tables(page) -> None:
    for summary in page.locator("details.chart-table > summary").all():
        summary.click()


def test_stats_charts_and_tables_match_the_database(page, live_server, axe, programme):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{live_server.url}/stats/")

    for chart in [*CHARTS, "answers"]:
        svg = page.locator(f'[data-testid="svg-{chart}"]')
        expect(svg).to_be_visible()
        assert svg.bounding_box()["width"] > 100, chart
    assert page.locator('[data-testid="svg-categories"] rect.chart-bar').count() == 2
    assert page.locator('[data-testid="svg-districts"] g.tile').count() == 25
    assert page.locator('[data-testid="svg-agreements-month"] rect.chart-bar').count()

    open_all_tables(page)
    for slug in ("parks", "transport"):
        ideas, agreements = counted(category__slug=slug)
        assert row_numbers(page, "table-categories", slug)[:2] == [ideas, agreements]
    for code in ("gangnam", "mapo", "jongno"):
        ideas, agreements = counted(district__code=code)
        assert row_numbers(page, "table-districts", code)[:2] == [ideas, agreements]
    month_agreements = sum(
        int(text.replace(",", ""))
        for text in page.locator(
            '[data-testid="table-months"] td[data-col="agreements"]'
        ).all_text_contents()
    )
    assert month_agreements == Vote.objects.count()
    assert row_numbers(page, "table-funnel", "open")[0] == counted()[0]
    assert row_numbers(page, "table-funnel", "completed")[0] == (
        Proposal.objects.filter(stage=Stage.COMPLETED, is_hidden=False).count()
    )
    axe(page, "/stats/")
    assert not [text for text in console if "Content Security Policy" in text]

    page.goto(f"{live_server.url}/stats/")
    page.locator('[data-testid="chart-districts"]').scroll_into_view_if_needed()
    expect(
        page.locator('[data-testid="svg-districts"] text.tile-name').first
    ).to_be_visible()


def test_stats_in_english(new_context, live_server, programme):
    page = new_context(locale="en-US").new_page()
    page.goto(f"{live_server.url}/stats/")

    expect(page.get_by_role("heading", name="Statistics", exact=True)).to_be_visible()
    expect(page.locator('[data-testid="svg-districts"]')).to_contain_text("Gangnam")
    expect(page.locator('[data-testid="svg-categories"]')).to_contain_text("Parks")


def figure(page, key: str) -> int:
    return int(page.locator(f'[data-testid="{key}"] .figure-value').inner_text())


def test_staff_dashboard_numbers_lead_to_their_lists(
    live_server, axe, staff_user, programme, signed_in_page
):
    page = signed_in_page(staff_user)
    page.goto(f"{live_server.url}/")
    page.locator("[data-menu-toggle]").click()  # the phone menu
    page.locator('.site-nav a[href="/staff/"]').click()
    expect(page).to_have_url(f"{live_server.url}/staff/")

    assert (
        figure(page, "reports-waiting")
        == Report.objects.filter(status=Report.Status.OPEN).count()
    )
    assert (
        figure(page, "deliveries-failed")
        == Delivery.objects.filter(status=Delivery.Status.FAILED).count()
    )
    in_review = page.locator(
        '[data-testid="stage-table"] tr[data-key="stage-in_review"]'
    )
    assert (
        int(in_review.locator("td").inner_text())
        == Proposal.objects.filter(stage=Stage.IN_REVIEW).count()
    )
    axe(page, "/staff/")

    page.locator('[data-testid="reports-waiting"]').click()
    expect(page).to_have_url(re.compile(r"/admin/proposals/report/\?status=open$"))
    expect(page.locator("#result_list tbody tr")).to_have_count(1)


def test_staff_audit_log_and_open_data_pages_are_accessible(
    live_server, axe, staff_user, programme, signed_in_page
):
    page = signed_in_page(staff_user)
    page.goto(f"{live_server.url}/staff/audit/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe(page, "/staff/audit/")

    page.goto(f"{live_server.url}/open-data/")
    expect(page.locator('[data-testid="licence"] a[rel="license"]')).to_be_visible()
    axe(page, "/open-data/")
    page.goto(f"{live_server.url}/open-data/dictionary/")
    axe(page, "/open-data/dictionary/")
