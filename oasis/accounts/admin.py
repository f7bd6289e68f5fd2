from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from oasis.accounts.models import REVIEWERS_GROUP, PhoneCode, User
from oasis.core.adminlib import (
    AuditedAdminMixin,
    confirm_action,
    form_action,
    run_each,
)
from oasis.staff import services as staff_services
from oasis.staff.forms import ReviewerGrantForm
from proposals.reviews.models import ReviewerProfile, StakeholderGroup

ROLE_LABELS = {
    "staff": _("Staff"),
    "reviewer": _("Reviewer"),
    "citizen": _("Citizen"),
}


def _in_reviewers():
    return Exists(
        User.groups.through.objects.filter(
            user_id=OuterRef("pk"), group__name=REVIEWERS_GROUP
        )
    )


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return list(ROLE_LABELS.items())

    def queryset(self, request, queryset):
        value = self.value()
        if value == "staff":
            return queryset.filter(is_staff=True)
        if value == "reviewer":
            return queryset.filter(_in_reviewers())
        if value == "citizen":
            return queryset.filter(~Q(is_staff=True), ~_in_reviewers())
        return queryset


@form_action(
    ReviewerGrantForm,
    description=_("Grant the reviewer role (with a stakeholder group)"),
)
def grant_reviewer_role(modeladmin, request, queryset, data):
    run_each(
        modeladmin,
        request,
        queryset,
        lambda user: staff_services.reviewer_role_grant(
            user=user,
            actor=request.user,
            default_group=data["default_group"],
            organisation=data["organisation"],
        ),
        lambda n: (
            ngettext("%d reviewer role granted.", "%d reviewer roles granted.", n) % n
        ),
    )


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    """People and their roles: citizen, reviewer (with a stakeholder group), staff.
    Roles change only through the actions, each audited."""

    ordering = ["-date_joined"]
    list_display = [
        "email",
        "display_name",
        "role",
        "home_district",
        "phone_verified_at",
        "date_joined",
    ]
    list_filter = [
        RoleFilter,
        "reviewer_profile__default_group",
        "is_staff",
        "is_superuser",
        "is_active",
        "groups",
        "home_district",
    ]
    search_fields = ["email", "display_name"]
    actions = [
        grant_reviewer_role,
        "revoke_reviewer_role",
        "grant_staff_role",
        "revoke_staff_role",
    ]
    readonly_fields = [
        "role",
        "is_staff",
        "is_superuser",
        "groups",
        "user_permissions",
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
                "description": _(
                    "Roles change through the actions of the user list (audited)."
                ),
                "fields": [
                    "role",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ],
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                in_reviewers=_in_reviewers(),
                reviewer_group=Subquery(
                    ReviewerProfile.objects.filter(user=OuterRef("pk")).values(
                        "default_group"
                    )[:1]
                ),
            )
        )

    @admin.display(description=_("role"))
    def role(self, user):
        roles = []
        if user.is_staff:
            roles.append(str(ROLE_LABELS["staff"]))
        if getattr(user, "in_reviewers", False):
            group = getattr(user, "reviewer_group", None)
            label = str(ROLE_LABELS["reviewer"])
            if group:
                label += f" ({StakeholderGroup(group).label})"
            roles.append(label)
        return ", ".join(roles) or str(ROLE_LABELS["citizen"])

    def has_superuser_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    @confirm_action(
        description=_("Revoke the reviewer role"),
        intro=_(
            "They leave the reviewers group at once: they get no new assignments and "
            "their reviewer profile is deleted. Earlier scores stay with their rounds."
        ),
    )
    def revoke_reviewer_role(self, request, queryset):
        run_each(
            self,
            request,
            queryset,
            lambda user: staff_services.reviewer_role_revoke(
                user=user, actor=request.user
            ),
            lambda n: (
                ngettext("%d reviewer role revoked.", "%d reviewer roles revoked.", n)
                % n
            ),
        )

    @admin.action(description=_("Grant the staff role"), permissions=["superuser"])
    def grant_staff_role(self, request, queryset):
        run_each(
            self,
            request,
            queryset,
            lambda user: staff_services.staff_role_set(
                user=user, actor=request.user, is_staff=True
            ),
            lambda n: (
                ngettext("%d person is staff now.", "%d people are staff now.", n) % n
            ),
        )

    @admin.action(description=_("Revoke the staff role"), permissions=["superuser"])
    def revoke_staff_role(self, request, queryset):
        run_each(
            self,
            request,
            queryset,
            lambda user: staff_services.staff_role_set(
                user=user, actor=request.user, is_staff=False
            ),
            lambda n: (
                ngettext(
                    "%d person is no longer staff.", "%d people are no longer staff.", n
                )
                % n
            ),
        )


@admin.register(PhoneCode)
class PhoneCodeAdmin(admin.ModelAdmin):
    list_display = [
        "purpose",
        "user",
        "phone_last_digits",
        "created_at",
        "attempts",
        "confirmed_at",
    ]
    list_filter = ["purpose"]
    list_select_related = ["user"]
    fields = readonly_fields = (
        "purpose",
        "user",
        "kiosk",
        "proposal",
        "phone_last_digits",
        "created_at",
        "expires_at",
        "attempts",
        "confirmed_at",
    )

    def has_add_permission(self, request):
        return False
