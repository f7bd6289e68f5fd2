import pytest
from django.core.management import CommandError, call_command

from oasis.core.models import AuditEvent
from proposals.models import Proposal
from voting import services

pytestmark = pytest.mark.django_db


def test_no_drift_is_reported_as_such(proposal, user, capsys):
    services.vote_cast(proposal=proposal, user=user, channel="web")

    call_command("recount_votes")

    assert "No drift" in capsys.readouterr().out


def test_drift_is_reported_and_fails_without_fix(
    proposal_factory, vote_factory, capsys
):
    drifted = proposal_factory()
    vote_factory.create_batch(3, proposal=drifted)  # rows without the counter
    Proposal.objects.filter(pk=drifted.pk).update(vote_count=1)

    with pytest.raises(CommandError):
        call_command("recount_votes")

    out = capsys.readouterr().out
    assert f"proposal {drifted.pk}: vote_count 1, rows 3 (+2)" in out
    assert Proposal.objects.get(pk=drifted.pk).vote_count == 1


def test_fix_repairs_every_drifted_counter(proposal_factory, vote_factory, capsys):
    too_low, too_high, fine = proposal_factory.create_batch(3)
    vote_factory.create_batch(2, proposal=too_low)
    Proposal.objects.filter(pk=too_high.pk).update(vote_count=5)

    call_command("recount_votes", "--fix")

    counts = dict(Proposal.objects.values_list("pk", "vote_count"))
    assert counts == {too_low.pk: 2, too_high.pk: 0, fine.pk: 0}
    assert "Fixed 2 proposal(s)" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action="voting.recount_fix").count() == 2
    call_command("recount_votes")  # clean now
