"""System checks of the project's own configuration."""

from django.conf import settings
from django.core import checks
from django.utils.module_loading import autodiscover_modules


def beat_schedule_errors() -> list[checks.CheckMessage]:
    """Every CELERY_BEAT_SCHEDULE entry must name a registered task: a misspelt or moved
    task fails here, at start-up, instead of silently at run time."""
    from oasis.celery import app

    autodiscover_modules("tasks")  # what Celery's autodiscovery imports
    registered = set(app.tasks)
    return [
        checks.Error(
            f"The beat entry {name!r} names the task {entry['task']!r}, "
            "which no installed app registers.",
            hint="Name the task by the module path of the app that owns it.",
            obj="CELERY_BEAT_SCHEDULE",
            id="core.E001",
        )
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        if entry["task"] not in registered
    ]


@checks.register("celery")
def beat_schedule_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    return beat_schedule_errors()
