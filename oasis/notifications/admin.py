from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from oasis.core.adminlib import confirm_action
from oasis.notifications.models import Delivery, Notification, NotificationPreference
from oasis.staff.services import deliveries_retry_by_staff


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


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The outbox, for staff: failed deliveries are found by status and retried."""

    list_display = [
        "id",
        "recipient",
        "channel",
        "frequency",
        "status",
        "attempts",
        "created_at",
        "sent_at",
        "short_error",
    ]
    list_filter = ["status", "channel", "frequency", "group"]
    list_select_related = ["recipient"]
    search_fields = ["key", "recipient__email", "notification__event"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["retry"]
    fields = (
        "key",
        "notification",
        "recipient",
        "channel",
        "group",
        "frequency",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "sent_at",
    )
    readonly_fields = fields

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return obj.last_error[:80]

    @confirm_action(
        description=_("Retry the selected failed deliveries"),
        intro=_(
            "The failed messages are sent again to the people they were meant for; "
            "once sent, a message cannot be called back."
        ),
    )
    @admin.action(permissions=["change"])
    def retry(self, request, queryset):
        count = deliveries_retry_by_staff(
            delivery_ids=queryset.values_list("pk", flat=True), actor=request.user
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery is queued again.",
                "%(count)d deliveries are queued again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "channel", "frequency", "updated_at"]
    list_filter = ["group", "channel", "frequency"]
    list_select_related = ["user"]
    readonly_fields = ["user", "group", "channel", "frequency", "updated_at"]

    def has_add_permission(self, request):
        return False
