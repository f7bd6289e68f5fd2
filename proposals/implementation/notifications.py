"""Notification events of implementation tracking."""

from django.utils.translation import gettext_lazy as _

from oasis.notifications.events import FOLLOWING, Event, register
from proposals.reviews.audience import answer_audience

register(
    Event(
        name="implementation.updated",
        group=FOLLOWING,
        recipients=lambda ctx: answer_audience(
            ctx["proposal"], stage_changed=ctx["stage_changed"]
        ),
        text=lambda ctx: (
            _("News on “%(title)s”: %(stage)s, %(progress)d%% done.")
            % {
                "title": ctx["proposal"].title,
                "stage": ctx["proposal"].get_stage_display(),
                "progress": ctx["update"].progress,
            }
        ),
        target=lambda ctx: ctx["proposal"],
    )
)
