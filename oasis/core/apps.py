from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "oasis.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models import fields

        from oasis.core import checks  # noqa: F401  (registers the system checks)

        # The empty choice of every select (forms and admin) in our own words, so it is
        # translated in every language the site offers.
        fields.BLANK_CHOICE_LABEL = _("Choose one")
