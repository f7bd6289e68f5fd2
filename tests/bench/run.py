"""`make bench`: gunicorn (2 workers) on PostgreSQL, bulk-loaded data, the agreement,
list, search, trending, detail, API list and kiosk list scenarios, and three floors;
prints req/s, p50, p99, the ratios against their targets and each worker's resident
memory, and writes tests/bench/results/*.json.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oasis python -m tests.bench.run
    ... --scale small      # 10,000 proposals / 100,000 votes, for a quick run

The data goes into a database of its own, <name>_bench, dropped and created afresh.
"""

import argparse
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).resolve().parent / "results"
VENV_BIN = Path(sys.executable).parent

SCALES = {
    # proposals in the small phase, in the large phase; votes in the large phase
    "full": (1_000, 100_000, 1_000_000),
    "small": (1_000, 10_000, 100_000),
    "tiny": (500, 2_000, 20_000),
}
BASE_VOTERS = 20_000
SEARCH = "자전거"
TARGETS = {
    "a_vs_signed_in_floor": (">=", 0.30),
    "b_vs_a": (">=", 0.8),
    "list_p50_100k_vs_1k": ("<=", 1.5),
    "search_p50_100k_vs_1k": ("<=", 1.5),
    "search_vs_list_100k": (">=", 0.25),
    "list_vs_page_floor": (">=", 0.1),
    "detail_vs_page_floor": (">=", 0.15),
    "api_list_vs_page_floor": (">=", 0.10),
    "kiosk_list_vs_page_floor": (">=", 0.10),
    "worker_rss_max_mib": ("<=", 120),
}


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def log(message: str) -> None:
    say(f"[bench {time.strftime('%H:%M:%S')}] {message}")


def bench_database_url(url: str) -> tuple[str, str, str]:
    parsed = urllib.parse.urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        sys.exit("make bench needs PostgreSQL: DATABASE_URL=postgres://…")
    name = parsed.path.lstrip("/") or "oasis"
    bench = name if name.endswith("_bench") else f"{name}_bench"
    admin = parsed._replace(path="/postgres").geturl()
    return parsed._replace(path=f"/{bench}").geturl(), admin, bench


def recreate_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_url(db: int) -> str:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    parsed = urllib.parse.urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1
        ):
            pass
    except OSError:
        return ""
    # A database of its own, so that the bench's rate-limit counters touch nothing else.
    return parsed._replace(path=f"/{db}").geturl()


class Server:
    """gunicorn with 2 sync workers, started and stopped by this process only."""

    def __init__(self, app: str, settings: str, env: dict, probe: str):
        self.port = free_port()
        self.probe = probe
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                app,
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": settings},
        )
        self._wait()

    def _wait(self) -> None:
        import http.client

        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", self.probe)
                if conn.getresponse().status < 500:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not answer")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


SIGNED_IN_FLOOR = "/bench/signed-in-nothing/"


def vote_requests(port: int, sessions, proposal_ids, rng, path=None):
    """POSTs as the browser's htmx sends them: session and CSRF cookies, the token in
    X-CSRFToken, HX-Request, Origin. `path` replaces the agreement's address."""
    origin = f"http://127.0.0.1:{port}"
    for (session_key, csrf), proposal_id in zip(
        sessions, proposal_ids(rng), strict=False
    ):
        yield (
            "POST",
            path or f"/proposals/{proposal_id}/agreement/agree/",
            {
                "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "HX-Request": "true",
                "Origin": origin,
                "Referer": origin + f"/proposals/{proposal_id}/",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            b"",
        )


def get_requests(path: str, headers: dict | None = None):
    def make():
        return ("GET", path, {"Accept-Language": "ko", **(headers or {})}, None)

    return make


def detail_requests(proposal_ids, rng):
    """Anonymous GETs of random proposals' pages."""
    while True:
        yield (
            "GET",
            f"/proposals/{rng.choice(proposal_ids)}/",
            {"Accept-Language": "ko"},
            None,
        )


def worker_rss_mib(master_pid: int) -> dict[str, float]:
    """VmRSS of each process whose parent is the gunicorn master, in MiB."""
    sizes = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1)
                for line in status.read_text().splitlines()
                if ":" in line
            )
        except OSError:
            continue
        if int(fields.get("PPid", "0").strip()) == master_pid and "VmRSS" in fields:
            kib = int(fields["VmRSS"].split()[0])
            sizes[status.parent.name] = round(kib / 1024, 1)
    return sizes


def ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 3) if denominator else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--seconds", type=float, default=15.0, help="per scenario")
    parser.add_argument("--threads", type=int, default=4, help="client connections")
    parser.add_argument(
        "--vote-requests", type=int, default=4000, help="bound for (a) and (b)"
    )
    parser.add_argument("--page-requests", type=int, default=3000)
    parser.add_argument(
        "--redis-db",
        type=int,
        default=14,
        help="the Redis database of the app's cache and rate limits (one per concurrent run)",
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url:
        sys.exit("make bench needs DATABASE_URL=postgres://… (PostgreSQL)")
    bench_url, admin_url, bench_name = bench_database_url(url)
    small_n, large_n, large_votes = SCALES[args.scale]
    small_votes = large_votes * small_n // large_n

    load_before = [round(x, 2) for x in os.getloadavg()]
    log(f"database {bench_name} (recreated), scale {args.scale}, load {load_before}")
    recreate_database(admin_url, bench_name)
    env = {**os.environ, "DATABASE_URL": bench_url, "DEBUG": "false"}
    env.pop("REDIS_URL", None)
    cache_url = redis_url(args.redis_db)
    if cache_url:
        env["BENCH_REDIS_URL"] = cache_url
    os.environ.update({k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"})
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.bench.settings"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from proposals.models import Proposal
    from tests.bench import data
    from tests.bench.load import run
    from voting.services import trending_scores_refresh, vote_counts_recount

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--run-syncdb", "--verbosity", "0"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "tests.bench.floor.settings"},
        check=True,
    )
    log(f"migrated in {time.perf_counter() - t0:.1f}s")

    rng = random.Random(2026)
    loading = {}
    t0 = time.perf_counter()
    voters = data.load_users("voter", BASE_VOTERS)
    authors = voters[:2000]
    loading["users_seconds"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    loading["small"] = data.load_proposals_and_votes(
        start=0,
        count=small_n,
        votes=small_votes,
        voters=voters,
        authors=authors,
        seed=1,
    )
    loading["small"]["seconds"] = round(time.perf_counter() - t0, 1)
    log(f"loaded {loading['small']}")

    results = {}
    search_path = "/proposals/?q=" + urllib.parse.quote(SEARCH)
    app = Server("oasis.wsgi:application", "tests.bench.settings", env, "/healthz")
    try:
        for name, path in (("list_1k", "/proposals/"), ("search_1k", search_path)):
            results[name] = run(
                name,
                app.port,
                get_requests(path),
                threads=args.threads,
                max_requests=args.page_requests,
                max_seconds=args.seconds,
            ).as_dict()
            log(f"{name}: {results[name]}")

        t0 = time.perf_counter()
        loading["large"] = data.load_proposals_and_votes(
            start=small_n,
            count=large_n - small_n,
            votes=large_votes - small_votes,
            voters=voters,
            authors=authors,
            seed=2,
        )
        loading["large"]["seconds"] = round(time.perf_counter() - t0, 1)
        log(f"loaded {loading['large']}")
        t0 = time.perf_counter()
        refreshed = trending_scores_refresh()
        loading["trending_refresh"] = {
            "proposals": refreshed,
            "seconds": round(time.perf_counter() - t0, 2),
        }
        log(f"trending refresh: {loading['trending_refresh']}")
        # The first refresh rewrites most proposal rows (every index, the GIN one too).
        data.vacuum_analyze(Proposal._meta.db_table)

        for name, path in (
            ("list_100k", "/proposals/"),
            ("search_100k", search_path),
            ("trending_1m", "/proposals/?ordering=trending"),
        ):
            results[name] = run(
                name,
                app.port,
                get_requests(path),
                threads=args.threads,
                max_requests=args.page_requests,
                max_seconds=args.seconds,
            ).as_dict()
            log(f"{name}: {results[name]}")

        # (a) distinct users, each agreeing with a random open idea.
        bound = args.vote_requests + 100
        open_ids = list(Proposal.objects.values_list("pk", flat=True))
        hot_id = open_ids.pop()
        Proposal.objects.filter(pk=hot_id).update(threshold=10**9)
        users_a = data.load_users("spread", bound)
        users_b = data.load_users("hot", bound)
        users_c = data.load_users("floor", bound)
        sessions_a = data.make_sessions(users_a)
        sessions_b = data.make_sessions(users_b)
        sessions_c = data.make_sessions(users_c)
        data.vacuum_analyze()

        def spread(rng):
            while True:
                yield rng.choice(open_ids)

        def hot(rng):
            while True:
                yield hot_id

        for name, sessions, targets in (
            ("a_spread_votes", sessions_a, spread),
            ("b_hot_votes", sessions_b, hot),
        ):
            before = data.Vote.objects.count()
            results[name] = run(
                name,
                app.port,
                vote_requests(app.port, sessions, targets, rng),
                threads=args.threads,
                max_requests=args.vote_requests,
                max_seconds=args.seconds,
            ).as_dict()
            results[name]["votes_recorded"] = data.Vote.objects.count() - before
            log(f"{name}: {results[name]}")

        # The third floor: the same signed-in POSTs, answered by an empty view.
        name = "floor_signed_in"
        results[name] = run(
            name,
            app.port,
            vote_requests(app.port, sessions_c, spread, rng, path=SIGNED_IN_FLOOR),
            threads=args.threads,
            max_requests=args.vote_requests,
            max_seconds=args.seconds,
            ok=lambda status: status == 204,
        ).as_dict()
        log(f"{name}: {results[name]}")

        kiosk_cookie = data.make_kiosk()
        for name, source in (
            ("detail_100k", lambda: detail_requests(open_ids, rng)),
            ("api_list_100k", lambda: get_requests("/api/v1/proposals/")),
            (
                "kiosk_list_100k",
                lambda: get_requests("/kiosk/ideas/", {"Cookie": kiosk_cookie}),
            ),
        ):
            results[name] = run(
                name,
                app.port,
                source(),
                threads=args.threads,
                max_requests=args.page_requests,
                max_seconds=args.seconds,
            ).as_dict()
            log(f"{name}: {results[name]}")
        memory = worker_rss_mib(app.process.pid)
        log(f"gunicorn workers' resident memory (MiB): {memory}")
    finally:
        app.stop()

    floor = Server(
        "tests.bench.floor.wsgi:application",
        "tests.bench.floor.settings",
        env,
        "/page/",
    )
    try:
        for name, path in (("floor_page", "/page/"), ("floor_insert", "/insert/")):
            results[name] = run(
                name,
                floor.port,
                get_requests(path),
                threads=args.threads,
                max_requests=args.page_requests * 3,
                max_seconds=args.seconds,
            ).as_dict()
            log(f"{name}: {results[name]}")
    finally:
        floor.stop()

    t0 = time.perf_counter()
    drift = vote_counts_recount(fix=False)
    consistency = {
        "drifted_proposals": len(drift),
        "recount_seconds": round(time.perf_counter() - t0, 2),
        "votes": data.Vote.objects.count(),
    }

    page_floor = results["floor_page"]["rps"]
    ratios = {
        "a_vs_signed_in_floor": ratio(
            results["a_spread_votes"]["rps"], results["floor_signed_in"]["rps"]
        ),
        "b_vs_a": ratio(
            results["b_hot_votes"]["rps"], results["a_spread_votes"]["rps"]
        ),
        "list_p50_100k_vs_1k": ratio(
            results["list_100k"]["p50_ms"], results["list_1k"]["p50_ms"]
        ),
        "search_p50_100k_vs_1k": ratio(
            results["search_100k"]["p50_ms"], results["search_1k"]["p50_ms"]
        ),
        "list_vs_page_floor": ratio(results["list_100k"]["rps"], page_floor),
        "detail_vs_page_floor": ratio(results["detail_100k"]["rps"], page_floor),
        "api_list_vs_page_floor": ratio(results["api_list_100k"]["rps"], page_floor),
        "kiosk_list_vs_page_floor": ratio(
            results["kiosk_list_100k"]["rps"], page_floor
        ),
        "search_vs_list_100k": ratio(
            results["search_100k"]["rps"], results["list_100k"]["rps"]
        ),
        "worker_rss_max_mib": max(memory.values(), default=0.0),
    }
    # Without a target: how much of the insert floor the app's signed-in request path
    # leaves before an agreement does any work of its own, and the agreement against
    # the insert floor (the withdrawn target).
    information = {
        "signed_in_floor_vs_insert_floor": ratio(
            results["floor_signed_in"]["rps"], results["floor_insert"]["rps"]
        ),
        "a_vs_insert_floor": ratio(
            results["a_spread_votes"]["rps"], results["floor_insert"]["rps"]
        ),
    }
    verdicts = {}
    for key, value in ratios.items():
        op, target = TARGETS[key]
        verdicts[key] = {
            "value": value,
            "target": f"{op} {target}",
            "met": value >= target if op == ">=" else value <= target,
        }

    import django as dj

    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "scale": args.scale,
        "data": {
            "proposals_small": small_n,
            "proposals_large": large_n,
            "votes_large": large_votes,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "django": dj.get_version(),
            "postgresql": connection.cursor().connection.info.server_version,
            "cache": "redis" if cache_url else "local memory",
            "gunicorn": "2 sync workers",
            "client_threads": args.threads,
            # Other work on the machine skews the figures; recorded to judge them.
            "loadavg_before": load_before,
            "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        },
        "loading": loading,
        "results": results,
        "ratios": verdicts,
        "ratios_without_target": information,
        "worker_rss_mib": memory,
        "consistency": consistency,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for path in (RESULTS / f"bench-{stamp}.json", RESULTS / "latest.json"):
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")

    say()
    say(f"{'scenario':<16}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name, r in results.items():
        say(
            f"{name:<16}{r['rps']:>9.1f}{r['p50_ms']:>9.1f}"
            f"{r['p99_ms']:>9.1f}{r['errors']:>8}"
        )
    say()
    for key, verdict in verdicts.items():
        mark = "met" if verdict["met"] else "NOT met"
        say(f"{key:<24}{verdict['value']:>8}  target {verdict['target']:<8} {mark}")
    for key, value in information.items():
        say(f"{key:<32}{value:>8}  (no target)")
    say(f"gunicorn workers' resident memory (MiB): {memory}")
    say(f"\nconsistency: {consistency}")
    say(f"results: {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
