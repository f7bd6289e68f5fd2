"""Notification events of answers and implementation tracking."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from oasis.notifications.events import FOLLOWING, STAFF, Event, author_else, register
from proposals.reviews.audience import answer_audience

ANSWER_OVERDUE = "answer.overdue"

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


def _author_and_staff(ctx):
    return get_user_model().objects.filter(
        Q(pk=ctx["proposal"].author_id) | Q(is_staff=True, is_active=True)
    )


register(
    Event(
        name=ANSWER_OVERDUE,
        group=STAFF,
        group_of=author_else(STAFF),
        recipients=_author_and_staff,
        text=lambda ctx: (
            gettext(
                "The answer to the idea “%(title)s” is overdue: it was due on %(date)s."
            )
            % {
                "title": ctx["proposal"].title,
                "date": timezone.localdate(ctx["due_at"]).isoformat(),
            }
        ),
        target=lambda ctx: ctx["proposal"],
    )
)
