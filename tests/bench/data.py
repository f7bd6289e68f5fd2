"""Fast bulk loading for the benchmark: PostgreSQL COPY of model rows.

Rows are built as model instances (so every default of a model another app owns is
honoured) and streamed with COPY; votes, whose shape the voting app owns, are streamed as
plain tuples.
"""

import datetime as dt
import random
import secrets
import time
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection, models
from django.utils import timezone

from oasis.core.models import District
from proposals import analysis
from proposals.models import Category, Proposal, SearchKey, Stage
from voting.models import Vote

PLACES = [
    "강남역",
    "홍대입구역",
    "서울역",
    "잠실역",
    "신촌역",
    "여의도역",
    "광화문",
    "건대입구역",
    "노원역",
    "사당역",
]
WORDS = [
    "자전거",
    "도로",
    "공원",
    "버스",
    "정류장",
    "지하철",
    "벤치",
    "가로등",
    "놀이터",
    "도서관",
    "주차",
    "횡단보도",
    "분리수거",
    "그늘막",
    "화장실",
    "엘리베이터",
    "경사로",
    "어린이",
    "반려견",
    "미세먼지",
]
OPEN_THRESHOLD = 1000
BENCH_PASSWORD = "!bench-unusable"


def _copy_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not getattr(f, "generated", False)
    ]


def copy_instances(model, instances: Iterable[models.Model]) -> int:
    """COPY unsaved instances into the model's table; returns the row count."""
    fields = _copy_fields(model)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    now = timezone.now()
    count = 0

    def value(obj, f):
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return getattr(obj, f.attname) or now
        return f.get_db_prep_save(getattr(obj, f.attname), connection)

    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for obj in instances:
            copy.write_row([value(obj, f) for f in fields])
            count += 1
    return count


def vacuum_analyze(*tables: str) -> None:
    """What autovacuum does soon after a bulk load or a mass update, done at once so
    that the scenarios do not depend on when it runs: statistics, the visibility map,
    dead row versions gone, the GIN index's pending list merged."""
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")


