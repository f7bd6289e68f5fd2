"""What the touch screens show of an idea (photo, topic icon), the empty state of a
station without ideas of its own, the citywide view, and the cached list."""

from django.core.cache import cache

from proposals.models import Category, ProposalImage
from proposals.services import moderation_hide
from tests.districts import seeded_district


def _photo(proposal, alt="A bus stop at night"):
    return ProposalImage.objects.create(
        proposal=proposal,
        image="proposals/full.jpg",
        thumbnail_small="proposals/small.jpg",
        alt_text=alt,
        width=1200,
        height=675,
    )


def test_cards_and_the_idea_screen_show_the_photo_and_the_topic_icon(
    touch, proposal_factory
):
    # given an idea with a photo, on a topic with an icon
    idea = proposal_factory(title="Night buses")
    Category.objects.filter(pk=idea.category_id).update(icon="bus")
    _photo(idea)
    plain = proposal_factory(title="Benches")

    # when the list and the idea's screen are shown
    listing = touch.get("/kiosk/ideas/").content.decode()
    detail = touch.get(f"/kiosk/ideas/{idea.pk}/").content.decode()

    # then both show the small thumbnail with its description, and the icon
    assert listing.count('data-testid="kiosk-card-image"') == 1
    assert 'src="/media/proposals/small.jpg" alt="A bus stop at night"' in listing
    assert "img/icons/bus" in listing
    assert 'data-testid="kiosk-detail-image"' in detail
    assert "img/icons/bus" in detail
    assert plain.title in listing


def test_a_station_without_ideas_of_its_own_offers_the_whole_city(
    touch, enrolled, proposal_factory
):
    kiosk, _ = enrolled
    far = proposal_factory(title="Mapo river park", district=seeded_district("mapo"))

    html = touch.get("/kiosk/ideas/").content.decode()

    assert 'data-testid="near-empty"' in html
    assert kiosk.district.name_ko in html.split('data-testid="near-empty"')[1]
    assert "/kiosk/ideas/?scope=city" in html
    # the other districts' ideas are under a heading that says they are elsewhere
    other = html.split('data-testid="other-heading"')[1]
    assert far.title in other


def test_the_citywide_view_lists_every_district_by_agreements_and_marks_the_near_ones(
    touch, proposal_factory
):
    near = proposal_factory(title="Near one", vote_count=3)
    far = proposal_factory(
        title="Far popular", vote_count=50, district=seeded_district("mapo")
    )

    html = touch.get("/kiosk/ideas/?scope=city").content.decode()

    cards = html.split('data-testid="citywide-ideas"')[1]
    assert cards.index(far.title) < cards.index(near.title)
    assert 'data-testid="near-heading"' not in html
    near_card = cards.split(near.title)[0].rsplit('class="k-card"', 1)[1]
    assert "k-here" in near_card  # the station's own district is still marked
    far_card = cards.split(far.title)[0].rsplit('class="k-card"', 1)[1]
    assert "k-here" not in far_card


def test_an_empty_topic_leads_back_to_all_topics(touch, category_factory):
    category_factory(slug="transport", name_en="Transport")
    html = touch.get("/kiosk/ideas/?category=transport").content.decode()
    empty = html.split('data-testid="no-ideas"')[1]
    assert 'href="/kiosk/ideas/"' in empty


def test_the_list_is_rendered_once_per_district_and_language(
    touch, proposal_factory, django_assert_max_num_queries
):
    [proposal_factory() for _ in range(12)]
    cache.clear()
    touch.get("/kiosk/ideas/")
    # kiosk, config: the topics and the ideas come with the cached content
    with django_assert_max_num_queries(2):
        response = touch.get("/kiosk/ideas/")
    assert response.status_code == 200
    assert response.content.decode().count('class="k-card"') == 12


def test_a_hidden_idea_leaves_the_cached_list_at_once(
    touch, proposal_factory, staff_user, django_capture_on_commit_callbacks
):
    idea = proposal_factory(title="Soon hidden")
    assert idea.title in touch.get("/kiosk/ideas/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        moderation_hide(target=idea, actor=staff_user, reason="Personal data")

    assert idea.title not in touch.get("/kiosk/ideas/").content.decode()


def test_the_cached_list_follows_the_language(touch, proposal_factory):
    proposal_factory()
    touch.cookies["django_language"] = "ko"
    korean = touch.get("/kiosk/ideas/").content.decode()
    touch.cookies["django_language"] = "en"
    english = touch.get("/kiosk/ideas/").content.decode()
    assert "Ideas near this station" not in korean
    assert "Ideas near this station" in english
