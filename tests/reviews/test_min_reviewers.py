"""Every idea gets at least three reviewers: the round setting cannot go below 3."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from oasis.core.errors import DomainError
from proposals.reviews.forms import RoundForm
from proposals.reviews.models import ReviewRound
from proposals.reviews.services.rounds import round_create

pytestmark = pytest.mark.django_db


def round_data(**overrides):
    return {
        "name": "Autumn",
        "description": "",
        "starts_on": "2026-09-01",
        "ends_on": "2026-09-30",
        "is_blind": "on",
        "budget_cap": "",
        "reviewers_per_proposal": "3",
    } | overrides


@pytest.mark.parametrize("value", [0, 1, 2])
def test_the_service_refuses_fewer_than_three_reviewers(staff_user, value):
    with translation.override("en"), pytest.raises(DomainError) as refused:
        round_create(
            actor=staff_user,
            name="Too thin",
            starts_on=dt.date(2026, 3, 1),
            ends_on=dt.date(2026, 3, 31),
            reviewers_per_proposal=value,
        )
    assert refused.value.code == "too_few_reviewers"
    with translation.override("en"):
        assert (
            str(refused.value.message) == "Every idea needs at least three reviewers."
        )
    assert not ReviewRound.objects.exists()


def test_the_error_is_translated(staff_user):
    with translation.override("ko"), pytest.raises(DomainError) as refused:
        round_create(
            actor=staff_user,
            name="x",
            starts_on=dt.date(2026, 3, 1),
            ends_on=dt.date(2026, 3, 31),
            reviewers_per_proposal=2,
        )
    # Lazy: rendered in the language of whoever reads it (the catalogue translates it).
    assert isinstance(refused.value.message, Promise)


def test_three_or_more_are_accepted(staff_user):
    review_round = round_create(
        actor=staff_user,
        name="Wide panel",
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 3, 31),
        reviewers_per_proposal=4,
    )
    assert review_round.reviewers_per_proposal == 4


def test_the_model_validator_refuses_two(review_round):
    review_round.reviewers_per_proposal = 2
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        review_round.full_clean()
    with translation.override("en"):
        assert refused.value.message_dict["reviewers_per_proposal"] == [
            "Every idea needs at least three reviewers."
        ]


def test_the_database_refuses_two(review_round):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewRound.objects.filter(pk=review_round.pk).update(reviewers_per_proposal=2)


@pytest.mark.parametrize("value", ["1", "2"])
def test_the_round_form_refuses_fewer_than_three(value):
    with translation.override("en"):
        form = RoundForm(round_data(reviewers_per_proposal=value))
        assert not form.is_valid()
        assert form.errors["reviewers_per_proposal"] == [
            "Every idea needs at least three reviewers."
        ]


def test_the_round_form_offers_three_as_the_minimum():
    html = str(RoundForm()["reviewers_per_proposal"])
    assert 'min="3"' in html
    assert 'value="3"' in html


def test_the_staff_page_shows_the_error_and_creates_nothing(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("reviews:round-create"),
        round_data(reviewers_per_proposal="2"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Every idea needs at least three reviewers." in response.content.decode()
    assert not ReviewRound.objects.exists()
