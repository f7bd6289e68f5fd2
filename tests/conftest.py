import pytest
from pytest_factoryboy import register

from oasis.accounts import sms
from oasis.celery import app
from tests.accounts import sms_provider as fake_sms_provider
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
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture(autouse=True)
def _clear_cache(_test_settings):  # after _test_settings: clear the cache tests use
    from django.core.cache import cache

    from oasis.core.breaker import redis_reset

    redis_reset()  # a Redis outage of an earlier test is not this test's
    cache.clear()
    yield
    redis_reset()


@pytest.fixture
def staff_client(client, staff_user):
    """A signed-in superuser (StaffFactory is staff and superuser)."""
    client.force_login(staff_user)
    return client


@pytest.fixture
def sms_outbox():
    return sms.outbox


@pytest.fixture
def sms_provider():
    """A real HTTP server on 127.0.0.1 playing an SMS provider."""
    provider, server = fake_sms_provider.start()
    yield provider
    fake_sms_provider.stop(server)


@pytest.fixture
def http_sms(settings, sms_provider):
    """SMS_BACKEND is HttpSmsBackend, talking to sms_provider."""
    settings.SMS_BACKEND = "oasis.accounts.sms.HttpSmsBackend"
    settings.SMS_HTTP_URL = sms_provider.url
    settings.SMS_HTTP_API_KEY = fake_sms_provider.API_KEY
    settings.SMS_SENDER_NUMBER = fake_sms_provider.SENDER
    settings.SMS_HTTP_TIMEOUT = 0.5
    return sms_provider


def _forget_celery_connections():
    # Celery caches its connection and producer pools for the first broker URL.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """Point Celery at a port where nothing listens, and stop running tasks eagerly."""
    saved = {
        "broker_url": app.conf.broker_url,
        "task_always_eager": app.conf.task_always_eager,
    }
    _forget_celery_connections()
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app.conf.task_always_eager = False
    yield
    _forget_celery_connections()
    app.conf.update(saved)
