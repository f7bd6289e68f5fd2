"""Reads of the voting app. Each function names the queries it costs."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Final
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from proposals.lifecycle import ACCEPTING, accepts_agreements
from proposals.models import Proposal, Stage
from voting.models import Vote
from voting.predicates import user_is_verified_voter
from voting.receipts import receipt_code, vote_receipt

CHART_DAYS = 30
SEOUL = ZoneInfo(settings.TIME_ZONE)


class _Unknown(Enum):
    """A caller that has not looked the vote up."""

    VOTE = "unknown"


_UNKNOWN: Final = _Unknown.VOTE

# Why the agree button is not offered.
BLOCK_LOGIN = "login"
BLOCK_VERIFY = "verify"  # an email or a phone would do
BLOCK_VERIFY_PHONE = "verify_phone"  # VOTE_REQUIRES_PHONE
BLOCK_OWN = "own"
BLOCK_CLOSED = "closed"


@dataclass
class AgreementArea:
    proposal: Proposal
    vote: Vote | None
    accepting: bool
    blocked: str = ""
    receipt: str = ""
    can_advance: bool = False
    closes_on: dt.date | None = None
    days_left: int | None = None
    feedback: str = ""
    feedback_is_error: bool = False
    chart: "AgreementChart | None" = field(default=None)

    @property
    def can_agree(self) -> bool:
        return self.accepting and self.vote is None and not self.blocked

    @property
    def can_retract(self) -> bool:
        return self.accepting and self.vote is not None

    @property
    def threshold(self) -> int | None:
        return self.proposal.threshold

    @property
    def progress_percent(self) -> int:
        return progress_percent(self.proposal)

    @property
    def threshold_reached(self) -> bool:
        threshold = self.proposal.threshold
        return bool(threshold and self.proposal.vote_count >= threshold)

    @property
    def remaining(self) -> int:
        threshold = self.proposal.threshold or 0
        return max(threshold - self.proposal.vote_count, 0)


def progress_percent(proposal: Proposal) -> int:
    if not proposal.threshold:
        return 0
    return min(100, proposal.vote_count * 100 // proposal.threshold)


def _closing_day(proposal: Proposal) -> dt.date | None:
    if proposal.voting_ends_at is None:
        return None
    # voting_ends_at is the last instant of a day in Seoul; a bare midnight also
    # belongs to the day before.
    return timezone.localtime(
        proposal.voting_ends_at - dt.timedelta(microseconds=1), SEOUL
    ).date()


def user_vote(*, proposal: Proposal, user) -> Vote | None:
    """1 query for a signed-in user, none otherwise."""
    if user is None or not user.is_authenticated:
        return None
    return Vote.objects.filter(proposal=proposal, user=user).first()


def agreement_area(
    *,
    proposal: Proposal,
    user,
    vote: Vote | _Unknown | None = _UNKNOWN,
    with_chart: bool = True,
    now: dt.datetime | None = None,
) -> AgreementArea:
    """Everything the agreement area shows. Queries: the user's vote (skipped when the
    caller knows it), the email check when no phone is verified and no vote exists
    (skipped under VOTE_REQUIRES_PHONE), the chart (when asked): at most 3."""
    now = now or timezone.now()
    if vote is _UNKNOWN:
        vote = user_vote(proposal=proposal, user=user)
    accepting = accepts_agreements(proposal, now)
    area = AgreementArea(proposal=proposal, vote=vote, accepting=accepting)
    authenticated = user is not None and user.is_authenticated
    if vote is not None:
        area.receipt = vote_receipt(vote)
    elif not accepting:
        area.blocked = BLOCK_CLOSED
    elif not authenticated:
        area.blocked = BLOCK_LOGIN
    elif proposal.author_id == user.pk:
        area.blocked = BLOCK_OWN
    elif not user_is_verified_voter(user):
        area.blocked = (
            BLOCK_VERIFY_PHONE if settings.VOTE_REQUIRES_PHONE else BLOCK_VERIFY
        )
    if proposal.stage == Stage.OPEN:
        area.closes_on = _closing_day(proposal)
        if area.closes_on is not None and accepting:
            today = timezone.localtime(now, SEOUL).date()
            area.days_left = max((area.closes_on - today).days, 0)
    area.can_advance = bool(
        authenticated
        and user.is_staff
        and proposal.stage == Stage.OPEN
        and not area.threshold_reached
    )
    if with_chart:
        area.chart = agreements_per_day(proposal=proposal, now=now)
    return area


@dataclass(frozen=True)
class ChartBar:
    day: dt.date
    count: int
    x: int
    y: int
    height: int


@dataclass(frozen=True)
class AgreementChart:
    bars: list[ChartBar]
    total: int
    peak: int
    width: int
    height: int
    bar_width: int

    @property
    def first_day(self) -> dt.date | None:
        return self.bars[0].day if self.bars else None

    @property
    def last_day(self) -> dt.date | None:
        return self.bars[-1].day if self.bars else None

    @property
    def peak_day(self) -> dt.date | None:
        if not self.peak:
            return None
        return next(bar.day for bar in self.bars if bar.count == self.peak)


CHART_HEIGHT = 80
CHART_BAR = 10
CHART_GAP = 2


def agreements_per_day(
    *, proposal: Proposal, days: int = CHART_DAYS, now: dt.datetime | None = None
) -> AgreementChart:
    """Agreements per day (Seoul) over the last `days` days of the window, up to today:
    1 query on the (proposal, created_at) index."""
    now = now or timezone.now()
    today = timezone.localtime(now, SEOUL).date()
    last = today
    closing = _closing_day(proposal)
    if proposal.stage == Stage.OPEN and closing is not None:
        last = min(today, closing)
    elif proposal.stage not in ACCEPTING:
        # After the agreements closed, show the last days in which they were open.
        changed = timezone.localtime(proposal.updated_at or now, SEOUL).date()
        last = min(today, changed)
    opened = proposal.published_at or proposal.created_at or now
    first = max(
        last - dt.timedelta(days=days - 1), timezone.localtime(opened, SEOUL).date()
    )
    first = min(first, last)
    start = dt.datetime.combine(first, dt.time.min, tzinfo=SEOUL)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=SEOUL)
    counts = dict(
        Vote.objects.filter(
            proposal=proposal, created_at__gte=start, created_at__lt=end
        )
        .annotate(day=TruncDate("created_at", tzinfo=SEOUL))
        .order_by()
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    n_days = (last - first).days + 1
    peak = max(counts.values(), default=0)
    bars = []
    for index in range(n_days):
        day = first + dt.timedelta(days=index)
        count = counts.get(day, 0)
        height = round(count * CHART_HEIGHT / peak) if peak else 0
        if count and not height:
            height = 1
        bars.append(
            ChartBar(
                day=day,
                count=count,
                x=index * (CHART_BAR + CHART_GAP),
                y=CHART_HEIGHT - height,
                height=height,
            )
        )
    return AgreementChart(
        bars=bars,
        total=sum(counts.values()),
        peak=peak,
        width=max(n_days * (CHART_BAR + CHART_GAP) - CHART_GAP, CHART_BAR),
        height=CHART_HEIGHT,
        bar_width=CHART_BAR,
    )


def tally_receipts(*, proposal: Proposal) -> list[str]:
    """The receipt codes of every agreement with a proposal, sorted so that their order
    says nothing about who agreed when. 1 query."""
    rows = Vote.objects.filter(proposal=proposal).values_list("pk", "user_id")
    return sorted(
        receipt_code(vote_id=pk, proposal_id=proposal.pk, user_id=user_id)
        for pk, user_id in rows.iterator(chunk_size=5000)
    )


def user_votes_export(user) -> list[dict]:
    """The account's agreements for the data export. 1 query."""
    return [
        {
            "proposal_id": vote.proposal_id,
            "proposal_title": vote.proposal.title,
            "channel": vote.channel,
            "created_at": vote.created_at.isoformat(),
            "receipt": vote_receipt(vote),
        }
        for vote in Vote.objects.filter(user=user)
        .select_related("proposal")
        .only(
            "pk", "proposal_id", "user_id", "channel", "created_at", "proposal__title"
        )
        .order_by("created_at", "pk")
    ]


def proposals_voted_by(*, user, proposal_ids) -> set[int]:
    """Which of these proposals the user agreed with (for lists). 1 query."""
    if user is None or not user.is_authenticated:
        return set()
    return set(
        Vote.objects.filter(user=user, proposal_id__in=list(proposal_ids)).values_list(
            "proposal_id", flat=True
        )
    )


def iter_tally_csv_rows(*, proposal: Proposal) -> Iterator[list[str]]:
    receipts = tally_receipts(proposal=proposal)
    yield ["proposal", str(proposal.pk)]
    yield ["title", proposal.title]
    yield ["total", str(len(receipts))]
    yield ["vote_count", str(proposal.vote_count)]
    yield ["generated_at", timezone.now().isoformat()]
    yield []
    yield ["receipt_code"]
    for code in receipts:
        yield [code]
