"""Hand-off to a phone: single-use token bound to kiosk and action, 120 s to open,
15 minutes on the phone's session, polled by the kiosk; used or expired → 410."""

import datetime as dt
import hashlib

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kiosks.models import Handoff, KioskUsage
from proposals.models import Proposal
from voting.models import Vote


@pytest.fixture
def voter(user_factory):
    user = user_factory()
    user.phone_verified_at = timezone.now()
    user.save(update_fields=["phone_verified_at"])
    return user


def start(api, json_post, proposal=None, action="agree"):
    data = {"action": action}
    if proposal is not None:
        data["proposal"] = proposal.pk
    response = json_post(api, "/api/v1/kiosk/handoffs/", data)
    assert response.status_code == 201, response.content
    return response.json()


def path_of(handoff_json) -> str:
    return handoff_json["url"].split("testserver", 1)[1]


def test_a_hand_off_is_a_single_use_token_shown_as_a_server_made_qr(
    api, json_post, proposal, enrolled
):
    body = start(api, json_post, proposal)
    token = path_of(body).strip("/").split("/")[1]
    assert len(token) >= 22  # 24 random bytes = 192 bits ≥ 128
    assert body["qr_svg"].startswith("<svg")
    assert body["qr_data_uri"].startswith("data:image/svg+xml")
    assert body["status"] == "pending"
    handoff = Handoff.objects.get(pk=body["id"])
    assert handoff.kiosk == enrolled[0]
    assert handoff.proposal == proposal
    assert handoff.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Handoff.objects.values().get())
    assert KioskUsage.objects.get().handoffs == 1


def test_the_phone_agrees_after_logging_in_and_the_kiosk_sees_it(
    api, json_post, proposal, voter, enrolled
):
    body = start(api, json_post, proposal)
    phone = Client()

    page = phone.get(path_of(body))
    assert page.status_code == 200
    text = page.content.decode()
    assert enrolled[0].station in text
    assert proposal.title in text
    assert f"/accounts/login/?next={path_of(body)}" in text
    assert api.get(f"/api/v1/kiosk/handoffs/{body['id']}/").json()["status"] == "opened"

    # Not logged in yet: agreeing sends to the login page and back.
    response = phone.post(path_of(body))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path_of(body)}"
    assert not Vote.objects.exists()

    phone.force_login(voter)  # same session data: the binding survives the login
    response = phone.post(path_of(body))
    assert response.status_code == 200
    assert 'data-testid="handoff-done"' in response.content.decode()
    vote = Vote.objects.get()
    assert (vote.user, vote.channel, vote.kiosk) == (voter, "kiosk", enrolled[0])

    polled = api.get(f"/api/v1/kiosk/handoffs/{body['id']}/").json()
    assert polled["status"] == "completed"
    assert polled["outcome"] == "agreed"
    assert polled["vote_count"] == 1

    # Used: gone, for this phone and any other.
    assert phone.get(path_of(body)).status_code == 410
    assert Client().get(path_of(body)).status_code == 410
    assert phone.post(path_of(body)).status_code == 410
    assert Vote.objects.count() == 1


def test_a_hand_off_must_be_opened_within_120_seconds(api, json_post, proposal):
    body = start(api, json_post, proposal)
    with time_machine.travel(
        timezone.now() + settings.KIOSK_HANDOFF_OPEN_WITHIN + dt.timedelta(seconds=1)
    ):
        assert Client().get(path_of(body)).status_code == 410
        assert (
            api.get(f"/api/v1/kiosk/handoffs/{body['id']}/").json()["status"]
            == "expired"
        )


def test_an_opened_hand_off_belongs_to_that_phone_for_15_minutes(
    api, json_post, proposal, voter
):
    body = start(api, json_post, proposal)
    phone = Client()
    assert phone.get(path_of(body)).status_code == 200
    # Someone else with the same link: refused, nothing recorded.
    other = Client()
    other.force_login(voter)
    assert other.get(path_of(body)).status_code == 410
    assert other.post(path_of(body)).status_code == 410
    assert not Vote.objects.exists()

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=14)):
        assert phone.get(path_of(body)).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert phone.get(path_of(body)).status_code == 410
        phone.force_login(voter)
        assert phone.post(path_of(body)).status_code == 410
    assert not Vote.objects.exists()


def test_an_unknown_token_is_not_found(enrolled):
    assert Client().get("/k/not-a-real-token-at-all-000000/").status_code == 404


