"""The API is what its schema says: schemathesis sends generated requests to every
operation of /api/v1/schema/ (anonymous, signed in, and as an enrolled kiosk) and
checks every answer against the schema: no server error, a documented status, the
documented content type, headers and body.
"""

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.db import close_old_connections
from django.middleware.csrf import get_token
from django.test import RequestFactory
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kiosks import services as kiosk_services
from oasis.wsgi import application
from tests.accounts.factories import UserFactory
from tests.kiosks.factories import KioskFactory
from tests.proposals.factories import CategoryFactory, ProposalFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Bounded and repeatable: the same examples on every run, a few seconds per operation.
EXAMPLES = settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests go through the real WSGI handler, which closes the database
    connection at each request's start and end; the test's transaction needs it
    open (Django's test client does the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def api_data(db, settings):
    settings.RATE_LIMITS = {
        action: {scope: (100_000, seconds) for scope, (_n, seconds) in limits.items()}
        for action, limits in settings.RATE_LIMITS.items()
    }
    staff = UserFactory(is_staff=True)
    category = CategoryFactory()
    for stage in ("open", "open", "in_review", "selected"):
        ProposalFactory(stage=stage, category=category)
    kiosk = KioskFactory()
    _row, code = kiosk_services.enrollment_code_create(kiosk=kiosk, actor=staff)
    kiosk_services.kiosk_enroll(code=code)


schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


def _session(user) -> tuple[dict[str, str], dict[str, str]]:
    """(headers, cookies) of a signed-in browser: the session and its CSRF token."""
    from django.contrib.auth import login
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/")
    request.session = SessionStore()
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.save()
    token = get_token(request)
    secret = request.META["CSRF_COOKIE"]
    cookies = {
        django_settings.SESSION_COOKIE_NAME: request.session.session_key,
        django_settings.CSRF_COOKIE_NAME: secret,
    }
    return {"X-CSRFToken": token}, cookies


def _kiosk_headers() -> dict[str, str]:
    kiosk = KioskFactory()
    staff = UserFactory(is_staff=True)
    _row, code = kiosk_services.enrollment_code_create(kiosk=kiosk, actor=staff)
    _kiosk, credential = kiosk_services.kiosk_enroll(code=code)
    return {"Authorization": f"Kiosk {credential}"}


@schema.parametrize()
@EXAMPLES
def test_api_conforms_anonymous(case):
    case.call_and_validate(checks=CHECKS)


@pytest.fixture
def signed_in(db):
    return _session(UserFactory())


@schema.parametrize()
@EXAMPLES
def test_api_conforms_signed_in(case, signed_in):
    headers, cookies = signed_in
    response = case.call_and_validate(headers=headers, cookies=cookies, checks=CHECKS)
    if response.status_code == 403:  # the session is recognised, whatever else
        assert response.json()["code"] != "not_authenticated"


@pytest.fixture
def kiosk_headers(db):
    return _kiosk_headers()


@schema.parametrize()
@EXAMPLES
def test_api_conforms_as_a_kiosk(case, kiosk_headers):
    case.call_and_validate(headers=kiosk_headers, checks=CHECKS)
