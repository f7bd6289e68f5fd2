"""A bounded load generator: threads, each with its own http.client connection to
127.0.0.1, until a request count or a time limit is reached."""

import http.client
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

# One request: method, path, headers, body.
Request = tuple[str, str, dict[str, str], bytes | None]


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    statuses: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(
        len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1)
    )
    return sorted_values[index]


def run(
    name: str,
    port: int,
    requests: Iterator[Request] | Callable[[], Request],
    *,
    threads: int = 4,
    max_requests: int = 2000,
    max_seconds: float = 20.0,
    warmup: int = 20,
    ok: Callable[[int], bool] = lambda status: 200 <= status < 400,
) -> Result:
    """Send requests from `requests` (an iterator, or a function making one) with
    `threads` connections; stop after max_requests or max_seconds, whichever first."""
    lock = threading.Lock()
    source = requests if not callable(requests) else None

    def next_request() -> Request | None:
        if source is None:
            return requests()
        with lock:
            return next(source, None)

    def send(conn: http.client.HTTPConnection, request: Request) -> int:
        method, path, headers, body = request
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
            return response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            return 0

    # Warm up (workers load code, connections open); not measured.
    warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(warmup):
        request = next_request()
        if request is None:
            break
        send(warm, request)
    warm.close()

    latencies: list[float] = []
    statuses: Counter = Counter()
    issued = 0
    deadline = time.perf_counter() + max_seconds

    def worker():
        nonlocal issued
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        local_latencies, local_statuses = [], Counter()
        while True:
            with lock:
                if issued >= max_requests or time.perf_counter() >= deadline:
                    break
                issued += 1
            request = next_request()
            if request is None:
                break
            started = time.perf_counter()
            status = send(conn, request)
            local_latencies.append((time.perf_counter() - started) * 1000)
            local_statuses[status] += 1
        conn.close()
        with lock:
            latencies.extend(local_latencies)
            statuses.update(local_statuses)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    errors = sum(count for status, count in statuses.items() if not ok(status))
    return Result(
        name=name,
        requests=len(latencies),
        seconds=round(elapsed, 3),
        rps=round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        p50_ms=round(statistics.median(latencies), 2) if latencies else 0.0,
        p90_ms=round(_percentile(latencies, 0.90), 2),
        p99_ms=round(_percentile(latencies, 0.99), 2),
        max_ms=round(latencies[-1], 2) if latencies else 0.0,
        errors=errors,
        statuses={str(k): v for k, v in sorted(statuses.items())},
    )
