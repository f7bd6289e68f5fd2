"""Django's CSP middleware: no inline scripts or styles anywhere."""

import json
import os
import re
import subprocess
import sys
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.backends import db

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/accounts/signup/"])
def test_csp_forbids_inline_scripts_and_styles(client, url):
    response = client.get(url)

    csp = directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "url", ["/", "/accounts/login/", "/accounts/signup/", "/privacy/"]
)
def test_pages_carry_no_inline_script_or_style(client, url):
    html = client.get(url).content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html
    assert " style=" not in html


def test_other_security_headers(client):
    response = client.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_sessions_live_in_the_database(settings):
    engine = import_module(settings.SESSION_ENGINE).SessionStore

    assert issubclass(engine, db.SessionStore)


@pytest.mark.parametrize(
    ("environment", "form_action"),
    [
        ({}, ["'self'"]),
        ({"KAKAO_CLIENT_ID": "k"}, ["'self'", "https://kauth.kakao.com"]),
        (
            {"KAKAO_CLIENT_ID": "k", "NAVER_CLIENT_ID": "n"},
            ["'self'", "https://kauth.kakao.com", "https://nid.naver.com"],
        ),
    ],
)
def test_configured_social_login_may_leave_the_site_and_nothing_else(
    environment, form_action
):
    # Settings are read at start-up, so a fresh interpreter reads this environment.
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.SECURE_CSP['form-action']))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KAKAO_", "NAVER_"))
    }
    env |= {"DJANGO_SETTINGS_MODULE": "oasis.settings", **environment}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert json.loads(result.stdout.strip().splitlines()[-1]) == form_action
