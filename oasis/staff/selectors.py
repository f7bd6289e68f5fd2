"""Reads of the staff console and the public statistics; each owns its queries, so the
budgets (dashboard ≤ 10, /stats/ ≤ 12, DESIGN §10) live here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kiosks.models import Kiosk
from oasis.core.models import AuditEvent, District
from oasis.notifications.models import Delivery
from oasis.staff import charts
from oasis.staff.models import DailyStat, StatBreakdown, StatSnapshot
from oasis.staff.services import ANSWER_BUCKETS
from proposals.models import Category, Proposal, Report, Stage
from proposals.pagination import Page, keyset_page
from proposals.reviews.models import ReviewRound, answer_due_days, answer_overdue_q
from voting.models import Vote

SEOUL = ZoneInfo("Asia/Seoul")
ROUNDS_IN_PROGRESS = [
    ReviewRound.State.OPEN,
    ReviewRound.State.CLOSED,
    ReviewRound.State.DECIDED,
]
AUDIT_PAGE_SIZE = 50


# --- Staff dashboard -----------------------------------------------------------------


def _admin_url(name: str, **params) -> str:
    url = reverse(f"admin:{name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


@dataclass
class Figure:
    key: str
    label: str
    value: int
    url: str
    alert: bool = False


@dataclass
class Dashboard:
    stages: list[Figure]
    figures: list[Figure]
    recent_audit: list[AuditEvent] = field(default_factory=list)

    @property
    def proposals_total(self) -> int:
        return sum(figure.value for figure in self.stages)


def week_start(now: dt.datetime) -> dt.datetime:
    """Monday 00:00 in Seoul of the week containing `now`."""
    today = timezone.localtime(now, SEOUL).date()
    monday = today - dt.timedelta(days=today.weekday())
    return dt.datetime.combine(monday, dt.time.min, tzinfo=SEOUL)


def staff_dashboard(*, now: dt.datetime | None = None) -> Dashboard:
    """The staff dashboard's numbers, each with the admin list it counts.

    Queries: stages with overdue answers, agreements this week, open reports, offline
    kiosks, rounds in progress, failed deliveries, recent audit entries (7).
    """
    now = now or timezone.now()
    # One grouped query gives the stages and, within in_review, the overdue answers.
    rows = list(
        Proposal.objects.order_by()
        .values("stage")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=answer_overdue_q(now)),
        )
        .values_list("stage", "n", "overdue")
    )
    by_stage = {stage: n for stage, n, _overdue in rows}
    overdue = sum(overdue for _stage, _n, overdue in rows)
    stages = [
        Figure(
            key=f"stage-{stage.value}",
            label=stage.label,
            value=by_stage.get(stage.value, 0),
            url=_admin_url("proposals_proposal", stage__exact=stage.value),
        )
        for stage in Stage
    ]
    since = week_start(now)
    figures = [
        Figure(
            key="agreements-week",
            label=_("Agreements this week"),
            value=Vote.objects.filter(created_at__gte=since).count(),
            url=_admin_url("voting_vote", created_at__gte=since.isoformat()),
        ),
        Figure(
            key="answers-overdue",
            label=_("Answers overdue"),
            value=overdue,
            url=_admin_url("proposals_proposal", overdue="yes"),
        ),
        Figure(
            key="reports-waiting",
            label=_("Reports waiting"),
            value=Report.objects.filter(status=Report.Status.OPEN).count(),
            url=_admin_url("proposals_report", status=Report.Status.OPEN),
        ),
        Figure(
            key="kiosks-offline",
            label=_("Kiosks offline"),
            value=Kiosk.objects.filter(
                is_active=True, revoked_at__isnull=True, is_online=False
            )
            .exclude(credential_hash="")
            .count(),
            url=_admin_url("kiosks_kiosk", status="offline"),
        ),
        Figure(
            key="rounds-in-progress",
            label=_("Review rounds in progress"),
            value=ReviewRound.objects.filter(state__in=ROUNDS_IN_PROGRESS).count(),
            url=_admin_url(
                "reviews_reviewround", state__in=",".join(ROUNDS_IN_PROGRESS)
            ),
        ),
        Figure(
            key="deliveries-failed",
            label=_("Failed deliveries"),
            value=Delivery.objects.filter(status=Delivery.Status.FAILED).count(),
            url=_admin_url("notifications_delivery", status__exact="failed"),
        ),
    ]
    for figure in figures:
        figure.alert = figure.key != "agreements-week" and figure.value > 0
    recent = list(AuditEvent.objects.select_related("actor")[:8])
    return Dashboard(stages=stages, figures=figures, recent_audit=recent)


# --- Audit log -----------------------------------------------------------------------


@dataclass
class AuditFilters:
    actor: str = ""
    action: str = ""
    target_type: str = ""
    target_id: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def audit_events(*, filters: AuditFilters, cursor: str | None = None) -> Page:
    """One page of the audit trail, newest first, filtered: 1 query (+1 for actors)."""
    queryset = AuditEvent.objects.select_related("actor")
    if filters.actor:
        if filters.actor.isdigit():
            queryset = queryset.filter(actor_id=int(filters.actor))
        elif filters.actor == "system":
            queryset = queryset.filter(actor__isnull=True, actor_label="")
        else:
            queryset = queryset.filter(
                Q(actor__email__iexact=filters.actor)
                | Q(actor_label__iexact=filters.actor)
            )
    if filters.action:
        # "proposal." lists every action of a kind; a full name matches exactly.
        if filters.action.endswith("."):
            queryset = queryset.filter(action__startswith=filters.action)
        else:
            queryset = queryset.filter(action=filters.action)
    if filters.target_type:
        queryset = queryset.filter(target_type=filters.target_type)
    if filters.target_id:
        queryset = queryset.filter(target_id=filters.target_id)
    if filters.since:
        queryset = queryset.filter(
            created_at__gte=dt.datetime.combine(filters.since, dt.time.min, SEOUL)
        )
    if filters.until:
        end = filters.until + dt.timedelta(days=1)
        queryset = queryset.filter(
            created_at__lt=dt.datetime.combine(end, dt.time.min, SEOUL)
        )
    return keyset_page(
        queryset, keys=["created_at", "id"], cursor=cursor, size=AUDIT_PAGE_SIZE
    )


def audit_action_choices() -> list[str]:
    return list(
        AuditEvent.objects.order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )


# --- Public statistics ---------------------------------------------------------------


def stats_snapshot() -> StatSnapshot | None:
    return StatSnapshot.objects.filter(pk=StatSnapshot.SINGLETON).first()


@dataclass
class MonthRow:
    month: dt.date
    proposals: int
    agreements: int


@dataclass
class BreakdownRow:
    key: str
    label: str
    proposals: int = 0
    agreements: int = 0
    in_review: int = 0
    selected: int = 0
    completed: int = 0


@dataclass
class DistrictRow(BreakdownRow):
    tile_row: int = 0
    tile_col: int = 0

    @property
    def short_label(self) -> str:
        # "Yeongdeungpo-gu" does not fit a tile; "영등포구" does.
        return self.label.removesuffix("-gu")


@dataclass
class FunnelStep:
    key: str
    label: str
    value: int


@dataclass
class BucketRow:
    label: str
    short_label: str
    value: int


def _months_back(today: dt.date, count: int) -> list[dt.date]:
    first = today.replace(day=1)
    months = []
    for _index in range(count):
        months.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return months[::-1]


def _bucket_labels(first: int, last: int | None) -> tuple[str, str]:
    if last is None:
        return _("%(first)d days or more") % {"first": first}, f"{first}+"
    return (
        _("%(first)d–%(last)d days") % {"first": first, "last": last},
        f"{first}–{last}",
    )


class StatsPage:
    """The figures of /stats/, each read on first use: behind the template's fragment
    cache, a cached page costs no query beyond the snapshot.

    Queries when not cached: months, breakdowns, categories, districts (4).
    """

    MONTHS = 12

    def __init__(self, snapshot: StatSnapshot, *, today: dt.date | None = None):
        self.snapshot = snapshot
        self.today = today or timezone.localdate(timezone=SEOUL)

    @cached_property
    def months(self) -> list[MonthRow]:
        months = _months_back(self.today, self.MONTHS)
        sums = {
            month: (proposals or 0, agreements or 0)
            for month, proposals, agreements in DailyStat.objects.filter(
                day__gte=months[0]
            )
            .annotate(month=TruncMonth("day"))
            .order_by()
            .values("month")
            .annotate(p=Sum("proposals_published"), a=Sum("agreements"))
            .values_list("month", "p", "a")
        }
        return [MonthRow(month, *sums.get(month, (0, 0))) for month in months]

    @cached_property
    def _breakdowns(self) -> dict[tuple[str, int], StatBreakdown]:
        return {
            (row.dimension, row.category_id or row.district_id): row
            for row in StatBreakdown.objects.all()
        }

    def _fill(self, row: BreakdownRow, dimension: str, pk: int) -> BreakdownRow:
        stored = self._breakdowns.get((dimension, pk))
        if stored is not None:
            for name in (
                "proposals",
                "agreements",
                "in_review",
                "selected",
                "completed",
            ):
                setattr(row, name, getattr(stored, name))
        return row

    @cached_property
    def categories(self) -> list[BreakdownRow]:
        rows = []
        for category in Category.objects.order_by("position", "name_ko"):
            row = self._fill(
                BreakdownRow(key=category.slug, label=category.name),
                StatBreakdown.Dimension.CATEGORY,
                category.pk,
            )
            # Categories no longer offered still show while they hold ideas.
            if category.is_active or row.proposals:
                rows.append(row)
        return rows

    @cached_property
    def districts(self) -> list[DistrictRow]:
        return [
            self._fill(
                DistrictRow(
                    key=district.code,
                    label=district.name,
                    tile_row=district.tile_row,
                    tile_col=district.tile_col,
                ),
                StatBreakdown.Dimension.DISTRICT,
                district.pk,
            )
            for district in District.objects.order_by("tile_row", "tile_col")
        ]

    @cached_property
    def funnel(self) -> list[FunnelStep]:
        s = self.snapshot
        return [
            FunnelStep("proposed", _("Proposed"), s.funnel_proposed),
            FunnelStep("open", _("Open for agreement"), s.funnel_open),
            FunnelStep("in_review", _("In review"), s.funnel_in_review),
            FunnelStep("selected", _("Selected"), s.funnel_selected),
            FunnelStep("completed", _("Completed"), s.funnel_completed),
        ]

    @cached_property
    def answer_buckets(self) -> list[BucketRow]:
        counts = list(self.snapshot.answer_buckets or [])
        counts += [0] * (len(ANSWER_BUCKETS) - len(counts))
        return [
            BucketRow(*_bucket_labels(first, last), counts[index])
            for index, (first, last) in enumerate(ANSWER_BUCKETS)
        ]

    @property
    def answers_on_time_percent(self) -> int | None:
        s = self.snapshot
        return round(100 * s.answers_on_time / s.answers) if s.answers else None

    @property
    def due_days(self) -> int:
        return answer_due_days()

    # Charts (charts.py computes the geometry; the templates draw it)

    @cached_property
    def proposals_chart(self) -> charts.ColumnChart:
        return charts.column_chart([(row.month, row.proposals) for row in self.months])

    @cached_property
    def agreements_chart(self) -> charts.ColumnChart:
        return charts.column_chart([(row.month, row.agreements) for row in self.months])

    @cached_property
    def category_chart(self) -> charts.BarChart:
        return charts.bar_chart([(row.label, row.proposals) for row in self.categories])

    @cached_property
    def funnel_chart(self) -> charts.BarChart:
        return charts.bar_chart([(step.label, step.value) for step in self.funnel])

    @cached_property
    def answer_chart(self) -> charts.ColumnChart:
        return charts.column_chart(
            [(row.short_label, row.value) for row in self.answer_buckets],
            column_width=64,
            gap=24,
        )

    @cached_property
    def district_map(self) -> charts.TileMap:
        return charts.tile_map(
            [
                (row.short_label, row.proposals, row.tile_row, row.tile_col)
                for row in self.districts
            ]
        )
