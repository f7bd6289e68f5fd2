import datetime as dt

import pytest
from django.utils import timezone

from oasis.core.errors import DomainError, InvalidTransition, NotAllowed
from oasis.core.models import AuditEvent, District
from proposals.models import Stage
from tests.budgets.factories import reviewed_selected_proposal
from voting.budgets import services
from voting.budgets.errors import (
    BallotingClosed,
    NotEligible,
    NotOnBallot,
    OverBudget,
    TooMany,
    VerificationRequired,
)
from voting.budgets.models import (
    Ballot,
    BallotVersion,
    Eligibility,
    Phase,
    Style,
)
from voting.budgets.receipts import ballot_receipt

pytestmark = pytest.mark.django_db


def _nothing_written():
    return Ballot.objects.count() == 0 and BallotVersion.objects.count() == 0


def test_a_ballot_within_the_total_is_kept_with_its_receipt(
    budget_round, ballot_projects, user
):
    _big, middle, small = ballot_projects

    ballot = services.ballot_cast(
        budget_round=budget_round, voter=user, project_ids=[middle.pk, small.pk]
    )

    assert ballot.version_count == 1
    assert set(ballot.current.projects.all()) == {middle, small}
    assert ballot.receipt == ballot_receipt(round_id=budget_round.pk, voter_id=user.pk)
    assert len(ballot.receipt) == 14


def test_changing_a_ballot_keeps_every_version_and_the_last_counts(
    budget_round, ballot_projects, user
):
    big, middle, small = ballot_projects
    services.ballot_cast(budget_round=budget_round, voter=user, project_ids=[big.pk])

    ballot = services.ballot_cast(
        budget_round=budget_round,
        voter=user,
        project_ids=[middle.pk, small.pk],
        channel="kiosk",
    )

    assert Ballot.objects.count() == 1
    assert ballot.version_count == 2
    versions = list(ballot.versions.order_by("number"))
    assert [set(v.projects.all()) for v in versions] == [{big}, {middle, small}]
    assert ballot.current == versions[-1]
    assert versions[-1].channel == "kiosk"


@pytest.mark.parametrize(
    ("choice", "error"),
    [
        (lambda p, other: [p[0].pk, p[1].pk, p[2].pk], OverBudget),
        (lambda p, other: [p[1].pk, other.pk], NotOnBallot),
        (lambda p, other: ["x"], NotOnBallot),
    ],
)
def test_a_bad_choice_is_refused_and_changes_nothing(
    budget_round,
    ballot_projects,
    budget_project_factory,
    budget_round_factory,
    user,
    choice,
    error,
):
    elsewhere = budget_project_factory(round=budget_round_factory())
    with pytest.raises(error) as raised:
        services.ballot_cast(
            budget_round=budget_round,
            voter=user,
            project_ids=choice(ballot_projects, elsewhere),
        )
    assert raised.value.code == error.code
    assert _nothing_written()


def test_a_refusal_leaves_the_earlier_version_counting(
    budget_round, ballot_projects, user
):
    big, middle, small = ballot_projects
    services.ballot_cast(budget_round=budget_round, voter=user, project_ids=[small.pk])

    with pytest.raises(OverBudget):
        services.ballot_cast(
            budget_round=budget_round,
            voter=user,
            project_ids=[big.pk, middle.pk, small.pk],
        )

    ballot = Ballot.objects.get()
    assert ballot.version_count == 1
    assert list(ballot.current.projects.all()) == [small]
    assert BallotVersion.objects.count() == 1


def test_approval_refuses_too_many_projects(
    budget_round_factory, budget_project_factory, user
):
    budget_round = budget_round_factory(style=Style.APPROVAL, max_choices=2)
    projects = [
        budget_project_factory(round=budget_round, cost=90_000_000) for _ in range(3)
    ]

    with pytest.raises(TooMany):
        services.ballot_cast(
            budget_round=budget_round, voter=user, project_ids=[p.pk for p in projects]
        )
    assert _nothing_written()

    # Approval ignores the total: two projects of 90 million each are fine.
    ballot = services.ballot_cast(
        budget_round=budget_round, voter=user, project_ids=[p.pk for p in projects[:2]]
    )
    assert ballot.current.projects.count() == 2


@pytest.mark.parametrize("phase", [Phase.INFORMATION, Phase.COUNTING, Phase.RESULTS])
def test_outside_balloting_a_ballot_is_refused(
    budget_round, ballot_projects, user, phase
):
    budget_round.phase = phase
    budget_round.save()

    with pytest.raises(BallotingClosed):
        services.ballot_cast(
            budget_round=budget_round, voter=user, project_ids=[ballot_projects[2].pk]
        )
    assert _nothing_written()


def test_after_the_balloting_end_date_a_ballot_is_refused(
    budget_round, ballot_projects, user
):
    budget_round.balloting_ends_at = timezone.now() - dt.timedelta(seconds=1)
    budget_round.balloting_starts_at = timezone.now() - dt.timedelta(days=3)
    budget_round.save()

    with pytest.raises(BallotingClosed):
        services.ballot_cast(
            budget_round=budget_round, voter=user, project_ids=[ballot_projects[2].pk]
        )
    assert _nothing_written()


def test_an_unverified_person_is_asked_to_verify(
    budget_round, ballot_projects, user_factory
):
    unverified = user_factory(verified_email=False)

    with pytest.raises(VerificationRequired) as raised:
        services.ballot_cast(
            budget_round=budget_round,
            voter=unverified,
            project_ids=[ballot_projects[2].pk],
        )
    assert raised.value.code == "verification_required"
    assert _nothing_written()


