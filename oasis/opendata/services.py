"""Writes of the public statistics: the aggregates that /stats/ and the open data read.
Only statistics_refresh() writes them; the scheduled tasks and a staff action call it."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Count, Field, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from oasis.core.audit import audit_record, require_staff
from oasis.opendata.models import (
    DailyStat,
    ProposalDayTally,
    StatBreakdown,
    StatSnapshot,
)
from proposals.lifecycle import DECISIONS, REVIEWED_OR_LATER, SELECTED_OR_LATER
from proposals.models import Proposal, Stage, StageChange
from proposals.reviews.models import Decision, answer_due_days, answer_overdue_q
from voting.models import Vote

SEOUL = ZoneInfo("Asia/Seoul")


# Days recomputed again on each incremental run: late writes near midnight, retractions.
RECOMPUTE_DAYS = 2
# Answer times in days, as (first, last) inclusive; None: no upper bound.
ANSWER_BUCKETS: list[tuple[int, int | None]] = [
    (0, 7),
    (8, 14),
    (15, 30),
    (31, 60),
    (61, None),
]
BATCH = 5000


def _seoul_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=SEOUL)


def _per_day(queryset, field: str, start: dt.datetime | None) -> dict[dt.date, int]:
    if start is not None:
        queryset = queryset.filter(**{f"{field}__gte": start})
    return dict(
        queryset.annotate(stat_day=TruncDate(field, tzinfo=SEOUL))
        .order_by()
        .values("stat_day")
        .annotate(n=Count("pk"))
        .values_list("stat_day", "n")
    )


def _refresh_daily(since: dt.date | None) -> int:
    start = _seoul_start(since) if since else None
    columns = {
        "proposals_published": _per_day(counted_proposals(), "published_at", start),
        "agreements": _per_day(Vote.objects.all(), "created_at", start),
        "answers_published": _per_day(
            Decision.objects.filter(published_at__isnull=False), "published_at", start
        ),
        "completed": _per_day(
            StageChange.objects.filter(to_stage=Stage.COMPLETED), "created_at", start
        ),
    }
    days = sorted(set().union(*columns.values()))
    stale = DailyStat.objects.all()
    if since is not None:
        stale = stale.filter(day__gte=since)
    stale.delete()
    DailyStat.objects.bulk_create(
        (
            DailyStat(
                day=day,
                **{name: counts.get(day, 0) for name, counts in columns.items()},
            )
            for day in days
        ),
        batch_size=BATCH,
    )
    return len(days)


def _refresh_tallies(since: dt.date | None) -> int:
    """Agreements per proposal and day, written by one INSERT … SELECT: the grouped rows
    never travel to Python (a full rebuild at a million votes stays in the database)."""
    votes = Vote.objects.all()
    stale = ProposalDayTally.objects.all()
    if since is not None:
        votes = votes.filter(created_at__gte=_seoul_start(since))
        stale = stale.filter(day__gte=since)
    stale.delete()
    grouped = (
        votes.annotate(stat_day=TruncDate("created_at", tzinfo=SEOUL))
        .order_by()
        .values("proposal_id", "stat_day")
        .annotate(n=Count("pk"))
        .values_list("proposal_id", "stat_day", "n")
    )
    select, params = grouped.query.sql_with_params()
    table = connection.ops.quote_name(ProposalDayTally._meta.db_table)
    columns = ", ".join(
        # Concrete fields, each with its column.
        connection.ops.quote_name(
            cast(str, cast(Field, ProposalDayTally._meta.get_field(name)).column)
        )
        for name in ("proposal", "day", "agreements")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)
        return cursor.rowcount


def counted_proposals():
    """The ideas the public figures count: ever published (a withdrawn idea was still
    proposed in public) and not hidden by moderation."""
    return Proposal.objects.filter(published_at__isnull=False, is_hidden=False)


def _stage_counts() -> dict[str, Any]:
    reached_review = Q(in_review_at__isnull=False) | Q(stage__in=REVIEWED_OR_LATER)
    return {
        "proposals": Count("pk"),
        "agreements": Coalesce(Sum("vote_count"), 0),
        "in_review": Count("pk", filter=reached_review),
        "selected": Count("pk", filter=Q(stage__in=SELECTED_OR_LATER)),
        "completed": Count("pk", filter=Q(stage=Stage.COMPLETED)),
    }


def _refresh_breakdowns() -> None:
    StatBreakdown.objects.all().delete()
    rows = []
    for dimension, key in (
        (StatBreakdown.Dimension.CATEGORY, "category_id"),
        (StatBreakdown.Dimension.DISTRICT, "district_id"),
    ):
        for values in (
            counted_proposals().order_by().values(key).annotate(**_stage_counts())
        ):
            rows.append(
                StatBreakdown(
                    dimension=dimension,
                    **{key: values.pop(key)},
                    **values,
                )
            )
    StatBreakdown.objects.bulk_create(rows)


def _answer_durations() -> list[float]:
    """Days from entering review to each published answer (selected, rejected, deferred):
    one pass over the stage history, in order."""
    entered: dict[int, dt.datetime] = {}
    durations = []
    rows = (
        StageChange.objects.filter(to_stage__in=[Stage.IN_REVIEW, *sorted(DECISIONS)])
        .order_by("proposal_id", "created_at", "id")
        .values_list("proposal_id", "to_stage", "created_at")
    )
    for proposal_id, to_stage, created_at in rows.iterator(chunk_size=BATCH):
        if to_stage == Stage.IN_REVIEW:
            entered[proposal_id] = created_at
        elif proposal_id in entered:
            start = entered.pop(proposal_id)
            durations.append((created_at - start).total_seconds() / 86400)
    return durations


def _bucket_counts(durations: list[float]) -> list[int]:
    counts = [0] * len(ANSWER_BUCKETS)
    for days in durations:
        whole = int(days)  # the 3rd day counts as 2 full days
        for index, (_first, last) in enumerate(ANSWER_BUCKETS):
            if last is None or whole <= last:
                counts[index] += 1
                break
    return counts


def _answer_figures(now: dt.datetime) -> dict[str, Any]:
    due = answer_due_days()
    durations = _answer_durations()
    figures: dict[str, Any] = {
        "answers": len(durations),
        "answers_on_time": sum(1 for days in durations if days <= due),
        "answer_median_days": None,
        "answer_mean_days": None,
        "answer_p90_days": None,
        "answer_buckets": _bucket_counts(durations),
        "overdue_now": Proposal.objects.filter(answer_overdue_q(now)).count(),
    }
    if durations:
        figures["answer_median_days"] = round(statistics.median(durations), 1)
        figures["answer_mean_days"] = round(statistics.fmean(durations), 1)
        p90 = (
            statistics.quantiles(durations, n=10, method="inclusive")[-1]
            if len(durations) > 1
            else durations[0]
        )
        figures["answer_p90_days"] = round(p90, 1)
    return figures


def _funnel() -> dict[str, int]:
    totals = counted_proposals().aggregate(**_stage_counts())
    return {
        "proposals": totals["proposals"],
        "agreements": totals["agreements"],
        "funnel_proposed": Proposal.objects.filter(is_hidden=False).count(),
        "funnel_open": totals["proposals"],
        "funnel_in_review": totals["in_review"],
        "funnel_selected": totals["selected"],
        "funnel_completed": totals["completed"],
    }


@transaction.atomic
def statistics_refresh(
    *, full: bool = False, now: dt.datetime | None = None
) -> StatSnapshot:
    """Bring the statistics tables up to date.

    Incremental by default: the per-day tables are recomputed from two days before the
    last run (an indexed range of the votes), the rest from the proposal counters. With
    full=True (nightly) every day is recomputed, which also catches retractions of older
    agreements.
    """
    now = now or timezone.now()
    today = timezone.localtime(now, SEOUL).date()
    StatSnapshot.objects.get_or_create(
        pk=StatSnapshot.SINGLETON, defaults={"computed_at": now}
    )
    # The lock serialises concurrent refreshes (a late beat and a manual run).
    snapshot = StatSnapshot.objects.select_for_update().get(pk=StatSnapshot.SINGLETON)
    since = None
    if not full and snapshot.daily_through is not None:
        since = min(snapshot.daily_through, today) - dt.timedelta(days=RECOMPUTE_DAYS)
    _refresh_daily(since)
    _refresh_tallies(since)
    _refresh_breakdowns()
    for name, value in {**_funnel(), **_answer_figures(now)}.items():
        setattr(snapshot, name, value)
    snapshot.computed_at = now
    snapshot.daily_through = today
    if since is None:
        snapshot.full_rebuild_at = now
    snapshot.save()
    return snapshot


def statistics_rebuild_by_staff(*, actor) -> StatSnapshot:
    """Staff recount every statistic now instead of waiting for the night (audited)."""
    require_staff(actor)
    with transaction.atomic():
        snapshot = statistics_refresh(full=True)
        audit_record(
            actor=actor,
            action="staff.statistics_rebuild",
            target=snapshot,
            after={"agreements": snapshot.agreements, "proposals": snapshot.proposals},
        )
    return snapshot
