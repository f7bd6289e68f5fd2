"""Every write of participatory budgeting: rounds, their projects and costs, phases,
ballots and the count. One function per use case, each in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oasis.core.audit import audit_record, require_staff
from oasis.core.errors import DomainError, InvalidTransition, NotAllowed
from oasis.core.models import District
from oasis.core.tasks import enqueue_after_commit
from proposals.models import Proposal, Stage
from proposals.reviews.models import Decision, RoundProposal
from voting.budgets.counting import Candidate, Outcome, count_winners
from voting.budgets.errors import (
    BallotingClosed,
    NotEligible,
    NotOnBallot,
    OverBudget,
    TooMany,
    VerificationRequired,
)
from voting.budgets.models import (
    PHASE_ORDER,
    Ballot,
    BallotChannel,
    BallotVersion,
    BudgetProject,
    BudgetResult,
    BudgetRound,
    Eligibility,
    Phase,
    Style,
)
from voting.budgets.receipts import ballot_receipt
from voting.predicates import user_is_verified_voter

# Projects may be added and their costs changed only while voters are being informed:
# a cost that changes under a cast ballot would change what the voter chose.
EDITABLE_PHASES = frozenset({Phase.INFORMATION})
COUNTABLE_PHASES = frozenset({Phase.COUNTING, Phase.RESULTS, Phase.IMPLEMENTATION})


def _lock_round(budget_round: BudgetRound | int) -> BudgetRound:
    pk = budget_round.pk if isinstance(budget_round, BudgetRound) else budget_round
    return BudgetRound.objects.select_for_update().get(pk=pk)


def _require_phase(budget_round: BudgetRound, phases: Iterable[str]) -> None:
    if budget_round.phase not in phases:
        raise InvalidTransition(
            _("This is not possible while the round is in “%(phase)s”.")
            % {"phase": Phase(budget_round.phase).label}
        )


@transaction.atomic
def round_create(
    *,
    actor,
    title_ko: str,
    title_en: str = "",
    description_ko: str = "",
    description_en: str = "",
    total: int,
    style: str = Style.KNAPSACK,
    max_choices: int | None = None,
    district: District | None = None,
    eligibility: str = Eligibility.HOME_DISTRICT,
    information_starts_at: datetime | None = None,
    balloting_starts_at: datetime,
    balloting_ends_at: datetime,
) -> BudgetRound:
    """Create a round in its information phase; audited."""
    require_staff(actor)
    title_ko = (title_ko or "").strip()
    if not title_ko:
        raise DomainError(_("Give the round a Korean title."), code="title_required")
    if int(total) <= 0:
        raise DomainError(_("The total must be more than 0 won."), code="total")
    if style == Style.APPROVAL and not max_choices:
        raise DomainError(
            _("Say how many projects a voter may approve."), code="max_choices"
        )
    if balloting_ends_at <= balloting_starts_at:
        raise DomainError(
            _("Balloting must end after it starts."), code="balloting_dates"
        )
    budget_round = BudgetRound.objects.create(
        title_ko=title_ko,
        title_en=(title_en or "").strip(),
        description_ko=description_ko or "",
        description_en=description_en or "",
        total=int(total),
        style=Style(style),
        max_choices=max_choices if style == Style.APPROVAL else None,
        district=district,
        eligibility=Eligibility(eligibility),
        information_starts_at=information_starts_at or timezone.now(),
        balloting_starts_at=balloting_starts_at,
        balloting_ends_at=balloting_ends_at,
    )
    audit_record(
        actor=actor,
        action="budgets.round_created",
        target=budget_round,
        after={
            "total": budget_round.total,
            "style": budget_round.style,
            "max_choices": budget_round.max_choices,
            "scope": budget_round.scope,
            "eligibility": budget_round.eligibility,
        },
    )
    return budget_round


def reviewed_cost(proposal: Proposal) -> int | None:
    """The reviewed estimate: the budget of the published selection, else the cost
    estimate the review round recorded."""
    decision = (
        Decision.objects.filter(
            proposal=proposal,
            outcome=Decision.Outcome.SELECTED,
            published_at__isnull=False,
        )
        .order_by("-published_at")
        .values_list("budget", flat=True)
        .first()
    )
    if decision:
        return decision
    return (
        RoundProposal.objects.filter(proposal=proposal, cost_estimate__isnull=False)
        .order_by("-added_at")
        .values_list("cost_estimate", flat=True)
        .first()
    )


@transaction.atomic
def round_add_projects(
    *, budget_round: BudgetRound, proposals: Iterable[Proposal], actor
) -> list[BudgetProject]:
    """Put selected ideas on the ballot at their reviewed cost; audited. Refuses an idea
    that is not selected, has no reviewed cost or is already on the ballot."""
    require_staff(actor)
    locked = _lock_round(budget_round)
    _require_phase(locked, EDITABLE_PHASES)
    position = locked.projects.count()
    added = []
    for proposal in proposals:
        if proposal.stage != Stage.SELECTED:
            raise DomainError(
                _("Only selected ideas can be put on a ballot: %(title)s")
                % {"title": proposal.title},
                code="not_selected",
            )
        if locked.projects.filter(proposal=proposal).exists():
            raise DomainError(
                _("This idea is already on the ballot: %(title)s")
                % {"title": proposal.title},
                code="already_on_ballot",
            )
        cost = reviewed_cost(proposal)
        if not cost:
            raise DomainError(
                _("This idea has no reviewed cost estimate: %(title)s")
                % {"title": proposal.title},
                code="no_cost",
            )
        position += 1
        added.append(
            BudgetProject.objects.create(
                round=locked,
                proposal=proposal,
                cost=cost,
                reviewed_cost=cost,
                position=position,
            )
        )
    audit_record(
        actor=actor,
        action="budgets.projects_added",
        target=locked,
        after={"projects": [[p.pk, p.proposal_id, p.cost] for p in added]},
    )
    return added


@transaction.atomic
def project_cost_adjust(
    *, project: BudgetProject, cost: int, reason: str, actor
) -> BudgetProject:
    """Staff change a project's cost with a written reason; audited."""
    require_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Write the reason for changing the cost."), code="reason_required"
        )
    if int(cost) <= 0:
        raise DomainError(_("A cost must be more than 0 won."), code="cost")
    locked_round = _lock_round(project.round_id)
    _require_phase(locked_round, EDITABLE_PHASES)
    locked = BudgetProject.objects.select_for_update().get(pk=project.pk)
    before = locked.cost
    locked.cost = int(cost)
    locked.save(update_fields=["cost"])
    audit_record(
        actor=actor,
        action="budgets.cost_adjusted",
        target=locked,
        before={"cost": before},
        after={"cost": locked.cost, "reason": reason},
    )
    project.cost = locked.cost
    return locked


