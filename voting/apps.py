from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = _("Voting")

    def ready(self) -> None:
        from oasis.accounts import privacy
        from voting import notifications  # noqa: F401  (registers the events)
        from voting.selectors import user_votes_export

        # Agreements join the data export. Deleting an account keeps them: the
        # anonymised user row stays their owner, so counts do not change.
        privacy.register_export("votes", user_votes_export)
