"""Celery application: configured from Django settings under the CELERY_ namespace."""

import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oasis.settings")

app = Celery("oasis")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@beat_init.connect
def refuse_unknown_scheduled_tasks(sender=None, **kwargs) -> None:
    """Beat does not start with an entry that names no registered task."""
    from django.core.exceptions import ImproperlyConfigured

    from oasis.core.checks import beat_schedule_errors

    errors = beat_schedule_errors()
    if errors:
        raise ImproperlyConfigured("; ".join(error.msg for error in errors))
