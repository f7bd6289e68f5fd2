from django.db import models
from django.utils.translation import gettext_lazy as _


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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["station", "name"]
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")

    def __str__(self) -> str:
        return f"{self.station} · {self.name}"
