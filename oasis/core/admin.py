from typing import TYPE_CHECKING

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from oasis.core.adminlib import AuditedAdminMixin, ViewOnlyAdmin
from oasis.core.models import AuditEvent, District

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@admin.register(District)
class DistrictAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "code", "tile_row", "tile_col"]
    search_fields = ["name_ko", "name_en", "code"]

    def has_add_permission(self, request):
        return False  # Seoul's 25 districts, seeded by a data migration

    def has_delete_permission(self, request, obj=None):
        return False


class ActorFilter(admin.SimpleListFilter):
    """Who acted: a member of staff, or the system (no actor)."""

    title = _("actor")
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        staff = (
            get_user_model()
            .objects.filter(is_staff=True)
            .order_by("email")
            .values_list("pk", "email")
        )
        return [("system", _("System (no person)")), *[(str(pk), e) for pk, e in staff]]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "system":
            return queryset.filter(actor__isnull=True, actor_label="")
        if value and value.isdigit():
            return queryset.filter(actor_id=int(value))
        return queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ViewOnlyAdmin):
    """Read-only: nobody edits or deletes the audit trail through the application.
    Filter by actor, action, target (type and number) and date."""

    list_display = [
        "created_at",
        "actor_shown",
        "action",
        "target_type",
        "target_id",
        "target_repr",
    ]
    list_filter = [
        ActorFilter,
        "action",
        "target_type",
        ("created_at", admin.DateFieldListFilter),
    ]
    search_fields = [
        "action",
        "target_repr",
        "=target_id",
        "actor__email",
        "actor_label",
    ]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = None  # not even the bulk delete

    @admin.display(description=_("actor"))
    def actor_shown(self, event: AuditEvent) -> "str | StrPromise":
        return event.actor_shown or _("system")
