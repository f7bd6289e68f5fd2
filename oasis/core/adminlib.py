"""Building blocks for the tailored admin of every app: actions that ask for input or a
confirmation on an intermediate page and call a service per object, and edits that leave
an audit entry."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from oasis.core import audit
from oasis.core.errors import DomainError


def run_each(modeladmin, request, queryset, call: Callable, done_message: Callable):
    """Apply `call` to each object through its service, reporting refusals one by one."""
    done = 0
    for obj in queryset:
        try:
            call(obj)
        except DomainError as error:
            modeladmin.message_user(
                request, f"{obj}: {error.message}", level=messages.ERROR
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), level=messages.SUCCESS)
    return done


APPLY = _("Apply")
CONFIRM = _("Yes, I’m sure")


def form_action(form_class, *, description, intro="", submit_label=APPLY):
    """An admin action that first shows a form (reason, group …) for the selection, then
    runs `function(modeladmin, request, queryset, cleaned_data)`."""

    def decorator(function):
        def action(modeladmin, request, queryset):
            applying = "apply" in request.POST
            form = form_class(request.POST if applying else None)
            if applying and form.is_valid():
                function(modeladmin, request, queryset, form.cleaned_data)
                return None
            return render(
                request,
                "staff/admin_action_form.html",
                {
                    **modeladmin.admin_site.each_context(request),
                    "title": description,
                    "intro": intro,
                    "submit_label": submit_label,
                    # The changelist with its filters; a GET there changes nothing.
                    "cancel_url": request.get_full_path(),
                    "form": form,
                    "objects": queryset,
                    "action": request.POST.get("action"),
                    # "Select all N" across pages: the confirmed POST must cover them too.
                    "select_across": request.POST.get("select_across") == "1",
                    "opts": modeladmin.model._meta,
                    "selected": request.POST.getlist(
                        admin.helpers.ACTION_CHECKBOX_NAME
                    ),
                },
            )

        action.__name__ = function.__name__
        action.short_description = description
        if hasattr(function, "allowed_permissions"):
            action.allowed_permissions = function.allowed_permissions
        return action

    return decorator


class ConfirmForm(forms.Form):
    """Nothing to enter: the intermediate page only lists the selection."""


def confirm_action(*, description, intro=""):
    """An admin action that changes state: the first POST lists the selection on a
    confirmation page and changes nothing; only the confirmed POST runs
    `function(modeladmin, request, queryset)`."""

    def decorator(function):
        @functools.wraps(function)
        def confirmed(modeladmin, request, queryset, _cleaned_data):
            return function(modeladmin, request, queryset)

        return form_action(
            ConfirmForm,
            description=description,
            intro=intro,
            submit_label=CONFIRM,
        )(confirmed)

    return decorator


class ReadOnlyMixin:
    """Records that services write: shown in the admin, never added or changed there."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


class ViewOnlyAdmin(ReadOnlyAdmin):
    """Records kept as they are (logs, counters): not even deleted in the admin."""

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False


class AuditedAdminMixin:
    """Adding, changing and deleting in the admin go through the audited saves of
    oasis.core.audit, which write an AuditEvent with the changed fields before and after."""

    def save_model(self, request, obj, form, change):
        audit.admin_object_save(
            obj=obj,
            actor=request.user,
            changed_fields=form.changed_data
            if change
            else [f.name for f in obj._meta.concrete_fields if not f.primary_key],
            created=not change,
        )

    def delete_model(self, request, obj):
        audit.admin_object_delete(obj=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit.admin_object_delete(obj=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit.admin_object_delete(obj=obj, actor=request.user)
        for inline_form in formset.forms:
            obj = inline_form.instance
            if obj not in instances:
                continue
            created = obj.pk is None
            audit.admin_object_save(
                obj=obj,
                actor=request.user,
                changed_fields=inline_form.changed_data,
                created=created,
            )
        formset.save_m2m()
