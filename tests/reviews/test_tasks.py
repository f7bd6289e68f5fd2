"""The daily reminder of reviewers, run by beat."""

import pytest
from django.conf import settings
from django.utils import timezone

from oasis.celery import app
from oasis.notifications.models import Notification
from proposals.reviews import tasks
from tests.notifications.dispatching import fan_out_pending

pytestmark = pytest.mark.django_db


def test_the_beat_entry_names_the_task_of_this_app():
    entry = settings.CELERY_BEAT_SCHEDULE["reviews-remind-reviewers"]
    assert entry["task"] == "proposals.reviews.tasks.remind_reviewers"
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert tasks.remind_reviewers.name == entry["task"]


def test_nothing_due_reminds_nobody():
    assert tasks.remind_reviewers.apply().get() == 0
    assert not Notification.objects.filter(event="review.due_soon").exists()


def test_the_daily_task_reminds_reviewers_of_a_round_ending_today(panel_round):
    review_round, _ideas, _people = panel_round()
    review_round.ends_on = timezone.localdate()
    review_round.save(update_fields=["ends_on"])
    assert tasks.remind_reviewers.apply().get() > 0
    fan_out_pending()
    assert Notification.objects.filter(event="review.due_soon").exists()
