"""The page of realised ideas comes in pages: two lists, two page parameters."""

import re

import pytest
from django.urls import reverse

from proposals.models import Stage

pytestmark = pytest.mark.django_db


def titles_in(html, prefix):
    return set(re.findall(rf"{prefix} \d+", html))


@pytest.fixture
def many_projects(proposal_factory):
    """45 completed and 25 ongoing projects (20 a page)."""
    completed = [
        proposal_factory(stage=Stage.COMPLETED, title=f"Done {n}") for n in range(45)
    ]
    ongoing = [
        proposal_factory(stage=Stage.EXECUTION, title=f"Busy {n}") for n in range(25)
    ]
    return completed, ongoing


def test_completed_projects_come_in_pages(
    client, many_projects, django_assert_max_num_queries
):
    # ongoing count and page, completed count and page, rounds
    with django_assert_max_num_queries(8):
        first = client.get(
            reverse("implementation:implemented"), HTTP_ACCEPT_LANGUAGE="en"
        )
    html = first.content.decode()
    assert len(titles_in(html, "Done")) == 20
    assert first.context["completed"].paginator.num_pages == 3
    assert 'aria-label="Pages of the completed projects"' in html
    assert 'aria-label="Pages of the ideas under way"' in html
    assert 'href="?completed=2#fame-heading"' in html

    seen = titles_in(html, "Done")
    for number in (2, 3):
        page = client.get(reverse("implementation:implemented"), {"completed": number})
        seen |= titles_in(page.content.decode(), "Done")
    # every completed project is reachable: none is cut off at 50 or elsewhere
    assert seen == {f"Done {n}" for n in range(45)}


def test_the_two_lists_page_independently(client, many_projects):
    response = client.get(
        reverse("implementation:implemented"), {"page": 2, "completed": 3}
    )
    assert response.context["page_obj"].number == 2
    assert response.context["completed"].number == 3
    html = response.content.decode()
    assert len(titles_in(html, "Busy")) == 5
    assert len(titles_in(html, "Done")) == 5
    # moving one list keeps the other where it is
    assert 'href="?page=1&amp;completed=3#ongoing-heading"' in html
    assert 'href="?page=2&amp;completed=2#fame-heading"' in html


def test_an_out_of_range_page_shows_the_last(client, many_projects):
    response = client.get(reverse("implementation:implemented"), {"completed": 99})
    assert response.status_code == 200
    assert response.context["completed"].number == 3
