"""Notification events of the voting app (registered from VotingConfig.ready())."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from oasis.notifications.events import FOLLOWING, Event, register


def _voters(ctx):
    # The author and followers hear of the stage change from proposals; this tells the
    # people whose agreements carried the idea: those who agreed before it happened.
    return get_user_model().objects.filter(
        votes__proposal=ctx["proposal"], votes__created_at__lte=ctx["occurred_at"]
    )


register(
    Event(
        name="proposal.threshold_reached",
        group=FOLLOWING,
        recipients=_voters,
        text=lambda ctx: (
            _(
                "The idea “%(title)s” you agreed with reached %(threshold)s agreements and "
                "goes to review."
            )
            % {"title": ctx["proposal"].title, "threshold": ctx["proposal"].threshold}
        ),
        target=lambda ctx: ctx["proposal"],
    )
)
