from django.conf import settings
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from oasis.core.models import BilingualNameMixin, TimeStampedModel
from proposals.lifecycle import ProposalQuerySet, Stage

DEFAULT_THRESHOLD = 50
DEFAULT_WINDOW_DAYS = 30
MAX_IMAGES_PER_PROPOSAL = 5


class Category(BilingualNameMixin):
    """A theme of ideas, with the agreement threshold and window its proposals copy."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    icon = models.CharField(
        _("icon"),
        max_length=40,
        blank=True,
        help_text=_("Name of an icon in static/img/icons/."),
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#1d5fa8",
        validators=[
            RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour such as #1d5fa8."))
        ],
    )
    threshold = models.PositiveIntegerField(
        _("agreement threshold"),
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(1)],
    )
    window_days = models.PositiveIntegerField(
        _("agreement window (days)"),
        default=DEFAULT_WINDOW_DAYS,
        validators=[MinValueValidator(1)],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "name_ko"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class Proposal(TimeStampedModel):
    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(_("one-line summary"), max_length=200)
    problem = models.TextField(
        _("problem"), max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    solution = models.TextField(
        _("proposed solution"), max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    benefit = models.TextField(
        _("expected benefit"),
        max_length=3000,
        blank=True,
        validators=[MaxLengthValidator(3000)],
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="ko"
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    district = models.ForeignKey(
        "core.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    place_name = models.CharField(
        _("place (station or address)"), max_length=200, blank=True
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.DRAFT
    )
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    threshold = models.PositiveIntegerField(
        _("agreement threshold"), null=True, blank=True
    )
    voting_ends_at = models.DateTimeField(_("agreements close"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    in_review_at = models.DateTimeField(_("entered review"), null=True, blank=True)
    # Denormalised counters, changed only with F() inside the writing service.
    vote_count = models.PositiveIntegerField(_("agreements"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    follower_count = models.PositiveIntegerField(_("followers"), default=0)
    # Agreements of the last 7 days, kept current by the voting app.
    trending_score = models.FloatField(_("trending score"), default=0)
    # Title stems, a tab, summary stems (proposals/analysis.py), written with the text.
    search_terms = models.TextField(default="", blank=True, editable=False)
    # Counts the author's edits; an edit from a form of an earlier version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            models.Index(
                fields=["stage", "-created_at", "-id"], name="proposal_stage_new_idx"
            ),
            models.Index(fields=["-created_at", "-id"], name="proposal_new_idx"),
            models.Index(fields=["-vote_count", "-id"], name="proposal_votes_idx"),
            models.Index(
                fields=["-comment_count", "-id"], name="proposal_comments_idx"
            ),
            models.Index(
                fields=["-trending_score", "-id"], name="proposal_trending_idx"
            ),
            models.Index(
                fields=["district", "-created_at"], name="proposal_district_idx"
            ),
            models.Index(
                fields=["category", "-created_at"], name="proposal_category_idx"
            ),
            models.Index(
                fields=["stage", "voting_ends_at"], name="proposal_window_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:proposal-detail", args=[self.pk])


class SearchKey(models.Model):
    """One index key of a proposal's title or summary (a stem, part of one, a stem
    with one syllable left open, or the whole title), weighted by how much the
    proposal is about it; search takes the heaviest proposals of each query key."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="search_keys"
    )
    key = models.CharField(max_length=40)
    weight = models.FloatField()

    class Meta:
        indexes = [
            models.Index(
                fields=["key", "-weight", "-proposal"], name="search_key_weight_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.key


def proposal_image_path(instance, filename: str) -> str:
    # The service passes a random name; the folder keeps one proposal's files together.
    return f"proposals/{instance.proposal_id}/{filename}"


class ProposalImage(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="images"
    )
    image = models.ImageField(_("image"), upload_to=proposal_image_path)
    thumbnail_small = models.ImageField(upload_to=proposal_image_path, blank=True)
    thumbnail_large = models.ImageField(upload_to=proposal_image_path, blank=True)
    alt_text = models.CharField(_("image description"), max_length=250)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("proposal image")
        verbose_name_plural = _("proposal images")

    def __str__(self) -> str:
        return self.alt_text


class ProposalVersion(models.Model):
    """The text as it was before an edit made after the first agreement."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=200)
    problem = models.TextField()
    solution = models.TextField()
    benefit = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "number"], name="proposal_version_unique"
            )
        ]
        verbose_name = _("proposal version")
        verbose_name_plural = _("proposal versions")

    def __str__(self) -> str:
        return f"{self.proposal_id} v{self.number}"


class StageChange(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(max_length=16, choices=Stage.choices)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("public reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_stage} → {self.to_stage}"


class Comment(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="comments"
    )
    # Replies are one level deep: a reply's parent is never itself a reply.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(
        _("comment"), max_length=3000, validators=[MaxLengthValidator(3000)]
    )
    is_official = models.BooleanField(_("official answer"), default=False)
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    is_deleted = models.BooleanField(_("deleted"), default=False)
    helpful_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Counts the author's edits; an edit from a form of an earlier version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["proposal", "created_at"], name="comment_proposal_idx")
        ]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.body[:60]

    def get_absolute_url(self) -> str:
        """An address that leads to the page of comments showing this one (no query:
        the page is looked up when the address is opened)."""
        return reverse("proposals:comment-detail", args=[self.pk])


class CommentHelpful(models.Model):
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="helpful_marks"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user"], name="comment_helpful_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.comment_id}"


class Follow(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="follows"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="follow_unique")
        ]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Insults or hate")
        PRIVACY = "privacy", _("Personal data of someone")
        OFF_TOPIC = "off_topic", _("Not about the city")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld: content hidden")
        DISMISSED = "dismissed", _("Dismissed")

    proposal = models.ForeignKey(
        Proposal,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    details = models.CharField(_("details"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposal__isnull=False, comment__isnull=True)
                | models.Q(proposal__isnull=True, comment__isnull=False),
                name="report_one_target",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="report_status_idx")
        ]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.get_status_display()})"
