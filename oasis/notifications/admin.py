from django.contrib import admin

from oasis.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "event", "text", "created_at", "read_at"]
    list_filter = ["event"]
    list_select_related = ["recipient"]
    readonly_fields = [
        "recipient",
        "event",
        "target_type",
        "target_id",
        "text",
        "url",
        "created_at",
        "read_at",
    ]

    def has_add_permission(self, request):
        return False
