"""Administration of answers and implementation: read-only, since the services keep the
public track consistent; change them through the staff pages."""

from django.contrib import admin

from oasis.core.adminlib import ReadOnlyAdmin
from proposals.implementation.models import (
    Assessment,
    ImplementationUpdate,
    InterimAnswer,
    Milestone,
    ProposalTrack,
)


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
