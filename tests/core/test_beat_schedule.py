"""Every scheduled job names a registered task; a missing one fails at start-up."""

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from oasis.celery import refuse_unknown_scheduled_tasks
from oasis.core.checks import beat_schedule_errors


def test_every_beat_entry_names_a_registered_task():
    assert beat_schedule_errors() == []


@pytest.fixture
def bogus_entry(settings):
    settings.CELERY_BEAT_SCHEDULE = {
        **settings.CELERY_BEAT_SCHEDULE,
        "bogus": {"task": "voting.tasks.no_such_task", "schedule": 60},
    }


@pytest.mark.usefixtures("bogus_entry")
def test_a_bogus_entry_fails_the_system_check():
    errors = checks.run_checks(tags=["celery"])

    assert [error.id for error in errors] == ["core.E001"]
    assert "voting.tasks.no_such_task" in errors[0].msg
    assert "'bogus'" in errors[0].msg


@pytest.mark.usefixtures("bogus_entry")
def test_beat_refuses_to_start_with_a_bogus_entry():
    with pytest.raises(ImproperlyConfigured, match="no_such_task"):
        refuse_unknown_scheduled_tasks()
