"""Requests that came through a proxy while no proxy is trusted: one warning per
process, since every visitor then shares the proxy's address and rate limits."""

import logging

import pytest
from django.test import RequestFactory

from oasis.core import http
from oasis.core.http import client_ip

LOGGER = "oasis.core.http"


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch):
    """As in a newly started process: nothing warned yet."""
    monkeypatch.setattr(http, "_untrusted_forwarding_warned", http.threading.Event())


def forwarded(ip="203.0.113.7"):
    return RequestFactory().get("/", HTTP_X_FORWARDED_FOR=ip, REMOTE_ADDR="10.0.0.2")


def warnings_of(caplog):
    return [
        r for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING
    ]


def test_forwarded_requests_without_a_trusted_proxy_warn_once(settings, caplog):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    caplog.set_level(logging.WARNING, logger=LOGGER)

    addresses = [client_ip(forwarded()), client_ip(forwarded("198.51.100.9"))]

    assert addresses == ["10.0.0.2", "10.0.0.2"]
    [warning] = warnings_of(caplog)
    assert "TRUSTED_PROXY_COUNT" in warning.getMessage()
    assert "10.0.0.2" in warning.getMessage()


def test_no_warning_when_the_proxy_is_trusted(settings, caplog):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    caplog.set_level(logging.WARNING, logger=LOGGER)

    assert client_ip(forwarded()) == "203.0.113.7"
    assert warnings_of(caplog) == []


def test_no_warning_for_direct_requests(settings, caplog):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    caplog.set_level(logging.WARNING, logger=LOGGER)

    client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.2"))

    assert warnings_of(caplog) == []


@pytest.mark.django_db
def test_a_sign_in_through_a_proxy_warns(client, settings, caplog, user):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    caplog.set_level(logging.WARNING, logger=LOGGER)

    client.post(
        "/accounts/login/",
        {"login": user.email, "password": "wrong"},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )

    assert len(warnings_of(caplog)) == 1
