"""/stats/: server-rendered SVG charts, each with a table, from the aggregates only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oasis.core.models import District
from oasis.opendata import services
from proposals.models import Stage
from tests.voting.factories import add_votes

pytestmark = pytest.mark.django_db

CHARTS = ["proposals-month", "agreements-month", "categories", "districts", "funnel"]


@pytest.fixture
def figures(proposal_factory, category_factory):
    parks = category_factory(slug="parks", name_en="Parks", name_ko="공원")
    gangnam = District.objects.get(code="gangnam")
    one = proposal_factory(category=parks, district=gangnam)
    two = proposal_factory(category=parks, district=gangnam, stage=Stage.COMPLETED)
    add_votes(one, 4)
    add_votes(two, 2)
    return services.statistics_refresh()


def cells(html: str, testid: str, key: str) -> list[str]:
    table = html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    row = table.split(f'data-key="{key}"', 1)[1].split("</tr>", 1)[0]
    return re.findall(r"<td[^>]*>([^<]*)</td>", row)


def test_every_chart_is_svg_with_a_title_and_a_table(client, figures):
    response = client.get("/stats/")

    html = response.text
    assert response.status_code == 200
    for chart in [*CHARTS, "answers"]:
        assert f'data-testid="svg-{chart}"' in html
        assert f'id="{chart}-title"' in html
        assert f'id="{chart}-desc"' in html
    for table in [
        "table-months",
        "table-categories",
        "table-districts",
        "table-funnel",
        "table-answers",
    ]:
        assert f'data-testid="{table}"' in html
    assert cells(html, "table-categories", "parks")[:2] == ["2", "6"]
    assert cells(html, "table-districts", "gangnam")[:2] == ["2", "6"]
    assert cells(html, "table-funnel", "completed")[0] == "1"
    # every district is a tile, the busy one darkest
    assert html.count('class="tile tile-level-') == 25
    assert 'class="tile tile-level-4" data-value="2"' in html


def test_no_inline_style_or_script(client, figures):
    html = client.get("/stats/").text

    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_labels_are_translated(client, figures):
    english = client.get("/stats/", HTTP_ACCEPT_LANGUAGE="en").text
    korean = client.get("/stats/", HTTP_ACCEPT_LANGUAGE="ko").text

    assert "Ideas published per month" in english
    assert "Parks" in english
    assert ">Gangnam</text>" in english
    assert "공원" in korean
    assert ">강남구</text>" in korean


def test_query_budget_and_fragment_cache(
    client, django_assert_max_num_queries, figures
):
    # snapshot, months, breakdowns, categories, districts: 5 of the budget of 12
    with django_assert_max_num_queries(12):
        assert client.get("/stats/").status_code == 200
    with CaptureQueriesContext(connection) as cached:
        client.get("/stats/")
    assert len(cached) == 1  # the snapshot: the rest comes from the fragment cache


def test_signed_in_visitors_stay_within_the_budget(
    client, user, django_assert_max_num_queries, figures
):
    client.force_login(user)
    with django_assert_max_num_queries(12):
        assert client.get("/stats/").status_code == 200


def test_new_figures_show_after_the_next_refresh(client, figures, proposal_factory):
    client.get("/stats/")
    add_votes(proposal_factory(), 5)
    services.statistics_refresh()

    html = client.get("/stats/").text

    assert 'data-key="agreements">11<' in html


def test_anonymous_pages_are_cacheable_by_the_browser(client, figures):
    response = client.get("/stats/")

    assert "max-age=300" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_before_the_first_refresh_the_page_says_so(client):
    response = client.get("/stats/")

    assert response.status_code == 200
    assert "svg" not in response.text.split('id="main"', 1)[1]


def test_footer_links_to_statistics_and_open_data(client):
    html = client.get("/").text

    assert 'href="/stats/"' in html
    assert 'href="/open-data/"' in html
