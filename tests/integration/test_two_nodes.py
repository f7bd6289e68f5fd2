"""The production topology, for real: nginx (deploy/nginx/oasis.conf) in front of two
gunicorn nodes (deploy/gunicorn.conf.py), a Celery worker and beat, on PostgreSQL,
Redis and a SeaweedFS bucket. Sessions, uploads and rate limits are shared by the
nodes; one node dying leaves the site answering; oversized bodies are refused."""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

from proposals.models import ProposalImage
from tests.accounts.factories import TEST_PASSWORD, UserFactory
from tests.html_images import image_sources
from tests.integration import nginx
from tests.integration.conftest import (
    REDIS_URL,
    require_postgresql,
    worker_database_url,
)
from tests.integration.nodes import ROOT, csrf_post, sign_in, start_web
from tests.integration.seaweedfs import free_port
from tests.proposals.factories import ProposalFactory, image_bytes
from tests.services import require

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# What nginx adds: the nodes trust one proxy, so a test talking to a node directly
# says, as nginx would, who the client is.
AS_PROXY = {"X-Forwarded-For": "127.0.0.1"}


@pytest.fixture
def site_env(s3_server, s3_bucket, celery_queue, collected_static, tmp_path):
    require_postgresql()
    return {
        **s3_server.storage_env(s3_bucket),
        "DATABASE_URL": worker_database_url(tmp_path),
        "REDIS_URL": REDIS_URL,
        "CELERY_QUEUE": celery_queue,
        "CACHE_KEY_PREFIX": f"pytest-{uuid.uuid4().hex[:8]}",
        "DEBUG": "false",
        "STATIC_ROOT": str(collected_static),
        "TRUSTED_PROXY_COUNT": "1",
    }


@pytest.fixture
def worker_env(site_env):
    return site_env


@pytest.fixture
def nodes(site_env, worker, tmp_path):
    started = []
    try:
        for name in ("node-a", "node-b"):
            started.append(start_web(name, free_port(), site_env, tmp_path))
        yield started
    finally:
        for node in started:
            node.stop()


@pytest.fixture
def beat(site_env, tmp_path):
    log = tmp_path / "beat.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("celery")),
                "-A",
                "oasis",
                "beat",
                "--loglevel=INFO",
                f"--schedule={tmp_path / 'beat-schedule'}",
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONWARNINGS": "ignore", **site_env},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    process.log = log
    yield process
    process.terminate()
    process.wait(timeout=15)


@pytest.fixture
def balancer(nodes, collected_static, tmp_path):
    binary = nginx.nginx_binary()
    require("nginx", binary is not None, "apt-get install nginx")
    server = nginx.start(
        binary,
        tmp_path / "nginx",
        free_port(),
        [node.url.removeprefix("http://") for node in nodes],
        collected_static,
    )
    yield server
    server.stop()


def login_posts(nodes) -> dict[str, int]:
    """How many sign-in attempts each node's access log shows."""
    return {
        node.name: node.log.read_text().count("POST /accounts/login/") for node in nodes
    }


