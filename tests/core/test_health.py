"""/healthz and /readyz; with Redis unreachable, /readyz says so and pages still work."""

import pytest
from django.core.cache import cache
from redis.exceptions import ConnectionError as RedisConnectionError

from oasis.core import health

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def unreachable_redis(settings):
    settings.REDIS_URL = UNREACHABLE_REDIS
    settings.CACHES = {
        "default": {
            "BACKEND": "oasis.core.cache.ResilientRedisCache",
            "LOCATION": UNREACHABLE_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def broker_up(monkeypatch):
    """The broker is checked on its own; here only the cache is broken."""
    monkeypatch.setattr(health, "_check_broker", lambda: None)


def test_healthz_answers_without_touching_dependencies(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_200_when_everything_answers(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert body["checks"]["database"] == "ok"


def test_readyz_is_503_naming_redis_when_the_cache_is_unreachable(
    client, unreachable_redis, broker_up
):
    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == "ok"
    assert len(body["failing"]) == 1
    assert "redis" in body["failing"][0]


def test_readyz_names_the_broker_when_it_is_unreachable(client, settings, monkeypatch):
    from oasis.celery import app

    settings.REDIS_URL = UNREACHABLE_REDIS
    monkeypatch.setattr(health, "_check_cache", lambda: None)
    monkeypatch.setattr(app.conf, "broker_url", UNREACHABLE_REDIS)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["broker (redis)"]


def test_readyz_is_503_naming_the_database_when_it_fails(client, monkeypatch):
    def broken():
        raise OSError("database down")

    monkeypatch.setattr(health, "_check_database", broken)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/privacy/", "/healthz"])
def test_ordinary_pages_work_while_redis_is_unreachable(client, unreachable_redis, url):
    response = client.get(url)

    assert response.status_code == 200


def test_login_works_while_redis_is_unreachable(client, user, unreachable_redis):
    from tests.accounts.factories import TEST_PASSWORD

    response = client.post(
        "/accounts/login/", {"login": user.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_resilient_cache_degrades_to_nothing_cached(unreachable_redis, caplog):
    assert cache.get("key", "fallback") == "fallback"
    cache.set("key", "value")
    assert cache.add("key", "value") is True
    assert cache.get_many(["a", "b"]) == {}
    assert cache.incr("counter") == 1
    assert "cache unreachable" in caplog.text
    with pytest.raises(RedisConnectionError):
        cache.ping()
