"""/proposals/: filters, sorts, cursor pages, htmx fragments, empty states; home page."""

import pytest

from proposals.models import Stage

pytestmark = pytest.mark.django_db


def titles(response):
    return [p.title for p in response.context["page"].items]


def test_items_show_agreements_and_progress(client, proposal_factory):
    proposal_factory(title="Half way", vote_count=25, threshold=50)
    text = client.get("/proposals/").text
    assert '<progress class="threshold-progress" max="100" value="50"' in text
    assert "<strong>25</strong>" in text


def test_filters_and_sorts(client, proposal_factory, category_factory):
    from oasis.core.models import District

    green = category_factory(slug="green")
    mapo = District.objects.get(code="mapo")
    proposal_factory(title="A", vote_count=1, category=green, district=mapo)
    proposal_factory(title="B", vote_count=9, stage=Stage.IN_REVIEW)
    proposal_factory(title="C", vote_count=5, comment_count=7, trending_score=3)
    assert titles(client.get("/proposals/")) == ["C", "B", "A"]
    assert titles(client.get("/proposals/?ordering=-vote_count")) == ["B", "C", "A"]
    assert titles(client.get("/proposals/?ordering=-comment_count"))[0] == "C"
    assert titles(client.get("/proposals/?ordering=trending"))[0] == "C"
    assert titles(client.get("/proposals/?category=green")) == ["A"]
    assert titles(client.get("/proposals/?district=mapo")) == ["A"]
    assert titles(client.get("/proposals/?stage=in_review")) == ["B"]
    # unknown values are ignored rather than failing
    assert client.get("/proposals/?ordering=nonsense&stage=bogus").status_code == 200


def test_cursor_pages_without_javascript(client, proposal_factory):
    proposal_factory.create_batch(45)
    seen = []
    url = "/proposals/?ordering=-created_at"
    while url:
        response = client.get(url)
        seen += titles(response)
        cursor = response.context["page"].next_cursor
        if cursor:
            assert f"cursor={cursor}" in response.text  # a plain link works
        url = f"/proposals/?ordering=-created_at&cursor={cursor}" if cursor else None
    assert len(seen) == len(set(seen)) == 45


def test_a_broken_cursor_is_a_400(client):
    assert client.get("/proposals/?cursor=%%%").status_code == 400


def test_htmx_gets_fragments(client, proposal_factory):
    proposal_factory.create_batch(25)
    results = client.get("/proposals/?stage=open", HTTP_HX_REQUEST="true")
    assert results.text.lstrip().startswith('<section id="results"')
    assert "<html" not in results.text
    cursor = results.context["page"].next_cursor
    more = client.get(f"/proposals/?cursor={cursor}", HTTP_HX_REQUEST="true")
    assert more.text.lstrip().startswith("<li>")
    assert 'id="results"' not in more.text
    full = client.get(
        "/proposals/", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in full.text


def test_empty_states(client, proposal_factory):
    response = client.get("/proposals/")
    assert response.context["filtered"] is False
    assert 'class="empty"' in response.text
    assert "/proposals/new/" in response.text
    proposal_factory(title="Something")
    response = client.get("/proposals/?q=zzzzqqq")
    assert response.context["filtered"] is True
    assert titles(response) == []
    assert 'class="empty"' in response.text


def test_home_shows_trending_and_newest(client, proposal_factory):
    proposal_factory(title="Hot idea", trending_score=10)
    proposal_factory(title="Fresh idea", trending_score=0)
    proposal_factory(title="Decided idea", stage=Stage.REJECTED, trending_score=99)
    text = client.get("/").text
    assert text.index("Hot idea") < text.index("Fresh idea")
    assert "Decided idea" not in text
    assert 'id="trending-heading"' in text
    assert 'id="newest-heading"' in text


def test_my_ideas_include_drafts(client, user, draft, proposal_factory):
    proposal_factory(title="Not mine")
    client.force_login(user)
    response = client.get("/proposals/mine/")
    assert draft.title in response.text
    assert "Not mine" not in response.text


def test_the_list_is_rendered_once_for_everyone_for_a_few_seconds(
    client, user, proposal_factory
):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    from proposals.views import LIST_CACHE_SECONDS

    with time_machine.travel(timezone.now(), tick=False) as clock:
        proposal_factory(title="First idea")
        assert "First idea" in client.get("/proposals/").text
        proposal_factory(title="Second idea")
        # given a cached rendering: another visitor, signed in, gets the same list
        client.force_login(user)
        page = client.get("/proposals/").text
        assert "Second idea" not in page
        assert "/accounts/logout/" in page  # the frame around it is theirs
        # a search is never cached
        assert "<mark>Second</mark> idea" in client.get("/proposals/?q=Second").text
        clock.shift(dt.timedelta(seconds=LIST_CACHE_SECONDS + 1))
        assert "Second idea" in client.get("/proposals/").text


def test_unknown_parameters_bypass_the_list_cache(client, proposal_factory):
    from django.core.cache import cache

    proposal_factory(title="Some idea")
    client.get("/proposals/?utm_source=x")
    client.get("/proposals/?stage=open", HTTP_HX_REQUEST="true")
    keys = list(cache._cache)  # LocMemCache in tests
    assert not any(":content:" in key for key in keys)
    assert any(":results:" in key for key in keys)