def test_two_nodes_behind_nginx(
    production_hashers, balancer, nodes, worker, beat, s3_server, s3_bucket
):
    node_a, node_b = nodes

    # each node is ready: database, cache and broker answer
    for node in nodes:
        ready = requests.get(f"{node.url}/readyz", timeout=10)
        assert ready.status_code == 200, ready.text
        assert ready.json()["status"] == "ok"

    # static files come from nginx itself, with long cache headers
    static = requests.get(f"{balancer.url}/static/css/oasis.css", timeout=5)
    assert static.status_code == 200
    assert "immutable" in static.headers["Cache-Control"]
    assert "/static/css/oasis.css" not in node_a.log.read_text()

    # signing in through node A and continuing on node B
    citizen = UserFactory()
    idea = ProposalFactory(author=citizen)
    session = requests.Session()
    session.headers.update(AS_PROXY)
    sign_in(session, node_a.url, citizen.email, TEST_PASSWORD)
    profile = session.get(
        f"{node_b.url}/accounts/profile/", allow_redirects=False, timeout=10
    )
    assert profile.status_code == 200
    assert citizen.email in profile.text

    # an upload on node A is shown by node B, its bucket URLs answering 200
    url = f"{node_a.url}/proposals/{idea.pk}/images/"
    session.get(url, timeout=10)
    response = csrf_post(
        session,
        url,
        data={"alt_text": "A flooded underpass"},
        files={
            "image": ("photo.jpg", image_bytes("JPEG", size=(900, 600)), "image/jpeg")
        },
    )
    assert response.status_code == 200
    image = ProposalImage.objects.get(proposal=idea)
    deadline = time.monotonic() + 60
    while not image.thumbnail_large and time.monotonic() < deadline:
        time.sleep(0.3)
        image.refresh_from_db()
    assert image.thumbnail_large, worker.log.read_text()
    page = session.get(f"{node_b.url}/proposals/{idea.pk}/", timeout=10).text
    shown = [
        src for src in image_sources(page) if src.startswith(s3_server.endpoint_url)
    ]
    assert any(image.thumbnail_large.name in src for src in shown)
    for src in shown:
        fetched = requests.get(src, timeout=10)
        assert fetched.status_code == 200
        assert fetched.headers["Content-Type"].startswith("image/")

    # rate limits are counted across nodes: failed sign-ins through nginx, which
    # alternates between the nodes, are refused after the fifth
    stranger = requests.Session()
    stranger.headers["Accept-Language"] = "en"
    login = f"{balancer.url}/accounts/login/"
    refused = []
    before = login_posts(nodes)
    stranger.get(login, timeout=10)
    for _ in range(6):
        answer = stranger.post(
            login,
            data={
                "login": citizen.email,
                "password": "wrong-password-123",
                "csrfmiddlewaretoken": stranger.cookies["csrftoken"],
            },
            headers={"Referer": login},
            timeout=10,
        )
        assert answer.status_code in (200, 429)
        refused.append("Too many failed login attempts" in answer.text)
    assert refused == [False] * 5 + [True]
    after = login_posts(nodes)
    assert all(after[name] > before[name] for name in after), (before, after)

    # the worker and beat run against the same services
    assert beat.poll() is None, beat.log.read_text()
    assert "beat: Starting" in beat.log.read_text()

    # one node killed mid-run: the site still answers, every time
    node_b.kill()
    answers = [
        requests.get(f"{balancer.url}/proposals/{idea.pk}/", timeout=10).status_code
        for _ in range(10)
    ]
    assert answers == [200] * 10
    assert requests.get(f"{balancer.url}/readyz", timeout=10).status_code == 200


def post_headers_only(host: str, port: int, path: str, length: int) -> bytes:
    """Send a POST that announces `length` bytes and sends only a few; return the
    answer. A server that tried to read the body whole would wait instead."""
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(
            (
                f"POST {path} HTTP/1.1\r\nHost: {host}\r\n"
                "X-Forwarded-For: 127.0.0.1\r\n"
                "Content-Type: multipart/form-data; boundary=x\r\n"
                f"Content-Length: {length}\r\nConnection: close\r\n\r\n"
            ).encode()
            + b"--x\r\n"
        )
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_bodies_over_the_cap_are_refused_by_nginx_and_by_django(balancer, nodes):
    node = nodes[0]
    path = "/proposals/new/"
    thirty_mb = 30 * 1024 * 1024

    # nginx answers 413 from the announced length; no node sees the request
    host, port = balancer.url.removeprefix("http://").split(":")
    answer = post_headers_only(host, int(port), path, thirty_mb)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"nginx" in answer
    assert f"POST {path}" not in node.log.read_text()

    # a node reached directly refuses too, at once, saying what the limit is
    host, port = node.url.removeprefix("http://").split(":")
    started = time.monotonic()
    answer = post_headers_only(host, int(port), path, thirty_mb)
    assert time.monotonic() - started < 5
    assert answer.startswith(b"HTTP/1.1 413"), answer[:300]
    assert b"12 MB" in answer
