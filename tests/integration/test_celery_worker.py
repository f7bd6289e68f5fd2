"""A task travels through real Redis to a real `celery -A oasis worker` process and back."""

import contextlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from celery.result import EagerResult
from django.db import connection

from oasis.celery import app
from oasis.core.tasks import ping
from tests.services import require, tcp_reachable

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
QUEUE = "default"


def _forget_connections() -> None:
    """Drop the app's cached broker pool and result backend, so new settings apply.
    (Not closed: kombu's global producer pools may still hold the old connections.)"""
    app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        app.__dict__["amqp"]._producer_pool = None
    app._backend_cache = None
    with contextlib.suppress(AttributeError):
        del app._local.backend


@pytest.fixture
def redis_celery():
    """The test process publishes to Redis and reads results from it (whatever
    REDIS_URL said at import time) and is put back as it was afterwards."""
    require("Redis", tcp_reachable(REDIS_URL, 6379), f"nothing answers at {REDIS_URL}")
    keys = ("broker_url", "result_backend", "task_always_eager", "task_default_queue")
    saved = {key: app.conf[key] for key in keys}
    _forget_connections()
    app.conf.update(
        broker_url=REDIS_URL,
        result_backend=REDIS_URL,
        task_always_eager=False,
        task_default_queue=QUEUE,
    )
    yield app
    _forget_connections()
    app.conf.update(saved)


def worker_database_url(tmp_path) -> str:
    """The worker starts Django, which may look at the database: give it the test one
    (PostgreSQL), or a scratch SQLite file when the tests use SQLite in memory."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user = quote(settings["USER"] or "", safe="")
        password = quote(settings["PASSWORD"] or "", safe="")
        credentials = f"{user}:{password}@" if password else f"{user}@"
        host = settings["HOST"] or "localhost"
        return f"postgres://{credentials}{host}:{settings['PORT'] or 5432}/{settings['NAME']}"
    return f"sqlite:///{tmp_path / 'worker.sqlite3'}"


@pytest.fixture
def worker(redis_celery, django_db_setup, tmp_path):
    """A real worker process, consuming the default queue; always terminated."""
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(tmp_path),
        "REDIS_URL": REDIS_URL,
        "PYTHONWARNINGS": "ignore",
        "DJANGO_SETTINGS_MODULE": "oasis.settings",
    }
    command = [
        str(Path(sys.executable).with_name("celery")),
        "-A",
        "oasis",
        "worker",
        "--pool=solo",
        "-Q",
        QUEUE,
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-n",
        f"pytest-{uuid.uuid4().hex[:8]}@%h",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    process.log = log
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


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
