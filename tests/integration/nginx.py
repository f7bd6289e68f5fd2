"""nginx (Debian's package) running deploy/nginx/oasis.conf in the foreground, with its
prefix, pid, logs and temporary files in a folder of the test's own."""

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from string import Template

import requests

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "oasis.conf"
MIME_TYPES = Path("/etc/nginx/mime.types")


def nginx_binary() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def render_site(values: dict[str, str]) -> str:
    """The site file with its ${OASIS_…} placeholders filled (what envsubst does)."""
    text = SITE.read_text()
    rendered = Template(text).safe_substitute(values)
    missing = [name for name in values if f"${{{name}}}" in rendered]
    assert not missing, missing
    return rendered


@dataclass
class Nginx:
    url: str
    process: subprocess.Popen
    prefix: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def error_log(self) -> str:
        return (self.prefix / "error.log").read_text()


def start(binary: str, prefix: Path, port: int, nodes: list[str], static_root: Path):
    prefix.mkdir(parents=True, exist_ok=True)
    site = prefix / "oasis.conf"
    site.write_text(
        render_site(
            {
                "OASIS_LISTEN": f"127.0.0.1:{port}",
                "OASIS_SERVER_NAME": "127.0.0.1",
                "OASIS_WEB_1": nodes[0],
                "OASIS_WEB_2": nodes[1],
                "OASIS_STATIC_ROOT": str(static_root),
            }
        )
    )
    mime = f"include {MIME_TYPES};" if MIME_TYPES.exists() else ""
    # Started as root, nginx's workers would become "nobody", who cannot read the
    # test's private folders.
    user = "user root;" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(
        f"""{user}
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
events {{ worker_connections 256; }}
http {{
    {mime}
    default_type application/octet-stream;
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {site};
}}
"""
    )
    process = subprocess.Popen(
        [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=(prefix / "stderr.log").open("w"),
    )
    server = Nginx(f"http://127.0.0.1:{port}", process, prefix)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((prefix / "stderr.log").read_text() + server.error_log())
        try:
            requests.get(f"{server.url}/healthz", timeout=2)
            return server
        except requests.RequestException:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError("nginx did not answer:\n" + server.error_log())
