from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from oasis.core.models import BilingualNameMixin, TimeStampedModel
from proposals.models import Stage

SCORE_MIN = 1
SCORE_MAX = 5
SCORE_VALIDATORS = [MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
# Every proposal gets at least three reviewers, from different stakeholder groups.
MIN_REVIEWERS_PER_PROPOSAL = 3
TOO_FEW_REVIEWERS = _("Every idea needs at least three reviewers.")


class StakeholderGroup(models.TextChoices):
    OFFICIAL = "official", _("Public official")
    EXPERT = "expert", _("Expert")
    PRIVATE = "private", _("Private sector")
    CITIZEN = "citizen", _("Citizen")


class ReviewerProfile(models.Model):
    """A member of the `reviewers` group and the stakeholder group they usually stand for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="reviewer_profile",
    )
    default_group = models.CharField(
        _("default stakeholder group"),
        max_length=16,
        choices=StakeholderGroup.choices,
        default=StakeholderGroup.CITIZEN,
    )
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_default_group_display()})"


class ReviewRound(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for scoring")
        CLOSED = "closed", _("Closed")
        DECIDED = "decided", _("Decided")
        PUBLISHED = "published", _("Published")

    # Ideas and reviewers join, and reviewers are assigned, until scoring closes.
    COMPOSING_STATES = (State.DRAFT, State.OPEN)
    # Between closing and publishing, staff decide and may correct frozen scores.
    DECIDING_STATES = (State.CLOSED, State.DECIDED)
    # Cost estimates (the ranking's budget cap) may change until the answers are out.
    COSTING_STATES = (State.DRAFT, State.OPEN, State.CLOSED, State.DECIDED)

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("scoring starts"))
    ends_on = models.DateField(_("scoring deadline"))
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.DRAFT
    )
    is_blind = models.BooleanField(
        _("blind review"),
        default=True,
        help_text=_("Hide the authors of proposals from reviewers and review exports."),
    )
    budget_cap = models.PositiveBigIntegerField(
        _("budget cap (KRW)"), null=True, blank=True
    )
    reviewers_per_proposal = models.PositiveSmallIntegerField(
        _("reviewers per proposal"),
        default=MIN_REVIEWERS_PER_PROPOSAL,
        validators=[
            MinValueValidator(MIN_REVIEWERS_PER_PROPOSAL, message=TOO_FEW_REVIEWERS)
        ],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="review_round_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    reviewers_per_proposal__gte=MIN_REVIEWERS_PER_PROPOSAL
                ),
                name="review_round_min_reviewers",
                violation_error_message=TOO_FEW_REVIEWERS,
            ),
        ]
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reviews:round-detail", args=[self.pk])

    @property
    def is_scoring_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_past_deadline(self) -> bool:
        return timezone.localdate() > self.ends_on

    @property
    def is_composing(self) -> bool:
        return self.state in self.COMPOSING_STATES

    @property
    def is_deciding(self) -> bool:
        return self.state in self.DECIDING_STATES

    @property
    def accepts_cost_estimates(self) -> bool:
        return self.state in self.COSTING_STATES


class Criterion(BilingualNameMixin):
    """One weighted rubric line with anchored descriptors for the scores 1–5."""

    round = models.ForeignKey(
        ReviewRound, on_delete=models.CASCADE, related_name="criteria"
    )
    key = models.SlugField(_("key"), max_length=40)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
    )
    # Five anchors each, for the scores 1 to 5, in Korean and in English.
    descriptors_ko = models.JSONField(_("descriptors (Korean)"), default=list)
    descriptors_en = models.JSONField(_("descriptors (English)"), default=list)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "key"], name="review_criterion_key_unique"
            )
        ]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    @property
    def descriptors(self) -> list[str]:
        english = (get_language() or "ko").startswith("en")
        chosen = self.descriptors_en if english else self.descriptors_ko
        return list(chosen or self.descriptors_ko or self.descriptors_en or [])

    def descriptor(self, value: int) -> str:
        descriptors = self.descriptors
        return descriptors[value - 1] if 0 < value <= len(descriptors) else ""

    def clean(self):
        from django.core.exceptions import ValidationError

        for field in ("descriptors_ko", "descriptors_en"):
            value = getattr(self, field)
            if value and (
                not isinstance(value, list)
                or len(value) != SCORE_MAX
                or not all(isinstance(v, str) and v.strip() for v in value)
            ):
                raise ValidationError(
                    {field: _("Give exactly five descriptors, for the scores 1 to 5.")}
                )


class RoundProposal(models.Model):
    """A proposal taken into a round, with the cost estimate the ranking's budget cap uses."""

    round = models.ForeignKey(
        ReviewRound, on_delete=models.CASCADE, related_name="entries"
    )
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="review_entries"
    )
    cost_estimate = models.PositiveBigIntegerField(
        _("cost estimate (KRW)"), null=True, blank=True
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "proposal"], name="review_entry_unique"
            )
        ]
        verbose_name = _("proposal in a round")
        verbose_name_plural = _("proposals in rounds")

    def __str__(self) -> str:
        return f"{self.round_id}: {self.proposal_id}"