def _next_phase(phase: str) -> Phase | None:
    index = PHASE_ORDER.index(Phase(phase))
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


@transaction.atomic
def round_phase_advance(*, budget_round: BudgetRound, to: str, actor) -> BudgetRound:
    """Move a round to its next phase; audited. Entering counting queues the count,
    publishing needs a count, and entering implementation tracks the funded projects."""
    require_staff(actor)
    locked = _lock_round(budget_round)
    to = Phase(to)
    if _next_phase(locked.phase) != to:
        raise InvalidTransition(
            _("A round cannot move from “%(from)s” to “%(to)s”.")
            % {"from": Phase(locked.phase).label, "to": to.label}
        )
    now = timezone.now()
    before = locked.phase
    fields = ["phase"]
    if to == Phase.BALLOTING and not locked.projects.exists():
        raise DomainError(_("Put projects on the ballot first."), code="no_projects")
    if to == Phase.RESULTS:
        if locked.counted_at is None:
            raise InvalidTransition(
                _("Count the ballots before publishing the results."),
                code="not_counted",
            )
        locked.results_published_at = now
        fields.append("results_published_at")
    if to == Phase.IMPLEMENTATION:
        _funded_into_implementation(locked, actor=actor)
        locked.implementation_started_at = now
        fields.append("implementation_started_at")
    locked.phase = to
    locked.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="budgets.phase_changed",
        target=locked,
        before={"phase": before},
        after={"phase": to.value},
    )
    if to == Phase.COUNTING:
        from voting.budgets.tasks import count_round

        # Still in counting if the broker is down: staff count again from its page.
        enqueue_after_commit(count_round, locked.pk, actor.pk)
    budget_round.phase = locked.phase
    return locked


