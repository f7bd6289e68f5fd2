"""audit_record(): every staff action and every stage transition leaves one row; the
admin's adds, changes and deletes are audited through admin_object_save/delete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction

from oasis.core.errors import NotAllowed
from oasis.core.models import AuditEvent


def require_staff(actor) -> None:
    """Staff actions are refused to anyone who is not signed-in staff."""
    if actor is None or not actor.is_authenticated or not actor.is_staff:
        raise NotAllowed()


def actor_label(user) -> str:
    """Who acted, kept with the entry for when the user row is gone: staff by their email
    (or public name), anyone else by account number only, so no citizen's personal data
    outlives the anonymisation of their account in a row that can no longer change."""
    if user is None:
        return ""
    if user.is_staff:
        return (user.email or user.public_name)[:254]
    return f"user #{user.pk}"


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit entry; call it inside the transaction of the change it records."""
    person = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        actor_id=person.pk if person is not None else None,
        actor_label=actor_label(person),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        before=before,
        after=after,
    )


def _plain(value: Any) -> Any:
    """A JSON-friendly copy of a field value for the audit trail."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (dt.date, dt.datetime, dt.time, Decimal)):
        return str(value)
    if isinstance(value, (str, int, float, bool, list, dict)) or value is None:
        return value
    return str(value)


# Secrets and their hashes never enter the audit trail.
UNAUDITED_FIELDS = frozenset(
    {"password", "phone_hmac", "phone_encrypted", "credential_hash", "code_hash"}
)


def _field_values(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    values = {}
    for name in names:
        if name in UNAUDITED_FIELDS:
            continue
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # a form-only field
        if (
            field.many_to_many
            or field.one_to_many
            or not isinstance(field, models.Field)
        ):
            continue
        values[name] = _plain(getattr(obj, field.attname))
    return values


@transaction.atomic
def admin_object_save(
    *, obj: models.Model, actor, changed_fields: Iterable[str], created: bool
) -> models.Model:
    """Save an object edited in the admin and audit what changed (before and after)."""
    require_staff(actor)
    changed = list(changed_fields)
    before = None
    if not created and obj.pk is not None:
        stored = type(obj)._default_manager.filter(pk=obj.pk).first()
        if stored is not None:
            before = _field_values(stored, changed)
    obj.save()
    audit_record(
        actor=actor,
        action=f"{obj._meta.label_lower}.{'create' if created else 'change'}",
        target=obj,
        before=before,
        after=_field_values(obj, changed),
    )
    return obj


@transaction.atomic
def admin_object_delete(*, obj: models.Model, actor) -> None:
    """Delete an object from the admin, leaving an audit entry that names it."""
    require_staff(actor)
    audit_record(
        actor=actor,
        action=f"{obj._meta.label_lower}.delete",
        target=obj,
        before=_field_values(obj, [f.name for f in obj._meta.concrete_fields]),
    )
    obj.delete()
