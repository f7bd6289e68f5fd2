from django.utils.functional import SimpleLazyObject

from oasis.notifications.selectors import unread_count


def unread_notifications(request):
    """The bell's count, queried only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": SimpleLazyObject(lambda: unread_count(user))}
