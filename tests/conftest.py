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
    # Each test process keeps its own cache even when REDIS_URL points at a shared Redis
    # (CI, pytest-xdist): rate-limit counters must not leak between workers, and
    # cache.clear() must not flush the broker's queues. Tests of Redis set CACHES.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_in_process():
    """Unit tests run Celery tasks in-process whether or not REDIS_URL is set;
    tests/integration/ sends them through the real broker to a real worker."""
    from oasis.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture(autouse=True)
def _clear_cache(_test_settings):  # after _test_settings: clear the cache tests use
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def sms_outbox():
    return sms.outbox