def test_with_phone_required_a_verified_email_is_not_enough(
    budget_round, ballot_projects, user, settings
):
    settings.VOTE_REQUIRES_PHONE = True

    with pytest.raises(VerificationRequired):
        services.ballot_cast(
            budget_round=budget_round, voter=user, project_ids=[ballot_projects[2].pk]
        )
    user.phone_verified_at = timezone.now()
    services.ballot_cast(
        budget_round=budget_round, voter=user, project_ids=[ballot_projects[2].pk]
    )
    assert Ballot.objects.count() == 1


def test_a_district_round_takes_its_residents_only(
    budget_round_factory, budget_project_factory, user
):
    jongno = District.objects.get(code="jongno")
    mapo = District.objects.get(code="mapo")
    budget_round = budget_round_factory(district=jongno)
    project = budget_project_factory(round=budget_round)
    user.home_district = mapo
    user.save()

    with pytest.raises(NotEligible) as raised:
        services.ballot_cast(
            budget_round=budget_round, voter=user, project_ids=[project.pk]
        )
    assert raised.value.status == 403
    assert _nothing_written()

    user.home_district = jongno
    services.ballot_cast(
        budget_round=budget_round, voter=user, project_ids=[project.pk]
    )
    assert Ballot.objects.count() == 1


def test_a_district_round_open_to_anyone(
    budget_round_factory, budget_project_factory, user
):
    budget_round = budget_round_factory(
        district=District.objects.get(code="jongno"), eligibility=Eligibility.ANYONE
    )
    project = budget_project_factory(round=budget_round)

    services.ballot_cast(
        budget_round=budget_round, voter=user, project_ids=[project.pk]
    )

    assert Ballot.objects.count() == 1


def _round(staff_user, **extra):
    now = timezone.now()
    return services.round_create(
        actor=staff_user,
        title_ko="2027 시민참여예산",
        title_en="Citizens' budget 2027",
        total=50_000_000,
        balloting_starts_at=now,
        balloting_ends_at=now + dt.timedelta(days=14),
        **extra,
    )


def test_staff_create_a_round_and_add_selected_ideas_at_their_reviewed_cost(
    staff_user,
):
    budget_round = _round(staff_user)
    idea = reviewed_selected_proposal(12_000_000)

    [project] = services.round_add_projects(
        budget_round=budget_round, proposals=[idea], actor=staff_user
    )

    assert budget_round.phase == Phase.INFORMATION
    assert budget_round.scope == "citywide"
    assert (project.cost, project.reviewed_cost) == (12_000_000, 12_000_000)
    assert AuditEvent.objects.filter(action="budgets.round_created").exists()
    assert AuditEvent.objects.filter(action="budgets.projects_added").exists()


def test_a_citizen_cannot_create_a_round(user):
    with pytest.raises(NotAllowed):
        _round(user)


def test_an_approval_round_needs_its_number(staff_user):
    with pytest.raises(DomainError) as raised:
        _round(staff_user, style=Style.APPROVAL)
    assert raised.value.code == "max_choices"


def test_only_selected_ideas_with_a_cost_go_on_the_ballot(
    staff_user, selected_proposal_factory, selected_proposal
):
    budget_round = _round(staff_user)
    with pytest.raises(DomainError) as raised:
        services.round_add_projects(
            budget_round=budget_round,
            proposals=[selected_proposal_factory(stage=Stage.OPEN)],
            actor=staff_user,
        )
    assert raised.value.code == "not_selected"
    with pytest.raises(DomainError) as raised:
        services.round_add_projects(
            budget_round=budget_round, proposals=[selected_proposal], actor=staff_user
        )
    assert raised.value.code == "no_cost"
    assert budget_round.projects.count() == 0


def test_a_cost_adjustment_needs_a_reason_and_is_audited(staff_user):
    budget_round = _round(staff_user)
    [project] = services.round_add_projects(
        budget_round=budget_round,
        proposals=[reviewed_selected_proposal(12_000_000)],
        actor=staff_user,
    )

    with pytest.raises(DomainError) as raised:
        services.project_cost_adjust(
            project=project, cost=9_000_000, reason=" ", actor=staff_user
        )
    assert raised.value.code == "reason_required"
    project.refresh_from_db()
    assert project.cost == 12_000_000

    services.project_cost_adjust(
        project=project, cost=9_000_000, reason="Cheaper supplier", actor=staff_user
    )
    project.refresh_from_db()
    assert (project.cost, project.reviewed_cost) == (9_000_000, 12_000_000)
    entry = AuditEvent.objects.get(action="budgets.cost_adjusted")
    assert entry.before == {"cost": 12_000_000}
    assert entry.after == {"cost": 9_000_000, "reason": "Cheaper supplier"}


def test_costs_are_frozen_once_balloting_opens(budget_project, staff_user):
    with pytest.raises(InvalidTransition):
        services.project_cost_adjust(
            project=budget_project, cost=1, reason="late", actor=staff_user
        )
    budget_project.refresh_from_db()
    assert budget_project.cost == 10_000_000


def test_phases_move_one_step_forward_only(staff_user):
    budget_round = _round(staff_user)
    with pytest.raises(InvalidTransition):
        services.round_phase_advance(
            budget_round=budget_round, to=Phase.COUNTING, actor=staff_user
        )
    with pytest.raises(DomainError) as raised:  # an empty ballot cannot open
        services.round_phase_advance(
            budget_round=budget_round, to=Phase.BALLOTING, actor=staff_user
        )
    assert raised.value.code == "no_projects"
    budget_round.refresh_from_db()
    assert budget_round.phase == Phase.INFORMATION
