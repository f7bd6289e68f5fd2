"""The statistics aggregates: per day (Asia/Seoul), per category and district, the funnel
and answer times, kept up to date incrementally by a beat task and rebuilt nightly."""

import datetime as dt
import statistics
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from oasis.core.models import District
from oasis.opendata import services, tasks
from oasis.opendata.models import (
    DailyStat,
    ProposalDayTally,
    StatBreakdown,
    StatSnapshot,
)
from proposals.models import Stage
from tests.opendata.factories import stage_change
from tests.voting.factories import add_votes
from voting.models import Vote

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=SEOUL)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def ideas(frozen, proposal_factory, category_factory):
    """Two published ideas, a hidden one and a draft, in two categories and districts."""
    parks = category_factory(slug="parks", name_en="Parks", name_ko="공원")
    transport = category_factory(slug="transport", name_en="Transport", name_ko="교통")
    gangnam = District.objects.get(code="gangnam")
    jongno = District.objects.get(code="jongno")
    today = proposal_factory(category=parks, district=gangnam)
    may = proposal_factory(
        category=transport,
        district=jongno,
        published_at=dt.datetime(2026, 5, 20, 9, 0, tzinfo=SEOUL),
    )
    hidden = proposal_factory(category=parks, district=gangnam, is_hidden=True)
    draft = proposal_factory(category=parks, district=jongno, stage=Stage.DRAFT)
    add_votes(today, 3)
    # 16:00 UTC on the 21st is 01:00 on the 22nd in Seoul.
    add_votes(may, 2, at=dt.datetime(2026, 5, 21, 16, 0, tzinfo=dt.UTC))
    add_votes(hidden, 1)
    return {"today": today, "may": may, "hidden": hidden, "draft": draft}


def test_daily_figures_count_seoul_days(ideas):
    services.statistics_refresh()

    days = {
        row.day: (row.proposals_published, row.agreements)
        for row in DailyStat.objects.all()
    }
    assert days == {
        dt.date(2026, 5, 20): (1, 0),
        dt.date(2026, 5, 22): (0, 2),
        # the hidden idea is not counted as published; its agreement still is
        dt.date(2026, 6, 15): (1, 4),
    }
    tallies = set(
        ProposalDayTally.objects.values_list("proposal_id", "day", "agreements")
    )
    assert tallies == {
        (ideas["today"].pk, dt.date(2026, 6, 15), 3),
        (ideas["may"].pk, dt.date(2026, 5, 22), 2),
        (ideas["hidden"].pk, dt.date(2026, 6, 15), 1),
    }


def test_breakdowns_and_totals_come_from_the_counters(ideas):
    snapshot = services.statistics_refresh()

    by_category = {
        row.category.slug: (row.proposals, row.agreements)
        for row in StatBreakdown.objects.filter(dimension="category").select_related(
            "category"
        )
    }
    by_district = {
        row.district.code: (row.proposals, row.agreements)
        for row in StatBreakdown.objects.filter(dimension="district").select_related(
            "district"
        )
    }
    assert by_category == {"parks": (1, 3), "transport": (1, 2)}
    assert by_district == {"gangnam": (1, 3), "jongno": (1, 2)}
    assert (snapshot.proposals, snapshot.agreements) == (2, 5)
    # proposed counts the draft too, not the hidden idea
    assert (snapshot.funnel_proposed, snapshot.funnel_open) == (3, 2)
    assert snapshot.computed_at == NOW
    assert snapshot.daily_through == dt.date(2026, 6, 15)


def test_incremental_runs_recompute_recent_days_and_nightly_runs_everything(
    ideas, frozen, user_factory
):
    services.statistics_refresh()
    may = ideas["may"]
    # a new agreement today, a late-written one ten days ago, a retraction in May
    add_votes(may, 1)
    add_votes(may, 1, at=NOW - dt.timedelta(days=10))
    Vote.objects.filter(proposal=may, created_at__lt=NOW - dt.timedelta(days=20))[
        :1
    ].get().delete()
    frozen.shift(dt.timedelta(minutes=10))

    services.statistics_refresh()

    assert DailyStat.objects.get(day=dt.date(2026, 6, 15)).agreements == 5
    assert not DailyStat.objects.filter(day=dt.date(2026, 6, 5)).exists()
    assert DailyStat.objects.get(day=dt.date(2026, 5, 22)).agreements == 2

    snapshot = services.statistics_refresh(full=True)

    assert DailyStat.objects.get(day=dt.date(2026, 6, 5)).agreements == 1
    assert DailyStat.objects.get(day=dt.date(2026, 5, 22)).agreements == 1
    assert snapshot.full_rebuild_at == snapshot.computed_at


