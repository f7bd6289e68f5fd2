import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from oasis.accounts.models import User

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    preferred_language = "ko"
    privacy_consent_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        """Users have a verified primary address unless verified_email=False."""
        if not create:
            return
        self.save()
        if extracted is not False and self.email:
            EmailAddress.objects.create(
                user=self, email=self.email, verified=True, primary=True
            )


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True