def _funded_into_implementation(budget_round: BudgetRound, *, actor) -> None:
    # Imported late: implementation imports the proposal services, which import much.
    from proposals.implementation.services import implementation_update_post

    funded = (
        BudgetProject.objects.filter(round=budget_round, result__funded=True)
        .select_related("proposal")
        .order_by("result__rank")
    )
    with translation.override(settings.LANGUAGE_CODE):
        for project in funded:
            if project.proposal.stage != Stage.SELECTED:
                continue
            implementation_update_post(
                proposal=project.proposal,
                actor=actor,
                text=_(
                    "Funded by the citizens' vote in “%(round)s” with %(amount)s won."
                )
                % {"round": budget_round.title_ko, "amount": f"{project.cost:,}"},
                progress=0,
                budget_spent=0,
                move_to=Stage.PLANNING,
            )


def _eligible(budget_round: BudgetRound, voter) -> bool:
    return (
        budget_round.district_id is None
        or budget_round.eligibility == Eligibility.ANYONE
        or voter.home_district_id == budget_round.district_id
    )


def _balloting_open(budget_round: BudgetRound, now: datetime) -> bool:
    return (
        budget_round.phase == Phase.BALLOTING
        and budget_round.balloting_starts_at <= now < budget_round.balloting_ends_at
    )


def ballot_check(
    *, budget_round: BudgetRound, voter, project_ids: Iterable[int]
) -> list[BudgetProject]:
    """The projects of a valid ballot, or the refusal: who may vote, whether balloting
    is open, and whether the choice fits the round's style."""
    if voter is None or not voter.is_authenticated or not voter.is_active:
        raise NotAllowed
    if not user_is_verified_voter(voter):
        raise VerificationRequired
    if not _eligible(budget_round, voter):
        raise NotEligible
    if not _balloting_open(budget_round, timezone.now()):
        raise BallotingClosed
    return projects_check(budget_round=budget_round, project_ids=project_ids)


def projects_check(
    *, budget_round: BudgetRound, project_ids: Iterable[int]
) -> list[BudgetProject]:
    """The chosen projects if they are on the ballot and fit the round's style."""
    try:
        wanted = sorted({int(pk) for pk in project_ids})
    except (TypeError, ValueError):
        raise NotOnBallot from None
    projects = list(BudgetProject.objects.filter(round=budget_round, pk__in=wanted))
    if len(projects) != len(wanted):
        raise NotOnBallot
    if budget_round.style == Style.APPROVAL:
        if len(projects) > (budget_round.max_choices or 0):
            raise TooMany(
                _("You can choose at most %(n)s projects.")
                % {"n": budget_round.max_choices}
            )
    elif sum(project.cost for project in projects) > budget_round.total:
        raise OverBudget
    return projects


def _lock_or_create_ballot(budget_round: BudgetRound, voter) -> Ballot:
    # The unique constraint decides which of two first casts creates the ballot; the
    # other then waits for the row lock and adds its version after it.
    ballot = (
        Ballot.objects.select_for_update()
        .filter(round=budget_round, voter=voter)
        .first()
    )
    if ballot is not None:
        return ballot
    try:
        with transaction.atomic():
            return Ballot.objects.create(
                round=budget_round,
                voter=voter,
                receipt=ballot_receipt(round_id=budget_round.pk, voter_id=voter.pk),
            )
    except IntegrityError:
        return Ballot.objects.select_for_update().get(round=budget_round, voter=voter)


def _share_lock_round(pk: int) -> None:
    """Hold a key-share lock on the round until commit: ballots do not wait for each
    other, but a phase change (which locks the round for update) waits for the
    ballots being cast, and a ballot that comes later waits for it and then reads the
    new phase. SQLite writes one transaction at a time and needs no lock. Foreign keys
    are checked at commit on PostgreSQL, so inserting rows that point at the round
    would take this lock too late."""
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        return
    meta = BudgetRound._meta
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {quote(meta.db_table)} "  # noqa: S608
            f"WHERE {quote(meta.pk.column)} = %s FOR KEY SHARE",
            [pk],
        )


