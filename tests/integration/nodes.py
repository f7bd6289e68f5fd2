"""Web nodes for integration tests: real gunicorn processes started with the production
configuration in deploy/, reached over HTTP."""

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@dataclass
class Node:
    name: str
    url: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def kill(self) -> None:
        """Gone at once, as when a machine dies: no graceful shutdown."""
        self.process.kill()
        self.process.wait(timeout=10)


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {timeout}s:\n{log.read_text()}")


def start_web(name: str, port: int, env: dict[str, str], log_dir: Path) -> Node:
    """`gunicorn -c deploy/gunicorn.conf.py` on 127.0.0.1:port, two workers."""
    log = log_dir / f"{name}.log"
    node_env = {
        **os.environ,
        "PYTHONWARNINGS": "ignore",
        "DJANGO_SETTINGS_MODULE": "oasis.settings",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_NAME": name,
        "WEB_CONCURRENCY": "2",
        **env,
    }
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
            cwd=ROOT,
            env=node_env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    node = Node(name, url, process, log)
    try:
        wait_until_up(f"{url}/healthz", process, log)
    except RuntimeError:
        node.stop()
        raise
    return node


def sign_in(session: requests.Session, base_url: str, email: str, password: str):
    """Sign in through the real form (CSRF token from the page), as a browser would."""
    login = f"{base_url}/accounts/login/"
    page = session.get(login, timeout=10)
    assert page.status_code == 200, page.text[:500]
    response = session.post(
        login,
        data={
            "login": email,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": login},
        timeout=10,
    )
    assert response.status_code == 200, response.text[:500]
    assert "sessionid" in session.cookies, "not signed in"
    return response


def csrf_post(session: requests.Session, url: str, **kwargs) -> requests.Response:
    data = {
        "csrfmiddlewaretoken": session.cookies["csrftoken"],
        **kwargs.pop("data", {}),
    }
    return session.post(url, data=data, headers={"Referer": url}, timeout=30, **kwargs)
