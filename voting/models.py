from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    KIOSK = "kiosk", _("Kiosk")


class Vote(models.Model):
    """One person's agreement with one proposal. Only voting.services writes it."""

    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="votes",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="votes",
    )
    channel = models.CharField(
        _("channel"), max_length=8, choices=Channel.choices, default=Channel.WEB
    )
    kiosk = models.ForeignKey(
        "kiosks.Kiosk",
        verbose_name=_("kiosk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="votes",
    )
    created_at = models.DateTimeField(_("agreed at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"], name="vote_one_per_person"
            )
        ]
        indexes = [
            models.Index(
                fields=["proposal", "created_at"], name="vote_proposal_time_idx"
            ),
            models.Index(fields=["created_at"], name="vote_time_idx"),
        ]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"
