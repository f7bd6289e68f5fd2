"""Demo categories, proposals, photos and comments (seed_demo), from
oasis/core/demo/proposals.yaml. Every idea is written, published and moved through the
services, so timelines, audit entries and notifications look as they would in use; its
dates are then set back to the idea's age, so the demo always looks current.
Idempotent: an idea whose title exists already is left alone."""

import datetime as dt
import io
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from oasis.accounts.demo import demo_person
from oasis.core.demo import demo_data
from oasis.core.models import District
from proposals import services
from proposals.models import Category, Comment, Proposal, Stage, StageChange
from proposals.services import SEOUL, voting_deadline

DATA = demo_data("proposals")
DEMO_CATEGORIES: list[dict] = DATA["categories"]

S = Stage
# The road from review to completion; each demo stage is a stop on one of the roads.
SELECTED_ROAD = [S.IN_REVIEW, S.SELECTED, S.PLANNING, S.EXECUTION, S.OPERATION]
SELECTED_ROAD += [S.ASSESSMENT, S.COMPLETED]
# The stages an idea passes after publishing to reach its demo stage, in order.
PATHS = {
    S.OPEN: [],
    S.REJECTED: [S.IN_REVIEW, S.REJECTED],
    S.DEFERRED: [S.IN_REVIEW, S.DEFERRED],
    **{stage: SELECTED_ROAD[: index + 1] for index, stage in enumerate(SELECTED_ROAD)},
    S.ARCHIVED: [S.ARCHIVED],
    S.WITHDRAWN: [S.WITHDRAWN],
}
# Agreements stay possible until here; later steps wait until the demo voters agreed.
AGREEING = {S.OPEN, S.IN_REVIEW}
# An idea reaches review this many days after publishing, at most.
DAYS_TO_REVIEW = 25


def seed(stdout, *, before_outcomes: Callable | None = None) -> None:
    """Write the demo ideas; `before_outcomes(stdout)` runs (the demo agreements) while
    the ideas still accept agreements, before they move on to their demo stage."""
    categories = _seed_categories()
    stdout.write(f"  categories: {len(categories)}")
    if not District.objects.exists():
        stdout.write("  proposals: skipped (no districts)")
        return
    people = _people()
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).first()
    districts = {d.code: d for d in District.objects.all()}
    existing = set(Proposal.objects.values_list("title", flat=True))
    added = []
    for entry in DATA["proposals"]:
        if entry["title"] in existing:
            continue
        rng = random.Random(entry["title"])  # noqa: S311 (demo data)
        proposal = _seed_proposal(entry, people, categories, districts, staff, rng)
        _set_age(proposal, entry["days_ago"], rng)
        added.append((proposal, entry))
    if before_outcomes is not None:
        before_outcomes(stdout)
    for proposal, entry in added:
        _advance(proposal, entry, staff)
        _set_timeline(proposal, entry["days_ago"])
    used = set(Proposal.objects.values_list("district__code", flat=True))
    stdout.write(
        f"  proposals: {len(added)} added, {Proposal.objects.count()} in total, "
        f"{len(used)} districts"
    )


def _seed_categories() -> dict[str, Category]:
    categories = {}
    for position, item in enumerate(DEMO_CATEGORIES):
        categories[item["slug"]], _ = Category.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name_ko": item["name_ko"],
                "name_en": item["name_en"],
                "icon": item["icon"],
                "colour": item["colour"],
                "position": position,
            },
        )
    return categories


def _people() -> dict:
    """The demo accounts and residents who write and discuss the ideas, by email."""
    user_model = get_user_model()
    people = {
        user.email: user
        for user in user_model.objects.filter(
            email__in=["citizen@oasis.local", "citizen2@oasis.local"]
        )
    }
    for resident in DATA["residents"]:
        people[resident["email"]] = demo_person(
            resident["email"], resident["display_name"]
        )
    return people


def _author(entry: dict, people: dict):
    # Run on its own (without the demo accounts), a resident stands in for the author.
    return people.get(entry["author"]) or people[DATA["residents"][0]["email"]]


def _seed_proposal(entry, people, categories, districts, staff, rng) -> Proposal:
    language, title = entry["language"], entry["title"]
    author = _author(entry, people)
    category = categories[entry["category"]]
    proposal = services.proposal_create(
        author=author,
        title=title,
        summary=entry["summary"],
        problem=entry["problem"],
        solution=entry["solution"],
        benefit=DATA["benefit"][language],
        language=language,
        category=category,
        district=districts[entry["district"]],
        place_name=entry.get("place", ""),
    )
    if rng.random() < 0.45:
        for number in range(rng.choice([1, 1, 2])):
            services.proposal_image_add(
                proposal=proposal,
                actor=author,
                file=demo_photo(category.colour, rng),
                alt_text=DATA["photo_alt"][language].format(
                    title=title, number=number + 1
                ),
            )
    if entry["stage"] == Stage.DRAFT:
        return proposal
    services.proposal_publish(proposal=proposal, actor=author)
    for step in PATHS[Stage(entry["stage"])]:
        if step not in AGREEING:
            break
        _move(proposal, step, language, author, staff)
    _seed_comments(proposal, entry, people, staff, rng)
    return proposal


