"""The category on cards and idea pages: its name on its colour, with its icon. The icon
and the colour are decorative (the name says it all); the text stays readable on the
colour, and nothing needs an inline style, which the CSP forbids."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from proposals.demo import DEMO_CATEGORIES
from proposals.models import Category

pytestmark = pytest.mark.django_db

ICONS = Path(settings.BASE_DIR) / "static" / "img" / "icons"


def chip(html: str) -> str:
    found = re.findall(
        r'<span class="category-chip[^"]*" data-testid="category">.*?</span>', html
    )
    assert found, "no category chip on the page"
    return found[0]


def card_chip(client, proposal) -> str:
    html = client.get(reverse("proposals:proposal-list")).content.decode()
    assert proposal.title in html
    return chip(html)


@pytest.mark.parametrize("icon", ["bus", "bus.svg"])
def test_the_card_shows_the_icon_as_decoration(
    client, proposal_factory, category, icon
):
    Category.objects.filter(pk=category.pk).update(icon=icon)
    proposal = proposal_factory(category=category)

    html = card_chip(client, proposal)

    assert '<img class="category-icon" src="/static/img/icons/bus.svg" alt=""' in html
    assert 'aria-hidden="true"' in html  # the colour swatch
    assert category.name_ko in html


@pytest.mark.parametrize("icon", ["", "rocket", "../../oasis/settings", "Bus.svg"])
def test_without_a_usable_icon_the_name_stands_alone(
    client, proposal_factory, category, icon
):
    Category.objects.filter(pk=category.pk).update(icon=icon)
    proposal = proposal_factory(category=category)

    html = card_chip(client, proposal)

    assert "<img" not in html
    assert category.name_ko in html


@pytest.mark.parametrize(
    ("colour", "text"),
    [("#1d5fa8", "white"), ("#ffd400", "black"), ("#283593", "white")],
)
def test_the_name_is_black_or_white_whichever_reads_on_the_colour(
    client, proposal_factory, category, colour, text
):
    Category.objects.filter(pk=category.pk).update(colour=colour)
    proposal = proposal_factory(category=category)

    html = card_chip(client, proposal)

    assert f"category-chip-text-{text}" in html
    assert f'fill="{colour}"' in html
    assert "style=" not in html


def test_a_colour_stored_past_the_validator_falls_back_to_the_default(
    client, proposal_factory, category
):
    # Seven characters: the column's length on PostgreSQL.
    Category.objects.filter(pk=category.pk).update(colour='#"><b>x')
    proposal = proposal_factory(category=category)

    html = card_chip(client, proposal)

    assert 'fill="#1d5fa8"' in html
    assert "<b>" not in html


def test_the_idea_page_shows_the_category_chip(client, proposal_factory, category):
    Category.objects.filter(pk=category.pk).update(icon="leaf", colour="#2e7d32")
    proposal = proposal_factory(category=category)

    html = chip(client.get(proposal.get_absolute_url()).content.decode())

    assert 'src="/static/img/icons/leaf.svg" alt=""' in html
    assert "category-chip-text-white" in html


@pytest.mark.parametrize(
    "icon", sorted({category["icon"] for category in DEMO_CATEGORIES})
)
def test_every_demo_category_has_a_self_contained_svg_icon(icon):
    # Our own files, not untrusted input.
    svg = ET.parse(ICONS / f"{icon}.svg").getroot()  # noqa: S314

    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox") == "0 0 24 24"
    # nothing fetched from elsewhere, nothing that runs
    text = (ICONS / f"{icon}.svg").read_text()
    assert "href" not in text
    assert "<script" not in text
