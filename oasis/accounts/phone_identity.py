"""People known only by their phone (kiosk SMS agreements), and merging them into a web
account that later verifies the same phone, so that one person counts once."""

from django.apps import apps
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from oasis.accounts.models import PhoneCode, User
from oasis.accounts.phones import ProtectedPhone
from oasis.core.audit import audit_record


def is_phone_only(user: User) -> bool:
    """A passwordless account without email: it exists only through its phone. A deleted
    (anonymised) account is not one: its phone hash guards against voting twice."""
    return (
        not user.email
        and not user.has_usable_password()
        and not user.is_staff
        and user.anonymised_at is None
    )


def phone_user_for(*, phone_hmac: str) -> User | None:
    return User.objects.filter(phone_hmac=phone_hmac).first()


def phone_user_get_or_create(
    *, protected: ProtectedPhone, language: str = "ko"
) -> tuple[User, bool]:
    """The user holding this phone, or a new passwordless one whose phone is verified
    (the caller has just checked an SMS code sent to it)."""
    user = phone_user_for(phone_hmac=protected.hmac)
    if user is not None:
        return user, False
    now = timezone.now()
    user = User(
        email=None,
        phone_hmac=protected.hmac,
        phone_encrypted=protected.encrypted,
        phone_last_digits=protected.last_digits,
        phone_verified_at=now,
        privacy_consent_at=now,
        preferred_language=language,
    )
    user.set_unusable_password()
    user.save()
    return user, True


@transaction.atomic
def phone_user_merge(*, source: User, target: User) -> dict[str, int]:
    """Move the phone-only `source`'s agreements to `target`, drop the duplicates, recount
    the affected proposals and delete `source`; audited. Returns what was moved."""
    vote_model = apps.get_model("voting", "Vote")
    proposal_model = apps.get_model("proposals", "Proposal")
    votes = vote_model.objects.filter(user=source)
    proposal_ids = sorted(set(votes.values_list("proposal_id", flat=True)))
    # Lock the proposals in a stable order, as vote_cast does, before touching counts.
    list(
        proposal_model.objects.select_for_update()
        .filter(pk__in=proposal_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    already = vote_model.objects.filter(user=target, proposal_id__in=proposal_ids)
    duplicates, _ = votes.filter(proposal_id__in=already.values("proposal_id")).delete()
    moved = votes.update(user=target)
    if duplicates:
        counted = (
            vote_model.objects.filter(proposal=OuterRef("pk"))
            .order_by()
            .values("proposal")
            .annotate(n=Count("pk"))
            .values("n")
        )
        proposal_model.objects.filter(pk__in=proposal_ids).update(
            vote_count=Coalesce(Subquery(counted), 0)
        )
    PhoneCode.objects.filter(
        user=source, purpose=PhoneCode.Purpose.ACCOUNT_VERIFICATION
    ).delete()
    result = {"votes_moved": moved, "duplicates_dropped": duplicates}
    audit_record(
        actor=target,
        action="account.merge_phone_user",
        target=target,
        before={"merged_user": source.pk},
        after=result,
    )
    source.delete()
    return result
