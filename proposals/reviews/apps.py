from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "proposals.reviews"
    label = "reviews"
    verbose_name = _("Stakeholder review")

    def ready(self):
        from proposals.reviews import notifications  # noqa: F401  (registers events)
