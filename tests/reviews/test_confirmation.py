"""Closing a round and publishing its answers cannot be undone: a confirmation page (GET)
says what will happen and changes nothing; its form (POST) does it. No JavaScript."""

import pytest
from django.urls import reverse

from oasis.core.models import AuditEvent
from oasis.notifications.models import Notification
from proposals.models import Stage, StageChange
from proposals.reviews.models import Decision, ReviewRound
from proposals.reviews.services.decisions import decision_record
from proposals.reviews.services.rounds import round_close
from tests.notifications.dispatching import fan_out_pending
from tests.reviews.conftest import assignments_of, submit

pytestmark = pytest.mark.django_db

State = ReviewRound.State


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
def decided_round(staff_user, panel_round):
    """A decided round of four ideas: two selected, one rejected, one deferred."""
    review_round, ideas, _people = panel_round(proposals=4)
    round_close(review_round=review_round, actor=staff_user)
    for idea, outcome in zip(
        ideas, ["selected", "selected", "rejected", "deferred"], strict=True
    ):
        decide(review_round, idea, staff_user, outcome)
    review_round.refresh_from_db()
    assert review_round.state == State.DECIDED
    return review_round, ideas


def url(review_round, action):
    return reverse(f"reviews:round-{action}", args=[review_round.pk])


# --- Publish -------------------------------------------------------------------------


def test_the_publish_page_summarises_and_changes_nothing(
    client, staff_user, decided_round, django_assert_max_num_queries
):
    review_round, ideas = decided_round
    client.force_login(staff_user)
    events = AuditEvent.objects.count()
    # session, user, round, entries, decisions, notification badge
    with django_assert_max_num_queries(8):
        response = client.get(url(review_round, "publish"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 ideas move to “Selected”;" in html
    assert "1 idea moves to “Not selected”;" in html
    assert "1 idea is deferred and returns in the next round;" in html
    assert "agreements close on the selected and the not selected ideas" in html
    assert "everyone concerned is notified" in html
    assert f'<form method="post" action="{url(review_round, "publish")}"' in html
    assert "Yes, publish the answers" in html
    # nothing happened
    review_round.refresh_from_db()
    assert review_round.state == State.DECIDED
    assert {idea.stage for idea in ideas} == {Stage.IN_REVIEW}
    assert not Decision.objects.filter(published_at__isnull=False).exists()
    assert not Notification.objects.filter(event="answer.published").exists()
    assert AuditEvent.objects.count() == events


def test_posting_the_confirmation_publishes(client, staff_user, decided_round):
    review_round, ideas = decided_round
    client.force_login(staff_user)
    response = client.post(url(review_round, "publish"))
    assert response.status_code == 302
    assert response["Location"] == review_round.get_absolute_url()
    review_round.refresh_from_db()
    assert review_round.state == State.PUBLISHED
    for idea in ideas:
        idea.refresh_from_db()
    assert [idea.stage for idea in ideas] == [
        Stage.SELECTED,
        Stage.SELECTED,
        Stage.REJECTED,
        Stage.DEFERRED,
    ]
    fan_out_pending()
    assert Notification.objects.filter(event="answer.published").exists()


def test_the_publish_page_warns_about_the_budget_cap(client, staff_user, decided_round):
    review_round, ideas = decided_round
    review_round.budget_cap = 1_000_000
    review_round.save(update_fields=["budget_cap"])
    decide(review_round, ideas[0], staff_user, "selected", budget=900_000)
    decide(review_round, ideas[1], staff_user, "selected", budget=200_000)
    client.force_login(staff_user)
    html = client.get(
        url(review_round, "publish"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'data-testid="budget-warning"' in html
    assert "100,000 won more than the cap of 1,000,000 won" in html


def test_the_publish_page_counts_ideas_that_left_review(
    client, staff_user, decided_round
):
    review_round, ideas = decided_round
    ideas[2].stage = Stage.WITHDRAWN
    ideas[2].save(update_fields=["stage"])
    client.force_login(staff_user)
    html = client.get(
        url(review_round, "publish"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "0 ideas move to “Not selected”;" in html
    assert "1 idea left review meanwhile" in html


def test_publishing_too_early_offers_no_button(client, staff_user, panel_round):
    review_round, ideas, _people = panel_round()
    round_close(review_round=review_round, actor=staff_user)
    decide(review_round, ideas[0], staff_user, "selected")
    client.force_login(staff_user)
    response = client.get(url(review_round, "publish"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "The answers cannot be published while the round is “Closed”." in html
    assert "1 idea has no decision yet." in html
    assert "Yes, publish the answers" not in html
    # and a direct POST is still refused by the service
    client.post(url(review_round, "publish"))
    review_round.refresh_from_db()
    assert review_round.state == State.CLOSED
    assert not StageChange.objects.filter(to_stage=Stage.SELECTED).exists()


# --- Close ---------------------------------------------------------------------------


def test_the_close_page_summarises_and_changes_nothing(client, staff_user, panel_round):
    review_round, ideas, _people = panel_round()
    first, second, _third = assignments_of(review_round, ideas[0])
    submit(first)
    submit(second)
    client.force_login(staff_user)
    response = client.get(url(review_round, "close"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 submitted reviews count in the ranking;" in html
    assert "4 reviews not yet submitted no longer count;" in html
    assert "staff then decide on the 2 ideas of the round" in html
    assert "scoring stops and every score is frozen" in html
    assert "Yes, close the round" in html
    review_round.refresh_from_db()
    assert review_round.state == State.OPEN
    assert review_round.closed_at is None


def test_posting_the_close_confirmation_closes(client, staff_user, panel_round):
    review_round, _ideas, _people = panel_round()
    client.force_login(staff_user)
    response = client.post(url(review_round, "close"))
    assert response.status_code == 302
    review_round.refresh_from_db()
    assert review_round.state == State.CLOSED


def test_a_draft_round_cannot_be_closed(client, staff_user, panel_round):
    review_round, _ideas, _people = panel_round(state=State.DRAFT)
    client.force_login(staff_user)
    html = client.get(
        url(review_round, "close"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "The round cannot be closed while it is “Draft”." in html
    assert "Yes, close the round" not in html


# --- The round page and permissions --------------------------------------------------


def test_the_round_page_links_to_the_confirmations(client, staff_user, panel_round):
    review_round, _ideas, _people = panel_round()
    client.force_login(staff_user)
    html = client.get(review_round.get_absolute_url()).content.decode()
    assert f'href="{url(review_round, "close")}"' in html
    assert f'<form method="post" action="{url(review_round, "close")}"' not in html


def test_opening_has_no_confirmation_page(client, staff_user, panel_round):
    review_round, _ideas, _people = panel_round(state=State.DRAFT)
    client.force_login(staff_user)
    assert client.get(url(review_round, "open")).status_code == 405


@pytest.mark.parametrize("action", ["close", "publish"])
def test_confirmation_pages_are_for_staff(client, user, panel_round, action):
    review_round, _ideas, _people = panel_round()
    client.force_login(user)
    assert client.get(url(review_round, action)).status_code == 403
    assert client.post(url(review_round, action)).status_code == 403
    review_round.refresh_from_db()
    assert review_round.state == State.OPEN
