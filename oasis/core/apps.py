from django.apps import AppConfig
from django.db.models import fields
from django.utils.translation import gettext_lazy as _

# The empty choice of every select (forms and admin) in our own words, so it is
# translated in every language the site offers. Set when the app configs are imported,
# before any ready() imports a form class (form fields take the label when defined).
fields.BLANK_CHOICE_LABEL = _("Choose one")


class CoreConfig(AppConfig):
    name = "oasis.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from oasis.core import checks  # noqa: F401  (registers the system checks)
