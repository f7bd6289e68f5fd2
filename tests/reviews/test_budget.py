"""The budget cap: cost estimates edited on the ranking page (audited) while the round is
not published, the cumulative cost within the cap, and a warning when the selected ideas
cost more than the cap."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from oasis.core.errors import DomainError, InvalidTransition, NotAllowed
from oasis.core.models import AuditEvent
from proposals.reviews import selectors
from proposals.reviews.models import ReviewRound, RoundProposal
from proposals.reviews.services.costs import round_cost_estimates_set
from proposals.reviews.services.decisions import decision_record
from proposals.reviews.services.publishing import round_publish
from proposals.reviews.services.rounds import round_close
from tests.reviews.conftest import submit

pytestmark = pytest.mark.django_db

State = ReviewRound.State


def ranking_url(review_round):
    return reverse("reviews:round-ranking", args=[review_round.pk])


def costs_of(review_round):
    return dict(review_round.entries.values_list("proposal_id", "cost_estimate"))


def decide(review_round, proposal, staff, outcome, **extra):
    extra.setdefault("department", "Parks" if outcome == "selected" else "")
    return decision_record(
        review_round=review_round,
        proposal=proposal,
        actor=staff,
        outcome=outcome,
        rationale=f"Because {outcome}",
        **extra,
    )


@pytest.fixture
def capped_round(staff_user, panel_round):
    """An open round of three ideas scored 5, 4 and 2, with a cap of 10 million."""
    review_round, ideas, _people = panel_round(proposals=3)
    review_round.budget_cap = 10_000_000
    review_round.save(update_fields=["budget_cap"])
    scores = {ideas[0].pk: 5, ideas[1].pk: 4, ideas[2].pk: 2}
    for assignment in review_round.assignments.select_related("round", "reviewer"):
        submit(assignment, scores[assignment.proposal_id])
    return review_round, ideas


# --- The service ---------------------------------------------------------------------


def test_cost_estimates_are_set_and_audited_with_before_and_after(
    staff_user, capped_round
):
    review_round, ideas = capped_round
    changed = round_cost_estimates_set(
        review_round=review_round,
        estimates={ideas[0].pk: 6_000_000, ideas[1].pk: None},
        actor=staff_user,
    )
    assert [entry.proposal_id for entry in changed] == [ideas[0].pk]
    round_cost_estimates_set(
        review_round=review_round,
        estimates={ideas[0].pk: 7_000_000},
        actor=staff_user,
    )
    assert costs_of(review_round)[ideas[0].pk] == 7_000_000
    events = list(
        AuditEvent.objects.filter(action="reviews.cost_estimate_changed").order_by("pk")
    )
    assert [(e.before, e.after) for e in events] == [
        (
            {"proposal": ideas[0].pk, "cost_estimate": None},
            {"proposal": ideas[0].pk, "cost_estimate": 6_000_000},
        ),
        (
            {"proposal": ideas[0].pk, "cost_estimate": 6_000_000},
            {"proposal": ideas[0].pk, "cost_estimate": 7_000_000},
        ),
    ]
    assert {e.actor_id for e in events} == {staff_user.pk}
    assert events[0].target_type == "reviews.roundproposal"


@pytest.mark.parametrize("state", [State.DRAFT, State.OPEN, State.CLOSED])
def test_cost_estimates_change_until_the_round_is_published(
    staff_user, panel_round, state
):
    review_round, ideas, _people = panel_round(
        state=State.DRAFT if state == State.DRAFT else State.OPEN
    )
    if state == State.CLOSED:
        round_close(review_round=review_round, actor=staff_user)
    round_cost_estimates_set(
        review_round=review_round, estimates={ideas[0].pk: 1_000}, actor=staff_user
    )
    assert costs_of(review_round)[ideas[0].pk] == 1_000


def test_cost_estimates_are_frozen_once_published(staff_user, panel_round):
    review_round, ideas, _people = panel_round()
    round_close(review_round=review_round, actor=staff_user)
    decide(review_round, ideas[0], staff_user, "selected", cost_estimate=5_000)
    assert review_round.state == State.CLOSED
    decide(review_round, ideas[1], staff_user, "rejected")
    review_round.refresh_from_db()
    assert review_round.state == State.DECIDED
    round_cost_estimates_set(  # decided: still possible
        review_round=review_round, estimates={ideas[0].pk: 6_000}, actor=staff_user
    )
    round_publish(review_round=review_round, actor=staff_user)
    with pytest.raises(InvalidTransition):
        round_cost_estimates_set(
            review_round=review_round, estimates={ideas[0].pk: 9}, actor=staff_user
        )
    assert costs_of(review_round)[ideas[0].pk] == 6_000


def test_cost_estimates_are_for_staff_ideas_of_the_round_and_positive(
    staff_user, user, capped_round, in_review_proposal
):
    review_round, ideas = capped_round
    with pytest.raises(NotAllowed):
        round_cost_estimates_set(
            review_round=review_round, estimates={ideas[0].pk: 1}, actor=user
        )
    with pytest.raises(DomainError):
        round_cost_estimates_set(
            review_round=review_round,
            estimates={in_review_proposal.pk: 1},
            actor=staff_user,
        )
    with pytest.raises(DomainError):
        round_cost_estimates_set(
            review_round=review_round, estimates={ideas[0].pk: -5}, actor=staff_user
        )
    assert set(costs_of(review_round).values()) == {None}
    assert not AuditEvent.objects.filter(action="reviews.cost_estimate_changed")


def test_a_decision_keeps_the_cost_estimate_unless_it_gives_one(
    staff_user, capped_round
):
    review_round, ideas = capped_round
    round_cost_estimates_set(
        review_round=review_round, estimates={ideas[0].pk: 4_000}, actor=staff_user
    )
    round_close(review_round=review_round, actor=staff_user)
    decide(review_round, ideas[0], staff_user, "selected")
    assert costs_of(review_round)[ideas[0].pk] == 4_000
    decide(review_round, ideas[0], staff_user, "selected", cost_estimate=5_000)
    assert costs_of(review_round)[ideas[0].pk] == 5_000
    assert (
        AuditEvent.objects.filter(action="reviews.cost_estimate_changed")
        .latest("pk")
        .after["cost_estimate"]
        == 5_000
    )


# --- The summary ---------------------------------------------------------------------


def test_the_budget_summary_counts_what_fits_and_what_is_selected(
    staff_user, capped_round
):
    review_round, ideas = capped_round
    round_cost_estimates_set(
        review_round=review_round,
        estimates={
            ideas[0].pk: 6_000_000,
            ideas[1].pk: 5_000_000,
            ideas[2].pk: 3_000_000,
        },
        actor=staff_user,
    )
    round_close(review_round=review_round, actor=staff_user)
    # the first with its own budget, the second counted by its cost estimate
    decide(review_round, ideas[0], staff_user, "selected", budget=7_000_000)
    decide(review_round, ideas[1], staff_user, "selected")
    decide(review_round, ideas[2], staff_user, "rejected")
    budget = selectors.round_results(review_round).budget
    assert (budget.fitting_count, budget.fitting_total) == (2, 9_000_000)
    assert (budget.selected_count, budget.selected_total) == (2, 12_000_000)
    assert budget.over_cap
    assert budget.excess == 2_000_000
    assert selectors.round_budget(review_round) == budget.__class__(
        cap=10_000_000, selected_total=12_000_000, selected_count=2
    )


# --- The ranking page ----------------------------------------------------------------


def test_staff_enter_cost_estimates_on_the_ranking_of_an_open_round(
    client, staff_user, capped_round, django_assert_max_num_queries
):
    review_round, ideas = capped_round
    client.force_login(staff_user)
    # the inputs come with the page, in the ranking's query budget
    # (session, user, round, criteria, assignments, scores, entries, decisions, badge)
    with django_assert_max_num_queries(12):
        page = client.get(ranking_url(review_round), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    for idea in ideas:
        assert f'name="cost_{idea.pk}"' in html
        assert f"Cost estimate of “{idea.title}” (KRW)" in html
    assert 'form="cost-estimates"' in html

    response = client.post(
        ranking_url(review_round),
        {
            f"cost_{ideas[0].pk}": "6000000",
            f"cost_{ideas[1].pk}": "5000000",
            f"cost_{ideas[2].pk}": "3000000",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert costs_of(review_round) == {
        ideas[0].pk: 6_000_000,
        ideas[1].pk: 5_000_000,
        ideas[2].pk: 3_000_000,
    }
    assert (
        AuditEvent.objects.filter(action="reviews.cost_estimate_changed").count() == 3
    )

    # the cap now applies while scoring is still open: 6M fits, 5M not, 3M fits
    page = client.get(ranking_url(review_round), HTTP_ACCEPT_LANGUAGE="en")
    rows = page.context["results"].rows
    assert [row.fits_cap for row in rows] == [True, False, True]
    html = page.content.decode()
    assert "yes (6,000,000)" in html
    assert "yes (9,000,000)" in html
    assert "2 ideas, 9,000,000 won in all" in html
    assert 'value="6000000"' in html


def test_a_wrong_cost_estimate_shows_the_error_and_saves_nothing(
    client, staff_user, capped_round
):
    review_round, ideas = capped_round
    client.force_login(staff_user)
    response = client.post(
        ranking_url(review_round),
        {f"cost_{ideas[0].pk}": "-1", f"cost_{ideas[1].pk}": "5000"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["cost_form"].errors
    assert (
        "Please correct the cost estimates marked below." in response.content.decode()
    )
    assert set(costs_of(review_round).values()) == {None}


def test_no_cost_inputs_once_published(client, staff_user, panel_round):
    review_round, ideas, _people = panel_round()
    round_close(review_round=review_round, actor=staff_user)
    decide(review_round, ideas[0], staff_user, "selected", cost_estimate=2_500)
    decide(review_round, ideas[1], staff_user, "rejected")
    round_publish(review_round=review_round, actor=staff_user)
    client.force_login(staff_user)
    html = client.get(ranking_url(review_round)).content.decode()
    assert 'name="cost_' not in html
    assert "2,500" in html
    response = client.post(ranking_url(review_round), {f"cost_{ideas[0].pk}": "1"})
    assert response.status_code == 302
    assert costs_of(review_round)[ideas[0].pk] == 2_500


def test_the_ranking_warns_when_the_selected_budgets_exceed_the_cap(
    client, staff_user, capped_round
):
    review_round, ideas = capped_round
    round_close(review_round=review_round, actor=staff_user)
    client.force_login(staff_user)
    decide(review_round, ideas[0], staff_user, "selected", budget=6_000_000)
    page = client.get(ranking_url(review_round), HTTP_ACCEPT_LANGUAGE="en")
    assert 'data-testid="budget-warning"' not in page.content.decode()

    # the decision form pushes the selected budgets over the cap: a warning message
    response = client.post(
        reverse("reviews:decision-edit", args=[review_round.pk, ideas[1].pk]),
        {
            "outcome": "selected",
            "rationale": "Also good",
            "department": "Roads",
            "budget": "5000000",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    warnings = [
        str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"
    ]
    assert warnings == [
        "The selected ideas cost 11,000,000 won, 1,000,000 won over the round's "
        "budget cap of 10,000,000 won."
    ]
    # and the ranking page shows it until the budgets fit again
    html = client.get(ranking_url(review_round), HTTP_ACCEPT_LANGUAGE="en").content
    html = html.decode()
    assert 'data-testid="budget-warning"' in html
    assert "The selected ideas exceed the budget cap." in html
    assert "1,000,000 won more than the cap of 10,000,000 won" in html
    decide(review_round, ideas[1], staff_user, "selected", budget=4_000_000)
    html = client.get(ranking_url(review_round)).content.decode()
    assert 'data-testid="budget-warning"' not in html


def test_saving_cost_estimates_warns_about_an_unbudgeted_selection_over_the_cap(
    client, staff_user, capped_round
):
    review_round, ideas = capped_round
    round_close(review_round=review_round, actor=staff_user)
    decide(review_round, ideas[0], staff_user, "selected")  # no budget yet
    client.force_login(staff_user)
    response = client.post(
        ranking_url(review_round),
        {f"cost_{ideas[0].pk}": "12000000"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    levels = [m.level_tag for m in get_messages(response.wsgi_request)]
    assert levels == ["success", "warning"]


def test_no_warning_without_a_cap(client, staff_user, panel_round):
    review_round, ideas, _people = panel_round()
    round_close(review_round=review_round, actor=staff_user)
    decide(review_round, ideas[0], staff_user, "selected", budget=10**12)
    client.force_login(staff_user)
    html = client.get(ranking_url(review_round)).content.decode()
    assert 'data-testid="budget-warning"' not in html
    assert RoundProposal.objects.filter(round=review_round).count() == 2
