import io

import pytest

from oasis.accounts import demo as accounts_demo
from proposals import demo
from proposals.models import Category, Comment, Proposal, ProposalImage, Stage

pytestmark = pytest.mark.django_db


def test_seed_is_complete_and_idempotent(django_capture_on_commit_callbacks):
    out = io.StringIO()
    accounts_demo.seed(out)
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(out)
    proposals = Proposal.objects.all()
    assert proposals.count() == 60
    assert proposals.values("district").distinct().count() == 25
    assert proposals.values("category").distinct().count() == Category.objects.count()
    assert set(proposals.values_list("stage", flat=True)) == set(Stage.values)
    assert set(proposals.values_list("language", flat=True)) == {"ko", "en"}
    assert ProposalImage.objects.exists()
    assert ProposalImage.objects.exclude(thumbnail_small="").exists()
    assert Comment.objects.filter(is_official=True).exists()
    assert Comment.objects.filter(parent__isnull=False).exists()
    # stage changes went through the service: every non-draft has a timeline
    completed = proposals.get(stage=Stage.COMPLETED, language="ko")
    assert completed.stage_changes.count() == 8
    counts = (
        Proposal.objects.count(),
        Comment.objects.count(),
        ProposalImage.objects.count(),
    )
    demo.seed(out)
    assert (
        Proposal.objects.count(),
        Comment.objects.count(),
        ProposalImage.objects.count(),
    ) == counts
