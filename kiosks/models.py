from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# A kiosk beats every 60 s; three missed beats mean it is offline.
HEARTBEAT_SECONDS = 60
MISSED_BEATS_OFFLINE = 3


class Kiosk(models.Model):
    """A touch terminal in a metro station. It authenticates as a device, never as a User."""

    name = models.CharField(_("name"), max_length=100)
    station = models.CharField(_("station"), max_length=100)
    line = models.CharField(_("line"), max_length=40, blank=True)
    district = models.ForeignKey(
        "core.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="kiosks",
    )
    location = models.CharField(
        _("location in the station"), max_length=200, blank=True
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    screen_width = models.PositiveIntegerField(_("screen width (px)"), default=1080)
    screen_height = models.PositiveIntegerField(_("screen height (px)"), default=1920)
    is_active = models.BooleanField(_("active"), default=True)
    # Only a hash of the device credential is stored.
    credential_hash = models.CharField(max_length=64, blank=True, db_index=True)
    enrolled_at = models.DateTimeField(_("enrolled"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    app_version = models.CharField(_("app version"), max_length=40, blank=True)
    config_version_applied = models.PositiveIntegerField(
        _("config version applied"), default=0
    )
    uptime_seconds = models.PositiveIntegerField(_("uptime (s)"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["station", "name"]
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")

    def __str__(self) -> str:
        return f"{self.station} · {self.name}"

    @property
    def is_enrolled(self) -> bool:
        return bool(self.credential_hash) and self.revoked_at is None

    @property
    def status(self) -> str:
        """online / offline / revoked / not_enrolled, for staff screens."""
        if self.revoked_at is not None:
            return "revoked"
        if not self.credential_hash:
            return "not_enrolled"
        return "online" if self.is_online else "offline"


class EnrollmentCode(models.Model):
    """A one-time code a device exchanges for its credential; stored only hashed."""

    kiosk = models.ForeignKey(
        Kiosk, on_delete=models.CASCADE, related_name="enrollment_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("enrollment code")
        verbose_name_plural = _("enrollment codes")

    def __str__(self) -> str:
        return f"{self.kiosk} ({self.expires_at:%Y-%m-%d %H:%M})"


class KioskConfig(models.Model):
    """Remote configuration: one global row (kiosk empty) and optional per-kiosk rows
    that replace it for their kiosk. Every change gets a new, higher version."""

    kiosk = models.OneToOneField(
        Kiosk,
        verbose_name=_("kiosk"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="config_override",
        help_text=_("Leave empty for the configuration of every kiosk."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    idle_timeout_seconds = models.PositiveSmallIntegerField(
        _("idle timeout (s)"),
        default=60,
        validators=[MinValueValidator(30), MaxValueValidator(600)],
    )
    default_language = models.CharField(
        _("default language"), max_length=8, choices=settings.LANGUAGES, default="ko"
    )
    agree_by_handoff = models.BooleanField(_("agree on one's phone (QR)"), default=True)
    agree_by_sms = models.BooleanField(_("agree with an SMS code"), default=True)
    propose = models.BooleanField(_("start an idea (QR)"), default=True)
    audio_guidance = models.BooleanField(_("audio guidance"), default=True)
    message_ko = models.CharField(
        _("message of the day (Korean)"), max_length=200, blank=True
    )
    message_en = models.CharField(
        _("message of the day (English)"), max_length=200, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [models.F("kiosk").asc(nulls_first=True)]
        constraints = [
            # At most one global row (kiosk empty); the one-to-one covers the others.
            models.UniqueConstraint(
                Coalesce("kiosk", models.Value(0)), name="kiosk_config_one_per_scope"
            )
        ]
        verbose_name = _("kiosk configuration")
        verbose_name_plural = _("kiosk configurations")

    def __str__(self) -> str:
        scope = str(self.kiosk) if self.kiosk_id else str(_("all kiosks"))
        return f"{scope} v{self.version}"

    @property
    def message(self) -> str:
        english = (get_language() or "ko").startswith("en")
        return (self.message_en if english else self.message_ko) or self.message_ko

    @property
    def features(self) -> dict[str, bool]:
        return {
            "agree_by_handoff": self.agree_by_handoff,
            "agree_by_sms": self.agree_by_sms,
            "propose": self.propose,
            "audio_guidance": self.audio_guidance,
        }


class Handoff(models.Model):
    """A kiosk hands one action to a person's phone through a single-use QR token."""

    class Action(models.TextChoices):
        AGREE = "agree", _("Agree with a proposal")
        PROPOSE = "propose", _("Start an idea")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the phone")
        OPENED = "opened", _("Opened on a phone")
        COMPLETED = "completed", _("Completed")
        EXPIRED = "expired", _("Expired")

    kiosk = models.ForeignKey(Kiosk, on_delete=models.CASCADE, related_name="handoffs")
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    proposal = models.ForeignKey(
        "proposals.Proposal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # Only hashes: the token lives in the QR code, the binding in the phone's session.
    token_hash = models.CharField(max_length=64, unique=True)
    binding_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    open_by = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    finish_by = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # A machine-readable result shown by the kiosk: agreed, already_agreed, voting_closed,
    # proposal_saved, proposal_published …
    outcome = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hand-off")
        verbose_name_plural = _("hand-offs")

    def __str__(self) -> str:
        return f"{self.kiosk_id}:{self.action}:{self.pk}"

    def status_at(self, now=None) -> str:
        now = now or timezone.now()
        if self.completed_at is not None:
            return self.Status.COMPLETED
        if self.opened_at is None:
            return self.Status.PENDING if now <= self.open_by else self.Status.EXPIRED
        return self.Status.OPENED if now <= self.finish_by else self.Status.EXPIRED


class KioskUsage(models.Model):
    """Counts per kiosk and day; nothing about any person. Agreements are not counted
    here: they are the votes that carry the kiosk (selectors.kiosk_usage_with_agreements)."""

    kiosk = models.ForeignKey(Kiosk, on_delete=models.CASCADE, related_name="usage")
    day = models.DateField(_("day"))
    touch_sessions = models.PositiveIntegerField(_("touch sessions"), default=0)
    proposals_viewed = models.PositiveIntegerField(_("proposals viewed"), default=0)
    handoffs = models.PositiveIntegerField(_("hand-offs"), default=0)

    class Meta:
        ordering = ["-day", "kiosk"]
        constraints = [
            models.UniqueConstraint(fields=["kiosk", "day"], name="kiosk_usage_per_day")
        ]
        verbose_name = _("kiosk usage")
        verbose_name_plural = _("kiosk usage")

    def __str__(self) -> str:
        return f"{self.kiosk} {self.day}"
