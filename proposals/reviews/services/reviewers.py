"""Who reviews: members of the reviewers group and their default stakeholder group."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from oasis.accounts.models import REVIEWERS_GROUP
from oasis.core.audit import audit_record
from proposals.reviews.models import ReviewerProfile, StakeholderGroup


@transaction.atomic
def reviewer_profile_set(
    *, user, default_group: str, organisation: str = "", actor=None
) -> ReviewerProfile:
    """Make `user` a reviewer (member of the reviewers group) with a default group."""
    group, _created = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    user.groups.add(group)
    profile, _created = ReviewerProfile.objects.update_or_create(
        user=user,
        defaults={
            "default_group": StakeholderGroup(default_group),
            "organisation": organisation,
        },
    )
    audit_record(
        actor=actor,
        action="reviews.reviewer_profile_set",
        target=profile,
        after={"default_group": profile.default_group},
    )
    return profile
