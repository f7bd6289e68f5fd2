"""`make bench-search`: relevance and latency of search on a generated corpus.

    python -m tests.bench.search                       # SQLite and, with DATABASE_URL, PostgreSQL
    python -m tests.bench.search --sizes 1000 100000

For each database and corpus size it prints exact title at rank 1 (%), recall@5, MRR,
similar-hint precision@5 and p50/p99 latency of the search page's selector, and writes
tests/bench/results/search-*.json. PostgreSQL uses <name>_bench (recreated); SQLite a
file in a temporary folder.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
PLACES = [
    "강남역",
    "홍대입구",
    "서울역",
    "잠실",
    "신촌",
    "여의도",
    "광화문",
    "노원",
    "사당",
    "건대",
]
COMMON = ["자전거", "버스", "주차"]
NOUNS = [
    "도로",
    "정류장",
    "공원",
    "보관소",
    "노선",
    "신호등",
    "쉼터",
    "화단",
    "안내판",
    "조명",
    "보도블록",
    "분수",
    "운동기구",
    "그늘",
    "매점",
    "배수로",
    "담장",
    "계단",
    "난간",
    "경사로",
]
ACTIONS = [
    "개선",
    "설치",
    "정비",
    "확충",
    "교체",
    "보수",
    "점검",
    "확대",
    "조성",
    "지원",
]
ENDINGS = ["", "", " 해 주세요", " 요청합니다", " 필요합니다", " 바랍니다", " 제안"]
EN_NOUNS = [
    "trees",
    "lights",
    "bins",
    "signs",
    "paths",
    "fountains",
    "toilets",
    "stairs",
]
EN_PLACES = ["station", "market", "school", "square", "harbour", "museum"]


def corpus(size: int, seed: int = 15):
    """(title, summary, topic) rows: the targets, their near-duplicates, and filler in
    which a tenth of the titles carry a common word."""
    from tests.bench.search_queries import TARGETS

    rng = random.Random(seed)
    rows = []
    duplicates = max(4, size // 2500)
    for key, (title, summary) in TARGETS.items():
        rows.append((title, summary, key))
        for n in range(duplicates):
            place = PLACES[n % len(PLACES)]
            variant = rng.choice(
                [f"{place} {title}", f"{title} {place}", f"{place} {title}{ENDINGS[2]}"]
            )
            rows.append((variant, f"{place} {summary}", key))
    while len(rows) < size:
        n = len(rows)
        if n % 20 == 0:
            title = f"{rng.choice(EN_NOUNS).title()} near the {rng.choice(EN_PLACES)}"
            rows.append((title, "An idea for the neighbourhood", ""))
            continue
        words = [rng.choice(PLACES), rng.choice(NOUNS), rng.choice(ACTIONS)]
        if n % 10 == 1:
            words.insert(1, rng.choice(COMMON))
        title = " ".join(words) + rng.choice(ENDINGS) + f" {n}"
        rows.append((title, f"{words[0]} 주변 {words[1]} 문제", ""))
    rng.shuffle(rows)
    return rows[:size]


def load(rows) -> dict[str, list[int]]:
    from oasis.core.models import District
    from proposals import analysis
    from proposals.models import Category, Proposal, SearchKey, Stage
    from tests.accounts.factories import UserFactory

    author = UserFactory()
    category = Category.objects.create(slug="bench", name_ko="벤치", name_en="Bench")
    district = District.objects.first() or District.objects.create(
        code="jongno", name_ko="종로구", name_en="Jongno-gu"
    )
    topics: dict[str, list[int]] = {}
    batch = 2000
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        proposals = [
            Proposal(
                title=title,
                summary=summary,
                problem="-",
                solution="-",
                category=category,
                district=district,
                author=author,
                stage=Stage.OPEN,
                search_terms=analysis.document_terms(title, summary),
            )
            for title, summary, _topic in chunk
        ]
        Proposal.objects.bulk_create(proposals)
        keys = [
            SearchKey(proposal_id=p.pk, key=key, weight=weight)
            for p in proposals
            for key, weight in analysis.document_keys(p.title, p.search_terms).items()
        ]
        SearchKey.objects.bulk_create(keys, batch_size=5000)
        for proposal, (_t, _s, topic) in zip(proposals, chunk, strict=True):
            if topic:
                topics.setdefault(topic, []).append(proposal.pk)
    return topics


def measure(topics: dict[str, list[int]]) -> dict:
    from proposals import selectors
    from proposals.models import Proposal
    from tests.bench.search_queries import QUERIES, TARGETS

    target_ids = {
        key: Proposal.objects.get(title=title).pk
        for key, (title, _s) in TARGETS.items()
    }
    exact_hits = exact_total = recall = 0
    reciprocal = 0.0
    precision = []
    latencies = []
    misses = []
    for query, key, kind in QUERIES:
        t0 = time.perf_counter()
        page = selectors.proposal_list(filters=selectors.ProposalFilters(q=query))
        latencies.append((time.perf_counter() - t0) * 1000)
        ids = [p.pk for p in page.items]
        target = target_ids[key]
        rank = ids.index(target) + 1 if target in ids else None
        if kind == "exact":
            exact_total += 1
            exact_hits += rank == 1
        recall += rank is not None and rank <= 5
        reciprocal += 1 / rank if rank else 0.0
        if rank != 1:
            misses.append({"query": query, "kind": kind, "rank": rank})
        hint = selectors.proposal_similar(title=query)
        relevant = set(topics[key])
        precision.append(
            sum(p.pk in relevant for p in hint[:5]) / min(5, len(relevant))
        )
    latencies.sort()
    return {
        "queries": len(QUERIES),
        "exact_title_rank1_pct": round(100 * exact_hits / exact_total, 1),
        "recall_at_5": round(recall / len(QUERIES), 3),
        "mrr": round(reciprocal / len(QUERIES), 3),
        "hint_precision_at_5": round(statistics.mean(precision), 3),
        "p50_ms": round(latencies[len(latencies) // 2], 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)], 1),
        "not_first": misses,
    }


def run_one(database_url: str, size: int) -> dict:
    """One database, one size, in a fresh process (its own Django setup)."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"}
    env.pop("REDIS_URL", None)
    out = subprocess.run(
        [sys.executable, "-m", "tests.bench.search", "--child", str(size)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def child(size: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oasis.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    topics = load(corpus(size))
    loading = time.perf_counter() - t0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result = measure(topics)
    result.update(
        {"database": connection.vendor, "ideas": size, "load_s": round(loading, 1)}
    )
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


def recreate_postgresql(url: str) -> str:
    import psycopg

    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/") or "oasis"
    bench = name if name.endswith("_bench") else f"{name}_bench"
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{bench}"')
        conn.execute(f"CREATE DATABASE \"{bench}\" ENCODING 'UTF8' TEMPLATE template0")
    return parsed._replace(path=f"/{bench}").geturl()


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument(
        "--sqlite-sizes", type=int, nargs="+", help="SQLite sizes (default: --sizes)"
    )
    args = parser.parse_args()
    runs = []
    folder = tempfile.mkdtemp(prefix="oasis-bench-search-")
    for size in args.sqlite_sizes or args.sizes:
        url = f"sqlite:///{folder}/search-{size}.sqlite3"
        runs.append(run_one(url, size))
        sys.stdout.write(summary(runs[-1]) + "\n")
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        for size in args.sizes:
            runs.append(run_one(recreate_postgresql(os.environ["DATABASE_URL"]), size))
            sys.stdout.write(summary(runs[-1]) + "\n")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    report = {"when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "runs": runs}
    for path in (RESULTS / f"search-{stamp}.json", RESULTS / "search-latest.json"):
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")


def summary(r: dict) -> str:
    return (
        f"{r['database']:<10} {r['ideas']:>7} ideas  exact@1 {r['exact_title_rank1_pct']}%"
        f"  recall@5 {r['recall_at_5']}  MRR {r['mrr']}"
        f"  hint P@5 {r['hint_precision_at_5']}  p50 {r['p50_ms']} ms"
        f"  p99 {r['p99_ms']} ms  (load {r['load_s']} s)"
    )


if __name__ == "__main__":
    main()
