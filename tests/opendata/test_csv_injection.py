"""The open-data CSV files are spreadsheet-safe: texts that a spreadsheet would run as
formulas (titles, summaries, rationales, progress reports) start with an apostrophe."""

import pytest

from proposals.implementation.models import ImplementationUpdate
from proposals.models import Stage
from proposals.reviews.models import Decision, ReviewRound, RoundProposal
from tests.csv_injection import FORMULA_TEXTS, assert_only_neutralised, csv_cells

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", FORMULA_TEXTS)
def test_every_text_column_of_every_file_is_neutralised(
    client, proposal_factory, staff_user, review_round_factory, text
):
    idea = proposal_factory(title=text, summary=text, stage=Stage.SELECTED)
    review_round = review_round_factory(state=ReviewRound.State.PUBLISHED)
    RoundProposal.objects.create(round=review_round, proposal=idea)
    Decision.objects.create(
        round=review_round,
        proposal=idea,
        outcome="selected",
        rationale=text,
        department=text,
        decided_by=staff_user,
        published_at=idea.created_at,
    )
    ImplementationUpdate.objects.create(
        proposal=idea, stage="selected", progress=5, text=text, author=staff_user
    )

    for name, columns in [
        ("proposals", ["title", "summary"]),
        ("decisions", ["rationale", "department"]),
        ("implementation", ["text"]),
    ]:
        rows = csv_cells(client.get(f"/open-data/{name}.csv"))
        header, values = rows[0], rows[1]
        for column in columns:
            assert values[header.index(column)] == "'" + text, (name, column)
        assert_only_neutralised(rows, [text])
