"""Demo agreements (seed_demo, after proposals.demo): a few dozen demo voters agree with
the demo proposals over the last weeks, so counts, progress and charts show something.
Idempotent: once the demo voters have agreed with anything, nothing is added again (later
demo modules add proposals of their own, which must not gain votes on a second run)."""

import datetime as dt
import random

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from proposals.models import Proposal, Stage
from voting.models import Channel, Vote
from voting.services import trending_scores_refresh

DEMO_VOTERS = 40
VOTER_EMAIL = "voter{:02d}@oasis.local"


def _voters() -> list:
    user_model = get_user_model()
    voters = []
    for number in range(1, DEMO_VOTERS + 1):
        email = VOTER_EMAIL.format(number)
        user, created = user_model.objects.get_or_create(
            email=email,
            defaults={
                "display_name": f"Demo {number:02d}",
                "privacy_consent_at": timezone.now(),
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            EmailAddress.objects.create(
                user=user, email=email, verified=True, primary=True
            )
        voters.append(user)
    citizen = user_model.objects.filter(email="citizen2@oasis.local").first()
    if citizen is not None:
        voters.append(citizen)
    return voters


def seed(stdout) -> None:
    voters = _voters()
    if Vote.objects.filter(user__email__startswith="voter").exists():
        stdout.write(f"  agreements: already seeded, {Vote.objects.count()} in total")
        return
    now = timezone.now()
    added = 0
    proposals = Proposal.objects.filter(
        stage__in=[
            Stage.OPEN,
            Stage.IN_REVIEW,
            Stage.DEFERRED,
            Stage.SELECTED,
            Stage.REJECTED,
            Stage.PLANNING,
            Stage.EXECUTION,
            Stage.OPERATION,
            Stage.ASSESSMENT,
            Stage.COMPLETED,
            Stage.ARCHIVED,
        ],
        vote_count=0,
    ).exclude(votes__isnull=False)
    for proposal in proposals:
        rng = random.Random(proposal.pk)  # noqa: S311 (demo data)
        candidates = [v for v in voters if v.pk != proposal.author_id]
        if proposal.stage == Stage.OPEN:
            # An open idea stays below its threshold, or it would be in review.
            ceiling = max((proposal.threshold or DEMO_VOTERS) - 1, 0)
            wanted = rng.randint(0, min(ceiling, len(candidates)))
        else:
            wanted = rng.randint(len(candidates) // 2, len(candidates))
        opened = proposal.published_at or proposal.created_at
        span = max(int((now - opened).total_seconds()), 3600)
        span = min(span, 21 * 24 * 3600)
        rows = []
        for voter in rng.sample(candidates, wanted):
            rows.append(
                Vote(
                    proposal=proposal,
                    user=voter,
                    channel=rng.choice([Channel.WEB, Channel.WEB, Channel.API]),
                )
            )
        created = Vote.objects.bulk_create(rows)
        # auto_now_add stamps "now"; spread the demo agreements over the past weeks.
        for vote in created:
            Vote.objects.filter(pk=vote.pk).update(
                created_at=now - dt.timedelta(seconds=rng.randint(0, span))
            )
        Proposal.objects.filter(pk=proposal.pk).update(vote_count=len(created))
        added += len(created)
    trending_scores_refresh()
    stdout.write(f"  agreements: {added} added, {Vote.objects.count()} in total")
