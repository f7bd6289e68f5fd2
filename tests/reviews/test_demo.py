"""seed_demo's review data: a published round and a round in progress with the demo
reviewer assigned; running it again adds nothing."""

import io

import pytest
from django.core.management import call_command

from proposals.models import Proposal, Stage
from proposals.reviews.demo import DEMO_REVIEWER, OPEN_ROUND, PUBLISHED_ROUND
from proposals.reviews.models import Assignment, ReviewRound

pytestmark = pytest.mark.django_db


def test_seed_demo_review_data():
    call_command("seed_demo", stdout=io.StringIO())
    published = ReviewRound.objects.get(name=PUBLISHED_ROUND)
    assert published.state == ReviewRound.State.PUBLISHED
    in_progress = ReviewRound.objects.get(name=OPEN_ROUND)
    assert in_progress.state == ReviewRound.State.OPEN
    mine = Assignment.objects.filter(
        round=in_progress, reviewer__email=DEMO_REVIEWER, voided_at__isnull=True
    )
    assert mine.exists()
    assert mine.filter(submitted_at__isnull=True).exists()
    stages = set(
        Proposal.objects.filter(review_decisions__round=published).values_list(
            "stage", flat=True
        )
    )
    assert Stage.REJECTED in stages
    assert set(published.decisions.values_list("outcome", flat=True)) == {
        "selected",
        "rejected",
        "deferred",
    }
    counts = (ReviewRound.objects.count(), Assignment.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (ReviewRound.objects.count(), Assignment.objects.count()) == counts
