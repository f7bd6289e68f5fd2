"""Scores: a reviewer's drafts and submission, and staff corrections of frozen scores."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oasis.core.audit import audit_record, require_staff
from oasis.core.errors import Conflict, DomainError, NotAllowed
from proposals.reviews.models import (
    SCORE_MAX,
    SCORE_MIN,
    Assignment,
    ReviewRound,
    Score,
    ScoreCorrection,
)
from proposals.reviews.services.guards import (
    State,
    lock_round,
    require_state,
)


@transaction.atomic
def assignment_save(
    *,
    assignment: Assignment,
    actor,
    values: Mapping[int, int | None],
    comment_to_staff: str = "",
    public_remark: str = "",
    submit: bool = False,
) -> Assignment:
    """Save a reviewer's scores as a draft, or submit them (then every criterion is needed).

    values: criterion id → score 1–5 (None leaves the criterion unscored in a draft).
    """
    review_round = lock_round(assignment.round)
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if actor is None or locked.reviewer_id != actor.pk:
        raise NotAllowed()
    if locked.voided_at is not None:
        raise NotAllowed(_("This assignment is void because of a declared conflict."))
    if review_round.state != State.OPEN:
        raise Conflict(_("Scoring is closed for this round: the scores are frozen."))
    if locked.submitted_at is not None:
        raise Conflict(_("You have already submitted this review."))
    criteria = {c.pk: c for c in review_round.criteria.all()}
    cleaned: dict[int, int] = {}
    for criterion_id, value in values.items():
        if criterion_id not in criteria:
            raise DomainError(_("Unknown criterion."))
        if value is None or value == "":
            continue
        value = int(value)
        if not SCORE_MIN <= value <= SCORE_MAX:
            raise DomainError(_("Scores go from 1 to 5."))
        cleaned[criterion_id] = value
    existing = {score.criterion_id: score for score in locked.scores.all()}
    if submit:
        missing = [
            c for pk, c in criteria.items() if pk not in cleaned and pk not in existing
        ]
        if missing:
            raise DomainError(
                _("Score every criterion before submitting: %(names)s.")
                % {"names": ", ".join(c.name for c in missing)},
                code="incomplete",
            )
    for criterion_id, value in cleaned.items():
        score = existing.get(criterion_id)
        if score is None:
            Score.objects.create(
                assignment=locked, criterion_id=criterion_id, value=value
            )
        elif score.value != value:
            score.value = value
            score.save(update_fields=["value", "updated_at"])
    locked.comment_to_staff = comment_to_staff.strip()
    locked.public_remark = public_remark.strip()
    fields = ["comment_to_staff", "public_remark", "updated_at"]
    if submit:
        locked.submitted_at = timezone.now()
        fields.append("submitted_at")
    locked.save(update_fields=fields)
    for name in (*fields,):
        setattr(assignment, name, getattr(locked, name))
    return assignment


@transaction.atomic
def score_correct(*, score: Score, value: int, reason: str, actor) -> ScoreCorrection:
    """A staff correction of a frozen score; the old value and the reason are kept."""
    require_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason for the correction."))
    if not SCORE_MIN <= int(value) <= SCORE_MAX:
        raise DomainError(_("Scores go from 1 to 5."))
    locked = (
        Score.objects.select_for_update()
        .select_related("assignment__round")
        .get(pk=score.pk)
    )
    require_state(locked.assignment.round, *ReviewRound.DECIDING_STATES)
    correction = ScoreCorrection.objects.create(
        score=locked,
        old_value=locked.value,
        new_value=int(value),
        reason=reason,
        corrected_by=actor,
    )
    audit_record(
        actor=actor,
        action="reviews.score_corrected",
        target=locked,
        before={"value": locked.value},
        after={"value": int(value), "reason": reason},
    )
    locked.value = int(value)
    locked.save(update_fields=["value", "updated_at"])
    score.value = locked.value
    return correction
