"""Participatory budgeting: rounds, the projects on their ballot, ballots with every
version kept, and the counted results. Only voting.budgets.services writes them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    INFORMATION = "information", _("Information")
    BALLOTING = "balloting", _("Balloting")
    COUNTING = "counting", _("Counting")
    RESULTS = "results", _("Results published")
    IMPLEMENTATION = "implementation", _("Implementation")


# Phases follow each other in this order, one step at a time.
PHASE_ORDER = [
    Phase.INFORMATION,
    Phase.BALLOTING,
    Phase.COUNTING,
    Phase.RESULTS,
    Phase.IMPLEMENTATION,
]
PUBLISHED_PHASES = frozenset({Phase.RESULTS, Phase.IMPLEMENTATION})


class Style(models.TextChoices):
    KNAPSACK = "knapsack", _("Choose projects within the total")
    APPROVAL = "approval", _("Choose up to a number of projects")


class Eligibility(models.TextChoices):
    HOME_DISTRICT = "home_district", _("Residents of the district")
    ANYONE = "anyone", _("Anyone")


class BallotChannel(models.TextChoices):
    WEB = "web", _("Web")
    KIOSK = "kiosk", _("Kiosk")


class BudgetRound(models.Model):
    title_ko = models.CharField(_("title (Korean)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120, blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # No district: the round is citywide.
    district = models.ForeignKey(
        "core.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_rounds",
    )
    eligibility = models.CharField(
        _("who may vote"),
        max_length=16,
        choices=Eligibility.choices,
        default=Eligibility.HOME_DISTRICT,
    )
    total = models.PositiveBigIntegerField(_("total (KRW)"))
    style = models.CharField(
        _("voting style"), max_length=16, choices=Style.choices, default=Style.KNAPSACK
    )
    max_choices = models.PositiveSmallIntegerField(
        _("most projects per ballot"), null=True, blank=True
    )
    phase = models.CharField(
        _("phase"), max_length=16, choices=Phase.choices, default=Phase.INFORMATION
    )
    information_starts_at = models.DateTimeField(_("information starts"))
    balloting_starts_at = models.DateTimeField(_("balloting starts"))
    balloting_ends_at = models.DateTimeField(_("balloting ends"))
    results_published_at = models.DateTimeField(
        _("results published"), null=True, blank=True
    )
    implementation_started_at = models.DateTimeField(
        _("implementation started"), null=True, blank=True
    )
    counted_at = models.DateTimeField(_("counted"), null=True, blank=True)
    # Written by the count: {"ballots": n, "by_channel": {...}, "by_district": {...}}
    turnout = models.JSONField(_("turnout"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-balloting_starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(style="approval") | models.Q(max_choices__gte=1),
                name="budget_round_approval_has_max",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    balloting_ends_at__gt=models.F("balloting_starts_at")
                ),
                name="budget_round_balloting_dates",
            ),
        ]
        verbose_name = _("budget round")
        verbose_name_plural = _("budget rounds")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("budgets:round-detail", args=[self.pk])

    @property
    def title(self) -> str:
        if (get_language() or "ko").startswith("en") and self.title_en:
            return self.title_en
        return self.title_ko

    @property
    def description(self) -> str:
        if (get_language() or "ko").startswith("en") and self.description_en:
            return self.description_en
        return self.description_ko

    @property
    def scope(self) -> str:
        """'citywide', or the code of the round's district."""
        return "citywide" if self.district is None else self.district.code

    @property
    def results_published(self) -> bool:
        return self.phase in PUBLISHED_PHASES


class BudgetProject(models.Model):
    """A selected idea on a round's ballot, with the cost voters choose by."""

    round = models.ForeignKey(
        BudgetRound, on_delete=models.CASCADE, related_name="projects"
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("idea"),
        on_delete=models.PROTECT,
        related_name="budget_projects",
    )
    cost = models.PositiveBigIntegerField(_("cost (KRW)"))
    # The reviewed estimate the cost started from; staff adjustments are audited.
    reviewed_cost = models.PositiveBigIntegerField(_("reviewed cost (KRW)"))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "proposal"], name="budget_project_once_per_round"
            ),
            models.CheckConstraint(
                condition=models.Q(cost__gt=0), name="budget_project_cost_positive"
            ),
        ]
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")

    def __str__(self) -> str:
        return f"{self.round_id}: {self.proposal_id}"


class Ballot(models.Model):
    """One person's ballot in one round; its current version is the one that counts."""

    # The current version's project ids, set by selectors.voter_ballot for the page.
    chosen_ids: set[int]

    round = models.ForeignKey(
        BudgetRound, on_delete=models.CASCADE, related_name="ballots"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voter"),
        on_delete=models.PROTECT,
        related_name="budget_ballots",
    )
    current = models.OneToOneField(
        "BallotVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="current_of",
    )
    version_count = models.PositiveIntegerField(default=0)
    receipt = models.CharField(_("receipt code"), max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "voter"], name="budget_ballot_one_per_person"
            )
        ]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return f"{self.round_id}: {self.voter_id}"


class BallotVersion(models.Model):
    """One cast of a ballot; every version is kept."""

    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="versions"
    )
    # The round again, so that counting and turnout read versions by round directly.
    round = models.ForeignKey(
        BudgetRound, on_delete=models.CASCADE, related_name="ballot_versions"
    )
    number = models.PositiveIntegerField()
    projects = models.ManyToManyField(BudgetProject, related_name="ballot_versions")
    channel = models.CharField(
        _("channel"),
        max_length=8,
        choices=BallotChannel.choices,
        default=BallotChannel.WEB,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ballot", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "number"], name="budget_ballot_version_unique"
            )
        ]
        verbose_name = _("ballot version")
        verbose_name_plural = _("ballot versions")

    def __str__(self) -> str:
        return f"{self.ballot_id} v{self.number}"


class BudgetResult(models.Model):
    """The count of one project; replaced as a whole by every count of its round."""

    round = models.ForeignKey(
        BudgetRound, on_delete=models.CASCADE, related_name="results"
    )
    project = models.OneToOneField(
        BudgetProject, on_delete=models.CASCADE, related_name="result"
    )
    votes = models.PositiveIntegerField(_("votes"))
    funded = models.BooleanField(_("funded"))
    rank = models.PositiveIntegerField(_("rank"))

    class Meta:
        ordering = ["round", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "rank"], name="budget_result_rank_unique"
            )
        ]
        verbose_name = _("budget result")
        verbose_name_plural = _("budget results")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.votes}"
