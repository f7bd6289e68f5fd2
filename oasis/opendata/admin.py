"""The statistics snapshot, read-only, with a button-like action to recompute it now."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from oasis.core.adminlib import ViewOnlyAdmin
from oasis.opendata import services
from oasis.opendata.models import StatSnapshot


@admin.register(StatSnapshot)
class StatSnapshotAdmin(ViewOnlyAdmin):
    list_display = [
        "computed_at",
        "full_rebuild_at",
        "proposals",
        "agreements",
        "answers",
        "overdue_now",
    ]
    actions = ["rebuild"]

    @admin.action(description=_("Recount every statistic now"))
    def rebuild(self, request, queryset):
        snapshot = services.statistics_rebuild_by_staff(actor=request.user)
        self.message_user(
            request,
            _("Statistics recounted: %(agreements)s agreements.")
            % {"agreements": snapshot.agreements},
            messages.SUCCESS,
        )
