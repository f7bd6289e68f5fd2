"""Notification events of stakeholder review, and of its published answers."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from oasis.notifications.events import FOLLOWING, REVIEW, Event, register
from proposals.reviews.audience import answer_audience

register(
    Event(
        name="review.assigned",
        group=REVIEW,
        recipients=lambda ctx: [ctx["reviewer"]],
        text=lambda ctx: (
            ngettext(
                "You have %(count)d new proposal to review in “%(round)s”.",
                "You have %(count)d new proposals to review in “%(round)s”.",
                ctx["count"],
            )
            % {"count": ctx["count"], "round": ctx["round"].name}
        ),
        target=lambda ctx: ctx["round"],
        url=lambda ctx: reverse("reviews:dashboard"),
    )
)

register(
    Event(
        name="review.due_soon",
        group=REVIEW,
        recipients=lambda ctx: [ctx["reviewer"]],
        text=lambda ctx: (
            ngettext(
                "%(count)d review in “%(round)s” is due on %(date)s.",
                "%(count)d reviews in “%(round)s” are due on %(date)s.",
                ctx["count"],
            )
            % {
                "count": ctx["count"],
                "round": ctx["round"].name,
                "date": ctx["round"].ends_on.isoformat(),
            }
        ),
        target=lambda ctx: ctx["round"],
        url=lambda ctx: reverse("reviews:dashboard"),
    )
)

register(
    Event(
        name="answer.published",
        group=FOLLOWING,
        # Publishing a decision changes the idea's stage: its author and followers
        # hear of it through "proposal.stage_changed".
        recipients=lambda ctx: answer_audience(ctx["proposal"], stage_changed=True),
        text=lambda ctx: (
            {
                "selected": _("“%(title)s” was selected for realisation."),
                "rejected": _("“%(title)s” was not selected. Read the answer."),
                "deferred": _("“%(title)s” was deferred to the next review round."),
            }[ctx["decision"].outcome]
            % {"title": ctx["proposal"].title}
        ),
        target=lambda ctx: ctx["proposal"],
    )
)
