"""Admin for proposals: every change of stage, visibility or report goes through a service."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from oasis.core.errors import DomainError
from proposals import services
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


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
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
    prepopulated_fields = {"slug": ["name_en"]}


class ReasonActionForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StageActionForm(forms.Form):
    to = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _run(modeladmin, request, queryset, call, done_message):
    """Apply `call` to each object, reporting refusals one by one."""
    done = 0
    for obj in queryset:
        try:
            call(obj)
        except DomainError as error:
            modeladmin.message_user(
                request, f"{obj}: {error.message}", level=messages.ERROR
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), level=messages.SUCCESS)


def _with_form(form_class, title):
    """An admin action that first asks for a reason (an intermediate page)."""

    def decorator(function):
        def action(modeladmin, request, queryset):
            form = form_class(request.POST if "apply" in request.POST else None)
            if "apply" in request.POST and form.is_valid():
                function(modeladmin, request, queryset, form.cleaned_data)
                return None
            return render(
                request,
                "proposals/admin_action_form.html",
                {
                    **modeladmin.admin_site.each_context(request),
                    "title": title,
                    "form": form,
                    "objects": queryset,
                    "action": request.POST.get("action"),
                    "opts": modeladmin.model._meta,
                    "selected": request.POST.getlist(
                        admin.helpers.ACTION_CHECKBOX_NAME
                    ),
                },
            )

        action.__name__ = function.__name__
        return action

    return decorator


@_with_form(ReasonActionForm, _("Hide with a public reason"))
def hide(modeladmin, request, queryset, data):
    _run(
        modeladmin,
        request,
        queryset,
        lambda obj: services.moderation_hide(
            target=obj, actor=request.user, reason=data["reason"]
        ),
        lambda n: ngettext("%d item hidden.", "%d items hidden.", n) % n,
    )


hide.short_description = _("Hide with a public reason")


@admin.action(description=_("Make visible again"))
def unhide(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        lambda obj: services.moderation_unhide(target=obj, actor=request.user),
        lambda n: ngettext("%d item restored.", "%d items restored.", n) % n,
    )


@_with_form(StageActionForm, _("Move to another stage"))
def change_stage(modeladmin, request, queryset, data):
    _run(
        modeladmin,
        request,
        queryset,
        lambda obj: services.proposal_transition(
            proposal=obj,
            to=Stage(data["to"]),
            actor=request.user,
            reason=data["reason"],
        ),
        lambda n: ngettext("%d idea moved.", "%d ideas moved.", n) % n,
    )


change_stage.short_description = _("Move to another stage")


class ProposalImageInline(admin.TabularInline):
    model = ProposalImage
    fields = ["image", "alt_text", "width", "height", "position"]
    readonly_fields = ["image", "width", "height"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # uploads go through the image service (cleaning, limits)


class StageChangeInline(admin.TabularInline):
    model = StageChange
    fields = ["created_at", "from_stage", "to_stage", "actor", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "stage",
        "category",
        "district",
        "author",
        "vote_count",
        "comment_count",
        "is_hidden",
        "created_at",
    ]
    list_filter = ["stage", "is_hidden", "category", "district"]
    search_fields = ["title", "summary"]
    list_select_related = ["category", "district", "author"]
    date_hierarchy = "created_at"
    actions = [hide, unhide, change_stage]
    inlines = [ProposalImageInline, StageChangeInline]
    readonly_fields = [
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
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "summary",
                    "problem",
                    "solution",
                    "benefit",
                    "language",
                    "category",
                    "district",
                    "place_name",
                    "latitude",
                    "longitude",
                ]
            },
        ),
        (_("Lifecycle"), {"fields": readonly_fields}),
    ]

    def has_add_permission(self, request):
        return False  # citizens propose on the site, through proposal_submit


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


@admin.action(description=_("Uphold: hide the reported content"))
def uphold_reports(modeladmin, request, queryset):
    def call(report):
        target = report.proposal or report.comment
        services.moderation_hide(
            target=target, actor=request.user, reason=report.get_reason_display()
        )

    _run(
        modeladmin,
        request,
        queryset.select_related("proposal", "comment"),
        call,
        lambda n: ngettext("%d report upheld.", "%d reports upheld.", n) % n,
    )


@admin.action(description=_("Dismiss, and restore content hidden by reports"))
def dismiss_reports(modeladmin, request, queryset):
    def call(report):
        target = report.proposal or report.comment
        if target.is_hidden:
            services.moderation_unhide(target=target, actor=request.user)
        services.report_dismiss(report=report, actor=request.user)

    _run(
        modeladmin,
        request,
        queryset.select_related("proposal", "comment"),
        call,
        lambda n: ngettext("%d report dismissed.", "%d reports dismissed.", n) % n,
    )


@admin.register(Report)
class ReportAdmin(ReadOnlyMixin, admin.ModelAdmin):
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
class StageChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["proposal", "from_stage", "to_stage", "actor", "created_at"]
    list_filter = ["to_stage"]
    list_select_related = ["proposal", "actor"]


@admin.register(ProposalVersion)
class ProposalVersionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["proposal", "number", "title", "created_at"]
    list_select_related = ["proposal"]


@admin.register(ProposalImage)
class ProposalImageAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["alt_text", "proposal", "width", "height", "created_at"]
    list_select_related = ["proposal"]


@admin.register(Follow)
class FollowAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["proposal", "user", "created_at"]
    list_select_related = ["proposal", "user"]


@admin.register(CommentHelpful)
class CommentHelpfulAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["comment", "user", "created_at"]
    list_select_related = ["comment", "user"]
