"""The notifications part of a person's data export and account deletion (PIPA)."""

from oasis.notifications.models import Delivery, Notification, NotificationPreference


def export(user) -> dict:
    return {
        "preferences": list(
            NotificationPreference.objects.filter(user=user).values(
                "group", "channel", "frequency"
            )
        ),
        "notifications": [
            {
                "event": event,
                "text": text,
                "url": url,
                "created_at": created_at.isoformat(),
                "read_at": read_at.isoformat() if read_at else None,
            }
            for event, text, url, created_at, read_at in Notification.objects.filter(
                recipient=user
            ).values_list("event", "text", "url", "created_at", "read_at")
        ],
    }


def delete(user) -> None:
    """Notifications may quote names and titles; they go with the account."""
    Delivery.objects.filter(recipient=user).delete()
    Notification.objects.filter(recipient=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
