import pytest
from django.conf import settings
from django.test import Client
from pytest_factoryboy import register

from kiosks import services
from tests.kiosks.factories import KioskFactory, KioskProposalFactory
from tests.proposals.factories import CategoryFactory

register(KioskFactory)
register(CategoryFactory)
register(KioskProposalFactory, "proposal")


@pytest.fixture
def proposal_factory(kiosk_proposal_factory):
    """Ideas in these tests are the ones kiosks show."""
    return kiosk_proposal_factory


@pytest.fixture
def enrolled(kiosk, staff_user):
    """(kiosk, credential) of an enrolled kiosk."""
    _row, code = services.enrollment_code_create(kiosk=kiosk, actor=staff_user)
    kiosk, credential = services.kiosk_enroll(code=code)
    return kiosk, credential


@pytest.fixture
def credential(enrolled):
    return enrolled[1]


@pytest.fixture
def api(credential):
    """A client that speaks as the kiosk through the Authorization header."""
    return Client(HTTP_AUTHORIZATION=f"Kiosk {credential}")


@pytest.fixture
def touch(credential):
    """The touch UI's browser: the HttpOnly cookie, CSRF enforced."""
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.KIOSK_COOKIE_NAME] = credential
    return client


@pytest.fixture(autouse=True)
def _db(db):
    """Every kiosk test uses the database."""


@pytest.fixture
def json_post():
    def post(client, url, data=None, **extra):
        return client.post(url, data or {}, content_type="application/json", **extra)

    return post


def sms_code(outbox) -> str:
    """The 6-digit code of the last text message."""
    import re

    return re.search(r"(?<!\d)(\d{6})(?!\d)", outbox[-1].body)[1]


@pytest.fixture
def proposal__author(user_factory):
    # Someone else than `user`, who usually agrees.
    return user_factory()
