"""Overdue answers: an idea in review is owed an answer within
REVIEW_ANSWER_DUE_DAYS of entering review (proposals.reviews.models says when it is due).

The event is a fallback (register_default): if the proposals or review app registers its
own "answer.overdue", theirs is used. The daily check tells the author and staff once per
stay in review.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from oasis.notifications.events import STAFF, Event, author_else, register_default
from oasis.notifications.models import NotificationEvent

EVENT = "answer.overdue"


def _author_and_staff(ctx):
    return get_user_model().objects.filter(
        Q(pk=ctx["proposal"].author_id) | Q(is_staff=True, is_active=True)
    )


register_default(
    Event(
        name=EVENT,
        group=STAFF,
        group_of=author_else(STAFF),
        recipients=_author_and_staff,
        text=lambda ctx: (
            _("The answer to the idea “%(title)s” is overdue: it was due on %(date)s.")
            % {
                "title": ctx["proposal"].title,
                "date": timezone.localdate(ctx["due_at"]).isoformat(),
            }
        ),
        target=lambda ctx: ctx["proposal"],
    )
)


def overdue_answers_notify() -> int:
    """Dispatch answer.overdue once for each idea in review past its due date."""
    from oasis.notifications.services import dispatch
    from proposals.models import Proposal
    from proposals.reviews.models import answer_due_at, answer_overdue_q

    overdue = list(Proposal.objects.filter(answer_overdue_q()).select_related("author"))
    last_told = dict(
        NotificationEvent.objects.filter(
            name=EVENT,
            target_type=Proposal._meta.label_lower,
            target_id__in=[str(proposal.pk) for proposal in overdue],
        )
        .values("target_id")
        .annotate(last=Max("created_at"))
        .values_list("target_id", "last")
    )
    count = 0
    for proposal in overdue:
        told_at = last_told.get(str(proposal.pk))
        if told_at is not None and told_at >= proposal.in_review_at:
            continue
        with transaction.atomic():
            dispatch(
                EVENT,
                proposal=proposal,
                due_at=answer_due_at(proposal.in_review_at),
            )
        count += 1
    return count
