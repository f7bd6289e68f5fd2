import pytest
from django.urls import reverse

from oasis.core.models import AuditEvent
from tests.budgets.factories import reviewed_selected_proposal
from voting.budgets import services
from voting.budgets.models import Ballot, BudgetRound, Phase

pytestmark = pytest.mark.django_db


def test_the_list_links_each_round(client, budget_round):
    response = client.get(reverse("budgets:round-list"))
    assert response.status_code == 200
    assert budget_round.get_absolute_url() in response.text


def test_the_ballot_page_shows_every_project_with_cost_and_idea(
    client, budget_round, ballot_projects, django_assert_max_num_queries
):
    # session-less: round, projects, images (+ the site's context processors)
    with django_assert_max_num_queries(8):
        response = client.get(budget_round.get_absolute_url())
    assert response.status_code == 200
    for project in ballot_projects:
        assert project.proposal.title in response.text
        assert project.proposal.get_absolute_url() in response.text
    assert "60,000,000" in response.text
    assert 'name="projects"' in response.text


def test_casting_by_the_plain_form_shows_the_receipt(
    client, user, budget_round, ballot_projects
):
    client.force_login(user)

    response = client.post(
        budget_round.get_absolute_url(),
        {"projects": [ballot_projects[1].pk, ballot_projects[2].pk]},
        follow=True,
    )

    ballot = Ballot.objects.get()
    assert ballot.current.projects.count() == 2
    assert ballot.receipt in response.text
    assert response.text.count("checked") >= 2


def test_an_over_budget_ballot_is_refused_with_the_message(
    client, user, budget_round, ballot_projects
):
    client.force_login(user)

    response = client.post(
        budget_round.get_absolute_url(), {"projects": [p.pk for p in ballot_projects]}
    )

    assert response.status_code == 400
    assert 'data-testid="ballot-error"' in response.text
    assert 'data-testid="meter-over"' in response.text
    assert not Ballot.objects.exists()


def test_the_meter_fragment_counts_the_money_left(
    client, budget_round, ballot_projects
):
    response = client.get(
        reverse("budgets:ballot-meter", args=[budget_round.pk]),
        {"projects": [ballot_projects[0].pk]},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "40,000,000" in response.text  # left of 100 million
    # Without htmx the whole page comes back, with the boxes still ticked.
    page = client.get(
        reverse("budgets:ballot-meter", args=[budget_round.pk]),
        {"projects": [ballot_projects[0].pk]},
    )
    assert "<html" in page.text
    assert "40,000,000" in page.text


def test_anonymous_casting_goes_to_sign_in(client, budget_round, ballot_projects):
    response = client.post(
        budget_round.get_absolute_url(), {"projects": [ballot_projects[2].pk]}
    )
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_results_page_only_once_published(client, budget_round, ballot_projects, user):
    url = reverse("budgets:round-results", args=[budget_round.pk])
    assert client.get(url).status_code == 404
    services.ballot_cast(
        budget_round=budget_round, voter=user, project_ids=[ballot_projects[1].pk]
    )
    BudgetRound.objects.filter(pk=budget_round.pk).update(phase=Phase.COUNTING)
    services.round_count(budget_round=budget_round.pk)
    BudgetRound.objects.filter(pk=budget_round.pk).update(phase=Phase.RESULTS)

    response = client.get(url)

    assert response.status_code == 200
    assert 'data-testid="svg-turnout-channel"' in response.text
    assert 'data-testid="table-turnout-district"' in response.text
    assert "30,000,000" in response.text
    export = client.get(reverse("budgets:receipts-export", args=[budget_round.pk]))
    body = b"".join(export.streaming_content).decode().lstrip("\ufeff")
    receipt = Ballot.objects.get().receipt
    assert body.splitlines() == [
        "receipt,projects",
        f"{receipt},{ballot_projects[1].pk}",
    ]
    assert user.email not in body


def test_staff_screens_need_staff(client, user, budget_round):
    client.force_login(user)
    assert client.get(reverse("budgets:staff-round-list")).status_code == 403
    assert (
        client.post(
            reverse("budgets:staff-round-phase", args=[budget_round.pk]),
            {"to": "counting"},
        ).status_code
        == 403
    )
    budget_round.refresh_from_db()
    assert budget_round.phase == Phase.BALLOTING


def test_staff_create_a_round_add_a_project_adjust_it_and_open_balloting(
    staff_client,
):
    response = staff_client.post(
        reverse("budgets:staff-round-list"),
        {
            "title_ko": "2027 시민참여예산",
            "title_en": "2027 citizens' budget",
            "eligibility": "home_district",
            "total": "50000000",
            "style": "knapsack",
            "balloting_starts_at": "2026-01-01T09:00",
            "balloting_ends_at": "2030-01-01T09:00",
        },
    )
    budget_round = BudgetRound.objects.get()
    assert response.status_code == 302
    idea = reviewed_selected_proposal(8_000_000)
    detail = reverse("budgets:staff-round-detail", args=[budget_round.pk])
    assert idea.title in staff_client.get(detail).text

    staff_client.post(
        reverse("budgets:staff-projects-add", args=[budget_round.pk]),
        {"proposals": [idea.pk]},
    )
    project = budget_round.projects.get()
    staff_client.post(
        reverse("budgets:staff-project-cost", args=[project.pk]),
        {"cost": "7000000", "reason": "Shared contract"},
    )
    staff_client.post(
        reverse("budgets:staff-round-phase", args=[budget_round.pk]),
        {"to": "balloting"},
    )

    project.refresh_from_db()
    budget_round.refresh_from_db()
    assert project.cost == 7_000_000
    assert budget_round.phase == Phase.BALLOTING
    assert AuditEvent.objects.filter(action="budgets.cost_adjusted").exists()
    assert staff_client.get(detail).status_code == 200


def test_an_unverified_citizen_is_shown_how_to_verify(
    client, user_factory, budget_round, ballot_projects
):
    client.force_login(user_factory(verified_email=False))

    response = client.get(budget_round.get_absolute_url())

    assert 'data-testid="verify-to-vote"' in response.text