def copy_rows(table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def load_users(prefix: str, count: int) -> list[int]:
    """Phone-verified citizens (VOTE_REQUIRES_PHONE is on in the bench settings)."""
    user_model = get_user_model()
    now = timezone.now()

    def users():
        for i in range(count):
            yield user_model(
                email=f"{prefix}{i}@bench.local",
                display_name=f"{prefix} {i}",
                password=BENCH_PASSWORD,
                phone_hmac=f"{prefix}-{i}",
                phone_last_digits=f"{i % 10000:04d}",
                phone_verified_at=now,
                privacy_consent_at=now,
                date_joined=now,
            )

    copy_instances(user_model, users())
    return list(
        user_model.objects.filter(
            email__startswith=f"{prefix}", email__endswith="@bench.local"
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def make_sessions(user_ids: list[int]) -> list[tuple[str, str]]:
    """A logged-in session per user, as django.contrib.auth.login() leaves it, and a
    CSRF secret: the cookies a browser would carry. Returns (session_key, csrf)."""
    auth_hash = get_user_model()(password=BENCH_PASSWORD).get_session_auth_hash()
    store = SessionStore()
    expires = timezone.now() + dt.timedelta(days=2)
    out = []
    rows = []
    for pk in user_ids:
        key = secrets.token_hex(16)
        data = store.encode(
            {
                "_auth_user_id": str(pk),
                "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
                "_auth_user_hash": auth_hash,
            }
        )
        rows.append((key, data, expires))
        out.append((key, secrets.token_hex(16)))
    copy_rows(
        Session._meta.db_table, ["session_key", "session_data", "expire_date"], rows
    )
    return out


def ensure_categories() -> list[int]:
    if not Category.objects.exists():
        for position, slug in enumerate(
            ("transport", "environment", "welfare", "safety")
        ):
            Category.objects.create(
                slug=f"bench-{slug}",
                name_ko=slug,
                name_en=slug.title(),
                position=position,
                threshold=OPEN_THRESHOLD,
            )
    return list(Category.objects.values_list("pk", flat=True))


def plan_vote_counts(n: int, total: int, cap: int, rng: random.Random) -> list[int]:
    """Skewed counts (exponential, a few popular ideas) summing exactly to total."""
    mean = total / n
    counts = [min(cap, int(rng.expovariate(1 / mean))) for _ in range(n)]
    diff = total - sum(counts)
    step = 1 if diff > 0 else -1
    i = 0
    while diff:
        j = i % n
        if 0 <= counts[j] + step <= cap:
            counts[j] += step
            diff -= step
        i += 1
    return counts


def load_proposals_and_votes(
    *,
    start: int,
    count: int,
    votes: int,
    voters: list[int],
    authors: list[int],
    seed: int,
) -> dict:
    """Proposals start..start+count-1 (open, threshold 1000, created over the last 60
    days) and `votes` agreements among them from `voters` (created after each idea)."""
    rng = random.Random(seed)
    now = timezone.now()
    categories = ensure_categories()
    districts = list(District.objects.values_list("pk", flat=True))
    cap = min(OPEN_THRESHOLD - 1, len(voters))
    vote_counts = plan_vote_counts(count, votes, cap, rng)
    created = [
        now - dt.timedelta(seconds=rng.randint(3600, 60 * 24 * 3600))
        for _ in range(count)
    ]

    texts = []

    def proposals():
        for k in range(count):
            i = start + k
            w1, w2 = rng.sample(WORDS, 2)
            place = PLACES[i % len(PLACES)]
            title = f"{place} {w1} {w2} 개선 제안 {i}"
            summary = f"{place} 주변의 {w1}와 {w2}를 더 편하게 ({i})"
            texts.append((title, analysis.document_terms(title, summary)))
            yield Proposal(
                title=title,
                summary=summary,
                search_terms=texts[-1][1],
                problem=f"{w1} 문제가 있습니다. " * 5,
                solution=f"{w2}를 개선합시다. " * 5,
                category_id=categories[i % len(categories)],
                district_id=districts[i % len(districts)],
                author_id=authors[i % len(authors)],
                stage=Stage.OPEN,
                threshold=OPEN_THRESHOLD,
                published_at=created[k],
                voting_ends_at=now + dt.timedelta(days=30),
                created_at=created[k],
                updated_at=created[k],
                vote_count=vote_counts[k],
            )

    t0 = time.perf_counter()
    copy_instances(Proposal, proposals())
    t_proposals = time.perf_counter() - t0
    ids = list(Proposal.objects.order_by("-pk").values_list("pk", flat=True)[:count])[
        ::-1
    ]
    # The search index, as the services write it with each proposal.
    copy_rows(
        SearchKey._meta.db_table,
        ["proposal_id", "key", "weight"],
        (
            (pk, key, weight)
            for pk, (title, terms) in zip(ids, texts, strict=True)
            for key, weight in analysis.document_keys(title, terms).items()
        ),
    )
    n_voters = len(voters)

    def vote_rows():
        for k, pk in enumerate(ids):
            c = vote_counts[k]
            if not c:
                continue
            offset = rng.randrange(n_voters)
            age = max(1, int((now - created[k]).total_seconds()))
            for j in range(c):
                yield (
                    pk,
                    voters[(offset + j) % n_voters],
                    "web",
                    now - dt.timedelta(seconds=rng.randrange(age)),
                )

    t0 = time.perf_counter()
    copied = copy_rows(
        Vote._meta.db_table,
        ["proposal_id", "user_id", "channel", "created_at"],
        vote_rows(),
    )
    t_votes = time.perf_counter() - t0
    vacuum_analyze()
    return {
        "proposals": count,
        "votes": copied,
        "proposal_seconds": round(t_proposals, 1),
        "vote_seconds": round(t_votes, 1),
    }


def make_kiosk() -> str:
    """An enrolled kiosk in the first district; returns the Cookie header its touch
    pages carry."""
    from django.conf import settings

    from kiosks.models import Kiosk
    from kiosks.services import enrollment_code_create, kiosk_enroll

    kiosk = Kiosk.objects.create(
        name="Bench kiosk",
        station="Bench station",
        district=District.objects.order_by("pk").first(),
    )
    _row, code = enrollment_code_create(kiosk=kiosk, actor=None)
    _kiosk, credential = kiosk_enroll(code=code)
    return f"{settings.KIOSK_COOKIE_NAME}={credential}"
