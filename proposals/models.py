from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from oasis.core.models import BilingualNameMixin

DEFAULT_THRESHOLD = 50
DEFAULT_WINDOW_DAYS = 30


class Category(BilingualNameMixin):
    """A theme of ideas, with the agreement threshold and window its proposals copy."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    icon = models.CharField(
        _("icon"),
        max_length=40,
        blank=True,
        help_text=_("Name of an icon in static/img/icons/."),
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#1d5fa8",
        validators=[
            RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour such as #1d5fa8."))
        ],
    )
    threshold = models.PositiveIntegerField(
        _("agreement threshold"),
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(1)],
    )
    window_days = models.PositiveIntegerField(
        _("agreement window (days)"),
        default=DEFAULT_WINDOW_DAYS,
        validators=[MinValueValidator(1)],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "name_ko"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
