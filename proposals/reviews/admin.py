"""Administration of stakeholder review. Records that services keep consistent (scores,
decisions, the public track) are read-only here: change them through the staff pages."""

from django.contrib import admin

from proposals.reviews import services
from proposals.reviews.models import (
    Assessment,
    Assignment,
    ConflictDeclaration,
    Criterion,
    Decision,
    ImplementationUpdate,
    InterimAnswer,
    Milestone,
    ProposalTrack,
    ReviewerProfile,
    ReviewRound,
    RoundProposal,
    RoundReviewer,
    Score,
    ScoreCorrection,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "default_group", "organisation", "created_at"]
    list_filter = ["default_group"]
    search_fields = ["user__email", "user__display_name", "organisation"]
    raw_id_fields = ["user"]

    def save_model(self, request, obj, form, change):
        # Through the service, so that the person also joins the reviewers group.
        services.reviewer_profile_set(
            user=obj.user,
            default_group=obj.default_group,
            organisation=obj.organisation,
            actor=request.user,
        )


class DraftOnlyInline(admin.TabularInline):
    """The rubric changes only while the round is a draft: scores refer to it."""

    def _is_draft(self, obj) -> bool:
        return obj is None or obj.state == ReviewRound.State.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._is_draft(obj) and super().has_delete_permission(request, obj)


class CriterionInline(DraftOnlyInline):
    model = Criterion
    extra = 0
    fields = [
        "position",
        "key",
        "name_ko",
        "name_en",
        "weight",
        "descriptors_ko",
        "descriptors_en",
    ]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RoundReviewerInline(ReadOnlyInline):
    model = RoundReviewer
    fields = ["reviewer", "group", "added_at"]
    readonly_fields = fields


class RoundProposalInline(ReadOnlyInline):
    model = RoundProposal
    fields = ["proposal", "cost_estimate", "added_at"]
    readonly_fields = fields


@admin.register(ReviewRound)
class ReviewRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "starts_on", "ends_on", "is_blind", "budget_cap"]
    list_filter = ["state", "is_blind"]
    search_fields = ["name"]
    # The state moves only through the staff pages (services), never by editing here.
    readonly_fields = [
        "state",
        "created_by",
        "created_at",
        "opened_at",
        "closed_at",
        "decided_at",
        "published_at",
    ]
    inlines = [CriterionInline, RoundReviewerInline, RoundProposalInline]

    def has_add_permission(self, request):
        # New rounds come from the staff page, which sets up the default rubric.
        return False


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "round", "key", "weight", "position"]
    list_filter = ["round"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        draft = obj is None or obj.round.state == ReviewRound.State.DRAFT
        return draft and super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission


@admin.register(RoundReviewer)
class RoundReviewerAdmin(ReadOnlyAdmin):
    list_display = ["reviewer", "round", "group"]
    list_filter = ["group", "round"]
    raw_id_fields = ["reviewer"]


@admin.register(RoundProposal)
class RoundProposalAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "round", "cost_estimate", "added_at"]
    list_filter = ["round"]
    raw_id_fields = ["proposal"]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    can_delete = False
    readonly_fields = ["criterion", "value", "updated_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = [
        "proposal",
        "reviewer",
        "round",
        "group",
        "submitted_at",
        "voided_at",
    ]
    list_filter = ["round", "group"]
    search_fields = ["proposal__title", "reviewer__email"]
    inlines = [ScoreInline]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "criterion", "value", "updated_at"]
    list_filter = ["criterion__round"]


@admin.register(ScoreCorrection)
class ScoreCorrectionAdmin(ReadOnlyAdmin):
    list_display = [
        "score",
        "old_value",
        "new_value",
        "reason",
        "corrected_by",
        "created_at",
    ]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyAdmin):
    list_display = ["reviewer", "proposal", "round", "created_at"]
    search_fields = ["proposal__title", "reviewer__email"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = [
        "proposal",
        "round",
        "outcome",
        "department",
        "budget",
        "published_at",
    ]
    list_filter = ["outcome", "round"]
    search_fields = ["proposal__title", "department"]


@admin.register(InterimAnswer)
class InterimAnswerAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "created_at", "author"]


@admin.register(ImplementationUpdate)
class ImplementationUpdateAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "stage", "progress", "budget_spent", "created_at"]
    list_filter = ["stage"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "title", "due_on", "done_on"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "user", "role", "rating", "created_at"]
    list_filter = ["role", "rating"]


@admin.register(ProposalTrack)
class ProposalTrackAdmin(ReadOnlyAdmin):
    list_display = [
        "proposal",
        "decision",
        "progress",
        "update_count",
        "assessment_count",
    ]