@transaction.atomic
def ballot_cast(
    *,
    budget_round: BudgetRound | int,
    voter,
    project_ids: Iterable[int],
    channel: str = BallotChannel.WEB,
) -> Ballot:
    """Cast or change `voter`'s ballot; every version is kept and the last one counts.
    A refusal changes nothing."""
    pk = budget_round.pk if isinstance(budget_round, BudgetRound) else budget_round
    _share_lock_round(pk)
    current = BudgetRound.objects.get(pk=pk)
    projects = ballot_check(budget_round=current, voter=voter, project_ids=project_ids)
    ballot = _lock_or_create_ballot(current, voter)
    number = ballot.version_count + 1
    version = BallotVersion.objects.create(
        ballot=ballot, round=current, number=number, channel=BallotChannel(channel)
    )
    version.projects.set(projects)
    ballot.current = version
    ballot.version_count = number
    ballot.save(update_fields=["current", "version_count", "updated_at"])
    return ballot


@transaction.atomic
def round_count(*, budget_round: BudgetRound | int, actor=None) -> list[Outcome]:
    """Count the current version of every ballot and store the results, replacing any
    earlier count; the same ballots always give the same results. Audited."""
    locked = _lock_round(budget_round)
    _require_phase(locked, COUNTABLE_PHASES)
    votes = dict(
        BallotVersion.projects.through.objects.filter(
            ballotversion__current_of__round=locked
        )
        .values("budgetproject")
        .annotate(votes=Count("pk"))
        .values_list("budgetproject", "votes")  # type: ignore[misc]  # the stubs miss annotations on auto-created through models
    )
    candidates = [
        Candidate(
            project_id=project.pk,
            proposal_id=project.proposal_id,
            cost=project.cost,
            votes=votes.get(project.pk, 0),
        )
        for project in locked.projects.all()
    ]
    outcomes = count_winners(total=locked.total, candidates=candidates)
    BudgetResult.objects.filter(round=locked).delete()
    BudgetResult.objects.bulk_create(
        BudgetResult(
            round=locked,
            project_id=outcome.project_id,
            votes=outcome.votes,
            funded=outcome.funded,
            rank=outcome.rank,
        )
        for outcome in outcomes
    )
    locked.turnout = _turnout(locked)
    locked.counted_at = timezone.now()
    locked.save(update_fields=["turnout", "counted_at"])
    audit_record(
        actor=actor,
        action="budgets.counted",
        target=locked,
        after={
            "ballots": locked.turnout["ballots"],
            "funded": [o.project_id for o in outcomes if o.funded],
            "votes": {str(o.project_id): o.votes for o in outcomes},
        },
    )
    return outcomes


def _turnout(budget_round: BudgetRound) -> dict:
    cast = Ballot.objects.filter(round=budget_round, current__isnull=False)
    by_channel = dict(
        cast.order_by()
        .values("current__channel")
        .annotate(n=Count("pk"))
        .values_list("current__channel", "n")
    )
    by_district = dict(
        cast.order_by()
        .values("voter__home_district__code")
        .annotate(n=Count("pk"))
        .values_list("voter__home_district__code", "n")
    )
    return {
        "ballots": sum(by_channel.values()),
        "by_channel": {key: by_channel[key] for key in sorted(by_channel)},
        "by_district": {
            (key or ""): by_district[key]
            for key in sorted(by_district, key=lambda k: k or "")
        },
    }


PHASE_ACTION_LABELS = {
    Phase.BALLOTING: gettext_lazy("Open balloting"),
    Phase.COUNTING: gettext_lazy("Close balloting and count"),
    Phase.RESULTS: gettext_lazy("Publish the results"),
    Phase.IMPLEMENTATION: gettext_lazy("Start implementation"),
}


def next_phase(budget_round: BudgetRound) -> Phase | None:
    """The phase staff may move the round to next, if any."""
    return _next_phase(budget_round.phase)
