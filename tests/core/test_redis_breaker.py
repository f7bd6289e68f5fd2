"""A Redis that hangs does not hang the site: after the first timeout the cache, the
rate limits and task publishing skip Redis for a while (one breaker for all three).

Each test starts a redis-server of its own on a free port and pauses it with SIGSTOP:
connections are then accepted by the kernel and never answered, as with a hung host.
The shared Redis on 6379 is never paused.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
from django.core import mail
from django.core.cache import caches
from django.urls import reverse

from oasis.celery import app
from oasis.core import breaker
from oasis.notifications import tasks
from oasis.notifications.models import Delivery, NotificationEvent
from proposals.models import Comment
from tests.accounts.factories import TEST_PASSWORD
from tests.proposals.factories import ProposalFactory
from tests.services import require

pytestmark = pytest.mark.django_db

# Generous bounds on the wall time of one request: one socket timeout (1 s) at most,
# then nothing; without the breaker a comment took 16 s.
FIRST_REQUEST_BOUND = 3.0
LATER_REQUEST_BOUND = 1.0
QUEUE = "pytest-breaker"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _forget_connections() -> None:
    """Celery keeps its connection and producer pools for the first broker URL."""
    app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        app.__dict__["amqp"]._producer_pool = None


@pytest.fixture
def open_proposal(user):
    return ProposalFactory(author=user, stage="open")


@pytest.fixture
def redis_process():
    binary = shutil.which("redis-server")
    require("redis-server", binary is not None, "no redis-server binary on PATH")
    port = _free_port()
    process = subprocess.Popen(
        [
            *(binary, "--port", str(port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--daemonize", "no"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_timeout=1)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.exceptions.ConnectionError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    yield process, url
    os.kill(process.pid, signal.SIGCONT)
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def site_on_redis(redis_process, settings):
    """Cache, rate limits and broker all on the test's own Redis (still running)."""
    process, url = redis_process
    settings.CACHES = {
        "default": {
            "BACKEND": "oasis.core.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "socket_connect_timeout": settings.REDIS_SOCKET_TIMEOUT,
                "socket_timeout": settings.REDIS_SOCKET_TIMEOUT,
            },
        }
    }
    settings.REDIS_BREAKER_SECONDS = 30
    keys = ("broker_url", "task_always_eager", "task_default_queue")
    saved = {key: app.conf[key] for key in keys}
    _forget_connections()
    app.conf.update(broker_url=url, task_always_eager=False, task_default_queue=QUEUE)
    yield process, url
    _forget_connections()
    app.conf.update(saved)


@pytest.fixture
def pause(site_on_redis):
    process, _url = site_on_redis

    def pause_redis():
        os.kill(process.pid, signal.SIGSTOP)

    def resume_redis():
        os.kill(process.pid, signal.SIGCONT)

    return pause_redis, resume_redis


@pytest.fixture
def redis_commands(monkeypatch):
    """Counts every command any Redis client of this process sends."""
    sent = []
    original = redis.connection.AbstractConnection.send_packed_command

    def counting(self, command, check_health=True):
        sent.append(command)
        return original(self, command, check_health)

    monkeypatch.setattr(
        redis.connection.AbstractConnection, "send_packed_command", counting
    )
    return sent


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def _comment(client, proposal, body, capture):
    url = reverse("proposals:comment-create", args=[proposal.pk])
    with capture(execute=True):
        return client.post(url, {"body": body})


def test_a_comment_answers_quickly_while_redis_hangs(
    pause, client, open_proposal, user2, django_capture_on_commit_callbacks
):
    # given a paused Redis
    pause_redis, _resume = pause
    client.force_login(user2)
    pause_redis()

    # when someone comments
    response, took = _timed(
        lambda: _comment(
            client, open_proposal, "Good idea!", django_capture_on_commit_callbacks
        )
    )

    # then the comment is saved without waiting on Redis for long
    assert response.status_code == 302
    assert took < FIRST_REQUEST_BOUND
    assert Comment.objects.filter(body="Good idea!").exists()
    assert not breaker.redis_available()