def _advance(proposal: Proposal, entry: dict, staff) -> None:
    """Take the idea the rest of the way to its demo stage."""
    if entry["stage"] == Stage.DRAFT:
        return
    proposal.refresh_from_db()
    for step in PATHS[Stage(entry["stage"])]:
        if step not in AGREEING:
            _move(proposal, step, entry["language"], proposal.author, staff)


def _move(proposal: Proposal, step: Stage, language: str, author, staff) -> None:
    if step == Stage.WITHDRAWN:
        services.proposal_withdraw(proposal=proposal, actor=author)
        return
    services.proposal_transition(
        proposal=proposal,
        to=step,
        actor=staff,
        reason=DATA["reasons"][step][language],
    )


def _seed_comments(proposal, entry, people, staff, rng) -> None:
    language = entry["language"]
    others = [p for email, p in people.items() if p.pk != proposal.author_id]
    first = None
    for body in rng.sample(DATA["comments"][language], rng.randint(0, 3)):
        comment = services.comment_create(
            proposal=proposal, author=rng.choice(others), body=body
        )
        first = first or comment
    if first is not None and rng.random() < 0.5:
        services.comment_create(
            proposal=proposal,
            author=proposal.author,
            body=DATA["thanks"][language],
            parent=first,
        )
    if staff is not None and entry["stage"] not in {Stage.OPEN, Stage.WITHDRAWN}:
        services.comment_create(
            proposal=proposal, author=staff, body=DATA["official_comment"][language]
        )


def _set_age(proposal: Proposal, days_ago: int, rng: random.Random) -> None:
    """Set the idea back to when it was written, `days_ago` days ago, and published an
    hour later (its agreement window follows once the demo agreements are in)."""
    created = timezone.now() - dt.timedelta(days=days_ago, hours=rng.randint(0, 23))
    proposal.refresh_from_db()
    if proposal.published_at is None:
        Proposal.objects.filter(pk=proposal.pk).update(created_at=created)
        return
    Proposal.objects.filter(pk=proposal.pk).update(
        created_at=created, published_at=created + dt.timedelta(hours=1)
    )


def _set_timeline(proposal: Proposal, days_ago: int) -> None:
    """Move the agreement window to the publishing date, and spread the idea's stage
    changes and comments over the time since (an archived idea closed with its window).
    """
    proposal.refresh_from_db()
    published = proposal.published_at
    if published is None:
        return
    now = timezone.now()
    window_ends = voting_deadline(
        window_days=proposal.category.window_days,
        today=timezone.localdate(published, timezone=SEOUL),
    )
    Proposal.objects.filter(pk=proposal.pk).update(voting_ends_at=window_ends)
    changes = list(proposal.stage_changes.order_by("pk"))
    moments = _timeline(published, len(changes), days_ago, now)
    for change, moment in zip(changes, moments, strict=True):
        if change.to_stage == S.ARCHIVED:
            moment = min(window_ends, now)
        StageChange.objects.filter(pk=change.pk).update(created_at=moment)
        if change.to_stage == S.IN_REVIEW and proposal.in_review_at is not None:
            Proposal.objects.filter(pk=proposal.pk).update(in_review_at=moment)
    comments = list(Comment.objects.filter(proposal=proposal).order_by("pk"))
    for number, comment in enumerate(comments, start=1):
        moment = published + (now - published) * number / (len(comments) + 1)
        Comment.objects.filter(pk=comment.pk).update(created_at=moment)


def _timeline(published, count: int, days_ago: int, now) -> list[dt.datetime]:
    """Publishing first, the first move within DAYS_TO_REVIEW days, the rest evenly
    up to two days ago."""
    moments = [published]
    if count > 1:
        first = published + dt.timedelta(days=min(DAYS_TO_REVIEW, days_ago * 0.3))
        moments.append(first)
        last = max(now - dt.timedelta(days=2), first)
        later = count - 2
        moments.extend(
            first + (last - first) * step / later for step in range(1, later + 1)
        )
    return moments


def demo_photo(colour: str, rng: random.Random) -> SimpleUploadedFile:
    """A simple street scene drawn with Pillow: sky, buildings, a road, trees."""
    width, height = 1280, 800
    image = Image.new("RGB", (width, height), (186, 220, 245))
    draw = ImageDraw.Draw(image)
    accent = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    x = 0
    while x < width:
        building = rng.randint(90, 200)
        top = rng.randint(180, 420)
        shade = rng.randint(140, 210)
        draw.rectangle([x, top, x + building, 560], fill=(shade, shade, shade + 10))
        for wy in range(top + 20, 540, 40):
            for wx in range(x + 15, x + building - 20, 35):
                draw.rectangle([wx, wy, wx + 15, wy + 20], fill=(250, 240, 190))
        x += building + rng.randint(5, 25)
    draw.rectangle([0, 560, width, height], fill=(90, 90, 95))
    for lane in range(0, width, 120):
        draw.rectangle([lane, 675, lane + 60, 685], fill=(245, 245, 245))
    draw.rectangle([0, 545, width, 565], fill=accent)
    for tree in range(rng.randint(3, 7)):
        tx = rng.randint(40, width - 40)
        draw.rectangle([tx - 6, 470, tx + 6, 560], fill=(110, 80, 50))
        draw.ellipse([tx - 45, 390, tx + 45, 490], fill=(60, 140 + tree * 10, 70))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile("demo.jpg", buffer.getvalue(), "image/jpeg")
