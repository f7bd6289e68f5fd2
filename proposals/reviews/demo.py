"""Demo review data (seed_demo, after proposals and voting): a published round, a round in
progress with the demo reviewer (reviewer@oasis.local) assigned, and an idea waiting too
long for its answer. Written through the services, so stage changes, answers and
notifications look as they would in use. Idempotent: skipped when the rounds exist.
The implementation demo then carries the selected ideas through their stages."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from oasis.core.errors import DomainError
from oasis.core.models import District
from proposals.models import Category, Proposal, Stage
from proposals.reviews.models import (
    Assignment,
    Decision,
    ReviewRound,
    StakeholderGroup,
)
from proposals.reviews.services import (
    assignments,
    decisions,
    publishing,
    rounds,
    scoring,
)
from proposals.reviews.services.reviewers import reviewer_profile_set

PUBLISHED_ROUND = "2026 상반기 시민제안 심사 (Spring 2026 review)"
OPEN_ROUND = "2026 하반기 시민제안 심사 (Autumn 2026 review)"
DEMO_REVIEWER = "reviewer@oasis.local"
STAFF = "staff@oasis.local"

PANEL = [
    # email, display name, stakeholder group
    (DEMO_REVIEWER, "이검토", StakeholderGroup.EXPERT),
    ("panel-official1@oasis.local", "정공무", StakeholderGroup.OFFICIAL),
    ("panel-official2@oasis.local", "Min Official", StakeholderGroup.OFFICIAL),
    ("panel-business@oasis.local", "한기업", StakeholderGroup.PRIVATE),
    ("panel-citizen@oasis.local", "오시민", StakeholderGroup.CITIZEN),
]

# title, summary, category slug, outcome in the published round, stages after selection
PUBLISHED_IDEAS = [
    (
        "지하철역 무더위 쉼터",
        "여름철 역 대합실에 냉방 쉼터를 만들어요.",
        "welfare",
        "selected",
        0,
    ),
    (
        "한강 자전거길 야간 조명",
        "어두운 구간에 태양광 조명을 설치해요.",
        "safety",
        "selected",
        1,
    ),
    ("동네 공유 텃밭", "빈 공터를 주민 텃밭으로 바꿔요.", "environment", "selected", 2),
    (
        "버스정류장 실시간 혼잡도 표시",
        "다음 버스의 혼잡도를 정류장에 보여줘요.",
        "transport",
        "selected",
        3,
    ),
    (
        "어린이 보호구역 스마트 횡단보도",
        "보행 신호를 바닥 LED로도 보여줘요.",
        "safety",
        "selected",
        4,
    ),
    (
        "골목 책방 지도",
        "동네 작은 책방을 한눈에 보는 지도를 만들어요.",
        "culture",
        "selected",
        5,
    ),
    (
        "모든 도로 지하화",
        "도심의 모든 도로를 지하로 옮겨요.",
        "transport",
        "rejected",
        0,
    ),
    (
        "공공 와이파이 확대",
        "전통시장에 공공 와이파이를 설치해요.",
        "economy",
        "deferred",
        0,
    ),
]
OPEN_IDEAS = [
    (
        "경로당 키오스크 교육",
        "어르신이 키오스크 쓰는 법을 배우는 교실을 열어요.",
        "education",
    ),
    ("공원 음수대 정비", "고장 난 공원 음수대를 고치고 늘려요.", "environment"),
    ("심야 안심 귀가 버스", "밤늦게 다니는 안심 귀가 버스를 운행해요.", "safety"),
]
# An idea in review for longer than its answer is due (it gets an interim answer).
LATE_IDEA = (
    "전통시장 주차장 공유",
    "주말에 비는 공공 주차장을 시장 손님과 나눠요.",
    "economy",
)


def _user(email: str, name: str):
    from allauth.account.models import EmailAddress

    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        email=email,
        defaults={"display_name": name, "privacy_consent_at": timezone.now()},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _idea(title, summary, slug, author, *, days_in_review: int) -> Proposal:
    existing = Proposal.objects.filter(title=title).first()
    if existing is not None:
        return existing
    category = Category.objects.filter(slug=slug).first() or Category.objects.first()
    now = timezone.now()
    return Proposal.objects.create(
        title=title,
        summary=summary,
        problem=f"{summary} 지금은 불편한 점이 많습니다.",
        solution=f"{summary} 서울시가 나서 주세요.",
        benefit="더 많은 시민이 편리하게 지낼 수 있어요.",
        language="ko",
        category=category,
        district=District.objects.order_by("?").first(),
        author=author,
        stage=Stage.IN_REVIEW,
        threshold=category.threshold,
        published_at=now - dt.timedelta(days=days_in_review + 20),
        voting_ends_at=now + dt.timedelta(days=10),
        in_review_at=now - dt.timedelta(days=days_in_review),
    )


def _agree(proposal: Proposal, voters) -> None:
    from voting.services import vote_cast

    for voter in voters:
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
        scoring.assignment_save(
            assignment=assignment,
            actor=assignment.reviewer,
            values=values,
            comment_to_staff="",
            public_remark="",
            submit=True,
        )


def _panel(review_round: ReviewRound, staff, reviewers) -> None:
    for reviewer in reviewers:
        rounds.round_add_reviewer(
            review_round=review_round, reviewer=reviewer, actor=staff
        )


def seed(stdout) -> None:
    user_model = get_user_model()
    staff = user_model.objects.filter(email=STAFF).first()
    author = user_model.objects.filter(email="citizen@oasis.local").first()
    citizen2 = user_model.objects.filter(email="citizen2@oasis.local").first()
    if staff is None or author is None:
        stdout.write("  reviews: skipped (demo accounts missing)")
        return
    if ReviewRound.objects.filter(name__in=[PUBLISHED_ROUND, OPEN_ROUND]).exists():
        stdout.write("  reviews: demo rounds already exist")
        return
    rng = random.Random(2026)  # noqa: S311 (demo data)
    reviewers = []
    for email, name, group in PANEL:
        reviewer = _user(email, name)
        reviewer_profile_set(user=reviewer, default_group=group, actor=staff)
        reviewers.append(reviewer)
    voters = list(
        user_model.objects.filter(email__startswith="voter").order_by("email")[:6]
    )
    if citizen2 is not None:
        voters.insert(0, citizen2)

    # A published round: six ideas selected, one rejected, one deferred.
    today = timezone.localdate()
    published = rounds.round_create(
        actor=staff,
        name=PUBLISHED_ROUND,
        starts_on=today - dt.timedelta(days=120),
        ends_on=today - dt.timedelta(days=100),
        budget_cap=3_000_000_000,
    )
    ideas = []
    for title, summary, slug, outcome, steps in PUBLISHED_IDEAS:
        idea = _idea(title, summary, slug, author, days_in_review=130)
        _agree(idea, voters)
        ideas.append((idea, outcome, steps))
    rounds.round_add_proposals(
        review_round=published, proposals=[i for i, _o, _s in ideas], actor=staff
    )
    _panel(published, staff, reviewers[1:] + reviewers[:1])
    assignments.round_assign(review_round=published, actor=staff)
    rounds.round_open(review_round=published, actor=staff)
    _score_all(published, rng)
    rounds.round_close(review_round=published, actor=staff)
    for idea, outcome, _steps in ideas:
        decisions.decision_record(
            review_round=published,
            proposal=idea,
            actor=staff,
            outcome=outcome,
            rationale={
                Decision.Outcome.SELECTED: "시민 편익이 크고 바로 실행할 수 있어 채택합니다. "
                "/ Selected: a clear benefit that can be delivered now.",
                Decision.Outcome.REJECTED: "비용이 너무 커서 채택하지 않습니다. "
                "/ Not selected: the cost is far too high.",
                Decision.Outcome.DEFERRED: "예산 확보 후 다음 심사에서 다시 봅니다. "
                "/ Deferred until the budget is known.",
            }[outcome],
            department="서울시 도시기반시설본부" if outcome == "selected" else "",
            budget=rng.randrange(100, 900) * 1_000_000
            if outcome == "selected"
            else None,
            cost_estimate=rng.randrange(100, 900) * 1_000_000,
        )
    # Ideas that other demo data left deferred joined the round too: defer them again.
    for entry in published.entries.exclude(
        proposal__in=[idea for idea, _o, _s in ideas]
    ).select_related("proposal"):
        decisions.decision_record(
            review_round=published,
            proposal=entry.proposal,
            actor=staff,
            outcome=Decision.Outcome.DEFERRED,
            rationale="부지 검토 후 다음 심사에서 다시 봅니다. "
            "/ Deferred until the site survey is done.",
        )
    publishing.round_publish(review_round=published, actor=staff)

    # A round in progress: the deferred idea returns, three new ones join.
    in_progress = rounds.round_create(
        actor=staff,
        name=OPEN_ROUND,
        starts_on=today - dt.timedelta(days=5),
        ends_on=today + dt.timedelta(days=14),
        budget_cap=2_000_000_000,
    )
    fresh = [
        _idea(title, summary, slug, citizen2 or author, days_in_review=10)
        for title, summary, slug in OPEN_IDEAS
    ]
    rounds.round_add_proposals(review_round=in_progress, proposals=fresh, actor=staff)
    _panel(in_progress, staff, reviewers[:4])
    assignments.round_assign(review_round=in_progress, actor=staff)
    rounds.round_open(review_round=in_progress, actor=staff)
    # The other reviewers have submitted, so the demo reviewer sees their scores after
    # submitting; one of the demo reviewer's assignments stays to be done.
    _score_all(in_progress, rng, skip={DEMO_REVIEWER})

    # An idea waiting too long for its answer.
    _idea(*LATE_IDEA, author, days_in_review=40)
    assigned = Assignment.objects.filter(
        round=in_progress, reviewer__email=DEMO_REVIEWER
    ).count()
    stdout.write(
        f"  reviews: 2 rounds, {len(PUBLISHED_IDEAS) + len(OPEN_IDEAS) + 1} ideas, "
        f"{assigned} assignments for {DEMO_REVIEWER}"
    )
