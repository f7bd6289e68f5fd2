"""`make bench-notifications`: notifications at city scale, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oasis python -m tests.bench.notifications
    ... --recipients 20000          # a quicker run

Measures, in one process standing for one web request and then one worker:
- the agreement that crosses a threshold, for an idea with 100 agreers and for one with
  --recipients agreers (time and queries of the request; the fan-out is queued, not run);
- the fan-out of the large event by one worker: recipients per second and the growth of
  the process's resident memory (VmRSS) while it runs;
- the daily digest to a local SMTP server (aiosmtpd in its own process): emails per
  second over the first --digest-emails people.

Writes tests/bench/results/notifications-<recipients>.json. The data goes into
<name>_bench, dropped and created afresh.
"""

import argparse
import gc
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.run import bench_database_url, recreate_database

RESULTS = Path(__file__).resolve().parent / "results"
TARGETS = {
    "request_ratio_large_vs_small": ("<=", 1.5),
    "fanout_recipients_per_second": (">=", 5000),
    "fanout_rss_growth_mib": ("<=", 50),
    "digest_emails_per_second": (">=", 200),
}
SMALL = 100
REPEATS = 3


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.bench.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # The request only queues the fan-out (an in-memory broker that nobody consumes):
    # the worker's part is measured on its own below.
    from oasis.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://"


def make_people(count: int, tag: str) -> list[int]:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    ids: list[int] = []
    for start in range(0, count, 5000):
        batch = user_model.objects.bulk_create(
            user_model(
                email=f"{tag}{n}@bench.example.org",
                display_name=f"{tag}{n}",
                preferred_language="en" if n % 5 == 0 else "ko",
            )
            for n in range(start, min(count, start + 5000))
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in batch
        )
        ids.extend(user.pk for user in batch)
    return ids


def make_idea(agreer_ids: list[int]):
    from django.db import connection

    from proposals.models import Stage
    from tests.proposals.factories import ProposalFactory

    idea = ProposalFactory(
        stage=Stage.OPEN,
        threshold=len(agreer_ids) + 1,
        vote_count=len(agreer_ids),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO voting_vote (proposal_id, user_id, channel, created_at) "
            "SELECT %s, id, 'web', now() FROM accounts_user WHERE id = ANY(%s)",
            [idea.pk, agreer_ids],
        )
    return idea


