import pytest
from pytest_factoryboy import register

from oasis.accounts import sms
from tests.accounts.factories import StaffFactory, UserFactory

register(UserFactory)
register(UserFactory, "user2")
register(StaffFactory, "staff_user")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.SMS_BACKEND = "oasis.accounts.sms.LocmemSmsBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def sms_outbox():
    return sms.outbox
