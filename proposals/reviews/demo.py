"""Demo review data (seed_demo, after proposals and voting), from
oasis/core/demo/reviews.yaml: a published round, a round in progress with the demo
reviewer assigned, and an idea waiting too long for its answer. Written through the
services, so stage changes, answers and notifications look as they would in use.
Idempotent: skipped when the rounds exist. The implementation demo then carries the
selected ideas through their stages."""

import datetime as dt
import random
from typing import cast

from django.contrib.auth import get_user_model

from oasis.accounts.demo import demo_person
from oasis.core.demo import date_in, days_ago, demo_data
from oasis.core.errors import DomainError
from oasis.core.models import District
from proposals import services as proposal_services
from proposals.models import Category, Proposal, Stage
from proposals.reviews.models import Assignment, ReviewRound
from proposals.reviews.services.assignments import round_assign
from proposals.reviews.services.decisions import decision_record
from proposals.reviews.services.publishing import round_publish
from proposals.reviews.services.reviewers import reviewer_profile_set
from proposals.reviews.services.rounds import (
    round_add_proposals,
    round_add_reviewer,
    round_close,
    round_create,
    round_open,
)
from proposals.reviews.services.scoring import assignment_save
from voting.demo import demo_voters
from voting.services import vote_cast

DATA = demo_data("reviews")
PUBLISHED_ROUND: str = DATA["published_round"]["name"]
OPEN_ROUND: str = DATA["open_round"]["name"]
DEMO_REVIEWER: str = DATA["demo_reviewer"]


def _idea(item: dict, *, in_review_days_ago: int, staff) -> Proposal:
    """The idea, written, published and sent to review through the services, and dated
    back: published 20 days before it went to review."""
    existing = Proposal.objects.filter(title=item["title"]).first()
    if existing is not None:
        return existing
    text = DATA["idea_text"]
    # The demo seeds its categories before its ideas.
    category = cast(
        Category,
        Category.objects.filter(slug=item["category"]).first()
        or Category.objects.first(),
    )
    author = get_user_model().objects.filter(email=item["author"]).first() or staff
    proposal = proposal_services.proposal_create(
        author=author,
        title=item["title"],
        summary=item["summary"],
        problem=text["problem"].format(summary=item["summary"]),
        solution=text["solution"].format(summary=item["summary"]),
        benefit=text["benefit"],
        language="ko",
        category=category,
        district=District.objects.filter(code=item["district"]).first(),
    )
    proposal_services.proposal_publish(proposal=proposal, actor=author)
    proposal_services.proposal_transition(
        proposal=proposal,
        to=Stage.IN_REVIEW,
        actor=staff,
        reason=DATA["in_review_reason"],
    )
    published = days_ago(in_review_days_ago + 20)
    Proposal.objects.filter(pk=proposal.pk).update(
        created_at=published - dt.timedelta(hours=1),
        published_at=published,
        voting_ends_at=published + dt.timedelta(days=category.window_days),
        in_review_at=days_ago(in_review_days_ago),
    )
    proposal.refresh_from_db()
    return proposal


def _agree(proposal: Proposal, voters) -> None:
    for voter in voters:
        if voter.pk == proposal.author_id:
            continue
        try:
            vote_cast(proposal=proposal, user=voter)
        except DomainError:
            return


def _score_all(review_round: ReviewRound, rng: random.Random, *, skip=()) -> None:
    criteria = list(review_round.criteria.all())
    for assignment in review_round.assignments.filter(
        voided_at__isnull=True, submitted_at__isnull=True
    ).select_related("round", "reviewer"):
        if assignment.reviewer.email in skip:
            continue
        lean = rng.choice([-1, 0, 0, 1])
        values = {c.pk: max(1, min(5, rng.randint(2, 5) + lean)) for c in criteria}
        assignment_save(
            assignment=assignment,
            actor=assignment.reviewer,
            values=values,
            comment_to_staff="",
            public_remark="",
            submit=True,
        )


def _panel(review_round: ReviewRound, staff, reviewers) -> None:
    for reviewer in reviewers:
        round_add_reviewer(review_round=review_round, reviewer=reviewer, actor=staff)


