"""Demo implementation data (seed_demo, after the review demo): the selected ideas of the
published demo round stand at every implementation stage, with milestones, updates and
ratings, and the idea waiting too long for its answer has an interim answer. Written
through the services. Idempotent: skipped when the round's ideas have updates."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from oasis.core.errors import DomainError
from proposals.implementation import services
from proposals.implementation.models import ImplementationUpdate, InterimAnswer
from proposals.models import Proposal, Stage
from proposals.reviews.demo import (
    LATE_IDEA,
    PANEL,
    PUBLISHED_IDEAS,
    PUBLISHED_ROUND,
    STAFF,
)
from proposals.reviews.models import Decision, ReviewRound

IMPLEMENTATION_TEXT = {
    Stage.PLANNING: "담당 부서가 설계를 시작했습니다. / The department started the design.",
    Stage.EXECUTION: "공사를 시작했습니다. / Works have started.",
    Stage.OPERATION: "시범 운영 중입니다. / A pilot is running.",
    Stage.ASSESSMENT: "시민과 심사단의 평가를 받습니다. / Citizens and the panel assess it.",
    Stage.COMPLETED: "사업을 마쳤습니다. 감사합니다! / The project is complete. Thank you!",
}
PROGRESS = {
    Stage.PLANNING: 15,
    Stage.EXECUTION: 45,
    Stage.OPERATION: 75,
    Stage.ASSESSMENT: 90,
    Stage.COMPLETED: 100,
}
# How many stages each selected demo idea has gone through, by title.
STEPS = {
    title: steps
    for title, _summary, _slug, outcome, steps in PUBLISHED_IDEAS
    if outcome == "selected"
}


def _advance(idea: Proposal, *, steps: int, budget, staff, raters, rng) -> None:
    today = timezone.localdate()
    services.milestone_save(
        proposal=idea,
        actor=staff,
        title="설계 완료 / Design done",
        due_on=today - dt.timedelta(days=60),
        done_on=today - dt.timedelta(days=62) if steps >= 2 else None,
    )
    services.milestone_save(
        proposal=idea,
        actor=staff,
        title="준공 / Works finished",
        due_on=today + dt.timedelta(days=30),
        done_on=today - dt.timedelta(days=10) if steps >= 3 else None,
    )
    for _step in range(steps):
        following = services.NEXT_IMPLEMENTATION_STAGE[Stage(idea.stage)]
        if following == Stage.COMPLETED:
            for rater in raters:
                try:
                    services.assessment_submit(
                        proposal=idea, user=rater, rating=rng.randint(3, 5), comment=""
                    )
                except DomainError:
                    continue
        services.implementation_update_post(
            proposal=idea,
            actor=staff,
            text=IMPLEMENTATION_TEXT[following],
            progress=PROGRESS[following],
            budget_spent=(budget or 0) * PROGRESS[following] // 110,
            move_to=following,
        )


def seed(stdout) -> None:
    user_model = get_user_model()
    staff = user_model.objects.filter(email=STAFF).first()
    published = ReviewRound.objects.filter(
        name=PUBLISHED_ROUND, state=ReviewRound.State.PUBLISHED
    ).first()
    if staff is None or published is None:
        stdout.write("  implementation: skipped (demo round missing)")
        return
    selected = list(
        published.decisions.filter(
            outcome=Decision.Outcome.SELECTED, proposal__title__in=list(STEPS)
        ).select_related("proposal")
    )
    if ImplementationUpdate.objects.filter(
        proposal__in=[decision.proposal for decision in selected]
    ).exists():
        stdout.write("  implementation: demo progress already exists")
        return
    rng = random.Random(2026)  # noqa: S311 (demo data)
    # The raters of the review demo: the first citizens who agreed, two panel members.
    voters = list(
        user_model.objects.filter(email__startswith="voter").order_by("email")[:6]
    )
    citizen2 = user_model.objects.filter(email="citizen2@oasis.local").first()
    if citizen2 is not None:
        voters.insert(0, citizen2)
    panel = list(
        user_model.objects.filter(email__in=[email for email, *_ in PANEL[1:3]])
    )
    for decision in selected:
        _advance(
            decision.proposal,
            steps=STEPS[decision.proposal.title],
            budget=decision.budget,
            staff=staff,
            raters=[*voters[:3], *panel],
            rng=rng,
        )
    late = Proposal.objects.filter(title=LATE_IDEA[0], stage=Stage.IN_REVIEW).first()
    if late is not None and not InterimAnswer.objects.filter(proposal=late).exists():
        services.interim_answer_publish(
            proposal=late,
            text="관계 부서와 협의 중입니다. / We are consulting the departments concerned.",
            actor=staff,
        )
    stdout.write(f"  implementation: {len(selected)} projects under way or done")
