"""Reads of the staff console; each owns its queries, so the dashboard's budget (at
most 10 queries) lives here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kiosks.models import Kiosk
from oasis.core.models import AuditEvent
from oasis.core.pagination import Page, keyset_page
from oasis.notifications.models import Delivery
from proposals.models import Proposal, Report, Stage
from proposals.reviews.models import ReviewRound, answer_overdue_q
from voting.models import Vote

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

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
    label: str | StrPromise
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
