"""Answers and implementation: interim answers, progress updates, milestones, the
assessment of realised projects and the public track of each proposal."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from proposals.models import Stage
from proposals.reviews.models import SCORE_MAX, SCORE_MIN, SCORE_VALIDATORS, Decision


class InterimAnswer(models.Model):
    """A public answer from staff while the decision is still owed."""

    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="interim_answers"
    )
    text = models.TextField(_("interim answer"), max_length=3000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("interim answer")
        verbose_name_plural = _("interim answers")

    def __str__(self) -> str:
        return self.text[:60]


class ImplementationStage(models.TextChoices):
    PLANNING = Stage.PLANNING.value, Stage.PLANNING.label
    EXECUTION = Stage.EXECUTION.value, Stage.EXECUTION.label
    OPERATION = Stage.OPERATION.value, Stage.OPERATION.label
    ASSESSMENT = Stage.ASSESSMENT.value, Stage.ASSESSMENT.label
    COMPLETED = Stage.COMPLETED.value, Stage.COMPLETED.label


def implementation_photo_path(proposal_id: int, name: str) -> str:
    return f"implementation/{proposal_id}/{name}"


class ImplementationUpdate(models.Model):
    """A staff report on a selected proposal's progress, shown on its public timeline."""

    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        related_name="implementation_updates",
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    text = models.TextField(_("update"), max_length=5000)
    budget_spent = models.PositiveBigIntegerField(
        _("budget spent (KRW)"), null=True, blank=True
    )
    # [{"name": storage path, "alt": text, "width": px, "height": px}, …]: kept on the row so
    # the proposal page reads its timeline in one query (its budget is 3 for this area).
    photos = models.JSONField(_("photos"), default=list, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="implementation_progress_max",
            )
        ]
        verbose_name = _("implementation update")
        verbose_name_plural = _("implementation updates")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.progress}%"


class Milestone(models.Model):
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("planned date"), null=True, blank=True)
    done_on = models.DateField(_("reached on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "position", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class Assessment(models.Model):
    """A rating of a realised project by a citizen who agreed or by its review panel."""

    class Role(models.TextChoices):
        CITIZEN = "citizen", _("Citizen who agreed")
        PANEL = "panel", _("Review panel")

    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="assessments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments"
    )
    role = models.CharField(_("as"), max_length=16, choices=Role.choices)
    rating = models.PositiveSmallIntegerField(_("rating"), validators=SCORE_VALIDATORS)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"], name="assessment_once_per_person"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__gte=SCORE_MIN, rating__lte=SCORE_MAX),
                name="assessment_rating_range",
            ),
        ]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.rating}"


class ProposalTrack(models.Model):
    """The public record of one proposal's answer and implementation, kept current by the
    services so that the proposal page reads it with one query (select_related)."""

    proposal = models.OneToOneField(
        "proposals.Proposal",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="track",
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    interim = models.ForeignKey(
        InterimAnswer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    budget_spent = models.PositiveBigIntegerField(
        _("budget spent (KRW)"), null=True, blank=True
    )
    update_count = models.PositiveIntegerField(default=0)
    milestone_count = models.PositiveIntegerField(default=0)
    last_update_at = models.DateTimeField(null=True, blank=True)
    assessment_count = models.PositiveIntegerField(default=0)
    assessment_sum = models.PositiveIntegerField(default=0)
    # The raters' comments, newest first and without names, for the public result:
    # [{"role": "citizen" | "panel", "rating": 4, "text": "…", "at": ISO date}, …]
    assessment_comments = models.JSONField(default=list, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["-answered_at"], name="track_answered_idx")]
        verbose_name = _("proposal answer and progress")
        verbose_name_plural = _("proposal answers and progress")

    def __str__(self) -> str:
        return str(self.proposal_id)

    @property
    def assessment_average(self) -> float | None:
        if not self.assessment_count:
            return None
        return self.assessment_sum / self.assessment_count
