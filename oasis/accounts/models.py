from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REVIEWERS_GROUP = "reviewers"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **fields):
        email = self.normalize_email(email) if email else None
        user = self.model(email=email, **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Email is optional so that people known only by phone fit (DESIGN §4)."""

    email = models.EmailField(_("email address"), null=True, blank=True, unique=True)
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    home_district = models.ForeignKey(
        "core.District",
        verbose_name=_("home district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="ko"
    )
    # Phone: keyed hash for lookup and uniqueness, encrypted copy for sending SMS only,
    # last digits for display (DESIGN §4).
    phone_hmac = models.CharField(max_length=64, null=True, blank=True, unique=True)
    phone_encrypted = models.TextField(blank=True)
    phone_last_digits = models.CharField(
        _("phone (last digits)"), max_length=4, blank=True
    )
    phone_verified_at = models.DateTimeField(_("phone verified"), null=True, blank=True)
    privacy_consent_at = models.DateTimeField(
        _("privacy consent"), null=True, blank=True
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="accounts_user_email_ci_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        if self.anonymised_at:
            return str(_("(deleted account)"))
        if self.display_name:
            return self.display_name
        if self.email:
            return self.email.split("@", 1)[0]
        return str(_("Citizen"))

    @property
    def has_verified_phone(self) -> bool:
        return self.phone_verified_at is not None

    @property
    def is_reviewer(self) -> bool:
        return self.groups.filter(name=REVIEWERS_GROUP).exists()

    def clean(self):
        super().clean()
        if self.email:
            self.email = self.__class__.objects.normalize_email(self.email)
        else:
            self.email = None


class PhoneVerification(models.Model):
    """One SMS code sent to a phone number; the code is stored only hashed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="phone_verifications",
    )
    phone_hmac = models.CharField(max_length=64, db_index=True)
    phone_encrypted = models.TextField()
    phone_last_digits = models.CharField(max_length=4)
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("phone verification")
        verbose_name_plural = _("phone verifications")

    def __str__(self) -> str:
        return f"***{self.phone_last_digits}"
