"""Writes of the staff console: role changes and staff actions on the outbox.

Every staff action leaves an AuditEvent in its own transaction (oasis/core/audit.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from oasis.accounts.models import REVIEWERS_GROUP
from oasis.core.audit import audit_record, require_staff
from oasis.core.errors import DomainError, NotAllowed
from oasis.notifications.services import deliveries_retry
from proposals.reviews.models import ReviewerProfile
from proposals.reviews.services.reviewers import reviewer_profile_set

# --- Roles ---------------------------------------------------------------------------


@transaction.atomic
def reviewer_role_grant(*, user, actor, default_group: str, organisation: str = ""):
    """Make `user` a reviewer (the reviewers group) standing for a stakeholder group."""
    require_staff(actor)
    was_reviewer = user.groups.filter(name=REVIEWERS_GROUP).exists()
    profile = reviewer_profile_set(
        user=user,
        default_group=default_group,
        organisation=organisation,
        actor=actor,
    )
    audit_record(
        actor=actor,
        action="staff.reviewer_role_grant",
        target=user,
        before={"reviewer": was_reviewer},
        after={"reviewer": True, "default_group": profile.default_group},
    )
    return profile


@transaction.atomic
def reviewer_role_revoke(*, user, actor) -> bool:
    """Take `user` out of the reviewers group; returns False if they were not in it.

    Their earlier assignments and scores stay (the rounds' records); they get no new ones.
    """
    require_staff(actor)
    group = Group.objects.filter(name=REVIEWERS_GROUP).first()
    if group is None or not user.groups.filter(pk=group.pk).exists():
        return False
    profile = ReviewerProfile.objects.filter(user=user).first()
    user.groups.remove(group)
    before: dict[str, object] = {"reviewer": True}
    if profile is not None:
        before["default_group"] = profile.default_group
        profile.delete()
    audit_record(
        actor=actor,
        action="staff.reviewer_role_revoke",
        target=user,
        before=before,
        after={"reviewer": False},
    )
    return True


@transaction.atomic
def staff_role_set(*, user, actor, is_staff: bool) -> bool:
    """Grant or take away staff status; only superusers may, and never their own.

    Returns whether anything changed.
    """
    if actor is None or not actor.is_authenticated or not actor.is_superuser:
        raise NotAllowed(_("Only superusers change who is staff."))
    if user.pk == actor.pk:
        raise DomainError(
            _("You cannot change your own staff status."), code="own_account"
        )
    locked = type(user).objects.select_for_update().get(pk=user.pk)
    if locked.is_staff == is_staff:
        return False
    locked.is_staff = is_staff
    locked.save(update_fields=["is_staff"])
    user.is_staff = is_staff
    audit_record(
        actor=actor,
        action="staff.staff_role_grant" if is_staff else "staff.staff_role_revoke",
        target=locked,
        before={"is_staff": not is_staff},
        after={"is_staff": is_staff},
    )
    return True


@transaction.atomic
def deliveries_retry_by_staff(*, delivery_ids: Iterable[int], actor) -> int:
    """Staff put failed deliveries back in the outbox (audited)."""
    require_staff(actor)
    ids = list(delivery_ids)
    count = deliveries_retry(delivery_ids=ids)
    audit_record(
        actor=actor,
        action="notifications.deliveries_retry",
        after={"deliveries": ids[:200], "queued": count},
    )
    return count
