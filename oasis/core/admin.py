from django.contrib import admin

from oasis.core.models import AuditEvent, District


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "code"]
    search_fields = ["name_ko", "name_en", "code"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody edits or deletes the audit trail through the application."""

    list_display = ["created_at", "actor", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["action", "target_repr", "target_id", "actor__email"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
