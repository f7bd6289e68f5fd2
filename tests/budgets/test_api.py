import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from oasis.core.models import District
from voting.budgets import services
from voting.budgets.models import Ballot, BudgetRound, Phase, Style

pytestmark = pytest.mark.django_db


def _ballot_url(budget_round):
    return reverse("api-budget-ballot", args=[budget_round.pk])


def test_the_list_and_the_detail(client, budget_round, ballot_projects):
    listed = client.get(reverse("api-budget-list")).json()
    assert [r["id"] for r in listed] == [budget_round.pk]
    assert listed[0]["scope"] == "citywide"

    detail = client.get(reverse("api-budget-detail", args=[budget_round.pk])).json()

    assert detail["total"] == 100_000_000
    assert (detail["style"], detail["phase"]) == ("knapsack", "balloting")
    assert [p["id"] for p in detail["projects"]] == [p.pk for p in ballot_projects]
    assert detail["projects"][0]["proposal_id"] == ballot_projects[0].proposal_id
    assert detail["projects"][0]["cost"] == 60_000_000
    assert detail["projects"][0]["title"] == ballot_projects[0].proposal.title
    assert detail["results"] is None


def test_results_appear_once_published(
    client, budget_round, ballot_projects, user, django_assert_max_num_queries
):
    services.ballot_cast(
        budget_round=budget_round, voter=user, project_ids=[ballot_projects[0].pk]
    )
    BudgetRound.objects.filter(pk=budget_round.pk).update(phase=Phase.COUNTING)
    services.round_count(budget_round=budget_round.pk)
    BudgetRound.objects.filter(pk=budget_round.pk).update(phase=Phase.RESULTS)

    # round, projects, images, results, districts
    with django_assert_max_num_queries(6):
        detail = client.get(reverse("api-budget-detail", args=[budget_round.pk])).json()

    assert detail["results"]["ballots"] == 1
    assert detail["results"]["spent"] == 60_000_000
    first = detail["results"]["projects"][0]
    assert first == {
        "project_id": ballot_projects[0].pk,
        "votes": 1,
        "funded": True,
        "rank": 1,
    }


def test_a_missing_round_is_404(client):
    response = client.get(reverse("api-budget-detail", args=[999]))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_put_a_ballot_then_get_it(client, user, budget_round, ballot_projects):
    client.force_login(user)
    ids = [ballot_projects[1].pk, ballot_projects[2].pk]

    response = client.put(
        _ballot_url(budget_round), {"projects": ids}, content_type="application/json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["projects"] == sorted(ids)
    assert (body["spent"], body["total"]) == (50_000_000, 100_000_000)
    assert body["receipt"] == Ballot.objects.get().receipt
    assert client.get(_ballot_url(budget_round)).json() == body


def test_get_before_casting_is_an_empty_ballot(client, user, budget_round):
    client.force_login(user)
    assert client.get(_ballot_url(budget_round)).json() == {
        "projects": [],
        "spent": 0,
        "total": 100_000_000,
        "receipt": "",
    }


def test_signing_in_is_required(client, budget_round):
    response = client.put(
        _ballot_url(budget_round), {"projects": []}, content_type="application/json"
    )
    assert response.status_code == 403


def _put(client, budget_round, ids):
    return client.put(
        _ballot_url(budget_round), {"projects": ids}, content_type="application/json"
    )


def test_refusals_carry_their_code_and_status(
    client,
    user,
    user_factory,
    budget_round,
    budget_round_factory,
    budget_project_factory,
    ballot_projects,
):
    client.force_login(user)
    every = [p.pk for p in ballot_projects]
    assert _put(client, budget_round, every).status_code == 400
    assert _put(client, budget_round, every).json()["code"] == "over_budget"
    assert _put(client, budget_round, [0]).json()["code"] == "not_on_ballot"
    assert _put(client, budget_round, ["x"]).json()["code"] == "invalid"

    approval = budget_round_factory(style=Style.APPROVAL, max_choices=1)
    two = [budget_project_factory(round=approval).pk for _ in range(2)]
    response = _put(client, approval, two)
    assert (response.status_code, response.json()["code"]) == (400, "too_many")

    closed = budget_round_factory(
        balloting_starts_at=timezone.now() - dt.timedelta(days=9),
        balloting_ends_at=timezone.now() - dt.timedelta(days=1),
    )
    response = _put(client, closed, [])
    assert (response.status_code, response.json()["code"]) == (409, "balloting_closed")

    district = budget_round_factory(district=District.objects.get(code="mapo"))
    response = _put(client, district, [])
    assert (response.status_code, response.json()["code"]) == (403, "not_eligible")

    client.force_login(user_factory(verified_email=False))
    response = _put(client, budget_round, [ballot_projects[2].pk])
    assert (response.status_code, response.json()["code"]) == (
        403,
        "verification_required",
    )
    assert not Ballot.objects.exists()


def test_the_schema_lists_the_budget_endpoints(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    ballot = schema["paths"]["/api/v1/budgets/{id}/ballot/"]
    assert set(ballot) >= {"get", "put"}
    assert set(ballot["put"]["responses"]) >= {"200", "400", "403", "409"}
    assert "/api/v1/budgets/{id}/" in schema["paths"]
