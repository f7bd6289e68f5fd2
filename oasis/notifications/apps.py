from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "oasis.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from oasis.accounts.privacy import register_deletion, register_export
        from oasis.notifications import privacy

        register_export("notifications", privacy.export)
        register_deletion(privacy.delete)
