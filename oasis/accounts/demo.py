"""Demo accounts (seed_demo), from oasis/core/demo/accounts.yaml, and the one way every
demo loader makes the passwordless demo people it needs."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from oasis.accounts.models import REVIEWERS_GROUP, User
from oasis.accounts.phones import protect_phone
from oasis.core.demo import demo_data
from oasis.core.models import District

DATA = demo_data("accounts")
DEMO_ACCOUNTS: list[dict] = DATA["accounts"]


def demo_person(email: str, display_name: str, language: str = "ko") -> User:
    """The passwordless demo person with this email, created with a verified address."""
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "display_name": display_name,
            "preferred_language": language,
            "privacy_consent_at": timezone.now(),
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def seed(stdout) -> None:
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    district = District.objects.filter(code=DATA["home_district"]).first()
    for account in DEMO_ACCOUNTS:
        email = account["email"]
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=account["password"])
        user.display_name = account["display_name"]
        user.home_district = district
        user.preferred_language = account["language"]
        user.privacy_consent_at = user.privacy_consent_at or timezone.now()
        user.is_staff = user.is_superuser = account["role"] == "staff"
        if account.get("phone") and not user.phone_hmac:
            protected = protect_phone(account["phone"])
            user.phone_hmac = protected.hmac
            user.phone_encrypted = protected.encrypted
            user.phone_last_digits = protected.last_digits
            user.phone_verified_at = timezone.now()
        user.save()
        if account["role"] == "reviewer":
            user.groups.add(reviewers)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    stdout.write(f"  accounts: {', '.join(a['email'] for a in DEMO_ACCOUNTS)}")