def test_a_refusal_the_phone_cannot_fix_ends_the_hand_off(api, json_post, proposal):
    body = start(api, json_post, proposal)
    phone = Client()
    phone.force_login(proposal.author)
    phone.get(path_of(body))
    response = phone.post(path_of(body))
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    polled = api.get(f"/api/v1/kiosk/handoffs/{body['id']}/").json()
    assert (polled["status"], polled["outcome"]) == ("completed", "own_proposal")
    assert not Vote.objects.exists()


def idea_data(category) -> dict:
    from oasis.core.models import District

    return {
        "title": "역 앞 자전거 보관소",
        "summary": "역 앞에 자전거 보관소를 만들어 주세요.",
        "problem": "자전거를 세울 곳이 없습니다.",
        "solution": "출구 옆에 보관대를 설치합니다.",
        "category": category.pk,
        "district": District.objects.get(code="mapo").pk,
        "language": "ko",
    }


def polled(api, body) -> tuple[str, str]:
    answer = api.get(f"/api/v1/kiosk/handoffs/{body['id']}/").json()
    return answer["status"], answer["outcome"]


@pytest.mark.parametrize(
    ("button", "outcome"),
    [("draft", "proposal_saved"), ("publish", "proposal_published")],
)
def test_propose_finishes_when_the_idea_is_submitted_not_when_the_form_opens(
    api, json_post, enrolled, user, category, button, outcome
):
    body = start(api, json_post, action="propose")
    phone = Client()
    phone.force_login(user)
    page = phone.get(path_of(body))
    assert enrolled[0].station in page.content.decode()

    response = phone.post(path_of(body))
    assert response.status_code == 302
    assert response["Location"] == "/proposals/new/"
    assert phone.get("/proposals/new/").status_code == 200
    # The form is open on the phone, nothing is submitted: the kiosk only waits.
    assert polled(api, body) == ("opened", "")

    refused = phone.post("/proposals/new/", {**idea_data(category), "title": ""})
    assert refused.status_code == 200
    assert polled(api, body) == ("opened", "")

    response = phone.post("/proposals/new/", {**idea_data(category), "action": button})
    assert response.status_code == 302
    assert Proposal.objects.get().author == user
    assert polled(api, body) == ("completed", outcome)
    # Used: gone for this phone too.
    assert phone.get(path_of(body)).status_code == 410


