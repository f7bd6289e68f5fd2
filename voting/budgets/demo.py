"""Demo participatory budgeting (seed_demo), from oasis/core/demo/budgets.yaml: ideas are
written, reviewed and selected through the services, then put on a citywide ballot in
balloting and a district ballot whose results are published; demo voters cast ballots.
Idempotent: nothing is added once a demo round exists."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from oasis.core.demo import date_in, days_ago, demo_data
from oasis.core.models import District
from proposals import services as proposal_services
from proposals.models import Category, Proposal, Stage
from proposals.reviews.models import ReviewRound
from proposals.reviews.services.assignments import round_assign
from proposals.reviews.services.decisions import decision_record
from proposals.reviews.services.publishing import round_publish
from proposals.reviews.services.rounds import (
    round_add_proposals,
    round_add_reviewer,
    round_close,
    round_create,
    round_open,
)
from proposals.reviews.services.scoring import assignment_save
from voting.budgets import services
from voting.budgets.models import BudgetRound, Phase
from voting.demo import demo_voters

DATA = demo_data("budgets")
REVIEWS = demo_data("reviews")


def _idea(item: dict, *, staff) -> Proposal:
    text = DATA["idea_text"]
    category = (
        Category.objects.filter(slug=item["category"]).first()
        or Category.objects.first()
    )
    proposal = proposal_services.proposal_create(
        author=staff,
        title=item["title"],
        summary=item["summary"],
        problem=text["problem"].format(summary=item["summary"]),
        solution=text["solution"].format(summary=item["summary"]),
        benefit=text["benefit"],
        language="ko",
        category=category,
        district=District.objects.filter(code=item["district"]).first(),
    )
    proposal_services.proposal_publish(proposal=proposal, actor=staff)
    proposal_services.proposal_transition(
        proposal=proposal,
        to=Stage.IN_REVIEW,
        actor=staff,
        reason=DATA["in_review_reason"],
    )
    proposal.refresh_from_db()
    return proposal


def _select(ideas: list[tuple[Proposal, dict]], *, staff, rng: random.Random) -> None:
    """One review round that selects every idea with its cost as the budget."""
    spec = DATA["review_round"]
    review_round = round_create(
        actor=staff,
        name=spec["name"],
        starts_on=date_in(-spec["starts_days_ago"]),
        ends_on=date_in(-spec["ends_days_ago"]),
    )
    round_add_proposals(
        review_round=review_round, proposals=[i for i, _item in ideas], actor=staff
    )
    user_model = get_user_model()
    for member in REVIEWS["panel"]:
        reviewer = user_model.objects.filter(email=member["email"]).first()
        if reviewer is not None:
            round_add_reviewer(
                review_round=review_round, reviewer=reviewer, actor=staff
            )
    round_assign(review_round=review_round, actor=staff, seed=2026)
    round_open(review_round=review_round, actor=staff)
    criteria = list(review_round.criteria.all())
    for assignment in review_round.assignments.filter(voided_at__isnull=True):
        assignment_save(
            assignment=assignment,
            actor=assignment.reviewer,
            values={c.pk: rng.randint(3, 5) for c in criteria},
            comment_to_staff="",
            public_remark="",
            submit=True,
        )
    round_close(review_round=review_round, actor=staff)
    mine = {idea.pk for idea, _item in ideas}
    for entry in review_round.entries.select_related("proposal"):
        item = next((i for idea, i in ideas if idea.pk == entry.proposal_id), None)
        decision_record(
            review_round=review_round,
            proposal=entry.proposal,
            actor=staff,
            outcome="selected" if entry.proposal_id in mine else "deferred",
            rationale=spec["rationale"],
            department=spec["department"] if item else "",
            budget=item["cost"] if item else None,
            cost_estimate=item["cost"] if item else None,
        )
    round_publish(review_round=review_round, actor=staff)


def _ballot_round(spec: dict, ideas: list[Proposal], *, staff, voters) -> BudgetRound:
    now = timezone.now()
    budget_round = services.round_create(
        actor=staff,
        title_ko=spec["title_ko"],
        title_en=spec["title_en"],
        description_ko=spec["description_ko"],
        description_en=spec["description_en"],
        total=spec["total"],
        style=spec["style"],
        max_choices=spec.get("max_choices"),
        district=District.objects.filter(code=spec["district"]).first()
        if spec["district"]
        else None,
        eligibility=spec.get("eligibility", "home_district"),
        information_starts_at=days_ago(spec["balloting_started_days_ago"] + 7),
        balloting_starts_at=days_ago(spec["balloting_started_days_ago"]),
        balloting_ends_at=now
        + dt.timedelta(days=max(spec["balloting_ends_in_days"], 1)),
    )
    projects = services.round_add_projects(
        budget_round=budget_round,
        proposals=[ideas[i] for i in spec["ideas"]],
        actor=staff,
    )
    by_idea = dict(zip(spec["ideas"], projects, strict=True))
    services.round_phase_advance(
        budget_round=budget_round, to=Phase.BALLOTING, actor=staff
    )
    for voter, choice in zip(
        voters, _cycle(spec["ballots"], len(voters)), strict=False
    ):
        services.ballot_cast(
            budget_round=budget_round,
            voter=voter,
            project_ids=[by_idea[i].pk for i in choice],
        )
    if spec["phase"] == Phase.RESULTS:
        services.round_phase_advance(
            budget_round=budget_round, to=Phase.COUNTING, actor=staff
        )
        services.round_count(budget_round=budget_round, actor=staff)
        services.round_phase_advance(
            budget_round=budget_round, to=Phase.RESULTS, actor=staff
        )
        # Dated back: balloting ended before the results were published.
        BudgetRound.objects.filter(pk=budget_round.pk).update(
            balloting_ends_at=now + dt.timedelta(days=spec["balloting_ends_in_days"])
        )
    return budget_round


def _cycle(choices: list, count: int) -> list:
    return [choices[i % len(choices)] for i in range(count)]


def seed(stdout) -> None:
    staff = get_user_model().objects.filter(email=DATA["staff"]).first()
    if staff is None:
        stdout.write("  budgets: skipped (demo accounts missing)")
        return
    titles = [spec["title_ko"] for spec in DATA["rounds"]]
    if BudgetRound.objects.filter(title_ko__in=titles).exists():
        stdout.write("  budgets: demo rounds already exist")
        return
    if ReviewRound.objects.filter(name=DATA["review_round"]["name"]).exists():
        stdout.write("  budgets: skipped (the candidates' review round exists)")
        return
    rng = random.Random(2026)  # noqa: S311 (demo data)
    items = DATA["ideas"]
    ideas = [_idea(item, staff=staff) for item in items]
    _select(list(zip(ideas, items, strict=True)), staff=staff, rng=rng)
    for idea in ideas:
        idea.refresh_from_db()
    voters = demo_voters()
    rounds = [
        _ballot_round(spec, ideas, staff=staff, voters=voters)
        for spec in DATA["rounds"]
    ]
    ballots = sum(r.ballots.count() for r in rounds)
    stdout.write(f"  budgets: {len(rounds)} rounds, {ballots} ballots")
