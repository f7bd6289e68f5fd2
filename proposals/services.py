"""Every write to proposals, comments, follows and reports.

Only proposal_transition() changes the stage of a proposal; counters change with F()
inside the writing transaction; audit entries and notifications share that transaction.
"""

import datetime as dt
import io
from functools import partial
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image

from oasis.core.audit import audit_record
from oasis.core.errors import (
    Conflict,
    DomainError,
    InvalidTransition,
    NotAllowed,
    StaleEdit,
)
from oasis.core.images import InvalidImage, image_clean, random_file_name
from oasis.core.tasks import enqueue_after_commit
from oasis.notifications.services import dispatch
from proposals import lifecycle, search
from proposals.models import (
    MAX_IMAGES_PER_PROPOSAL,
    Comment,
    CommentHelpful,
    Follow,
    Proposal,
    ProposalImage,
    ProposalVersion,
    Report,
    Stage,
    StageChange,
)

# --- Lifecycle (the stages and moves are proposals.lifecycle's) ---------------------

VERSIONED_FIELDS = ("title", "summary", "problem", "solution", "benefit")
EDITABLE_FIELDS = (
    *VERSIONED_FIELDS,
    "language",
    "category",
    "district",
    "place_name",
    "latitude",
    "longitude",
)
COMMENT_EDIT_WINDOW = dt.timedelta(minutes=15)
# Open reports from this many different people hide an idea or a comment until staff
# decide (moderation_unhide restores it).
REPORTS_TO_HIDE = 3
SEOUL = ZoneInfo("Asia/Seoul")


