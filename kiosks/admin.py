from datetime import timedelta

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kiosks import services
from kiosks.models import Kiosk, KioskConfig, KioskUsage
from kiosks.selectors import kiosk_usage_with_agreements
from oasis.core.adminlib import AuditedAdminMixin, ViewOnlyAdmin, confirm_action

STATUS_LABELS = {
    "online": _("online"),
    "offline": _("offline"),
    "revoked": _("revoked"),
    "not_enrolled": _("not enrolled"),
}


class KioskStatusFilter(admin.SimpleListFilter):
    """online / offline / revoked / not enrolled, as Kiosk.status tells them."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return list(STATUS_LABELS.items())

    def queryset(self, request, queryset):
        enrolled = queryset.exclude(credential_hash="").filter(revoked_at__isnull=True)
        return {
            "online": enrolled.filter(is_online=True),
            "offline": enrolled.filter(is_online=False, is_active=True),
            "revoked": queryset.filter(revoked_at__isnull=False),
            "not_enrolled": queryset.filter(
                credential_hash="", revoked_at__isnull=True
            ),
        }.get(self.value(), queryset)


class KioskUsageInline(admin.TabularInline):
    model = KioskUsage
    extra = 0
    max_num = 0
    can_delete = False
    fields = ("day", "touch_sessions", "proposals_viewed", "agreements", "handoffs")
    readonly_fields = fields
    verbose_name_plural = _("usage per day (counts only)")

    def get_queryset(self, request):
        since = timezone.localdate() - timedelta(days=30)
        return kiosk_usage_with_agreements(
            super().get_queryset(request).filter(day__gte=since)
        )

    @admin.display(description=_("agreements"))
    def agreements(self, usage):
        return usage.agreements


@admin.register(Kiosk)
class KioskAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "station",
        "line",
        "district",
        "status_badge",
        "last_seen_at",
        "app_version",
        "config_version_applied",
    ]
    list_filter = [KioskStatusFilter, "is_online", "is_active", "district", "line"]
    search_fields = ["name", "station", "location"]
    list_select_related = ["district"]
    readonly_fields = [
        "status_badge",
        "enrolled_at",
        "revoked_at",
        "last_seen_at",
        "app_version",
        "uptime_seconds",
        "last_error",
        "config_version_applied",
        "created_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "station",
                    "line",
                    "district",
                    "location",
                    ("latitude", "longitude"),
                    ("screen_width", "screen_height"),
                    "is_active",
                ]
            },
        ),
        (
            _("Device"),
            {
                "fields": [
                    "status_badge",
                    "enrolled_at",
                    "revoked_at",
                    "last_seen_at",
                    "app_version",
                    "uptime_seconds",
                    "last_error",
                    "config_version_applied",
                ]
            },
        ),
    ]
    inlines = [KioskUsageInline]
    actions = ["create_enrollment_code", "revoke"]

    @admin.display(description=_("status"), ordering="is_online")
    def status_badge(self, kiosk):
        return format_html(
            '<strong class="kiosk-status kiosk-status-{}">{}</strong>',
            kiosk.status,
            STATUS_LABELS[kiosk.status],
        )

    @admin.action(description=_("Create a one-time enrollment code"))
    def create_enrollment_code(self, request, queryset):
        for kiosk in queryset:
            row, code = services.enrollment_code_create(kiosk=kiosk, actor=request.user)
            url = request.build_absolute_uri(reverse("kiosks:kiosk-enroll"))
            self.message_user(
                request,
                format_html(
                    _(
                        "{kiosk}: enrollment code <strong>{code}</strong>, single use,"
                        " valid until {expires}. On the device, open {url} and enter it."
                        " It is shown only now."
                    ),
                    kiosk=kiosk,
                    code=code,
                    expires=timezone.localtime(row.expires_at).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                    url=url,
                ),
                messages.SUCCESS,
            )

    @confirm_action(
        description=_("Revoke the device credential"),
        intro=_(
            "Revoking cannot be undone: each device is refused from its next request "
            "and must be enrolled again with a new code."
        ),
    )
    def revoke(self, request, queryset):
        count = 0
        for kiosk in queryset:
            services.kiosk_revoke(kiosk=kiosk, actor=request.user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d kiosk revoked: it is refused from its next request.",
                "%(count)d kiosks revoked: they are refused from their next request.",
                count,
            )
            % {"count": count},
            messages.WARNING,
        )


@admin.register(KioskConfig)
class KioskConfigAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "idle_timeout_seconds",
        "default_language",
        "agree_by_handoff",
        "agree_by_sms",
        "propose",
        "audio_guidance",
        "updated_at",
    ]
    readonly_fields = ["version", "updated_at"]
    list_select_related = ["kiosk"]

    def save_model(self, request, obj, form, change):
        services.kiosk_config_save(config=obj, actor=request.user)


@admin.register(KioskUsage)
class KioskUsageAdmin(ViewOnlyAdmin):
    """Per kiosk and day: counts only, nothing about any person."""

    list_display = [
        "day",
        "kiosk",
        "touch_sessions",
        "proposals_viewed",
        "agreements",
        "handoffs",
    ]
    list_filter = ["kiosk", "kiosk__district"]
    date_hierarchy = "day"
    list_select_related = ["kiosk"]

    def get_queryset(self, request):
        return kiosk_usage_with_agreements(super().get_queryset(request))

    @admin.display(description=_("agreements"), ordering="agreements")
    def agreements(self, usage):
        return usage.agreements
