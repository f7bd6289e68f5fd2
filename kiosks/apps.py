from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KiosksConfig(AppConfig):
    name = "kiosks"
    verbose_name = _("Kiosks")

    def ready(self):
        from kiosks import notifications  # noqa: F401  registers the events
        from kiosks.views import propose_handoff_submitted
        from proposals.hooks import on_proposal_submitted

        # A hand-off that led a phone to the idea form finishes when the idea is saved.
        on_proposal_submitted(propose_handoff_submitted)
