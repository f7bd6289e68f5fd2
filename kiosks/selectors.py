"""Reads for kiosks: what a kiosk may show, its configuration, its hand-offs."""

from collections import Counter
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
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
from proposals import selectors as proposal_selectors
from proposals.analysis import Document
from proposals.models import Category, Proposal, Report, Stage
from proposals.search import GENERIC_WORDS
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
    return _without_open_report(
        Proposal.objects.listed()
        .accepting(now)
        .filter(
            stage=Stage.OPEN,
            published_at__lte=now - settings.KIOSK_PROPOSAL_MIN_AGE,
        )
    )


def _without_open_report(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """A kiosk shows no idea that someone has reported and staff have not decided on."""
    open_reports = Report.objects.filter(
        proposal=OuterRef("pk"), status=Report.Status.OPEN
    )
    return queryset.exclude(Exists(open_reports))


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


# The propose screen's topic words: the most frequent title words of the ideas a kiosk
# shows, from this many of the most agreed; cached, since they change slowly.
TOPIC_WORDS = 12
TOPIC_WORDS_FROM = 300
TOPIC_WORDS_CACHE_KEY = "kiosks:topic-words"
TOPIC_WORDS_SECONDS = 300


def kiosk_topic_words() -> list[str]:
    """Words to touch instead of typing: the analysed title words (no particles, no
    request words, no generic action words) most often found among the most agreed
    ideas a kiosk shows. One query, cached."""
    words = cache.get(TOPIC_WORDS_CACHE_KEY)
    if words is None:
        rows = (
            kiosk_visible_proposals()
            .order_by("-vote_count", "-published_at", "-id")
            .values_list("search_terms", flat=True)[:TOPIC_WORDS_FROM]
        )
        counts: Counter[str] = Counter()
        for terms in rows:
            title = Document.parse(terms).title
            counts.update({w for w in title if len(w) >= 2 and w not in GENERIC_WORDS})
        ranked = sorted(counts, key=lambda w: (-counts[w], w))
        words = ranked[:TOPIC_WORDS]
        cache.set(TOPIC_WORDS_CACHE_KEY, words, TOPIC_WORDS_SECONDS)
    return words


def kiosk_similar(*, words: list[str]) -> list[Proposal]:
    """The idea form's similar-ideas hint (`proposal_similar`: ideas that still accept
    agreements first, answered ones after) for touch-picked words, as far as a kiosk
    shows them: one still open to agreement only when the kiosk shows it (so that it
    can be agreed with here), an answered one only without an open report."""
    hint = proposal_selectors.proposal_similar(title=" ".join(words))
    ids = [p.pk for p in hint]
    if not ids:
        return []
    on_kiosk = set(
        kiosk_visible_proposals().filter(pk__in=ids).values_list("pk", flat=True)
    )
    unreported = set(
        _without_open_report(Proposal.objects.filter(pk__in=ids)).values_list(
            "pk", flat=True
        )
    )
    return [
        p
        for p in hint
        if (p.pk in on_kiosk if p.accepts_agreements else p.pk in unreported)  # type: ignore[attr-defined]
    ]


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