def seed(stdout) -> None:
    user_model = get_user_model()
    staff = user_model.objects.filter(email=DATA["staff"]).first()
    if staff is None:
        stdout.write("  reviews: skipped (demo accounts missing)")
        return
    if ReviewRound.objects.filter(name__in=[PUBLISHED_ROUND, OPEN_ROUND]).exists():
        stdout.write("  reviews: demo rounds already exist")
        return
    rng = random.Random(2026)  # noqa: S311 (demo data)
    reviewers = []
    for member in DATA["panel"]:
        reviewer = demo_person(member["email"], member["display_name"])
        reviewer_profile_set(user=reviewer, default_group=member["group"], actor=staff)
        reviewers.append(reviewer)
    everyone = demo_voters()
    voters = everyone[-1:] + everyone[: DATA["agreements"] - 1]

    # A published round: six ideas selected, one rejected, one deferred.
    spec = DATA["published_round"]
    published = round_create(
        actor=staff,
        name=PUBLISHED_ROUND,
        starts_on=date_in(-spec["starts_days_ago"]),
        ends_on=date_in(-spec["ends_days_ago"]),
        budget_cap=spec["budget_cap"],
    )
    ideas = []
    for item in spec["ideas"]:
        idea = _idea(item, in_review_days_ago=spec["in_review_days_ago"], staff=staff)
        _agree(idea, voters)
        ideas.append((idea, item))
    round_add_proposals(
        review_round=published, proposals=[i for i, _item in ideas], actor=staff
    )
    _panel(published, staff, reviewers[1:] + reviewers[:1])
    round_assign(review_round=published, actor=staff)
    round_open(review_round=published, actor=staff)
    _score_all(published, rng)
    round_close(review_round=published, actor=staff)
    for idea, item in ideas:
        decision_record(
            review_round=published,
            proposal=idea,
            actor=staff,
            outcome=item["outcome"],
            rationale=item["rationale"],
            department=item.get("department", ""),
            budget=item.get("budget"),
            cost_estimate=item.get("cost_estimate"),
        )
    # Ideas that other demo data left deferred joined the round too: defer them again.
    for entry in published.entries.exclude(
        proposal__in=[idea for idea, _item in ideas]
    ).select_related("proposal"):
        decision_record(
            review_round=published,
            proposal=entry.proposal,
            actor=staff,
            outcome="deferred",
            rationale=spec["carried_over_rationale"],
        )
    round_publish(review_round=published, actor=staff)

    # A round in progress: the deferred idea returns, three new ones join.
    spec = DATA["open_round"]
    in_progress = round_create(
        actor=staff,
        name=OPEN_ROUND,
        starts_on=date_in(-spec["starts_days_ago"]),
        ends_on=date_in(spec["ends_in_days"]),
        budget_cap=spec["budget_cap"],
    )
    fresh = [
        _idea(item, in_review_days_ago=spec["in_review_days_ago"], staff=staff)
        for item in spec["ideas"]
    ]
    round_add_proposals(review_round=in_progress, proposals=fresh, actor=staff)
    _panel(in_progress, staff, reviewers[:4])
    round_assign(review_round=in_progress, actor=staff)
    round_open(review_round=in_progress, actor=staff)
    # The other reviewers have submitted, so the demo reviewer sees their scores after
    # submitting; one of the demo reviewer's assignments stays to be done.
    _score_all(in_progress, rng, skip={DEMO_REVIEWER})

    # An idea waiting too long for its answer (the implementation demo answers it).
    item = DATA["late_idea"]
    _idea(item, in_review_days_ago=item["in_review_days_ago"], staff=staff)
    assigned = Assignment.objects.filter(
        round=in_progress, reviewer__email=DEMO_REVIEWER
    ).count()
    count = len(DATA["published_round"]["ideas"]) + len(spec["ideas"]) + 1
    stdout.write(
        f"  reviews: 2 rounds, {count} ideas, "
        f"{assigned} assignments for {DEMO_REVIEWER}"
    )
