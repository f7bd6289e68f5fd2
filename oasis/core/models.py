from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """When a row was created and last saved."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class BilingualNameMixin(models.Model):
    """Reference data carries a Korean and an English name."""

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
    """An append-only record of a staff action or a stage transition.

    On PostgreSQL a trigger refuses every UPDATE and DELETE of a row, with one exception:
    an UPDATE that only clears `actor_id`. That is what removing a user row does
    (`on_delete=SET_NULL`), so an admin can still hard-delete an account; `actor_label`,
    written with the row, keeps who acted readable afterwards. A foreign key without a
    database constraint (DO_NOTHING) would avoid that UPDATE, but would leave keys
    pointing at no row, which every page that shows `actor` would then trip over.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who acted, as it read when the entry was written (see audit_record).
    actor_label = models.CharField(_("actor label"), max_length=254, blank=True)
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

    @property
    def actor_shown(self) -> str:
        """The acting person as staff see it; empty for the system."""
        if self.actor is not None:
            return self.actor.email or self.actor.public_name
        return self.actor_label
