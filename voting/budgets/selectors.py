"""Every read of participatory budgeting that joins or annotates: the lists, the ballot
page, a voter's ballot, the meter and the results."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from django.db.models import Count, Prefetch, QuerySet

from oasis.core.models import District
from proposals.models import ProposalImage
from voting.budgets.models import (
    Ballot,
    BallotChannel,
    BallotVersion,
    BudgetProject,
    BudgetResult,
    BudgetRound,
    Style,
)


def round_list() -> QuerySet[BudgetRound]:
    return BudgetRound.objects.select_related("district").annotate(
        project_count=Count("projects")
    )


def round_detail(pk: int) -> BudgetRound:
    """The round with its projects, each with its idea, district and first image
    (four queries)."""
    images = ProposalImage.objects.order_by("position", "pk")
    projects = BudgetProject.objects.select_related(
        "proposal", "proposal__district"
    ).prefetch_related(Prefetch("proposal__images", queryset=images))
    return (
        BudgetRound.objects.select_related("district")
        .prefetch_related(Prefetch("projects", queryset=projects))
        .get(pk=pk)
    )


def voter_ballot(*, budget_round: BudgetRound, user) -> Ballot | None:
    """The voter's ballot with the ids of the projects of its current version."""
    if user is None or not user.is_authenticated:
        return None
    ballot = (
        Ballot.objects.select_related("current")
        .filter(round=budget_round, voter=user)
        .first()
    )
    if ballot is None:
        return None
    ballot.chosen_ids = (
        set(ballot.current.projects.values_list("pk", flat=True))
        if ballot.current
        else set()
    )
    return ballot


@dataclass
class Meter:
    """What a choice costs against the round's total or number of projects."""

    total: int
    spent: int
    count: int
    max_choices: int | None
    style: str
    unknown: bool = False

    @property
    def left(self) -> int:
        return self.total - self.spent

    @property
    def over_budget(self) -> bool:
        return self.style == Style.KNAPSACK and self.spent > self.total

    @property
    def too_many(self) -> bool:
        return self.style == Style.APPROVAL and self.count > (self.max_choices or 0)

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return min(100, self.spent * 100 // self.total)


def ballot_meter(*, budget_round: BudgetRound, project_ids: Iterable) -> Meter:
    """The meter for a choice of project ids; ids not on the ballot are ignored and
    flagged. Uses the round's prefetched projects when there are any."""
    costs = {project.pk: project.cost for project in budget_round.projects.all()}
    wanted = set()
    unknown = False
    for value in project_ids:
        try:
            pk = int(value)
        except (TypeError, ValueError):
            unknown = True
            continue
        if pk in costs:
            wanted.add(pk)
        else:
            unknown = True
    return Meter(
        total=budget_round.total,
        spent=sum(costs[pk] for pk in wanted),
        count=len(wanted),
        max_choices=budget_round.max_choices,
        style=budget_round.style,
        unknown=unknown,
    )


# The turnout charts: labels on the left, bars to the right of PLOT_LEFT, in pixels of
# the SVG's viewBox.
BAR_HEIGHT = 24
PLOT_LEFT = 150
PLOT_WIDTH = 260
CHART_WIDTH = PLOT_LEFT + PLOT_WIDTH + 60


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    width: int
    y: int

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 8

    @property
    def value_x(self) -> int:
        return PLOT_LEFT + self.width + 6


@dataclass
class Results:
    rows: list[BudgetResult]
    spent: int
    ballots: int
    by_channel: list[Bar] = field(default_factory=list)
    by_district: list[Bar] = field(default_factory=list)


def _bars(pairs: list[tuple[str, int]]) -> list[Bar]:
    top = max((value for _label, value in pairs), default=0) or 1
    return [
        Bar(
            label=label,
            value=value,
            width=round(value * PLOT_WIDTH / top),
            y=i * BAR_HEIGHT,
        )
        for i, (label, value) in enumerate(pairs)
    ]


def round_results(budget_round: BudgetRound) -> Results:
    """The stored count of a round with its turnout as bars (two queries)."""
    rows = list(
        BudgetResult.objects.filter(round=budget_round)
        .select_related("project__proposal")
        .order_by("rank")
    )
    turnout = budget_round.turnout or {}
    channels = dict(BallotChannel.choices)
    by_channel = [
        (str(channels.get(code, code)), n)
        for code, n in (turnout.get("by_channel") or {}).items()
    ]
    districts = {d.code: d.name for d in District.objects.all()}
    by_district = sorted(
        (
            (districts.get(code, "") or "–", n)
            for code, n in (turnout.get("by_district") or {}).items()
        ),
        key=lambda pair: (-pair[1], pair[0]),
    )
    return Results(
        rows=rows,
        spent=sum(row.project.cost for row in rows if row.funded),
        ballots=turnout.get("ballots", 0),
        by_channel=_bars(by_channel),
        by_district=_bars(by_district),
    )


def round_receipts(budget_round: BudgetRound):
    """(receipt, chosen project ids) of every cast ballot, for the public export."""
    ballots = (
        Ballot.objects.filter(round=budget_round, current__isnull=False)
        .order_by("receipt")
        .prefetch_related("current__projects")
    )
    for ballot in ballots.iterator(chunk_size=2000):
        current = cast(BallotVersion, ballot.current)  # filtered: never None here
        yield ballot.receipt, sorted(p.pk for p in current.projects.all())
