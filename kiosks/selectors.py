"""Reads for kiosks: what a kiosk may show, its configuration, its hand-offs."""

from datetime import datetime

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from kiosks.errors import ProposalNotOnKiosk
from kiosks.models import Handoff, Kiosk, KioskConfig, KioskUsage
from oasis.core.errors import NotFound
from proposals.models import Category, Proposal, Report, Stage
from proposals.selectors import with_cover
from voting.models import Vote

# The touch UI warns this many seconds before its idle reset.
IDLE_WARNING_SECONDS = 20


def kiosk_config_for(*, kiosk: Kiosk) -> KioskConfig:
    """The kiosk's own configuration, else the global one, else the defaults (version 0).
    One query."""
    config = (
        KioskConfig.objects.filter(Q(kiosk=kiosk) | Q(kiosk__isnull=True))
        .order_by(F("kiosk").desc(nulls_last=True))
        .first()
    )
    return config or KioskConfig(version=0)


def kiosk_visible_proposals(*, now: datetime | None = None) -> QuerySet[Proposal]:
    """Open for agreement for at least a day, not hidden, no open report."""
    now = now or timezone.now()
    open_reports = Report.objects.filter(
        proposal=OuterRef("pk"), status=Report.Status.OPEN
    )
    return (
        Proposal.objects.listed()
        .accepting(now)
        .filter(
            stage=Stage.OPEN,
            published_at__lte=now - settings.KIOSK_PROPOSAL_MIN_AGE,
        )
        .exclude(Exists(open_reports))
    )


def kiosk_proposal_list(
    *,
    kiosk: Kiosk,
    category_slug: str | None = None,
    citywide: bool = False,
    limit: int = 24,
) -> list[Proposal]:
    """The station's district first, then the rest of the city (or, `citywide`, the
    whole city together); within each, most agreed, then newest. Each proposal carries
    `elsewhere` (0 for the station's district, 1 for another) and its cover photo.
    One query per part, each an index walk in agreement order that stops after
    `limit` rows, however many ideas are open."""
    proposals = with_cover(
        kiosk_visible_proposals().select_related("category", "district")
    )
    if category_slug:
        proposals = proposals.filter(category__slug=category_slug)
    order = ("-vote_count", "-published_at", "-id")
    if citywide:
        shown = list(proposals.order_by(*order)[:limit])
    else:
        shown = list(
            proposals.filter(district_id=kiosk.district_id).order_by(*order)[:limit]
        )
        if len(shown) < limit:
            shown += list(
                proposals.exclude(district_id=kiosk.district_id).order_by(*order)[
                    : limit - len(shown)
                ]
            )
    for proposal in shown:
        # A flag for the template, not a field.
        proposal.elsewhere = int(proposal.district_id != kiosk.district_id)  # type: ignore[attr-defined]
    return shown


def kiosk_proposal_detail(*, pk: int) -> Proposal:
    proposal = (
        with_cover(kiosk_visible_proposals().select_related("category", "district"))
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise ProposalNotOnKiosk()
    return proposal


def kiosk_categories() -> list[Category]:
    return list(Category.objects.filter(is_active=True))


def handoff_for_kiosk(*, kiosk: Kiosk, pk: int) -> Handoff:
    handoff = (
        Handoff.objects.select_related("proposal").filter(pk=pk, kiosk=kiosk).first()
    )
    if handoff is None:
        raise NotFound()
    return handoff


def kiosk_usage_with_agreements(queryset: QuerySet[KioskUsage]) -> QuerySet[KioskUsage]:
    """Each day's row with `agreements`: the votes collected by that kiosk that day
    (Seoul time), whether by SMS code or by hand-off. One query for the list."""
    agreements = (
        Vote.objects.filter(kiosk=OuterRef("kiosk"), created_at__date=OuterRef("day"))
        .order_by()
        .values("kiosk")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(agreements=Coalesce(Subquery(agreements), 0))


def kiosk_config_payload(config: KioskConfig) -> dict:
    """The versioned remote configuration as the heartbeat reply carries it."""
    return {
        "version": config.version,
        "idle_timeout_seconds": config.idle_timeout_seconds,
        "idle_warning_seconds": IDLE_WARNING_SECONDS,
        "default_language": config.default_language,
        "features": config.features,
        "message_ko": config.message_ko,
        "message_en": config.message_en,
    }
