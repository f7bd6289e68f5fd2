from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImplementationConfig(AppConfig):
    name = "proposals.implementation"
    label = "implementation"
    verbose_name = _("Answers and implementation")

    def ready(self):
        from proposals.implementation import notifications  # noqa: F401  (registers events)
        from proposals.implementation.services import answer_record
        from proposals.reviews.publication import on_decision_published

        # Review publishes decisions without importing this app; the public answer
        # record is kept here, in the publishing transaction.
        on_decision_published(answer_record)
