"""Precomputed statistics: the public /stats/ page and the open data read these
tables, never the votes themselves. Only services.statistics_refresh() writes them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyStat(models.Model):
    """What happened on one day (Asia/Seoul): the rows behind the "over time" charts."""

    day = models.DateField(_("day"), unique=True)
    proposals_published = models.PositiveIntegerField(_("ideas published"), default=0)
    agreements = models.PositiveIntegerField(_("agreements"), default=0)
    answers_published = models.PositiveIntegerField(_("answers published"), default=0)
    completed = models.PositiveIntegerField(_("projects completed"), default=0)

    class Meta:
        ordering = ["day"]
        verbose_name = _("daily statistic")
        verbose_name_plural = _("daily statistics")

    def __str__(self) -> str:
        return self.day.isoformat()


class ProposalDayTally(models.Model):
    """Agreements with one proposal on one day (Asia/Seoul), for the open data."""

    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    agreements = models.PositiveIntegerField(_("agreements"), default=0)

    class Meta:
        ordering = ["proposal", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "day"], name="opendata_tally_proposal_day"
            )
        ]
        indexes = [models.Index(fields=["day"], name="opendata_tally_day_idx")]
        verbose_name = _("agreements per idea and day")
        verbose_name_plural = _("agreements per idea and day")

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.day}: {self.agreements}"


class StatBreakdown(models.Model):
    """Ideas and agreements per category or per district, from the proposal counters."""

    class Dimension(models.TextChoices):
        CATEGORY = "category", _("Category")
        DISTRICT = "district", _("District")

    dimension = models.CharField(_("dimension"), max_length=16, choices=Dimension)
    category = models.ForeignKey(
        "proposals.Category",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    district = models.ForeignKey(
        "core.District",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    proposals = models.PositiveIntegerField(_("ideas"), default=0)
    agreements = models.PositiveBigIntegerField(_("agreements"), default=0)
    in_review = models.PositiveIntegerField(_("reached review"), default=0)
    selected = models.PositiveIntegerField(_("selected"), default=0)
    completed = models.PositiveIntegerField(_("completed"), default=0)

    class Meta:
        ordering = ["dimension", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        dimension="category",
                        category__isnull=False,
                        district__isnull=True,
                    )
                    | models.Q(
                        dimension="district",
                        category__isnull=True,
                        district__isnull=False,
                    )
                ),
                name="opendata_breakdown_one_key",
            ),
            models.UniqueConstraint(
                fields=["category"],
                condition=models.Q(dimension="category"),
                name="opendata_breakdown_category_unique",
            ),
            models.UniqueConstraint(
                fields=["district"],
                condition=models.Q(dimension="district"),
                name="opendata_breakdown_district_unique",
            ),
        ]
        verbose_name = _("statistic by category or district")
        verbose_name_plural = _("statistics by category or district")

    def __str__(self) -> str:
        return f"{self.dimension}: {self.category_id or self.district_id}"


class StatSnapshot(models.Model):
    """The one row of whole-programme figures: totals, the funnel and answer times."""

    SINGLETON = 1

    computed_at = models.DateTimeField(_("computed"))
    # Days up to this one are in DailyStat and ProposalDayTally.
    daily_through = models.DateField(_("daily figures up to"), null=True, blank=True)
    full_rebuild_at = models.DateTimeField(_("last full rebuild"), null=True)
    proposals = models.PositiveIntegerField(_("ideas published"), default=0)
    agreements = models.PositiveBigIntegerField(_("agreements"), default=0)
    # The funnel: how many ideas ever reached each step.
    funnel_proposed = models.PositiveIntegerField(_("proposed"), default=0)
    funnel_open = models.PositiveIntegerField(_("open for agreement"), default=0)
    funnel_in_review = models.PositiveIntegerField(_("in review"), default=0)
    funnel_selected = models.PositiveIntegerField(_("selected"), default=0)
    funnel_completed = models.PositiveIntegerField(_("completed"), default=0)
    # Answer times, in days from entering review to the published answer.
    answers = models.PositiveIntegerField(_("answers published"), default=0)
    answers_on_time = models.PositiveIntegerField(_("answers on time"), default=0)
    answer_median_days = models.FloatField(_("median days"), null=True)
    answer_mean_days = models.FloatField(_("mean days"), null=True)
    answer_p90_days = models.FloatField(_("90th percentile (days)"), null=True)
    # Counts per bucket of answer_buckets() (services.ANSWER_BUCKETS), in order.
    answer_buckets = models.JSONField(_("answers per duration"), default=list)
    overdue_now = models.PositiveIntegerField(_("answers overdue now"), default=0)

    class Meta:
        verbose_name = _("statistics snapshot")
        verbose_name_plural = _("statistics snapshots")

    def __str__(self) -> str:
        return f"{self.computed_at:%Y-%m-%d %H:%M}"
