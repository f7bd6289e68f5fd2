"""A task travels through real Redis to a real `celery -A oasis worker` process and back."""

import time
import uuid

import pytest
from celery.result import EagerResult

from oasis.core.tasks import ping
from tests.integration.conftest import REDIS_URL
from tests.services import require, tcp_reachable

pytestmark = pytest.mark.integration


def wait_for(result, worker, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result.ready():
            return result.get(timeout=1)
        if worker.poll() is not None:
            pytest.fail(f"the worker exited early:\n{worker.log.read_text()}")
        time.sleep(0.2)
    pytest.fail(f"no result after {timeout}s; worker log:\n{worker.log.read_text()}")


def test_ping_travels_through_redis_to_a_worker_and_back(worker):
    payload = f"hello-{uuid.uuid4().hex}"

    result = ping.delay(payload)

    assert not isinstance(result, EagerResult)  # published, not run in this process
    assert wait_for(result, worker) == payload
    worker.terminate()
    worker.wait(timeout=15)
    log = worker.log.read_text()
    assert f"Task oasis.core.tasks.ping[{result.id}] received" in log
    assert f"Task oasis.core.tasks.ping[{result.id}] succeeded" in log


def test_the_resilient_cache_round_trips_through_real_redis(settings):
    require("Redis", tcp_reachable(REDIS_URL, 6379), f"nothing answers at {REDIS_URL}")
    settings.CACHES = {
        "default": {
            "BACKEND": "oasis.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"pytest-{uuid.uuid4().hex}",
        }
    }
    from django.core.cache import cache

    cache.ping()
    cache.set("greeting", "안녕하세요", 30)
    assert cache.get("greeting") == "안녕하세요"
    cache.set("greeting-count", 0, 30)
    assert cache.incr("greeting-count") == 1
    cache.delete_many(["greeting", "greeting-count"])
    assert cache.get("greeting") is None
