"""Fleet: one-time enrollment codes, hashed credentials, revoke, audit, admin."""

import datetime as dt
import hashlib

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from kiosks import services
from kiosks.auth import kiosk_for_credential
from kiosks.errors import EnrollmentCodeInvalid
from kiosks.models import EnrollmentCode, Kiosk
from oasis.core.models import AuditEvent


def test_a_code_is_stored_only_hashed_and_works_once(kiosk, staff_user):
    row, code = services.enrollment_code_create(kiosk=kiosk, actor=staff_user)
    plain = code.replace("-", "")
    assert len(plain) == 12
    assert row.code_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert not EnrollmentCode.objects.filter(code_hash__contains=plain).exists()

    enrolled, _credential = services.kiosk_enroll(code=code.lower())

    assert enrolled == kiosk
    with pytest.raises(EnrollmentCodeInvalid):
        services.kiosk_enroll(code=code)


def test_the_credential_is_long_random_and_kept_only_as_sha256(kiosk, staff_user):
    _row, code = services.enrollment_code_create(kiosk=kiosk, actor=staff_user)
    kiosk, credential = services.kiosk_enroll(code=code)
    secret = credential.removeprefix("oks_")
    assert len(secret) >= 43  # 32 random bytes = 256 bits, base64url
    kiosk.refresh_from_db()
    assert kiosk.credential_hash == hashlib.sha256(credential.encode()).hexdigest()
    assert credential not in str(Kiosk.objects.values().get(pk=kiosk.pk))
    assert kiosk_for_credential(credential) == kiosk


def test_a_code_expires(kiosk, staff_user):
    _row, code = services.enrollment_code_create(kiosk=kiosk, actor=staff_user)
    with (
        time_machine.travel(
            timezone.now() + settings.KIOSK_ENROLLMENT_CODE_TTL + dt.timedelta(1)
        ),
        pytest.raises(EnrollmentCodeInvalid),
    ):
        services.kiosk_enroll(code=code)


def test_a_new_code_voids_the_earlier_one(kiosk, staff_user):
    _row, first = services.enrollment_code_create(kiosk=kiosk, actor=staff_user)
    _row, second = services.enrollment_code_create(kiosk=kiosk, actor=staff_user)
    with pytest.raises(EnrollmentCodeInvalid):
        services.kiosk_enroll(code=first)
    services.kiosk_enroll(code=second)


def test_re_enrolling_ends_the_old_credential(enrolled, staff_user):
    kiosk, old = enrolled
    _row, code = services.enrollment_code_create(kiosk=kiosk, actor=staff_user)
    _kiosk, new = services.kiosk_enroll(code=code)
    assert kiosk_for_credential(old) is None
    assert kiosk_for_credential(new) == kiosk


def test_enrol_revoke_and_codes_are_audited(enrolled, staff_user):
    kiosk, credential = enrolled
    services.kiosk_revoke(kiosk=kiosk, actor=staff_user)
    actions = list(
        AuditEvent.objects.filter(target_id=str(kiosk.pk)).values_list(
            "action", "actor_id"
        )
    )
    assert ("kiosk.enrollment_code_create", staff_user.pk) in actions
    assert ("kiosk.enrol", None) in actions
    assert ("kiosk.revoke", staff_user.pk) in actions
    assert credential not in str(list(AuditEvent.objects.values()))
    kiosk.refresh_from_db()
    assert kiosk.status == "revoked"
    assert kiosk_for_credential(credential) is None


def test_the_enroll_page_sets_a_strict_httponly_cookie(kiosk, staff_user):
    _row, code = services.enrollment_code_create(kiosk=kiosk, actor=staff_user)
    client = Client()
    page = client.get(f"/kiosk/enroll/?code={code}")
    assert page.status_code == 200
    assert code in page.content.decode()  # prefilled; the device still confirms

    response = client.post("/kiosk/enroll/", {"code": code})

    assert response.status_code == 302
    assert response["Location"] == "/kiosk/"
    cookie = response.cookies[settings.KIOSK_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert kiosk_for_credential(cookie.value) == kiosk
    assert client.get("/kiosk/").status_code == 200


def test_the_enroll_page_explains_a_wrong_code(kiosk):
    response = Client().post("/kiosk/enroll/", {"code": "WRONG-CODE-0000"})
    assert response.status_code == 200
    assert settings.KIOSK_COOKIE_NAME not in response.cookies
    assert 'role="alert"' in response.content.decode()


def test_the_enroll_api_returns_the_credential_once(kiosk, staff_user, json_post):
    _row, code = services.enrollment_code_create(kiosk=kiosk, actor=staff_user)
    response = json_post(Client(), "/api/v1/kiosk/enroll/", {"code": code})
    assert response.status_code == 201
    body = response.json()
    assert body["kiosk"]["station"] == kiosk.station
    assert body["config"]["idle_timeout_seconds"] == 60
    assert kiosk_for_credential(body["credential"]) == kiosk

    again = json_post(Client(), "/api/v1/kiosk/enroll/", {"code": code})
    assert again.status_code == 400
    assert again.json()["code"] == "enrollment_code_invalid"


def test_guessing_codes_is_rate_limited(kiosk, json_post):
    limit, _period = settings.RATE_LIMITS["kiosk_enroll"]["ip"]
    client = Client()
    for _ in range(limit):
        assert (
            json_post(client, "/api/v1/kiosk/enroll/", {"code": "X"}).status_code == 400
        )
    response = json_post(client, "/api/v1/kiosk/enroll/", {"code": "X"})
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_admin_creates_codes_revokes_and_shows_status(client, staff_user, enrolled):
    kiosk, credential = enrolled
    other = Kiosk.objects.create(name="B", station="역삼역", district=kiosk.district)
    client.force_login(staff_user)

    listing = client.get("/admin/kiosks/kiosk/")
    content = listing.content.decode()
    assert listing.status_code == 200
    assert "kiosk-status-online" in content
    assert "kiosk-status-not_enrolled" in content

    response = client.post(
        "/admin/kiosks/kiosk/",
        {"action": "create_enrollment_code", "_selected_action": [other.pk]},
        follow=True,
    )
    message = str(next(iter(response.context["messages"])))
    code = message.split("<strong>")[1].split("</strong>")[0]
    assert services.kiosk_enroll(code=code)[0] == other

    client.post(
        "/admin/kiosks/kiosk/",
        {"action": "revoke", "_selected_action": [kiosk.pk], "apply": "1"},
        follow=True,
    )
    assert kiosk_for_credential(credential) is None
    assert client.get(f"/admin/kiosks/kiosk/{kiosk.pk}/change/").status_code == 200
