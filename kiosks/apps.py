from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KiosksConfig(AppConfig):
    name = "kiosks"
    verbose_name = _("Kiosks")

    def ready(self):
        from kiosks import notifications  # noqa: F401  registers the events
