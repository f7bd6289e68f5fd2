"""Demo accounts (seed_demo). Their passwords are for local use only (README)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from oasis.accounts.models import REVIEWERS_GROUP, User
from oasis.accounts.phones import protect_phone
from oasis.core.models import District

DEMO_ACCOUNTS = [
    # email, password, display name, role, phone
    ("citizen@oasis.local", "oasis-citizen-2026", "김시민", "citizen", "010-0000-0001"),
    (
        "citizen2@oasis.local",
        "oasis-citizen-2026",
        "Jane Park",
        "citizen",
        "010-0000-0002",
    ),
    ("reviewer@oasis.local", "oasis-reviewer-2026", "이검토", "reviewer", None),
    ("staff@oasis.local", "oasis-staff-2026", "박담당", "staff", None),
]


def seed(stdout) -> None:
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    district = District.objects.filter(code="gangnam").first()
    for email, password, name, role, phone in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=password)
        user.display_name = name
        user.home_district = district
        user.preferred_language = "en" if name.isascii() else "ko"
        user.privacy_consent_at = user.privacy_consent_at or timezone.now()
        user.is_staff = user.is_superuser = role == "staff"
        if phone and not user.phone_hmac:
            protected = protect_phone(phone)
            user.phone_hmac = protected.hmac
            user.phone_encrypted = protected.encrypted
            user.phone_last_digits = protected.last_digits
            user.phone_verified_at = timezone.now()
        user.save()
        if role == "reviewer":
            user.groups.add(reviewers)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    stdout.write(f"  accounts: {', '.join(a[0] for a in DEMO_ACCOUNTS)}")
