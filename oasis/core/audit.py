"""audit_record(): every staff action and every stage transition leaves one row."""

from typing import Any

from django.db import models

from oasis.core.models import AuditEvent


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
