from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualNameMixin(models.Model):
    """Reference data carries a Korean and an English name (DESIGN §9)."""

    name_ko = models.CharField(_("Korean name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return (
            self.name_en if (get_language() or "ko").startswith("en") else self.name_ko
        )


class District(BilingualNameMixin):
    """One of Seoul's 25 autonomous districts (gu), seeded by a data migration."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    # Position on the 7×7 tile map used by the public statistics.
    tile_row = models.PositiveSmallIntegerField(_("tile row"), default=0)
    tile_col = models.PositiveSmallIntegerField(_("tile column"), default=0)

    class Meta:
        ordering = ["name_ko"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class AuditEvent(models.Model):
    """An append-only record of a staff action or a stage transition."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("target type"), max_length=64, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=200, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"
