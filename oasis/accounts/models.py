from typing import ClassVar

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
    """A person. Email is optional so that people known only by phone fit."""

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
    # last digits for display.
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
    REQUIRED_FIELDS: ClassVar[list[str]] = []

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


class PhoneCode(models.Model):
    """One code texted to a phone number: to verify it for an account, or to agree with
    a proposal from a kiosk. The code is stored only hashed."""

    class Purpose(models.TextChoices):
        ACCOUNT_VERIFICATION = "account", _("verify an account's phone")
        KIOSK_AGREEMENT = "kiosk", _("agree at a kiosk")

    purpose = models.CharField(_("purpose"), max_length=8, choices=Purpose.choices)
    # Account verification: the account asking. Kiosk agreement: who held the number
    # when the code was sent; empty means a phone-only user is made on success.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="phone_codes",
    )
    kiosk = models.ForeignKey(
        "kiosks.Kiosk",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="phone_codes",
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    phone_hmac = models.CharField(max_length=64, db_index=True)
    phone_encrypted = models.TextField()
    phone_last_digits = models.CharField(max_length=4)
    language = models.CharField(max_length=8, default="ko")
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        purpose="account", kiosk__isnull=True, proposal__isnull=True
                    )
                    | models.Q(
                        purpose="kiosk", kiosk__isnull=False, proposal__isnull=False
                    )
                ),
                name="phone_code_purpose_fields",
            ),
        ]
        verbose_name = _("phone code")
        verbose_name_plural = _("phone codes")

    def __str__(self) -> str:
        return f"***{self.phone_last_digits}"
