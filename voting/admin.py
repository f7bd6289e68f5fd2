from django.contrib import admin

from voting.models import Vote


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    """Read-only: agreements change only through voting.services, which keeps the
    counters and the stage right."""

    list_display = ("proposal", "user", "channel", "kiosk", "created_at")
    list_filter = ("channel",)
    date_hierarchy = "created_at"
    search_fields = ("=proposal__id", "proposal__title")
    raw_id_fields = ("proposal", "user", "kiosk")
    list_select_related = ("proposal", "user", "kiosk")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
