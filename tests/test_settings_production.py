"""DJANGO_ENV=production: `check --deploy` is clean, and insecure defaults refuse to start."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
INHERITED = ("PATH", "HOME", "LANG", "DATABASE_URL", "REDIS_URL", "PYTHONPATH")


HTTP_SMS = {
    "SMS_BACKEND": "oasis.accounts.sms.HttpSmsBackend",
    "SMS_HTTP_URL": "https://sms.example.org/v1/send",
    "SMS_HTTP_API_KEY": secrets.token_urlsafe(24),
    "SMS_SENDER_NUMBER": "02-120-0000",
}


def production_env(**overrides) -> dict[str, str]:
    env = {name: os.environ[name] for name in INHERITED if name in os.environ}
    env.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="oasis.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        PHONE_PEPPER=secrets.token_hex(32),
        PHONE_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        ALLOWED_HOSTS="oasis.example.org",
        EMAIL_URL="smtp+tls://oasis:secret@mail.example.org:587",
        PYTHONWARNINGS="ignore",
    )
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_nothing_in_production():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env()
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_are_hardened():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SESSION_ENGINE, "
        "s.SECURE_CSP['script-src'], s.SECURE_CSP['style-src'], s.VOTE_REQUIRES_PHONE, "
        "s.MFA_REQUIRED_FOR_PRIVILEGED]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    (
        debug,
        ssl,
        session_secure,
        csrf_secure,
        hsts,
        sessions,
        script,
        style,
        phone,
        mfa,
    ) = json.loads(result.stdout)
    assert (debug, ssl, session_secure, csrf_secure) == (False, True, True, True)
    assert hsts >= 31536000
    # The database backend: sessions survive a cache outage.
    assert sessions == "django.contrib.sessions.backends.db"
    assert script == ["'self'"]
    assert style == ["'self'"]
    assert phone is True
    assert mfa is True


@pytest.mark.parametrize(
    ("setting", "override"),
    [
        ("SECRET_KEY", {"SECRET_KEY": None}),
        ("PHONE_PEPPER", {"PHONE_PEPPER": None}),
        ("PHONE_ENCRYPTION_KEY", {"PHONE_ENCRYPTION_KEY": None}),
        ("DEBUG", {"DEBUG": "true"}),
        ("PHONE_ENCRYPTION_KEY", {"PHONE_ENCRYPTION_KEY": "not-a-fernet-key"}),
        ("SMS_HTTP_API_KEY", {**HTTP_SMS, "SMS_HTTP_API_KEY": None}),
        ("SMS_SENDER_NUMBER", {**HTTP_SMS, "SMS_SENDER_NUMBER": None}),
        ("SMS_HTTP_URL", {**HTTP_SMS, "SMS_HTTP_URL": None}),
        ("SMS_HTTP_URL", {**HTTP_SMS, "SMS_HTTP_URL": "http://sms.example.org/send"}),
    ],
)
def test_production_refuses_to_start_on_insecure_settings(setting, override):
    result = manage("check", env=production_env(**override))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert setting in result.stderr.strip().splitlines()[-1]


def test_production_starts_with_a_configured_sms_provider():
    result = manage("check", env=production_env(**HTTP_SMS))

    assert result.returncode == 0, result.stderr


def test_development_needs_no_configuration_at_all():
    env = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}

    result = manage("check", env=env | {"PYTHONWARNINGS": "ignore"})

    assert result.returncode == 0, result.stderr


def settings_json(expression: str, env) -> object:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({expression}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


S3 = {
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "oasis-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
    "AWS_S3_REGION_NAME": "ap-northeast-2",
    "AWS_ACCESS_KEY_ID": "key-id",
    "AWS_SECRET_ACCESS_KEY": secrets.token_urlsafe(24),
}


def test_uploads_stay_on_the_local_disk_by_default():
    backend = settings_json('s.STORAGES["default"]["BACKEND"]', production_env())

    assert backend == "django.core.files.storage.FileSystemStorage"


def test_a_private_bucket_gives_signed_urls_that_expire():
    env = production_env(**S3, AWS_QUERYSTRING_EXPIRE="900")

    storage, img_src = settings_json(
        '[s.STORAGES["default"], s.SECURE_CSP["img-src"]]', env
    )

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "oasis-media"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["region_name"] == "ap-northeast-2"
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] == 900
    assert "immutable" in options["object_parameters"]["CacheControl"]
    assert "https://s3.example.org" in img_src  # the CSP lets the pages show them
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_public_base_url_gives_plain_urls_under_it():
    env = production_env(
        **S3, MEDIA_PUBLIC_BASE_URL="https://media.oasis.example.org/m"
    )

    options, img_src, url = settings_json(
        '[s.STORAGES["default"]["OPTIONS"], s.SECURE_CSP["img-src"], '
        "__import__('django.core.files.storage', fromlist=['x'])"
        ".default_storage.url('proposals/a b.jpg')]",
        env,
    )

    assert options["querystring_auth"] is False
    assert url == "https://media.oasis.example.org/m/proposals/a%20b.jpg"
    assert "https://media.oasis.example.org" in img_src


def test_object_storage_needs_a_bucket():
    result = manage("check", env=production_env(MEDIA_STORAGE="s3"))

    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_production_logs_are_json_lines_with_the_request_id():
    formatter, filters = settings_json(
        '[s.LOGGING["handlers"]["console"]["formatter"], '
        's.LOGGING["handlers"]["console"]["filters"]]',
        production_env(),
    )

    assert formatter == "json"
    assert filters == ["request_id"]


def test_health_probes_answer_on_plain_http_in_production():
    """Load balancers probe /healthz and /readyz over plain HTTP; every other page
    still redirects to HTTPS."""
    code = (
        "import django, json; django.setup(); from django.test import Client; "
        "c = Client(HTTP_HOST='oasis.example.org'); "
        "print(json.dumps({p: [r.status_code, r.get('Location', '')] "
        "for p in ('/healthz', '/readyz', '/') for r in [c.get(p)]}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers["/healthz"] == [200, ""]
    # ready or not (the database may be absent here), but never a redirect
    assert answers["/readyz"][0] in (200, 503)
    assert answers["/readyz"][1] == ""
    assert answers["/"] == [301, "https://oasis.example.org/"]
