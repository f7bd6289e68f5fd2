"""Demo implementation data (seed_demo, after the review demo), from
oasis/core/demo/reviews.yaml: the selected ideas of the published demo round stand at
every implementation stage, with milestones, updates and ratings, and the idea waiting
too long for its answer gets an interim answer. Written through the services.
Idempotent: skipped when the round's ideas have updates."""

import random

from django.contrib.auth import get_user_model

from oasis.core.demo import date_in, demo_data
from oasis.core.errors import DomainError
from proposals.implementation.models import ImplementationUpdate
from proposals.implementation.services import (
    assessment_submit,
    implementation_update_post,
    interim_answer_publish,
    milestone_save,
)
from proposals.lifecycle import NEXT_IMPLEMENTATION_STAGE
from proposals.models import Proposal, Stage
from proposals.reviews.models import ReviewRound
from voting.demo import demo_voters

DATA = demo_data("reviews")


def _implement(idea: Proposal, item: dict, *, budget, staff, raters, rng) -> None:
    """Milestones and the staff's update at each implementation stage reached."""
    spec = DATA["published_round"]
    for milestone in spec["milestones"]:
        milestone_save(
            proposal=idea,
            actor=staff,
            title=milestone["title"],
            due_on=date_in(milestone["due_in_days"]),
            done_on=date_in(milestone["done_in_days"])
            if item["steps"] >= milestone["done_from_step"]
            else None,
        )
    for _step in range(item["steps"]):
        following = NEXT_IMPLEMENTATION_STAGE[Stage(idea.stage)]
        if following == Stage.COMPLETED:
            for rater in raters:
                try:
                    assessment_submit(
                        proposal=idea, user=rater, rating=rng.randint(3, 5), comment=""
                    )
                except DomainError:
                    continue
        update = spec["updates"][following]
        implementation_update_post(
            proposal=idea,
            actor=staff,
            text=update["text"],
            progress=update["progress"],
            budget_spent=(budget or 0) * update["progress"] // 110,
            move_to=following,
        )


def seed(stdout) -> None:
    user_model = get_user_model()
    staff = user_model.objects.filter(email=DATA["staff"]).first()
    published = ReviewRound.objects.filter(name=DATA["published_round"]["name"]).first()
    if staff is None or published is None:
        stdout.write("  implementation: skipped (review demo missing)")
        return
    titles = {item["title"]: item for item in DATA["published_round"]["ideas"]}
    ideas = list(
        Proposal.objects.filter(
            title__in=titles, review_decisions__round=published
        ).order_by("pk")
    )
    if ImplementationUpdate.objects.filter(proposal__in=ideas).exists():
        stdout.write("  implementation: demo progress already exists")
        return
    rng = random.Random(2027)  # noqa: S311 (demo data)
    everyone = demo_voters()
    voters = everyone[-1:] + everyone[: DATA["agreements"] - 1]
    panel = [member["email"] for member in DATA["panel"]][1:3]
    raters = [*voters[:3], *user_model.objects.filter(email__in=panel)]
    for idea in ideas:
        item = titles[idea.title]
        if item["outcome"] != "selected":
            continue
        _implement(
            idea,
            item,
            budget=idea.review_decisions.get(round=published).budget,
            staff=staff,
            raters=raters,
            rng=rng,
        )
    late = DATA["late_idea"]
    late_idea = Proposal.objects.filter(title=late["title"]).order_by("-pk").first()
    if late_idea is not None:
        interim_answer_publish(
            proposal=late_idea, text=late["interim_answer"], actor=staff
        )
    stdout.write(f"  implementation: {len(ideas)} ideas of the published round")
