"""A real HTTP server on 127.0.0.1 playing an SMS provider, for HttpSmsBackend tests."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API_KEY = "test-provider-key-5f2a9c"
SENDER = "02-120-0000"


@dataclass
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body.decode())


@dataclass
class FakeSmsProvider:
    url: str = ""
    received: list[ReceivedRequest] = field(default_factory=list)
    # Status codes to answer, one per request; 200 once they run out.
    statuses: list[int] = field(default_factory=list)
    delay_seconds: float = 0.0

    def answer(self, *statuses: int) -> None:
        self.statuses[:] = statuses


def _handler_for(provider: FakeSmsProvider):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            provider.received.append(
                ReceivedRequest(
                    method="POST",
                    path=self.path,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=self.rfile.read(length),
                )
            )
            if provider.delay_seconds:
                time.sleep(provider.delay_seconds)
            status = provider.statuses.pop(0) if provider.statuses else 200
            payload = json.dumps({"status": status}).encode()
            try:
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "/elsewhere")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the timeout test)

        def log_message(self, *args):
            pass

    return Handler


def start() -> tuple[FakeSmsProvider, ThreadingHTTPServer]:
    """Serve a FakeSmsProvider on a free port; stop it with stop()."""
    provider = FakeSmsProvider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(provider))
    provider.url = f"http://127.0.0.1:{server.server_address[1]}/v1/sms"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return provider, server


def stop(server: ThreadingHTTPServer) -> None:
    server.shutdown()
    server.server_close()
