"""Admin for proposals: every change of stage, visibility or report goes through a service."""

from django import forms
from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from oasis.core.adminlib import (
    AuditedAdminMixin,
    ReadOnlyAdmin,
    ReadOnlyInline,
    confirm_action,
    form_action,
    run_each,
)
from oasis.core.errors import InvalidTransition
from proposals import lifecycle, services
from proposals.forms import ReasonForm, StageForm
from proposals.implementation.services import interim_answer_publish
from proposals.models import (
    Category,
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
from proposals.reviews.models import answer_overdue_q
from voting.services import proposal_advance_to_review


@admin.register(Category)
class CategoryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Thresholds and windows apply to ideas published after a change;
    every change is audited."""

    list_display = [
        "name_ko",
        "name_en",
        "slug",
        "threshold",
        "window_days",
        "position",
        "is_active",
    ]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_ko", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@form_action(ReasonForm, description=_("Hide with a public reason"))
def hide(modeladmin, request, queryset, data):
    run_each(
        modeladmin,
        request,
        queryset,
        lambda obj: services.moderation_hide(
            target=obj, actor=request.user, reason=data["reason"]
        ),
        lambda n: ngettext("%d item hidden.", "%d items hidden.", n) % n,
    )


@admin.action(description=_("Make visible again"))
def unhide(modeladmin, request, queryset):
    run_each(
        modeladmin,
        request,
        queryset,
        lambda obj: services.moderation_unhide(target=obj, actor=request.user),
        lambda n: ngettext("%d item restored.", "%d items restored.", n) % n,
    )


@form_action(StageForm, description=_("Move to another stage"))
def change_stage(modeladmin, request, queryset, data):
    def call(proposal):
        if data["to"] in lifecycle.DECISIONS:
            raise InvalidTransition(
                _(
                    "Selected, not selected and deferred come only from publishing "
                    "the decisions of a review round."
                )
            )
        if data["to"] == Stage.WITHDRAWN:
            raise InvalidTransition(_("Only the author can withdraw an idea."))
        services.proposal_transition(
            proposal=proposal,
            to=Stage(data["to"]),
            actor=request.user,
            reason=data["reason"],
        )

    run_each(
        modeladmin,
        request,
        queryset,
        call,
        lambda n: ngettext("%d idea moved.", "%d ideas moved.", n) % n,
    )


class AdvanceForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason of the agenda panel"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@form_action(
    AdvanceForm, description=_("Advance to review (agenda panel), with a public reason")
)
def advance_to_review(modeladmin, request, queryset, data):
    run_each(
        modeladmin,
        request,
        queryset,
        lambda obj: proposal_advance_to_review(
            proposal=obj, actor=request.user, reason=data["reason"]
        ),
        lambda n: (
            ngettext("%d idea advanced to review.", "%d ideas advanced to review.", n)
            % n
        ),
    )


@form_action(ReasonForm, description=_("Archive with a public reason"))
def archive(modeladmin, request, queryset, data):
    run_each(
        modeladmin,
        request,
        queryset,
        lambda obj: services.proposal_transition(
            proposal=obj, to=Stage.ARCHIVED, actor=request.user, reason=data["reason"]
        ),
        lambda n: ngettext("%d idea archived.", "%d ideas archived.", n) % n,
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional, kept in the audit log)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@form_action(OptionalReasonForm, description=_("Make visible again, with a reason"))
def unhide_with_reason(modeladmin, request, queryset, data):
    run_each(
        modeladmin,
        request,
        queryset,
        lambda obj: services.moderation_unhide(
            target=obj, actor=request.user, reason=data["reason"]
        ),
        lambda n: ngettext("%d item restored.", "%d items restored.", n) % n,
    )


class InterimAnswerActionForm(forms.Form):
    text = forms.CharField(
        label=_("Interim answer (public)"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


@form_action(InterimAnswerActionForm, description=_("Publish an interim answer"))
def publish_interim_answer(modeladmin, request, queryset, data):
    run_each(
        modeladmin,
        request,
        queryset,
        lambda obj: interim_answer_publish(
            proposal=obj, text=data["text"], actor=request.user
        ),
        lambda n: (
            ngettext("%d interim answer published.", "%d interim answers published.", n)
            % n
        ),
    )


class ReportedFilter(admin.SimpleListFilter):
    title = _("reported")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", _("Has an open report")), ("no", _("No open report"))]

    def queryset(self, request, queryset):
        open_report = Exists(
            Report.objects.filter(proposal=OuterRef("pk"), status=Report.Status.OPEN)
        )
        if self.value() == "yes":
            return queryset.filter(open_report)
        if self.value() == "no":
            return queryset.filter(~open_report)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    """Ideas in review whose answer is past due."""

    title = _("answer overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Answer overdue"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        return queryset.filter(answer_overdue_q())


class ProposalImageInline(ReadOnlyInline):
    """Uploads go through the image service (cleaning, limits)."""

    model = ProposalImage
    fields = ("image", "alt_text", "width", "height", "position")
    readonly_fields = fields


class StageChangeInline(ReadOnlyInline):
    model = StageChange
    fields = ("created_at", "from_stage", "to_stage", "actor", "reason")
    readonly_fields = fields


class ProposalVersionInline(ReadOnlyInline):
    model = ProposalVersion
    fields = ("number", "created_at", "title", "summary")
    readonly_fields = fields
    verbose_name_plural = _("earlier versions (kept after the first agreement)")


TEXT_FIELDS = [
    "title",
    "summary",
    "problem",
    "solution",
    "benefit",
    "language",
    "place_name",
    "latitude",
    "longitude",
]
LIFECYCLE_FIELDS = (
    "author",
    "stage",
    "is_hidden",
    "hidden_reason",
    "threshold",
    "voting_ends_at",
    "published_at",
    "in_review_at",
    "vote_count",
    "comment_count",
    "follower_count",
    "trending_score",
    "created_at",
    "updated_at",
)


@admin.register(Proposal)
class ProposalAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Ideas for staff. The stage, the visibility and the counters change only through
    the actions (services: every rule, audit entry and notification applies); the
    citizen's text is theirs. Staff may re-file an idea under another category or
    district (audited)."""

    list_display = [
        "title",
        "stage",
        "category",
        "district",
        "author",
        "vote_count",
        "comment_count",
        "has_open_report",
        "is_hidden",
        "created_at",
    ]
    list_filter = [
        "stage",
        ReportedFilter,
        OverdueFilter,
        "is_hidden",
        "category",
        "district",
    ]
    search_fields = ["=id", "title", "summary"]
    list_select_related = ["category", "district", "author"]
    date_hierarchy = "created_at"
    actions = [
        advance_to_review,
        archive,
        hide,
        unhide_with_reason,
        publish_interim_answer,
        change_stage,
    ]
    inlines = [ProposalImageInline, StageChangeInline, ProposalVersionInline]
    readonly_fields = [*TEXT_FIELDS, *LIFECYCLE_FIELDS, "answer_and_progress"]
    fieldsets = [
        (
            None,
            {"fields": [*TEXT_FIELDS[:5], "category", "district", *TEXT_FIELDS[5:]]},
        ),
        (_("Answer and progress"), {"fields": ["answer_and_progress"]}),
        (_("Lifecycle"), {"fields": LIFECYCLE_FIELDS}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_report=Exists(
                    Report.objects.filter(
                        proposal=OuterRef("pk"), status=Report.Status.OPEN
                    )
                )
            )
        )

    @admin.display(description=_("reported"), boolean=True, ordering="open_report")
    def has_open_report(self, proposal):
        return proposal.open_report

    @admin.display(description=_("staff pages"))
    def answer_and_progress(self, proposal):
        """Answers and progress are written on the review staff pages (services)."""
        links = [
            (proposal.get_absolute_url(), _("Public page")),
            (
                reverse("implementation:interim-answer", args=[proposal.pk]),
                _("Interim answer"),
            ),
            (
                reverse("implementation:progress-edit", args=[proposal.pk]),
                _("Implementation updates"),
            ),
        ]
        links += [
            (entry.round.get_absolute_url(), _("Review round: %s") % entry.round.name)
            for entry in proposal.review_entries.select_related("round")
        ]
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            ((url, str(t)) for url, t in links),
        )

    def has_add_permission(self, request):
        return False  # citizens propose on the site, through proposal_submit

    def has_delete_permission(self, request, obj=None):
        return False  # withdraw, hide or archive instead: the record stays


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "proposal",
        "author",
        "is_official",
        "is_hidden",
        "is_deleted",
        "helpful_count",
        "created_at",
    ]
    list_filter = ["is_hidden", "is_deleted", "is_official"]
    search_fields = ["body"]
    list_select_related = ["proposal", "author"]
    actions = [hide, unhide]
    readonly_fields = [
        "proposal",
        "parent",
        "author",
        "body",
        "is_official",
        "is_hidden",
        "hidden_reason",
        "is_deleted",
        "helpful_count",
        "created_at",
        "edited_at",
    ]

    def has_add_permission(self, request):
        return False


class OpenFirstFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("all", _("All")), *Report.Status.choices]

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": (self.value() or Report.Status.OPEN) == lookup,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: lookup}
                ),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or Report.Status.OPEN
        return queryset if value == "all" else queryset.filter(status=value)


@confirm_action(
    description=_("Uphold: hide the reported content"),
    intro=_(
        "The reported ideas and comments are hidden with the report’s reason as the "
        "public reason, and their authors are notified."
    ),
)
def uphold_reports(modeladmin, request, queryset):
    def call(report):
        target = report.proposal or report.comment
        services.moderation_hide(
            target=target, actor=request.user, reason=report.get_reason_display()
        )

    run_each(
        modeladmin,
        request,
        queryset.select_related("proposal", "comment"),
        call,
        lambda n: ngettext("%d report upheld.", "%d reports upheld.", n) % n,
    )


@confirm_action(
    description=_("Dismiss, and restore content hidden by reports"),
    intro=_(
        "The reports are closed as unfounded; content hidden because of them is shown "
        "again and its authors are notified."
    ),
)
def dismiss_reports(modeladmin, request, queryset):
    def call(report):
        target = report.proposal or report.comment
        if target.is_hidden:
            services.moderation_unhide(target=target, actor=request.user)
        services.report_dismiss(report=report, actor=request.user)

    run_each(
        modeladmin,
        request,
        queryset.select_related("proposal", "comment"),
        call,
        lambda n: ngettext("%d report dismissed.", "%d reports dismissed.", n) % n,
    )


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    """The report queue: open reports first, oldest content decisions by action."""

    list_display = [
        "created_at",
        "reason",
        "target",
        "target_hidden",
        "reporter",
        "details",
        "status",
    ]
    list_filter = [OpenFirstFilter, "reason"]
    list_select_related = ["proposal", "comment", "reporter"]
    actions = [uphold_reports, dismiss_reports]

    @admin.display(description=_("reported content"))
    def target(self, report):
        return report.proposal or report.comment

    @admin.display(description=_("hidden"), boolean=True)
    def target_hidden(self, report):
        return (report.proposal or report.comment).is_hidden


@admin.register(StageChange)
class StageChangeAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "from_stage", "to_stage", "actor", "created_at"]
    list_filter = ["to_stage"]
    list_select_related = ["proposal", "actor"]


@admin.register(ProposalVersion)
class ProposalVersionAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "number", "title", "created_at"]
    list_select_related = ["proposal"]


@admin.register(ProposalImage)
class ProposalImageAdmin(ReadOnlyAdmin):
    list_display = ["alt_text", "proposal", "width", "height", "created_at"]
    list_select_related = ["proposal"]


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "user", "created_at"]
    list_select_related = ["proposal", "user"]


@admin.register(CommentHelpful)
class CommentHelpfulAdmin(ReadOnlyAdmin):
    list_display = ["comment", "user", "created_at"]
    list_select_related = ["comment", "user"]
