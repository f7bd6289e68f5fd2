from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from oasis.accounts.privacy import register_deletion, register_export
        from proposals import checks, notifications, privacy  # noqa: F401

        register_export("proposals", privacy.export_proposals)
        register_export("comments", privacy.export_comments)
        register_export("follows", privacy.export_follows)
        register_deletion(privacy.delete_user_content)
