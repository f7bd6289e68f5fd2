"""dispatch(): the single entry point for telling people that something happened."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from oasis.notifications import events
from oasis.notifications.models import Notification


def dispatch(event: str, *, actor=None, **context) -> list[Notification]:
    """Write the in-app notifications of `event` in the caller's transaction.

    The actor is never told about their own action. Texts are rendered once per language.
    """
    spec = events.get(event)
    context["actor"] = actor
    recipients = {
        user.pk: user
        for user in spec.recipients(context)
        if user is not None
        and user.is_active
        and (actor is None or user.pk != actor.pk)
    }
    if not recipients:
        return []
    target = spec.target(context) if spec.target else None
    url = (
        spec.url(context)
        if spec.url
        else (target.get_absolute_url() if hasattr(target, "get_absolute_url") else "")
    )
    texts: dict[str, str] = {}
    rows = []
    for user in recipients.values():
        language = user.preferred_language or "ko"
        if language not in texts:
            with override(language):
                texts[language] = str(spec.text(context))[:500]
        rows.append(
            Notification(
                recipient=user,
                event=event,
                target_type=target._meta.label_lower if target is not None else "",
                target_id=str(target.pk) if target is not None else "",
                text=texts[language],
                url=url,
            )
        )
    with transaction.atomic():
        return Notification.objects.bulk_create(rows)


def notification_mark_read(*, user, notification_id: int) -> Notification | None:
    notification = Notification.objects.filter(
        recipient=user, pk=notification_id
    ).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
