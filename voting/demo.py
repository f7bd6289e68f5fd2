"""Demo agreements (seed_demo), by the demo voters of oasis/core/demo/voting.yaml: each
is cast through vote_cast() on the ideas that accept agreements, then dated back within
the idea's agreement window, so counts, progress and charts show something.
Idempotent: once the demo voters have agreed with anything, nothing is added again (later
demo modules add proposals of their own, which must not gain votes on a second run)."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from oasis.accounts.demo import demo_person
from oasis.core.demo import demo_data
from oasis.core.errors import DomainError
from proposals.lifecycle import ACCEPTING
from proposals.models import Proposal, Stage
from voting.models import Vote
from voting.services import trending_scores_refresh, vote_cast

DATA = demo_data("voting")


def demo_voters() -> list:
    """The demo voters in order, then the demo people who also agree."""
    voters = [
        demo_person(DATA["email"].format(number=number), name)
        for number, name in enumerate(DATA["names"], start=1)
    ]
    voters.extend(get_user_model().objects.filter(email__in=DATA["also"]))
    return voters


def seed(stdout) -> None:
    voters = demo_voters()
    if Vote.objects.filter(user__in=voters[: len(DATA["names"])]).exists():
        stdout.write(f"  agreements: already seeded, {Vote.objects.count()} in total")
        return
    now = timezone.now()
    added = 0
    proposals = Proposal.objects.filter(
        stage__in=sorted(ACCEPTING), vote_count=0
    ).order_by("pk")
    for proposal in proposals:
        rng = random.Random(proposal.pk)  # noqa: S311 (demo data)
        candidates = [v for v in voters if v.pk != proposal.author_id]
        if proposal.stage == Stage.OPEN:
            # An open idea stays below its threshold, or it would be in review.
            ceiling = max((proposal.threshold or len(voters)) - 1, 0)
            wanted = rng.randint(0, min(ceiling, len(candidates)))
        else:
            wanted = rng.randint(len(candidates) // 2, len(candidates))
        opened = proposal.published_at or proposal.created_at
        span = min(
            max(int((now - opened).total_seconds()), 3600),
            DATA["spread_days"] * 24 * 3600,
        )
        for voter in rng.sample(candidates, wanted):
            try:
                vote, created = vote_cast(
                    proposal=proposal, user=voter, channel=rng.choice(DATA["channels"])
                )
            except DomainError:
                break
            if created:
                # Cast now; dated back to a moment within the idea's first weeks.
                Vote.objects.filter(pk=vote.pk).update(
                    created_at=min(
                        opened + dt.timedelta(seconds=rng.randint(0, span)), now
                    )
                )
                added += 1
    trending_scores_refresh()
    stdout.write(f"  agreements: {added} added, {Vote.objects.count()} in total")