class RoundReviewer(models.Model):
    round = models.ForeignKey(
        ReviewRound, on_delete=models.CASCADE, related_name="panel"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="review_rounds",
    )
    group = models.CharField(
        _("stakeholder group"), max_length=16, choices=StakeholderGroup.choices
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "reviewer"], name="review_panel_unique"
            )
        ]
        verbose_name = _("round reviewer")
        verbose_name_plural = _("round reviewers")

    def __str__(self) -> str:
        return f"{self.reviewer} ({self.get_group_display()})"


class Assignment(TimeStampedModel):
    """One reviewer asked to score one proposal in one round. Drafts until submitted."""

    round = models.ForeignKey(
        ReviewRound, on_delete=models.CASCADE, related_name="assignments"
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        related_name="review_assignments",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="review_assignments",
    )
    # The reviewer's stakeholder group in this round, kept as it was at assignment.
    group = models.CharField(
        _("stakeholder group"), max_length=16, choices=StakeholderGroup.choices
    )
    comment_to_staff = models.TextField(
        _("comment to staff"), blank=True, max_length=3000
    )
    public_remark = models.TextField(
        _("public remark"),
        blank=True,
        max_length=1000,
        help_text=_(
            "Optional; may be shown with the published answer, without your name."
        ),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    void_reason = models.CharField(_("reason voided"), max_length=200, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "proposal", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "proposal", "reviewer"],
                name="review_assignment_unique",
            )
        ]
        indexes = [
            models.Index(
                fields=["reviewer", "round"], name="review_assign_reviewer_idx"
            )
        ]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.proposal_id} ({self.round_id})"

    def get_absolute_url(self) -> str:
        return reverse("reviews:assignment-score", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


class Score(models.Model):
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores"
    )
    value = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criterion__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="review_score_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=SCORE_MIN, value__lte=SCORE_MAX),
                name="review_score_range",
            ),
        ]
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self) -> str:
        return f"{self.assignment_id}/{self.criterion_id}: {self.value}"


class ScoreCorrection(models.Model):
    """A staff correction after the round closed: the old value and the reason stay."""

    score = models.ForeignKey(
        Score, on_delete=models.CASCADE, related_name="corrections"
    )
    old_value = models.PositiveSmallIntegerField(_("old score"))
    new_value = models.PositiveSmallIntegerField(_("new score"))
    reason = models.CharField(_("reason"), max_length=500)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("score correction")
        verbose_name_plural = _("score corrections")

    def __str__(self) -> str:
        return f"{self.score_id}: {self.old_value} → {self.new_value}"


class ConflictDeclaration(models.Model):
    """A reviewer's declared conflict of interest with a proposal; it holds for every round."""

    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="review_conflicts"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="review_conflicts",
    )
    round = models.ForeignKey(
        ReviewRound,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conflicts",
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer"], name="review_conflict_unique"
            )
        ]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")

    def __str__(self) -> str:
        return f"{self.reviewer} ✕ {self.proposal_id}"


class Decision(models.Model):
    """Staff's decision on one proposal in one round; internal until the round is published."""

    class Outcome(models.TextChoices):
        SELECTED = Stage.SELECTED.value, _("Selected")
        REJECTED = Stage.REJECTED.value, _("Not selected")
        DEFERRED = Stage.DEFERRED.value, _("Deferred to the next round")

    round = models.ForeignKey(
        ReviewRound, on_delete=models.CASCADE, related_name="decisions"
    )
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="review_decisions"
    )
    outcome = models.CharField(_("decision"), max_length=16, choices=Outcome.choices)
    rationale = models.TextField(_("public rationale"), max_length=5000)
    department = models.CharField(
        _("responsible department"), max_length=120, blank=True
    )
    budget = models.PositiveBigIntegerField(_("budget (KRW)"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The reviewers' optional public remarks, copied at publication without their names:
    # [{"group": "expert", "text": "…"}, …]
    panel_remarks = models.JSONField(
        _("public remarks of the panel"), default=list, blank=True
    )

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "proposal"], name="review_decision_unique"
            )
        ]
        indexes = [
            models.Index(fields=["-published_at"], name="review_decision_pub_idx")
        ]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.get_outcome_display()}"


def answer_due_days() -> int:
    return settings.REVIEW_ANSWER_DUE_DAYS


def answer_due_at(in_review_at):
    """The date an answer is owed: REVIEW_ANSWER_DUE_DAYS after entering review."""
    if in_review_at is None:
        return None
    return in_review_at + timedelta(days=answer_due_days())


def answer_overdue_q(now=None) -> models.Q:
    """Ideas in review whose answer is past due: answer_due_at() lies before `now`."""
    cutoff = (now or timezone.now()) - timedelta(days=answer_due_days())
    return models.Q(stage=Stage.IN_REVIEW, in_review_at__lt=cutoff)