def test_propose_leads_through_login_straight_to_the_form(
    api, json_post, user, category
):
    from tests.accounts.factories import TEST_PASSWORD

    body = start(api, json_post, action="propose")
    phone = Client()
    phone.get(path_of(body))
    response = phone.post(path_of(body), follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert polled(api, body) == ("opened", "")

    response = phone.post(
        "/accounts/login/", {"login": user.email, "password": TEST_PASSWORD}
    )
    assert response["Location"] == "/proposals/new/"
    phone.post("/proposals/new/", {**idea_data(category), "action": "draft"})
    assert polled(api, body) == ("completed", "proposal_saved")


def test_an_idea_submitted_too_late_or_elsewhere_does_not_finish_the_hand_off(
    api, json_post, user, user2, category
):
    body = start(api, json_post, action="propose")
    phone = Client()
    phone.force_login(user)
    phone.get(path_of(body))
    phone.post(path_of(body))
    # Another person's idea, from another session: the kiosk keeps waiting.
    elsewhere = Client()
    elsewhere.force_login(user2)
    elsewhere.post("/proposals/new/", {**idea_data(category), "action": "draft"})
    assert polled(api, body) == ("opened", "")

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        phone.post("/proposals/new/", {**idea_data(category), "action": "draft"})
        assert polled(api, body) == ("expired", "")
    assert Proposal.objects.count() == 2
    # Submitted once: a later idea from the same phone touches no hand-off.
    assert phone.session.get("kiosk_propose_handoff") is None


def test_a_kiosk_sees_only_its_own_hand_offs(api, json_post, proposal, kiosk_factory):
    from kiosks import services

    other = kiosk_factory()
    handoff, _token = services.handoff_create(
        kiosk=other, action="agree", proposal_id=proposal.pk, features={}
    )
    response = api.get(f"/api/v1/kiosk/handoffs/{handoff.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_hand_offs_need_a_visible_proposal_and_the_feature(
    api, json_post, proposal_factory, enrolled, staff_user
):
    from kiosks import services
    from kiosks.models import KioskConfig

    draft = proposal_factory(stage="draft")
    response = json_post(
        api, "/api/v1/kiosk/handoffs/", {"action": "agree", "proposal": draft.pk}
    )
    assert response.status_code == 404
    assert response.json()["code"] == "proposal_not_available"

    services.kiosk_config_save(
        config=KioskConfig(kiosk=enrolled[0], propose=False), actor=staff_user
    )
    response = json_post(api, "/api/v1/kiosk/handoffs/", {"action": "propose"})
    assert response.status_code == 403
    assert response.json()["code"] == "feature_disabled"
    assert not Handoff.objects.exists()


def test_hand_offs_are_rate_limited_per_device(api, json_post, proposal):
    limit, _period = settings.RATE_LIMITS["kiosk_handoff"]["device"]
    for _ in range(limit):
        start(api, json_post, proposal)
    response = json_post(
        api, "/api/v1/kiosk/handoffs/", {"action": "agree", "proposal": proposal.pk}
    )
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60
    assert Handoff.objects.count() == limit


def test_phone_page_query_budget(
    api, json_post, proposal, voter, django_assert_max_num_queries
):
    body = start(api, json_post, proposal)
    phone = Client()
    phone.force_login(voter)
    # session (1), hand-off with kiosk and proposal (1), bind (1), user (1), bell (1),
    # session save: savepoint + update + release (3)
    with django_assert_max_num_queries(8):
        assert phone.get(path_of(body)).status_code == 200
    # session (1), hand-off with kiosk and proposal (1), user (1), then vote_cast: row
    # lock with "already agreed?" (1), insert (1), counter (1); finish (1), bell (1).
    # A kiosk page's budget: ≤ 8.
    with django_assert_max_num_queries(8):
        assert phone.post(path_of(body)).status_code == 200
    assert Vote.objects.get().channel == "kiosk"


def test_a_new_person_signs_up_confirms_the_email_logs_in_and_is_back(
    api, json_post, proposal, mailoutbox
):
    """Email verification is mandatory and confirming does not log in: ?next= is lost on
    the way, so the session remembers the hand-off and the login returns to it."""
    from tests.accounts.test_signup import confirmation_link, signup_data

    body = start(api, json_post, proposal)
    here = path_of(body)
    phone = Client()
    start_at = timezone.now()

    page = phone.get(here).content.decode()
    assert f'href="/accounts/signup/?next={here}"' in page
    assert f'href="/accounts/login/?next={here}"' in page

    with time_machine.travel(start_at + dt.timedelta(minutes=2), tick=False):
        response = phone.post(
            f"/accounts/signup/?next={here}",
            {**signup_data(email="new.at.kiosk@example.org"), "next": here},
        )
        assert response.status_code == 302
        assert not response.wsgi_request.user.is_authenticated
    with time_machine.travel(start_at + dt.timedelta(minutes=6), tick=False):
        link = confirmation_link(mailoutbox[-1])
        assert phone.post(link).status_code == 302
        response = phone.post(
            "/accounts/login/",
            {
                "login": "new.at.kiosk@example.org",
                "password": signup_data()["password1"],
            },
        )
    assert response.status_code == 302
    assert response["Location"] == here
    with time_machine.travel(start_at + dt.timedelta(minutes=7), tick=False):
        page = phone.get(here)
    assert page.status_code == 200
    html = page.content.decode()
    assert proposal.title in html
    # Next: agree (or first verify the phone, if voting asks for it).
    assert (
        'data-testid="handoff-agree"' in html or reverse("accounts:phone-start") in html
    )
    # Used once: a later login goes to the usual place.
    phone.logout()
    response = phone.post(
        "/accounts/login/",
        {"login": "new.at.kiosk@example.org", "password": signup_data()["password1"]},
    )
    assert response["Location"] != here


def test_the_remembered_hand_off_expires_with_its_15_minutes(
    api, json_post, proposal, user
):
    from tests.accounts.factories import TEST_PASSWORD

    body = start(api, json_post, proposal)
    phone = Client()
    start_at = timezone.now()
    phone.get(path_of(body))
    with time_machine.travel(start_at + dt.timedelta(minutes=16), tick=False):
        response = phone.post(
            "/accounts/login/", {"login": user.email, "password": TEST_PASSWORD}
        )
    assert response.status_code == 302
    assert response["Location"] != path_of(body)
