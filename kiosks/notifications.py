"""Notification events of the kiosks app, registered from KiosksConfig.ready()."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from oasis.notifications.events import STAFF, Event, register


def _staff(context):
    return get_user_model().objects.filter(is_staff=True, is_active=True)


register(
    Event(
        name="kiosk.offline",
        group=STAFF,
        recipients=_staff,
        text=lambda ctx: (
            _("The kiosk %(kiosk)s has missed three heartbeats and is offline.")
            % {"kiosk": ctx["kiosk"]}
        ),
        target=lambda ctx: ctx["kiosk"],
        url=lambda ctx: reverse("admin:kiosks_kiosk_change", args=[ctx["kiosk"].pk]),
    )
)
