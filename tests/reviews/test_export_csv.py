"""Both round exports are spreadsheet-safe: a title that a
spreadsheet would run as a formula starts with an apostrophe; scores stay numbers."""

import pytest
from django.urls import reverse

from proposals.reviews.services.decisions import decision_record
from proposals.reviews.services.publishing import round_publish
from proposals.reviews.services.rounds import round_close
from tests.csv_injection import FORMULA_TEXTS, assert_only_neutralised, csv_cells
from tests.reviews.conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def formula_round(panel_round, staff_user):
    """A round whose ideas are titled with formulas, every assignment scored."""
    review_round, ideas, _people = panel_round(proposals=len(FORMULA_TEXTS))
    for idea, text in zip(ideas, FORMULA_TEXTS, strict=True):
        idea.title = text
        idea.save(update_fields=["title"])
    for assignment in review_round.assignments.select_related("round", "reviewer"):
        submit(assignment, 3)
    return review_round, ideas


def test_staff_export_neutralises_formulas(client, staff_user, formula_round):
    review_round, _ideas = formula_round
    client.force_login(staff_user)

    rows = csv_cells(
        client.get(reverse("reviews:round-export", args=[review_round.pk]))
    )

    assert_only_neutralised(rows, FORMULA_TEXTS)
    header = rows[0]
    assert {row[header.index("score_equity")] for row in rows[1:]} == {"3"}


def test_public_export_neutralises_formulas(client, staff_user, formula_round):
    review_round, ideas = formula_round
    round_close(review_round=review_round, actor=staff_user)
    for idea in ideas:
        decision_record(
            review_round=review_round,
            proposal=idea,
            actor=staff_user,
            outcome="rejected",
            rationale="No budget",
        )
    round_publish(review_round=review_round, actor=staff_user)

    rows = csv_cells(
        client.get(reverse("reviews:round-public-export", args=[review_round.pk]))
    )

    assert len(rows) == 1 + len(ideas)
    assert_only_neutralised(rows, FORMULA_TEXTS)