def crossing_request(idea, voter) -> tuple[float, int]:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from voting.services import vote_cast

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        with transaction.atomic():
            vote_cast(proposal=idea.pk, user=voter)
        elapsed = time.perf_counter() - started
    return elapsed, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--digest-emails", type=int, default=5_000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    bench_url, admin_url, name = bench_database_url(url)
    say(f"[bench] recreating {name}")
    recreate_database(admin_url, name)
    smtp_port = free_port()
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp_port}"
    setup_django(bench_url)

    from django.conf import settings

    from oasis.notifications import delivery, fanout
    from oasis.notifications.models import Delivery, Notification, NotificationEvent
    from tests.accounts.factories import UserFactory

    # Web voters in the bench need no phone; the rule is not what is measured here.
    settings.VOTE_REQUIRES_PHONE = False
    large = args.recipients
    say(f"[bench] {large} people with verified addresses")
    started = time.perf_counter()
    people = make_people(large + SMALL * REPEATS, "p")
    voters = [UserFactory() for _ in range(2 * REPEATS)]
    small_ideas = [
        make_idea(people[i * SMALL : (i + 1) * SMALL - 1]) for i in range(REPEATS)
    ]
    large_ideas = [
        make_idea(people[SMALL * REPEATS : SMALL * REPEATS + large - 1])
        for _ in range(REPEATS)
    ]
    say(f"[bench] data ready in {time.perf_counter() - started:.0f}s")

    # The request: the agreement that crosses the threshold.
    small_runs = [crossing_request(i, voters[n]) for n, i in enumerate(small_ideas)]
    large_runs = [
        crossing_request(i, voters[REPEATS + n]) for n, i in enumerate(large_ideas)
    ]
    small_ms = statistics.median(r[0] for r in small_runs) * 1000
    large_ms = statistics.median(r[0] for r in large_runs) * 1000
    assert Notification.objects.count() == 0, "the request fanned out"
    say(
        f"[bench] crossing request: {SMALL} → {small_ms:.1f} ms "
        f"({small_runs[0][1]} queries); {large} → {large_ms:.1f} ms "
        f"({large_runs[0][1]} queries)"
    )

    # One worker fans out one large event (a warm worker: URLs and templates loaded).
    from django.urls import reverse

    reverse("notifications:notification-list")
    event = NotificationEvent.objects.get(
        name="proposal.threshold_reached", proposal_id=large_ideas[0].pk
    )
    gc.collect()
    rss_before = rss_mib()
    rss_peak = rss_before
    started = time.perf_counter()
    batches = 0
    while not fanout.fanout_batch(event_id=event.pk):
        batches += 1
        rss_peak = max(rss_peak, rss_mib())
    fanout_s = time.perf_counter() - started
    gc.collect()
    rss_peak = max(rss_peak, rss_mib())
    event.refresh_from_db()
    told = Notification.objects.filter(source=event).count()
    rate = told / fanout_s
    say(
        f"[bench] fan-out: {told} recipients in {fanout_s:.1f}s = {rate:.0f}/s, "
        f"{batches + 1} pages; RSS {rss_before:.0f} → peak {rss_peak:.0f} MiB"
    )

    # The daily digest, to aiosmtpd in its own process.
    port = smtp_port
    smtp = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(2)
        assert settings.MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend")
        pending = Delivery.objects.filter(
            status=Delivery.Status.PENDING, frequency="daily"
        )
        digest_people = list(
            pending.order_by("recipient_id")
            .values_list("recipient_id", flat=True)
            .distinct()[: args.digest_emails]
        )
        started = time.perf_counter()
        sent = 0
        for start in range(0, len(digest_people), delivery.DIGEST_PAGE_SIZE):
            sent += delivery._digest_page(
                user_ids=digest_people[start : start + delivery.DIGEST_PAGE_SIZE],
                frequency="daily",
            )
        digest_s = time.perf_counter() - started
    finally:
        smtp.terminate()
        smtp.wait(timeout=10)
    digest_rate = sent / digest_s if digest_s else 0.0
    say(f"[bench] digests: {sent} emails in {digest_s:.1f}s = {digest_rate:.0f}/s")

    figures = {
        "request_small_ms": round(small_ms, 1),
        "request_large_ms": round(large_ms, 1),
        "request_small_queries": small_runs[0][1],
        "request_large_queries": large_runs[0][1],
        "request_ratio_large_vs_small": round(large_ms / small_ms, 2),
        "fanout_recipients": told,
        "fanout_seconds": round(fanout_s, 2),
        "fanout_recipients_per_second": round(rate),
        "fanout_rss_before_mib": round(rss_before, 1),
        "fanout_rss_growth_mib": round(rss_peak - rss_before, 1),
        "digest_emails": sent,
        "digest_emails_per_second": round(digest_rate),
    }
    verdicts = {}
    for key, (op, target) in TARGETS.items():
        value = figures[key]
        ok = value <= target if op == "<=" else value >= target
        verdicts[key] = {"value": value, "target": f"{op} {target}", "ok": ok}
        say(f"  {key:34} {value:>10} (target {op} {target}) {'ok' if ok else 'MISSED'}")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"notifications-{large}.json"
    out.write_text(
        json.dumps(
            {
                "recipients": large,
                "small": SMALL,
                "batch": settings.NOTIFICATIONS_FANOUT_BATCH,
                "figures": figures,
                "targets": verdicts,
                "machine": {
                    "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    "load": os.getloadavg(),
                },
                "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            },
            indent=2,
        )
        + "\n"
    )
    say(
        f"[bench] wrote {out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out}"
    )


if __name__ == "__main__":
    main()