def _lock(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _sync(target: Proposal | Comment, source: Proposal | Comment, fields) -> None:
    for name in fields:
        setattr(target, name, getattr(source, name))


@transaction.atomic
def proposal_transition(
    *, proposal: Proposal, to: Stage, actor, reason: str = ""
) -> Proposal:
    """Move a proposal to another stage, if the lifecycle allows it; raise InvalidTransition.

    Records a StageChange, an audit entry and the notification event in one transaction.
    """
    locked = _lock(proposal)
    from_stage = locked.stage
    to = Stage(to)
    if not lifecycle.transition_allowed(from_stage, to):
        raise InvalidTransition(
            _("An idea cannot move from “%(from)s” to “%(to)s”.")
            % {"from": Stage(from_stage).label, "to": to.label}
        )
    reason = (reason or "").strip()
    below_threshold = (
        from_stage == Stage.OPEN
        and to == Stage.IN_REVIEW
        and locked.vote_count < (locked.threshold or 0)
    )
    # The staff agenda panel may advance a below-threshold idea, in public.
    if below_threshold and (actor is None or not actor.is_staff or not reason):
        raise InvalidTransition(
            _(
                "An idea below its threshold goes to review only by the staff "
                "agenda panel, with a written public reason."
            )
        )
    now = timezone.now()
    fields = ["stage", "updated_at"]
    locked.stage = to
    locked.updated_at = now
    if to == Stage.IN_REVIEW:
        locked.in_review_at = now
        fields.append("in_review_at")
    locked.save(update_fields=fields)
    _sync(proposal, locked, [*fields, "vote_count", "threshold"])
    StageChange.objects.create(
        proposal=locked,
        from_stage=from_stage,
        to_stage=to,
        actor=actor if actor is not None and actor.is_authenticated else None,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action="proposal.transition",
        target=locked,
        before={"stage": from_stage},
        after={"stage": str(to), **({"reason": reason} if reason else {})},
    )
    dispatch(
        "proposal.stage_changed",
        proposal=locked,
        from_stage=from_stage,
        to_stage=str(to),
        actor=actor,
    )
    return proposal


def voting_deadline(*, window_days: int, today: dt.date | None = None) -> dt.datetime:
    """The end of the day, in Seoul, `window_days` after today."""
    today = today or timezone.localdate(timezone=SEOUL)
    last_day = today + dt.timedelta(days=window_days)
    return dt.datetime.combine(last_day, dt.time.max, tzinfo=SEOUL)


def _require_author(proposal: Proposal, actor) -> None:
    if actor is None or proposal.author_id != actor.pk:
        raise NotAllowed(_("Only the author can change this idea."))


@transaction.atomic
def proposal_create(*, author, **fields: Any) -> Proposal:
    """Save a new idea as a draft of its author."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown proposal fields: {sorted(unknown)}")
    proposal = Proposal(author=author, stage=Stage.DRAFT, **fields)
    proposal.full_clean()
    proposal.save()
    search.index_proposal(proposal)
    return proposal


@transaction.atomic
def proposal_publish(*, proposal: Proposal, actor) -> Proposal:
    """Open a draft for agreement; it keeps its category's threshold and window of today."""
    locked = _lock(proposal)
    _require_author(locked, actor)
    if locked.stage != Stage.DRAFT:
        raise InvalidTransition(_("Only a draft can be published."))
    category = locked.category
    locked.threshold = category.threshold
    locked.voting_ends_at = voting_deadline(window_days=category.window_days)
    locked.published_at = timezone.now()
    locked.save(update_fields=["threshold", "voting_ends_at", "published_at"])
    _sync(proposal, locked, ["threshold", "voting_ends_at", "published_at"])
    return proposal_transition(proposal=proposal, to=Stage.OPEN, actor=actor, reason="")


@transaction.atomic
def proposal_update(
    *, proposal: Proposal, actor, version: int | None = None, **fields: Any
) -> Proposal:
    """Change an idea's text while it is a draft or open; after the first agreement the
    earlier text is kept as a visible ProposalVersion. With `version` (the one the
    form was made from), an edit of an older version raises StaleEdit."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown proposal fields: {sorted(unknown)}")
    locked = _lock(proposal)
    _require_author(locked, actor)
    if locked.stage not in lifecycle.EDITABLE:
        raise NotAllowed(
            _("This idea can no longer be edited: it is %(stage)s.")
            % {"stage": Stage(locked.stage).label},
            code="locked",
        )
    if version is not None and version != locked.version:
        raise StaleEdit(current=locked)
    previous = {name: getattr(locked, name) for name in VERSIONED_FIELDS}
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.full_clean()
    text_changed = any(previous[name] != getattr(locked, name) for name in previous)
    if text_changed and locked.vote_count > 0:
        last = locked.versions.aggregate(last=Max("number"))["last"] or 0
        ProposalVersion.objects.create(proposal=locked, number=last + 1, **previous)
    locked.save()
    if text_changed:
        search.index_proposal(locked)
    _sync(proposal, locked, [*fields, "updated_at", "search_terms", "version"])
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor, reason: str = "") -> Proposal:
    """The author takes back an idea that is still a draft or open."""
    _require_author(proposal, actor)
    return proposal_transition(
        proposal=proposal, to=Stage.WITHDRAWN, actor=actor, reason=reason
    )


# --- Images --------------------------------------------------------------------------


@transaction.atomic
def proposal_image_add(
    *, proposal: Proposal, actor, file, alt_text: str
) -> ProposalImage:
    """Store a cleaned copy of an uploaded image (≤ 5 per idea); thumbnails follow."""
    from proposals.tasks import make_thumbnails

    locked = _lock(proposal)
    _require_author(locked, actor)
    if locked.stage not in lifecycle.EDITABLE:
        raise NotAllowed(_("Images can no longer be changed."), code="locked")
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise InvalidImage(
            _("Describe the image for people who cannot see it."),
            code="alt_text_required",
        )
    if len(alt_text) > 250:
        raise InvalidImage(
            _("The image description may be at most 250 characters."),
            code="alt_text_too_long",
        )
    count = locked.images.count()
    if count >= MAX_IMAGES_PER_PROPOSAL:
        raise InvalidImage(
            _("An idea may have at most %(count)d images.")
            % {"count": MAX_IMAGES_PER_PROPOSAL},
            code="too_many_images",
        )
    data, extension, width, height = image_clean(file)
    image = ProposalImage(
        proposal=locked,
        alt_text=alt_text,
        width=width,
        height=height,
        position=count,
    )
    image.image.save(random_file_name(extension), ContentFile(data), save=False)
    image.save()
    # An image without thumbnails is its own marker of pending work: if the broker is
    # down, the thumbnail sweep makes them later.
    enqueue_after_commit(make_thumbnails, image.pk)
    return image


@transaction.atomic
def proposal_image_delete(*, image: ProposalImage, actor) -> None:
    locked = _lock(image.proposal)
    _require_author(locked, actor)
    if locked.stage not in lifecycle.EDITABLE:
        raise NotAllowed(_("Images can no longer be changed."), code="locked")
    files = [
        f for f in (image.image, image.thumbnail_small, image.thumbnail_large) if f
    ]
    names = [(f.storage, cast(str, f.name)) for f in files]  # a file is truthy by name
    image.delete()

    def delete_files() -> None:
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)


@transaction.atomic
def proposal_submit(
    *,
    author,
    fields: dict[str, Any],
    image=None,
    alt_text: str = "",
    publish: bool = False,
) -> Proposal:
    """The submit form in one transaction: the draft, its first photo, and publishing."""
    proposal = proposal_create(author=author, **fields)
    if image is not None:
        proposal_image_add(
            proposal=proposal, actor=author, file=image, alt_text=alt_text
        )
    if publish:
        proposal_publish(proposal=proposal, actor=author)
    return proposal


THUMBNAIL_WIDTHS = {"thumbnail_small": 400, "thumbnail_large": 1200}


def image_make_thumbnails(*, image: ProposalImage) -> ProposalImage:
    """Write the ~400 px and ~1200 px wide WebP copies of an image (never upscaled)."""
    if image.thumbnail_small and image.thumbnail_large:
        return image  # a repeated task changes nothing
    with image.image.open("rb") as handle, Image.open(handle) as original:
        original.load()
        for field, width in THUMBNAIL_WIDTHS.items():
            copy = original.copy()
            if copy.width > width:
                height = max(1, round(copy.height * width / copy.width))
                copy = copy.resize((width, height), Image.Resampling.LANCZOS)
            if copy.mode not in ("RGB", "RGBA"):
                copy = copy.convert("RGBA" if "A" in copy.getbands() else "RGB")
            out = io.BytesIO()
            copy.save(out, format="WEBP", quality=80)
            getattr(image, field).save(
                random_file_name("webp"), ContentFile(out.getvalue()), save=False
            )
    image.save(update_fields=list(THUMBNAIL_WIDTHS))
    return image


# --- Comments ------------------------------------------------------------------------


def _require_discussable(proposal: Proposal) -> None:
    if proposal.stage == Stage.DRAFT or proposal.is_hidden:
        raise NotAllowed(_("This idea cannot be discussed."), code="not_discussable")


@transaction.atomic
def comment_create(
    *, proposal: Proposal, author, body: str, parent: Comment | None = None
) -> Comment:
    """Comment on an idea or reply to a comment; replies stay one level deep."""
    _require_discussable(proposal)
    body = (body or "").strip()
    replied_to = parent
    if parent is not None:
        if parent.proposal_id != proposal.pk:
            raise NotAllowed(_("This reply belongs to another idea."))
        if parent.parent_id is not None:
            # A reply to a reply joins the same thread, one level deep.
            parent = cast(Comment, parent.parent)
        if parent.is_deleted or parent.is_hidden:
            raise NotAllowed(_("This comment can no longer be answered."))
    comment = Comment(
        proposal=proposal,
        parent=parent,
        author=author,
        body=body,
        is_official=bool(author.is_staff),
    )
    comment.full_clean()
    comment.save()
    Proposal.objects.filter(pk=proposal.pk).update(comment_count=F("comment_count") + 1)
    dispatch(
        "comment.created",
        proposal=proposal,
        comment=comment,
        replied_to=replied_to,
        actor=author,
    )
    if parent is not None:
        dispatch(
            "comment.reply",
            proposal=proposal,
            comment=comment,
            parent=parent,
            replied_to=replied_to,
            actor=author,
        )
    return comment


def comment_is_editable(comment: Comment, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        not comment.is_deleted
        and not comment.is_hidden
        and now - comment.created_at <= COMMENT_EDIT_WINDOW
    )


@transaction.atomic
def comment_edit(
    *, comment: Comment, actor, body: str, version: int | None = None
) -> Comment:
    """The author corrects a comment within 15 minutes of writing it. With `version`
    (the one the form was made from), an edit of an older version raises StaleEdit."""
    if actor is None or comment.author_id != actor.pk:
        raise NotAllowed(_("Only the author can edit this comment."))
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    if not comment_is_editable(locked):
        raise NotAllowed(
            _("A comment can be edited only within 15 minutes."), code="edit_window"
        )
    if version is not None and version != locked.version:
        raise StaleEdit(current=locked)
    locked.body = (body or "").strip()
    locked.edited_at = timezone.now()
    locked.version += 1
    locked.full_clean()
    locked.save(update_fields=["body", "edited_at", "version"])
    for name in ("body", "edited_at", "version"):
        setattr(comment, name, getattr(locked, name))
    return comment


def _uncount(comment: Comment) -> None:
    Proposal.objects.filter(pk=comment.proposal_id, comment_count__gt=0).update(
        comment_count=F("comment_count") - 1
    )


@transaction.atomic
def comment_delete(*, comment: Comment, actor) -> Comment:
    """The author deletes a comment: a tombstone keeps the thread readable."""
    if actor is None or comment.author_id != actor.pk:
        raise NotAllowed(_("Only the author can delete this comment."))
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.is_deleted:
        return comment
    comment.is_deleted = True
    comment.body = ""
    comment.save(update_fields=["is_deleted", "body"])
    if not comment.is_hidden:
        _uncount(comment)
    return comment


@transaction.atomic
def comment_mark_helpful(*, comment: Comment, user) -> bool:
    """Up-vote a helpful comment once; returns False when already marked."""
    if comment.author_id == user.pk:
        raise NotAllowed(_("You cannot mark your own comment as helpful."))
    if comment.is_deleted or comment.is_hidden:
        raise NotAllowed(_("This comment can no longer be marked."))
    try:
        with transaction.atomic():
            CommentHelpful.objects.create(comment=comment, user=user)
    except IntegrityError:
        return False
    Comment.objects.filter(pk=comment.pk).update(helpful_count=F("helpful_count") + 1)
    comment.refresh_from_db(fields=["helpful_count"])
    return True


# --- Following -----------------------------------------------------------------------


@transaction.atomic
def proposal_follow(*, proposal: Proposal, user) -> bool:
    """Follow an idea to hear what happens to it; returns False when already following."""
    if proposal.stage == Stage.DRAFT:
        raise NotAllowed(_("A draft cannot be followed."))
    try:
        with transaction.atomic():
            Follow.objects.create(proposal=proposal, user=user)
    except IntegrityError:
        return False
    Proposal.objects.filter(pk=proposal.pk).update(
        follower_count=F("follower_count") + 1
    )
    return True


@transaction.atomic
def proposal_unfollow(*, proposal: Proposal, user) -> bool:
    deleted, _rows = Follow.objects.filter(proposal=proposal, user=user).delete()
    if deleted:
        Proposal.objects.filter(pk=proposal.pk, follower_count__gt=0).update(
            follower_count=F("follower_count") - 1
        )
    return bool(deleted)


follow = proposal_follow
unfollow = proposal_unfollow


# --- Reports and moderation ----------------------------------------------------------


@transaction.atomic
def report_create(
    *,
    reporter,
    reason: str,
    details: str = "",
    proposal: Proposal | None = None,
    comment: Comment | None = None,
) -> Report:
    """Report an idea or a comment; open reports from 3 different people hide it until
    staff decide."""
    if (proposal is None) == (comment is None):
        raise ValueError("Report exactly one of proposal or comment.")
    if reason not in Report.Reason.values:
        raise DomainError(_("Choose a reason."), code="invalid_reason")
    target = proposal if proposal is not None else cast(Comment, comment)
    if target.author_id == reporter.pk:
        raise NotAllowed(_("You cannot report your own content."))
    open_reports = Report.objects.filter(
        status=Report.Status.OPEN,
        **({"proposal": proposal} if proposal is not None else {"comment": comment}),
    )
    if open_reports.filter(reporter=reporter).exists():
        raise Conflict(_("You have already reported this."), code="already_reported")
    report = Report(
        reporter=reporter,
        reason=reason,
        details=(details or "").strip(),
        proposal=proposal,
        comment=comment,
    )
    report.full_clean()
    report.save()
    _auto_hide_when_reported(target, open_reports)
    return report


def _auto_hide_when_reported(target: Proposal | Comment, open_reports) -> None:
    """Hide an idea or a comment once enough different people reported it; audited,
    staff told."""
    model, _filter = _moderation_target(target)
    locked = model.objects.select_for_update().get(pk=target.pk)
    reporters = open_reports.values("reporter").distinct().count()
    if locked.is_hidden or reporters < REPORTS_TO_HIDE:
        return
    locked.is_hidden = True
    locked.hidden_reason = str(_("Hidden after reports, until staff decide."))
    locked.save(update_fields=["is_hidden", "hidden_reason"])
    if model is Comment and not locked.is_deleted:
        _uncount(locked)
    audit_record(
        actor=None,
        action="moderation.auto_hide",
        target=locked,
        before={"is_hidden": False},
        after={"is_hidden": True, "reports": reporters},
    )
    dispatch("moderation.auto_hidden", target=locked, reports=reporters)
    _list_cache_forget()
    _sync(target, locked, ["is_hidden", "hidden_reason"])


def _list_cache_forget() -> None:
    """After commit, the cached list pages are of an earlier generation."""
    from proposals.selectors import LIST_GENERATION_KEY

    def bump() -> None:
        try:
            cache.incr(LIST_GENERATION_KEY)
        except ValueError:
            cache.set(LIST_GENERATION_KEY, 1, None)

    transaction.on_commit(bump)


def _moderation_target(target) -> tuple[type[Any], dict[str, Any]]:
    if isinstance(target, Proposal):
        return Proposal, {"proposal": target}
    if isinstance(target, Comment):
        return Comment, {"comment": target}
    raise TypeError("Moderation applies to a proposal or a comment.")


@transaction.atomic
def moderation_hide(*, target: Proposal | Comment, actor, reason: str):
    """Staff hide an idea or a comment with a public reason; open reports are upheld."""
    if actor is None or not actor.is_staff:
        raise NotAllowed()
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason for hiding."), code="reason_required")
    model, report_filter = _moderation_target(target)
    locked = model.objects.select_for_update().get(pk=target.pk)
    was_hidden = locked.is_hidden
    before = {"is_hidden": was_hidden, "hidden_reason": locked.hidden_reason}
    locked.is_hidden = True
    locked.hidden_reason = reason[:300]
    locked.save(update_fields=["is_hidden", "hidden_reason"])
    if model is Comment and not was_hidden and not locked.is_deleted:
        _uncount(locked)
    Report.objects.filter(status=Report.Status.OPEN, **report_filter).update(
        status=Report.Status.UPHELD, resolved_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="moderation.hide",
        target=locked,
        before=before,
        after={"is_hidden": True, "hidden_reason": locked.hidden_reason},
    )
    dispatch("moderation.outcome", target=locked, hidden=True, actor=actor)
    _list_cache_forget()
    _sync(target, locked, ["is_hidden", "hidden_reason"])
    return target


@transaction.atomic
def moderation_unhide(*, target: Proposal | Comment, actor, reason: str = ""):
    """Staff restore an idea or a comment; open reports about it are dismissed."""
    if actor is None or not actor.is_staff:
        raise NotAllowed()
    model, report_filter = _moderation_target(target)
    locked = model.objects.select_for_update().get(pk=target.pk)
    was_hidden = locked.is_hidden
    before = {"is_hidden": was_hidden, "hidden_reason": locked.hidden_reason}
    locked.is_hidden = False
    locked.hidden_reason = ""
    locked.save(update_fields=["is_hidden", "hidden_reason"])
    if model is Comment and was_hidden and not locked.is_deleted:
        Proposal.objects.filter(pk=locked.proposal_id).update(
            comment_count=F("comment_count") + 1
        )
    Report.objects.filter(status=Report.Status.OPEN, **report_filter).update(
        status=Report.Status.DISMISSED, resolved_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="moderation.unhide",
        target=locked,
        before=before,
        after={"is_hidden": False, **({"reason": reason} if reason else {})},
    )
    if was_hidden:
        dispatch("moderation.outcome", target=locked, hidden=False, actor=actor)
        _list_cache_forget()
    _sync(target, locked, ["is_hidden", "hidden_reason"])
    return target


@transaction.atomic
def report_dismiss(*, report: Report, actor) -> Report:
    """Staff find a report unfounded; the content stays as it is."""
    if actor is None or not actor.is_staff:
        raise NotAllowed()
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.OPEN:
        return report
    report.status = Report.Status.DISMISSED
    report.resolved_at = timezone.now()
    report.save(update_fields=["status", "resolved_at"])
    audit_record(
        actor=actor,
        action="moderation.report_dismiss",
        target=report,
        before={"status": Report.Status.OPEN},
        after={"status": Report.Status.DISMISSED},
    )
    return report


# --- Privacy -------------------------------------------------------------------------


def user_content_anonymise(user) -> None:
    """Account deletion keeps ideas and comments; the anonymised user row already shows
    "(deleted account)". Follows are personal and go (counters follow); drafts, never
    public, go too."""
    for follow_row in Follow.objects.filter(user=user).select_related("proposal"):
        proposal_unfollow(proposal=follow_row.proposal, user=user)
    drafts = Proposal.objects.filter(author=user, stage=Stage.DRAFT)
    for image in ProposalImage.objects.filter(proposal__in=drafts):
        for field in (image.image, image.thumbnail_small, image.thumbnail_large):
            if field:
                name, storage = field.name, field.storage
                transaction.on_commit(partial(storage.delete, cast(str, name)))
    drafts.delete()
