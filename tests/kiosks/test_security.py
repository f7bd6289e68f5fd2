"""Nothing kiosk-only is reachable without a valid credential; a refused request records
nothing."""

import pytest
from django.conf import settings
from django.test import Client

from kiosks import services
from kiosks.models import Handoff, Kiosk, KioskUsage
from oasis.accounts.models import PhoneCode
from voting.models import Vote

API_CALLS = [
    ("post", "/api/v1/kiosk/heartbeat/", {"version": "1", "uptime": 3}),
    ("get", "/api/v1/kiosk/proposals/", None),
    ("post", "/api/v1/kiosk/handoffs/", {"action": "propose"}),
    ("get", "/api/v1/kiosk/handoffs/1/", None),
    ("post", "/api/v1/kiosk/sms/", {"phone": "010-1234-5678", "proposal": 1}),
    ("post", "/api/v1/kiosk/sms/verify/", {"challenge": 1, "code": "123456"}),
    ("post", "/api/v1/kiosk/events/", {"touch_sessions": 1}),
]
TOUCH_PAGES = [
    "/kiosk/",
    "/kiosk/ideas/",
    "/kiosk/categories/",
    "/kiosk/help/",
    "/kiosk/propose/",
]


def call(client, method, url, data, **extra):
    if method == "get":
        return client.get(url, **extra)
    return client.post(url, data, content_type="application/json", **extra)


def assert_nothing_recorded(kiosk: Kiosk, sms_outbox, last_seen=None):
    kiosk.refresh_from_db()
    assert kiosk.last_seen_at == last_seen
    assert not Handoff.objects.exists()
    assert not PhoneCode.objects.exists()
    assert not KioskUsage.objects.filter(touch_sessions__gt=0).exists()
    assert not Vote.objects.exists()
    assert sms_outbox == []


@pytest.fixture
def quiet_kiosk(enrolled):
    """An enrolled kiosk whose last_seen is cleared, so any touch of it would show."""
    kiosk, credential = enrolled
    Kiosk.objects.filter(pk=kiosk.pk).update(last_seen_at=None)
    return kiosk, credential


@pytest.mark.parametrize(("method", "url", "data"), API_CALLS)
def test_api_without_credential_is_refused(
    quiet_kiosk, proposal, sms_outbox, method, url, data
):
    response = call(Client(), method, url, data)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Kiosk"
    assert_nothing_recorded(quiet_kiosk[0], sms_outbox)


@pytest.mark.parametrize(("method", "url", "data"), API_CALLS)
@pytest.mark.parametrize(
    "header", ["Kiosk oks_forgedforgedforgedforgedforgedforged", "Kiosk", "Kiosk a b"]
)
def test_api_with_forged_credential_is_refused(
    quiet_kiosk, proposal, sms_outbox, method, url, data, header
):
    response = call(Client(HTTP_AUTHORIZATION=header), method, url, data)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert_nothing_recorded(quiet_kiosk[0], sms_outbox)


@pytest.mark.parametrize(("method", "url", "data"), API_CALLS)
def test_revoked_credential_is_refused_at_the_next_request(
    quiet_kiosk, staff_user, proposal, sms_outbox, method, url, data
):
    kiosk, credential = quiet_kiosk
    api = Client(HTTP_AUTHORIZATION=f"Kiosk {credential}")
    assert api.get("/api/v1/kiosk/proposals/").status_code == 200

    services.kiosk_revoke(kiosk=kiosk, actor=staff_user)

    response = call(api, method, url, data)
    assert response.status_code == 401
    assert_nothing_recorded(kiosk, sms_outbox)


@pytest.mark.parametrize(("method", "url", "data"), API_CALLS)
@pytest.mark.parametrize("key", ["token", "credential", "kiosk", "x"])
def test_credential_in_the_query_string_is_refused_even_with_a_header(
    quiet_kiosk, proposal, sms_outbox, method, url, data, key
):
    _kiosk, credential = quiet_kiosk
    for client in (Client(), Client(HTTP_AUTHORIZATION=f"Kiosk {credential}")):
        response = call(client, method, f"{url}?{key}={credential}", data)
        assert response.status_code == 401
        assert response.json()["code"] == "credential_in_url"
    assert_nothing_recorded(quiet_kiosk[0], sms_outbox)


@pytest.mark.parametrize("url", TOUCH_PAGES)
def test_touch_pages_send_an_unknown_device_to_enrollment(kiosk, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == "/kiosk/enroll/"

    forged = Client()
    forged.cookies[settings.KIOSK_COOKIE_NAME] = "oks_forgedforgedforgedforgedforged"
    response = forged.get(url)
    assert response.status_code == 302
    assert response.cookies[settings.KIOSK_COOKIE_NAME]["max-age"] == 0  # forgotten


@pytest.mark.parametrize("url", TOUCH_PAGES)
def test_touch_pages_refuse_a_revoked_kiosk(touch, enrolled, staff_user, url):
    assert touch.get(url).status_code == 200
    services.kiosk_revoke(kiosk=enrolled[0], actor=staff_user)
    response = touch.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/kiosk/enroll/"


@pytest.mark.parametrize("url", TOUCH_PAGES)
def test_touch_pages_refuse_a_credential_in_the_url(touch, credential, url):
    response = touch.get(f"{url}?credential={credential}")
    assert response.status_code == 400
    response = Client().get(f"{url}?x={credential}")
    assert response.status_code == 400


def test_the_cookie_alone_cannot_post_without_the_csrf_token(
    touch, quiet_kiosk, sms_outbox, proposal
):
    response = touch.post(
        "/api/v1/kiosk/sms/",
        {"phone": "010-1234-5678", "proposal": proposal.pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    detail = response.json()["detail"]
    # The refusal says what is wrong in words (Django's reason), not a response object.
    assert "CSRF cookie not set" in detail
    assert "HttpResponse" not in detail
    assert "<" not in detail
    assert_nothing_recorded(quiet_kiosk[0], sms_outbox)


def test_the_cookie_with_the_csrf_token_is_accepted(touch, proposal):
    touch.get("/kiosk/")
    token = touch.cookies["csrftoken"].value
    response = touch.post(
        "/api/v1/kiosk/events/",
        {"touch_sessions": 1},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 204


def test_a_kiosk_credential_opens_no_citizen_page(touch, credential, proposal):
    # The cookie is no session: citizen-only pages ask for a login.
    for url in ["/accounts/profile/", "/accounts/profile/phone/", "/notifications/"]:
        response = touch.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    # The header is no citizen API credential either.
    api = Client(HTTP_AUTHORIZATION=f"Kiosk {credential}")
    response = api.post(f"/api/v1/proposals/{proposal.pk}/vote/")
    assert response.status_code in {401, 403}
    assert api.get("/accounts/profile/").status_code == 302
    assert not Vote.objects.exists()
