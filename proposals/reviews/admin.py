"""Administration of stakeholder review. Records that services keep consistent (scores,
decisions) are read-only here: change them through the staff pages."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from oasis.core.adminlib import (
    AuditedAdminMixin,
    ReadOnlyAdmin,
    ReadOnlyInline,
    confirm_action,
    run_each,
)
from oasis.staff import services as staff_services
from proposals.reviews.models import (
    Assignment,
    ConflictDeclaration,
    Criterion,
    Decision,
    ReviewerProfile,
    ReviewRound,
    RoundProposal,
    RoundReviewer,
    Score,
    ScoreCorrection,
)
from proposals.reviews.services import publishing, reviewers, rounds


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "default_group", "organisation", "created_at"]
    list_filter = ["default_group"]
    search_fields = ["user__email", "user__display_name", "organisation"]
    raw_id_fields = ["user"]

    list_select_related = ["user"]
    actions = ["revoke_reviewer_role"]

    def save_model(self, request, obj, form, change):
        # Through the service, so that the person also joins the reviewers group.
        reviewers.reviewer_profile_set(
            user=obj.user,
            default_group=obj.default_group,
            organisation=obj.organisation,
            actor=request.user,
        )

    def has_delete_permission(self, request, obj=None):
        return False  # the action below takes the role away (audited)

    @confirm_action(
        description=_("Revoke the reviewer role"),
        intro=_(
            "They leave the reviewers group at once: they get no new assignments and "
            "their reviewer profile is deleted. Earlier scores stay with their rounds."
        ),
    )
    def revoke_reviewer_role(self, request, queryset):
        run_each(
            self,
            request,
            queryset.select_related("user"),
            lambda profile: staff_services.reviewer_role_revoke(
                user=profile.user, actor=request.user
            ),
            lambda n: (
                ngettext("%d reviewer role revoked.", "%d reviewer roles revoked.", n)
                % n
            ),
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


class RoundReviewerInline(ReadOnlyInline):
    model = RoundReviewer
    fields = ("reviewer", "group", "added_at")
    readonly_fields = fields


class RoundProposalInline(ReadOnlyInline):
    model = RoundProposal
    fields = ("proposal", "cost_estimate", "added_at")
    readonly_fields = fields


def _round_action(service, done):
    def action(modeladmin, request, queryset):
        run_each(
            modeladmin,
            request,
            queryset,
            lambda review_round: service(review_round=review_round, actor=request.user),
            done,
        )

    return action


@admin.register(ReviewRound)
class ReviewRoundAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Rounds, edited in the admin with an audit entry; their state moves only through
    the actions and staff pages, which call the services."""

    list_display = [
        "name",
        "state",
        "starts_on",
        "ends_on",
        "is_blind",
        "budget_cap",
        "staff_page",
    ]
    list_filter = ["state", "is_blind"]
    search_fields = ["name"]
    actions = ["open_rounds", "close_rounds", "publish_rounds"]
    # The state moves only through the staff pages (services), never by editing here.
    readonly_fields = [
        "staff_page",
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

    def has_delete_permission(self, request, obj=None):
        return False  # decisions and scores refer to it

    @admin.display(description=_("staff page"))
    def staff_page(self, review_round):
        return format_html(
            '<a href="{}">{}</a>',
            review_round.get_absolute_url(),
            pgettext("link", "Open"),
        )

    # Each moves the rounds on for good and tells people: confirmed on a second page.
    open_rounds = confirm_action(
        description=_("Open scoring"),
        intro=_(
            "Opening scoring tells every assigned reviewer; the rubric can no longer "
            "be changed."
        ),
    )(
        _round_action(
            rounds.round_open,
            lambda n: ngettext("%d round opened.", "%d rounds opened.", n) % n,
        )
    )
    close_rounds = confirm_action(
        description=_("Close scoring"),
        intro=_(
            "Closing scoring cannot be undone: every score is frozen and reviews not "
            "yet submitted no longer count."
        ),
    )(
        _round_action(
            rounds.round_close,
            lambda n: ngettext("%d round closed.", "%d rounds closed.", n) % n,
        )
    )
    publish_rounds = confirm_action(
        description=_("Publish the decisions (moves the ideas, notifies everyone)"),
        intro=_(
            "Publishing cannot be undone: the ideas move on, agreements close on the "
            "selected and the not selected ideas, the answers appear on their pages "
            "and everyone concerned is notified."
        ),
    )(
        _round_action(
            publishing.round_publish,
            lambda n: ngettext("%d round published.", "%d rounds published.", n) % n,
        )
    )


@admin.register(Criterion)
class CriterionAdmin(AuditedAdminMixin, admin.ModelAdmin):
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
