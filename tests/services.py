"""Tests that need a real service skip when it is absent, except in CI, where they fail."""

import os
import socket
from urllib.parse import urlparse

import pytest

IN_CI = os.environ.get("CI") == "true"


def require(service: str, available: bool, why: str = "") -> None:
    if available:
        return
    message = f"{service} is not available{': ' + why if why else ''}"
    if IN_CI:
        pytest.fail(f"{message} (CI=true: tests needing it must run)")
    pytest.skip(message)


def tcp_reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1
        ):
            return True
    except OSError:
        return False
