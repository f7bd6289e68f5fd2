from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from oasis.accounts.models import PhoneVerification, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["-date_joined"]
    list_display = [
        "email",
        "display_name",
        "home_district",
        "is_staff",
        "phone_verified_at",
        "date_joined",
    ]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "home_district"]
    search_fields = ["email", "display_name"]
    readonly_fields = [
        "phone_last_digits",
        "phone_verified_at",
        "privacy_consent_at",
        "anonymised_at",
        "last_login",
        "date_joined",
    ]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {"fields": ["display_name", "home_district", "preferred_language"]},
        ),
        (
            _("Verification"),
            {
                "fields": [
                    "phone_last_digits",
                    "phone_verified_at",
                    "privacy_consent_at",
                    "anonymised_at",
                ]
            },
        ),
        (
            _("Roles"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})
    ]


@admin.register(PhoneVerification)
class PhoneVerificationAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "phone_last_digits",
        "created_at",
        "attempts",
        "confirmed_at",
    ]
    fields = readonly_fields = [
        "user",
        "phone_last_digits",
        "created_at",
        "expires_at",
        "attempts",
        "confirmed_at",
    ]

    def has_add_permission(self, request):
        return False
