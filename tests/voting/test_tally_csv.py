"""The public tally export is spreadsheet-safe: a title that a spreadsheet would run
as a formula comes out with an apostrophe in front."""

import pytest
from django.urls import reverse

from tests.csv_injection import FORMULA_TEXTS, assert_only_neutralised, csv_cells
from voting import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("title", FORMULA_TEXTS)
def test_tally_export_neutralises_a_formula_title(
    client, proposal_factory, user, title
):
    proposal = proposal_factory(title=title)
    services.vote_cast(proposal=proposal, user=user, channel="web")

    rows = csv_cells(client.get(reverse("voting:tally-export", args=[proposal.pk])))

    assert ["title", "'" + title] in rows
    assert_only_neutralised(rows, [title])
    assert ["total", "1"] in rows
