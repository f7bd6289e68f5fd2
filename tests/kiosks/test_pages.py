"""The touch UI's pages: what they show, in which order and language, and their cost."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from kiosks import services
from kiosks.models import KioskConfig
from kiosks.selectors import kiosk_proposal_list
from proposals.models import Report, Stage
from tests.districts import seeded_district
from tests.html_language import languages_of
from tests.kiosks.conftest import sms_code


def test_ideas_come_from_the_station_district_first_then_most_agreed_then_newest(
    enrolled, proposal_factory
):
    kiosk, _ = enrolled
    now = timezone.now()
    far_popular = proposal_factory(district=seeded_district("mapo"), vote_count=90)
    near_old = proposal_factory(vote_count=5, published_at=now - dt.timedelta(days=9))
    near_new = proposal_factory(vote_count=5, published_at=now - dt.timedelta(days=2))
    near_popular = proposal_factory(vote_count=30)
    far_new = proposal_factory(district=seeded_district("mapo"), vote_count=0)

    assert kiosk_proposal_list(kiosk=kiosk) == [
        near_popular,
        near_new,
        near_old,
        far_popular,
        far_new,
    ]


def test_only_ideas_open_for_a_day_without_open_reports_appear(
    enrolled, proposal_factory, user
):
    kiosk, _ = enrolled
    now = timezone.now()
    shown = proposal_factory()
    dismissed = proposal_factory()
    Report.objects.create(
        proposal=dismissed, reporter=user, reason="spam", status=Report.Status.DISMISSED
    )
    reported = proposal_factory()
    Report.objects.create(proposal=reported, reporter=user, reason="spam")
    proposal_factory(published_at=now - dt.timedelta(hours=23))
    proposal_factory(is_hidden=True)
    proposal_factory(stage=Stage.DRAFT, published_at=None)
    proposal_factory(stage=Stage.IN_REVIEW)
    proposal_factory(voting_ends_at=now - dt.timedelta(minutes=1))

    assert set(kiosk_proposal_list(kiosk=kiosk)) == {shown, dismissed}


def test_the_list_filters_by_category(touch, proposal_factory, category_factory):
    transport = category_factory(slug="transport", name_en="Transport")
    bus = proposal_factory(category=transport, title="More night buses")
    proposal_factory(title="Benches everywhere")
    page = touch.get("/kiosk/ideas/?category=transport").content.decode()
    assert bus.title in page
    assert "Benches everywhere" not in page
    assert 'aria-current="page">' in page


@pytest.mark.parametrize(
    ("page_language", "idea_language"), [("ko", "en"), ("en", "ko")]
)
def test_cards_mark_each_idea_with_its_language(
    touch, proposal_factory, page_language, idea_language
):
    idea = proposal_factory(
        language=idea_language, title="Night buses", summary="Until 3 am"
    )
    touch.cookies["django_language"] = page_language

    for url in ("/kiosk/", "/kiosk/ideas/"):
        page = touch.get(url).content.decode()
        assert f'<html lang="{page_language}"' in page
        assert set(languages_of(page, idea.title)) == {idea_language}, url
    assert set(languages_of(page, idea.summary)) == {idea_language}


def test_detail_shows_the_idea_in_large_type_without_personal_data(touch, proposal):
    page = touch.get(f"/kiosk/ideas/{proposal.pk}/").content.decode()
    assert proposal.title in page
    assert proposal.solution in page
    assert proposal.author.display_name not in page
    assert proposal.author.email not in page
    assert "k-detail" in page


def test_a_hidden_idea_is_not_shown(touch, proposal_factory):
    hidden = proposal_factory(is_hidden=True)
    assert touch.get(f"/kiosk/ideas/{hidden.pk}/").status_code == 404
    assert touch.get(f"/kiosk/ideas/{hidden.pk}/sms/").status_code == 404
    assert touch.get(f"/kiosk/ideas/{hidden.pk}/phone/").status_code == 404


def test_pages_are_never_cached_and_keep_the_credential_alive(touch, credential):
    response = touch.get("/kiosk/")
    assert "no-store" in response["Cache-Control"]
    cookie = response.cookies[settings.KIOSK_COOKIE_NAME]
    assert cookie.value == credential
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"


def test_the_kiosk_language_is_its_default_until_someone_switches(
    touch, enrolled, staff_user
):
    assert 'lang="ko"' in touch.get("/kiosk/").content.decode()
    services.kiosk_config_save(
        config=KioskConfig(
            kiosk=enrolled[0], default_language="en", message_en="Hello!"
        ),
        actor=staff_user,
    )
    page = touch.get("/kiosk/").content.decode()
    assert 'lang="en"' in page
    assert "Hello!" in page
    touch.cookies["django_language"] = "ko"
    assert 'lang="ko"' in touch.get("/kiosk/").content.decode()


def test_switched_off_features_disappear(touch, enrolled, staff_user, proposal):
    services.kiosk_config_save(
        config=KioskConfig(
            kiosk=enrolled[0], agree_by_sms=False, propose=False, audio_guidance=False
        ),
        actor=staff_user,
    )
    page = touch.get(f"/kiosk/ideas/{proposal.pk}/").content.decode()
    assert f"/kiosk/ideas/{proposal.pk}/sms/" not in page
    assert "/kiosk/propose/" not in page
    assert 'data-toggle="audio"' not in page
    assert touch.get(f"/kiosk/ideas/{proposal.pk}/sms/").status_code == 302


def test_reset_forgets_the_session_and_every_cookie_but_the_credential(
    touch, credential
):
    touch.get("/kiosk/")
    touch.cookies["django_language"] = "en"
    touch.cookies["someone"] = "left-this"
    session = touch.session
    session["left"] = "behind"
    session.save()
    token = touch.cookies["csrftoken"].value

    response = touch.post("/kiosk/reset/", HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 302
    assert response["Location"] == "/kiosk/"
    for name in ("django_language", "someone", "sessionid", "csrftoken"):
        assert response.cookies[name]["max-age"] == 0, name
    assert settings.KIOSK_COOKIE_NAME not in response.cookies
    assert "left" not in touch.session

    # kiosk.js resets with fetch: same cookie deletions, no page in the answer.
    touch.get("/kiosk/")
    fetch = touch.post(
        "/kiosk/reset/",
        HTTP_X_CSRFTOKEN=touch.cookies["csrftoken"].value,
        HTTP_X_KIOSK_RESET="fetch",
    )
    assert fetch.status_code == 204
    assert fetch.cookies["csrftoken"]["max-age"] == 0


def test_the_phone_page_of_a_hand_off_is_a_normal_citizen_page(
    api, json_post, proposal
):
    body = json_post(
        api, "/api/v1/kiosk/handoffs/", {"action": "agree", "proposal": proposal.pk}
    ).json()
    page = Client().get(body["url"].split("testserver")[1]).content.decode()
    assert "site-header" in page  # base.html, not the kiosk layout


# --- Query budgets (kiosk pages and API calls ≤ 8) -----------------------------------
PAGES = [
    # kiosk (1), config (1), proposals of the station's district (1), then of the rest
    # of the city (1) when the district has fewer than the screen shows
    ("/kiosk/", 4),
    # kiosk, config, categories, proposals near, proposals elsewhere
    ("/kiosk/ideas/", 5),
    ("/kiosk/ideas/?category=transport", 5),
    # kiosk, config, categories
    ("/kiosk/categories/", 3),
    # kiosk, config, proposal with category and district
    ("/kiosk/ideas/{pk}/", 3),
    ("/kiosk/ideas/{pk}/sms/", 3),
    ("/kiosk/ideas/{pk}/phone/", 3),
    # kiosk, config, topic words (then cached)
    ("/kiosk/propose/", 3),
    # … and the similar-ideas hint (candidates, their rows, the ideas), which of them
    # the kiosk shows, which have an open report
    ("/kiosk/propose/?word=자전거", 8),
    # kiosk, config
    ("/kiosk/propose/phone/", 2),
    ("/kiosk/help/", 2),
]


@pytest.mark.parametrize(("url", "expected"), PAGES)
def test_page_query_budget(
    touch, proposal_factory, django_assert_max_num_queries, url, expected
):
    proposals = [proposal_factory(title=f"자전거 도로 {n}") for n in range(12)]
    with django_assert_max_num_queries(expected):
        response = touch.get(url.format(pk=proposals[0].pk))
    assert response.status_code == 200
    assert expected <= 8


def test_enroll_page_query_budget(kiosk, staff_user, django_assert_max_num_queries):
    _row, code = services.enrollment_code_create(kiosk=kiosk, actor=staff_user)
    client = Client()
    with django_assert_max_num_queries(0):
        client.get("/kiosk/enroll/")
    # savepoint pair (2), code with kiosk (1), kiosk (1), code used (1), audit (1)
    with django_assert_max_num_queries(6):
        assert client.post("/kiosk/enroll/", {"code": code}).status_code == 302


def test_api_query_budgets(
    api,
    json_post,
    proposal_factory,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
    sms_outbox,
):
    proposals = [proposal_factory() for _ in range(12)]
    # kiosk (1), kiosk update (1), config (1)
    with django_assert_max_num_queries(3):
        assert (
            json_post(api, "/api/v1/kiosk/heartbeat/", {"uptime": 1}).status_code == 200
        )
    # kiosk, proposals near the station, proposals elsewhere
    with django_assert_max_num_queries(3):
        assert api.get("/api/v1/kiosk/proposals/").status_code == 200
    # kiosk, usage update, and on the day's first event: savepoint, insert, release
    with django_assert_max_num_queries(5):
        json_post(api, "/api/v1/kiosk/events/", {"touch_sessions": 1})
    with django_assert_max_num_queries(2):
        json_post(api, "/api/v1/kiosk/events/", {"proposals_viewed": 1})
    # kiosk, config, proposal, hand-off insert, usage update
    with django_assert_max_num_queries(5):
        created = json_post(
            api,
            "/api/v1/kiosk/handoffs/",
            {"action": "agree", "proposal": proposals[0].pk},
        )
    assert created.status_code == 201
    # kiosk, hand-off with proposal
    with django_assert_max_num_queries(2):
        api.get(f"/api/v1/kiosk/handoffs/{created.json()['id']}/")
    # kiosk, config, proposal, phone holder, device row lock, the codes the caps
    # count (one read: the caps live in the database), code insert
    with (
        django_assert_max_num_queries(7),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sent = json_post(
            api,
            "/api/v1/kiosk/sms/",
            {"phone": "010-4444-5555", "proposal": proposals[0].pk},
        )
    # A wrong code: kiosk, challenge with holder, attempts + 1
    with django_assert_max_num_queries(3):
        json_post(
            api,
            "/api/v1/kiosk/sms/verify/",
            {"challenge": sent.json()["challenge"], "code": "000000"},
        )


def test_sms_agreement_query_budget(
    api,
    json_post,
    proposal,
    user,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
    sms_outbox,
):
    """Within a kiosk page's 8 queries, whether the phone's holder is known or not."""
    from oasis.accounts.phones import protect_phone

    protected = protect_phone("010-4444-5555")
    type(user).objects.filter(pk=user.pk).update(
        phone_hmac=protected.hmac, phone_verified_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = json_post(
            api,
            "/api/v1/kiosk/sms/",
            {"phone": "010-4444-5555", "proposal": proposal.pk},
        )
    # kiosk (1), challenge with its holder (1), single-use update (1), then vote_cast:
    # row lock with "already agreed?" (1), insert (1), counter (1). No savepoint, no
    # second read of kiosk, user or idea.
    with django_assert_max_num_queries(6):
        response = json_post(
            api,
            "/api/v1/kiosk/sms/verify/",
            {"challenge": sent.json()["challenge"], "code": sms_code(sms_outbox)},
        )
    assert response.status_code == 201

    # A number nobody holds yet: + the holder looked up again (1) and created (1).
    with django_capture_on_commit_callbacks(execute=True):
        sent = json_post(
            api,
            "/api/v1/kiosk/sms/",
            {"phone": "010-4444-6666", "proposal": proposal.pk},
        )
    with django_assert_max_num_queries(8):
        response = json_post(
            api,
            "/api/v1/kiosk/sms/verify/",
            {"challenge": sent.json()["challenge"], "code": sms_code(sms_outbox)},
        )
    assert response.status_code == 201
    assert response.json()["vote_count"] == 2


def test_the_list_says_which_ideas_are_from_the_station_district(
    touch, enrolled, proposal_factory
):
    kiosk, _ = enrolled
    near = proposal_factory(title="역 근처 아이디어")
    far = proposal_factory(title="다른 구 아이디어", district=seeded_district("mapo"))
    html = touch.get("/kiosk/ideas/").content.decode()
    near_part, other_part = html.split('data-testid="other-heading"')
    assert near.title in near_part.split('data-testid="near-heading"')[1]
    assert far.title not in near_part
    assert far.title in other_part
    assert kiosk.district.name_ko in near_part


def test_a_station_without_ideas_of_its_own_says_so(touch, proposal_factory):
    proposal_factory(district=seeded_district("mapo"))
    html = touch.get("/kiosk/ideas/").content.decode()
    assert 'data-testid="near-empty"' in html
    assert 'data-testid="other-ideas"' in html


def test_the_finish_button_draws_its_icon_and_the_kiosk_has_a_favicon(touch):
    html = touch.get("/kiosk/ideas/").content.decode()
    assert "⏻" not in html
    assert 'rel="icon"' in html


def test_the_propose_screen_offers_touch_words_and_the_similar_ideas_hint(
    touch, proposal_factory, user
):
    """No keyboard: the words of the ideas shown are touched instead of typed, and
    the idea form's hint answers: ideas still open to agreement first, with a link to
    agree here; answered ones labelled; a closed idea never offered for agreement."""
    now = timezone.now()
    open_idea = proposal_factory(title="자전거 도로 확충", vote_count=9)
    answered = proposal_factory(title="자전거 보관소 설치", stage=Stage.REJECTED)
    closed = proposal_factory(
        title="자전거 도로 정비", voting_ends_at=now - dt.timedelta(minutes=1)
    )
    reported = proposal_factory(title="자전거 대여소")
    Report.objects.create(proposal=reported, reporter=user, reason="spam")
    proposal_factory(title="도서관 야간 개방")

    first = touch.get("/kiosk/propose/").content.decode()
    assert "word=%EC%9E%90%EC%A0%84%EA%B1%B0" in first  # 자전거, to touch
    assert 'data-testid="similar-open"' not in first

    page = touch.get("/kiosk/propose/", {"word": "자전거"}).content.decode()
    offered = page.split('data-testid="similar-open"')[1].split("</ul>")[0]
    assert f"/kiosk/ideas/{open_idea.pk}/" in offered
    assert closed.title not in offered
    assert answered.title not in offered
    labelled = page.split('data-testid="similar-answered"')[1].split("</ul>")[0]
    assert answered.title in labelled
    assert closed.title in labelled
    assert "/kiosk/ideas/" not in labelled
    assert reported.title not in page
    assert "/kiosk/propose/phone/" in page
    # A word that is not one of the screen's is ignored.
    assert (
        'data-testid="similar-open"'
        not in touch.get("/kiosk/propose/", {"word": "<script>"}).content.decode()
    )
