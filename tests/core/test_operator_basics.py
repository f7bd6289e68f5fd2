"""Argon2 passwords (older hashes upgraded at sign-in), the request body cap, request
ids in JSON logs, and the Sentry scrubber."""

import json
import logging

import pytest
from django.contrib.auth.hashers import make_password

import oasis.settings as project_settings
from oasis.core.logs import JsonFormatter, RequestIdFilter, request_id_var
from oasis.core.sentry import FILTERED, before_send, scrub_text
from tests.accounts.factories import TEST_PASSWORD


def test_argon2_is_the_first_password_hasher():
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert any("PBKDF2" in name for name in project_settings.PASSWORD_HASHERS)


@pytest.mark.django_db
def test_a_pbkdf2_password_is_upgraded_to_argon2_at_sign_in(client, settings, user):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user.password = make_password(TEST_PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    response = client.post(
        "/accounts/login/", {"login": user.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    assert user.check_password(TEST_PASSWORD)


@pytest.mark.django_db
def test_a_body_over_the_cap_is_refused_from_its_length_alone(client):
    # Content-Length says 30 MB; the body is a few bytes: a server reading it whole
    # would fail on the short body, not answer 413.
    response = client.generic(
        "POST",
        "/proposals/new/",
        data=b"x" * 10,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(30 * 1024 * 1024),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 413
    assert response.content.decode() == (
        "This upload is too large: at most 12 MB can be sent at once."
    )


@pytest.mark.django_db
def test_the_api_refuses_large_bodies_in_json(client):
    response = client.generic(
        "POST",
        "/api/v1/proposals/",
        data=b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(13 * 1024 * 1024),
    )

    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    fresh = client.get("/healthz")
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="0123456789abcdef")
    foreign = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")

    assert len(fresh["X-Request-ID"]) == 32
    assert kept["X-Request-ID"] == "0123456789abcdef"
    assert foreign["X-Request-ID"] != "<script>"


@pytest.mark.django_db
def test_log_lines_of_a_request_carry_its_id(client, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="abcdef0123456789")

    assert response.status_code == 404
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.request_id == "abcdef0123456789"
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "abcdef0123456789"
    assert line["level"] == "WARNING"
    assert "Not Found" in line["message"]


def test_json_lines_outside_requests_say_so():
    request_id_var.set("-")
    record = logging.LogRecord(
        "oasis", logging.INFO, __file__, 1, "안녕 %s", ("x",), None
    )
    RequestIdFilter().filter(record)

    line = json.loads(JsonFormatter().format(record))

    assert line == {**line, "message": "안녕 x", "request_id": "-", "logger": "oasis"}
    assert request_id_var.get() == "-"


@pytest.mark.parametrize(
    "text",
    [
        "call 010-1234-5678 now",
        "call 01012345678 now",
        "call +82 10 1234 5678 now",
        "mail kim.minsu+oasis@example.co.kr please",
        "/accounts/confirm-email/?key=MTIzNDU2Nzg5MA:1abcDEF:xyz",
        "token 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    ],
)
def test_the_scrubber_removes_phones_emails_and_tokens(text):
    scrubbed = scrub_text(text)

    assert FILTERED in scrubbed
    for secret in ("1234", "5678", "kim.minsu", "MTIzNDU2", "9f86d0818"):
        assert secret not in scrubbed


def test_before_send_scrubs_the_whole_event():
    event = {
        "message": "SMS to 010-9876-5432 failed",
        "user": {"id": 7, "email": "a@example.org", "ip_address": "1.2.3.4"},
        "request": {
            "url": "https://oasis.example.org/kiosk/enroll/?code=SECRETCODE1",
            "headers": {"Cookie": "sessionid=abc", "X-Api-Key": "k", "Accept": "*/*"},
            "data": {"phone": "01098765432", "password": "hunter2", "title": "Bench"},
        },
        "exception": {"values": [{"value": "no user kim@example.org"}]},
    }

    sent = before_send(event, {})

    dumped = json.dumps(sent)
    for secret in (
        "9876",
        "a@example.org",
        "1.2.3.4",
        "SECRETCODE1",
        "abc",
        "hunter2",
        "kim@",
    ):
        assert secret not in dumped
    assert sent["user"] == {"id": 7}
    assert sent["request"]["data"]["title"] == "Bench"
    assert sent["request"]["headers"]["Accept"] == "*/*"


def test_sentry_is_off_without_a_dsn():
    import sentry_sdk

    assert project_settings.SENTRY_DSN == ""
    assert not sentry_sdk.get_client().is_active()