def test_sign_in_then_a_comment_answer_quickly_while_redis_hangs(
    pause, client, open_proposal, user2, django_capture_on_commit_callbacks
):
    pause_redis, _resume = pause
    pause_redis()

    signed_in, sign_in_took = _timed(
        lambda: client.post(
            "/accounts/login/", {"login": user2.email, "password": TEST_PASSWORD}
        )
    )
    commented, comment_took = _timed(
        lambda: _comment(
            client, open_proposal, "Me too.", django_capture_on_commit_callbacks
        )
    )

    assert signed_in.status_code == 302
    assert client.session.get("_auth_user_id") == str(user2.pk)
    assert commented.status_code == 302
    assert Comment.objects.filter(body="Me too.", author=user2).exists()
    assert sign_in_took < FIRST_REQUEST_BOUND
    assert comment_took < LATER_REQUEST_BOUND
    assert sign_in_took + comment_took < FIRST_REQUEST_BOUND


def test_after_the_first_timeout_requests_do_not_touch_redis(
    pause,
    client,
    open_proposal,
    user2,
    redis_commands,
    django_capture_on_commit_callbacks,
):
    pause_redis, _resume = pause
    client.force_login(user2)
    pause_redis()
    _comment(client, open_proposal, "First.", django_capture_on_commit_callbacks)
    assert redis_commands  # the first request tried Redis and timed out
    redis_commands.clear()

    # the cache, the rate limit and the broker are all skipped
    response, took = _timed(
        lambda: _comment(
            client, open_proposal, "Second.", django_capture_on_commit_callbacks
        )
    )
    caches["default"].set("some-key", 1)

    assert response.status_code == 302
    assert redis_commands == []
    assert took < LATER_REQUEST_BOUND


def test_redis_is_used_again_once_resumed_and_the_breaker_period_is_over(
    pause,
    site_on_redis,
    settings,
    client,
    open_proposal,
    user2,
    django_capture_on_commit_callbacks,
):
    # given the breaker opened on a paused Redis, which then came back
    _process, url = site_on_redis
    pause_redis, resume_redis = pause
    settings.REDIS_BREAKER_SECONDS = 1
    client.force_login(user2)
    pause_redis()
    _comment(client, open_proposal, "While paused.", django_capture_on_commit_callbacks)
    assert not breaker.redis_available()
    resume_redis()
    time.sleep(1.1)

    # when someone comments again
    _comment(client, open_proposal, "After.", django_capture_on_commit_callbacks)

    # then the rate limit counted in Redis and the delivery went to the broker
    direct = redis.Redis.from_url(url, socket_timeout=1)
    assert direct.keys("*rl:comment:user*")
    assert direct.llen(QUEUE) == 1
    assert breaker.redis_available()


def test_notifications_of_a_hung_redis_wait_in_the_outbox_for_the_sweep(
    pause, client, open_proposal, user2, django_capture_on_commit_callbacks
):
    # given two comments while Redis hangs
    pause_redis, _resume = pause
    client.force_login(user2)
    pause_redis()
    for body in ("One.", "Two."):
        _comment(client, open_proposal, body, django_capture_on_commit_callbacks)

    # then their events wait, unfanned, and nothing is sent
    deliveries = Delivery.objects.filter(recipient=open_proposal.author)
    assert NotificationEvent.objects.filter(fanout_done_at__isnull=True).count() == 2
    assert not deliveries.exists()
    assert mail.outbox == []

    # when the sweeps run later (tasks in-process here), both are sent once
    app.conf.task_always_eager = True
    tasks.sweep_events(older_than_seconds=0)
    assert deliveries.count() == 2
    tasks.sweep_outbox(older_than_seconds=0)
    tasks.sweep_outbox(older_than_seconds=0)
    assert len(mail.outbox) == 2
    assert set(deliveries.values_list("status", flat=True)) == {Delivery.Status.SENT}
