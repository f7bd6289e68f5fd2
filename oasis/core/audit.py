"""audit_record(): every staff action and every stage transition leaves one row."""

from typing import Any

from django.db import models

from oasis.core.models import AuditEvent


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit entry; call it inside the transaction of the change it records."""
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        actor_id=actor_id,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        before=before,
        after=after,
    )