def test_answer_times_from_entering_review_to_the_published_answer(
    frozen, proposal_factory
):
    def idea(*changes):
        proposal = proposal_factory(stage=Stage.IN_REVIEW)
        for to_stage, days in changes:
            stage_change(proposal, "x", to_stage, NOW - dt.timedelta(days=days))
        return proposal

    idea((Stage.IN_REVIEW, 10), (Stage.SELECTED, 3))  # 7 days
    idea((Stage.IN_REVIEW, 40), (Stage.REJECTED, 0))  # 40 days: late
    # deferred after 5 days, back in review, selected 2 days later
    idea(
        (Stage.IN_REVIEW, 20),
        (Stage.DEFERRED, 15),
        (Stage.IN_REVIEW, 12),
        (Stage.SELECTED, 10),
    )
    overdue = proposal_factory(stage=Stage.IN_REVIEW, in_review_at=NOW)
    overdue.in_review_at = NOW - dt.timedelta(days=settings.REVIEW_ANSWER_DUE_DAYS + 1)
    overdue.save(update_fields=["in_review_at"])

    snapshot = services.statistics_refresh()

    durations = [7, 40, 5, 2]
    assert snapshot.answers == 4
    assert snapshot.answers_on_time == 3
    assert snapshot.answer_median_days == statistics.median(durations)
    assert snapshot.answer_mean_days == round(statistics.fmean(durations), 1)
    assert snapshot.answer_p90_days == round(
        statistics.quantiles(durations, n=10, method="inclusive")[-1], 1
    )
    assert snapshot.answer_buckets == [3, 0, 0, 1, 0]
    assert snapshot.overdue_now == 1


def test_funnel_counts_every_idea_that_got_that_far(frozen, proposal_factory):
    proposal_factory(stage=Stage.DRAFT)
    proposal_factory(stage=Stage.OPEN)
    proposal_factory(stage=Stage.IN_REVIEW, in_review_at=NOW)
    proposal_factory(stage=Stage.REJECTED, in_review_at=NOW)
    proposal_factory(stage=Stage.EXECUTION, in_review_at=NOW)
    proposal_factory(stage=Stage.COMPLETED, in_review_at=NOW)

    snapshot = services.statistics_refresh()

    assert [
        snapshot.funnel_proposed,
        snapshot.funnel_open,
        snapshot.funnel_in_review,
        snapshot.funnel_selected,
        snapshot.funnel_completed,
    ] == [6, 5, 4, 2, 1]


def test_the_beat_task_refreshes_and_is_scheduled(ideas):
    tasks.refresh_statistics.delay()
    assert StatSnapshot.objects.get().agreements == 5
    tasks.rebuild_statistics.delay()
    assert StatSnapshot.objects.get().full_rebuild_at is not None

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["opendata-refresh-statistics"]["task"] == (
        "oasis.opendata.tasks.refresh_statistics"
    )
    assert schedule["opendata-rebuild-statistics"]["task"] == (
        "oasis.opendata.tasks.rebuild_statistics"
    )


def test_refresh_twice_gives_the_same_rows(ideas):
    services.statistics_refresh(full=True)
    first = (
        list(DailyStat.objects.values_list("day", "agreements")),
        list(ProposalDayTally.objects.values_list("proposal_id", "day", "agreements")),
        StatBreakdown.objects.count(),
    )
    services.statistics_refresh()
    services.statistics_refresh(full=True)
    assert first == (
        list(DailyStat.objects.values_list("day", "agreements")),
        list(ProposalDayTally.objects.values_list("proposal_id", "day", "agreements")),
        StatBreakdown.objects.count(),
    )
