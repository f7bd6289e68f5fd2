"""Notification events of the proposals app (registered from ProposalsConfig.ready())."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from oasis.notifications.events import (
    ACCOUNT,
    OWN_CONTENT,
    STAFF,
    Event,
    register,
    register_visibility,
)
from proposals.lifecycle import is_publicly_visible
from proposals.models import Comment, Follow, Proposal, Stage

register_visibility(Proposal, is_publicly_visible)


def _stage_label(value: str) -> str:
    return str(Stage(value).label)


def _author_and_followers(ctx):
    proposal = ctx["proposal"]
    return get_user_model().objects.filter(
        Q(pk=proposal.author_id)
        | Q(pk__in=Follow.objects.filter(proposal=proposal).values("user_id"))
    )


register(
    Event(
        name="proposal.stage_changed",
        group=OWN_CONTENT,
        recipients=_author_and_followers,
        text=lambda ctx: (
            _("The idea “%(title)s” is now: %(stage)s")
            % {"title": ctx["proposal"].title, "stage": _stage_label(ctx["to_stage"])}
        ),
        target=lambda ctx: ctx["proposal"],
    )
)


def _reply_recipients(ctx):
    """The thread's first comment's author and the author of the answered reply."""
    return [ctx["parent"].author, ctx["replied_to"].author]


def _comment_created_recipients(ctx):
    author = ctx["proposal"].author
    # The proposal's author, unless they hear about this comment as a reply already.
    if ctx.get("replied_to") is not None and author.pk in {
        ctx["comment"].parent.author_id,
        ctx["replied_to"].author_id,
    }:
        return []
    return [author]


register(
    Event(
        name="comment.created",
        group=OWN_CONTENT,
        recipients=_comment_created_recipients,
        text=lambda ctx: (
            _("%(name)s commented on your idea “%(title)s”")
            % {
                "name": ctx["comment"].author.public_name,
                "title": ctx["proposal"].title,
            }
        ),
        target=lambda ctx: ctx["comment"],
    )
)

register(
    Event(
        name="comment.reply",
        group=OWN_CONTENT,
        recipients=_reply_recipients,
        text=lambda ctx: (
            _("%(name)s replied to your comment on “%(title)s”")
            % {
                "name": ctx["comment"].author.public_name,
                "title": ctx["proposal"].title,
            }
        ),
        target=lambda ctx: ctx["comment"],
    )
)


def _moderation_text(ctx) -> str:
    target = ctx["target"]
    if isinstance(target, Comment):
        if ctx["hidden"]:
            return _("Your comment on “%(title)s” was hidden: %(reason)s") % {
                "title": target.proposal.title,
                "reason": target.hidden_reason,
            }
        return _("Your comment on “%(title)s” is visible again.") % {
            "title": target.proposal.title
        }
    if ctx["hidden"]:
        return _("Your idea “%(title)s” was hidden: %(reason)s") % {
            "title": target.title,
            "reason": target.hidden_reason,
        }
    return _("Your idea “%(title)s” is visible again.") % {"title": target.title}


register(
    Event(
        name="moderation.outcome",
        group=ACCOUNT,
        recipients=lambda ctx: [ctx["target"].author],
        text=_moderation_text,
        target=lambda ctx: ctx["target"],
    )
)


def _auto_hidden_text(ctx) -> str:
    target = ctx["target"]
    if isinstance(target, Comment):
        return _(
            "A comment on “%(title)s” was hidden after %(count)d reports; "
            "please decide."
        ) % {"title": target.proposal.title, "count": ctx["reports"]}
    return _(
        "The idea “%(title)s” was hidden after %(count)d reports; please decide."
    ) % {
        "title": target.title,
        "count": ctx["reports"],
    }


register(
    Event(
        name="moderation.auto_hidden",
        group=STAFF,
        recipients=lambda ctx: get_user_model().objects.filter(
            is_staff=True, is_active=True
        ),
        text=_auto_hidden_text,
        target=lambda ctx: ctx["target"],
    )
)
