"""Long lists come in pages: the overdue answers on the staff reviews page."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def titles_in(html, prefix):
    return set(re.findall(rf"{prefix} \d+", html))


def test_overdue_answers_come_in_pages(client, staff_user, in_review_proposal_factory):
    long_ago = timezone.now() - dt.timedelta(days=60)
    for n in range(30):
        in_review_proposal_factory(
            title=f"Late {n}", in_review_at=long_ago + dt.timedelta(minutes=n)
        )
    client.force_login(staff_user)
    first = client.get(reverse("reviews:staff-index"), HTTP_ACCEPT_LANGUAGE="en")
    html = first.content.decode()
    # oldest first, 25 a page
    assert titles_in(html, "Late") == {f"Late {n}" for n in range(25)}
    assert "30 ideas wait for an answer past their due date" in html
    assert 'href="?page=2#overdue-heading"' in html
    second = client.get(reverse("reviews:staff-index"), {"page": 2})
    assert titles_in(second.content.decode(), "Late") == {
        f"Late {n}" for n in range(25, 30)
    }
