import datetime as dt

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from oasis.accounts.models import REVIEWERS_GROUP
from proposals.models import Stage
from proposals.reviews.models import (
    Assignment,
    ReviewerProfile,
    ReviewRound,
    RoundProposal,
    RoundReviewer,
    StakeholderGroup,
)
from proposals.reviews.services.rounds import criteria_create_defaults
from tests.accounts.factories import UserFactory
from tests.proposals.factories import ProposalFactory


class ReviewerFactory(UserFactory):
    """A member of the reviewers group with a profile (default group: expert)."""

    @factory.post_generation
    def reviewer_group(self, create, extracted, **kwargs):
        if not create:
            return
        group, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
        self.groups.add(group)
        ReviewerProfile.objects.get_or_create(
            user=self, defaults={"default_group": extracted or StakeholderGroup.EXPERT}
        )


class InReviewProposalFactory(ProposalFactory):
    stage = Stage.IN_REVIEW
    in_review_at = factory.LazyFunction(timezone.now)


class ReviewRoundFactory(factory.django.DjangoModelFactory):
    """A round with the default rubric; state draft unless given."""

    class Meta:
        model = ReviewRound
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Round {n}")
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    state = ReviewRound.State.DRAFT

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if create:
            criteria_create_defaults(review_round=self)


class RoundProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundProposal

    round = factory.SubFactory(ReviewRoundFactory)
    proposal = factory.SubFactory(InReviewProposalFactory)


class RoundReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundReviewer

    round = factory.SubFactory(ReviewRoundFactory)
    reviewer = factory.SubFactory(ReviewerFactory)
    group = StakeholderGroup.EXPERT


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    round = factory.SubFactory(ReviewRoundFactory, state=ReviewRound.State.OPEN)
    proposal = factory.SubFactory(InReviewProposalFactory)
    reviewer = factory.SubFactory(ReviewerFactory)
    group = StakeholderGroup.EXPERT
