import io

import pytest

from proposals.models import Proposal, Stage
from voting import demo
from voting.models import Vote
from voting.services import vote_counts_recount

pytestmark = pytest.mark.django_db


def test_demo_agreements_are_consistent_and_idempotent(proposal_factory):
    open_one = proposal_factory(threshold=10)
    reviewed = proposal_factory(stage=Stage.IN_REVIEW, threshold=10)
    draft = proposal_factory(stage=Stage.DRAFT)

    demo.seed(io.StringIO())
    first = Vote.objects.count()
    demo.seed(io.StringIO())

    assert Vote.objects.count() == first > 0
    assert vote_counts_recount() == []
    counts = dict(Proposal.objects.values_list("pk", "vote_count"))
    assert counts[open_one.pk] < 10  # stays below its threshold while open
    assert counts[reviewed.pk] > 0
    assert counts[draft.pk] == 0
    assert not Vote.objects.filter(proposal=open_one, user=open_one.author).exists()
