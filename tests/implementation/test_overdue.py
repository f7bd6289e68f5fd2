"""The daily check of overdue answers: author and staff hear once per stay in review."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from oasis.celery import app
from oasis.notifications.models import Delivery, Notification, NotificationEvent
from proposals.implementation import tasks
from proposals.models import Stage

pytestmark = pytest.mark.django_db


def test_the_beat_entry_names_the_task_of_this_app():
    entry = settings.CELERY_BEAT_SCHEDULE["implementation-overdue-answers"]
    assert entry["task"] == "proposals.implementation.tasks.notify_overdue_answers"
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert tasks.notify_overdue_answers.name == entry["task"]


def test_overdue_answers_tell_author_and_staff_once(
    proposal, staff_user, django_capture_on_commit_callbacks
):
    proposal.stage = Stage.IN_REVIEW
    proposal.in_review_at = timezone.now() - dt.timedelta(days=31)
    proposal.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.notify_overdue_answers.apply().get()
        second = tasks.notify_overdue_answers.apply().get()
    assert (first, second) == (1, 0)
    told = set(
        Notification.objects.filter(event="answer.overdue").values_list(
            "recipient", flat=True
        )
    )
    assert told == {proposal.author_id, staff_user.pk}
    # the author hears as the owner (immediately), staff as staff
    groups = dict(
        Delivery.objects.filter(notification__event="answer.overdue").values_list(
            "recipient", "group"
        )
    )
    assert groups == {proposal.author_id: "own_content", staff_user.pk: "staff"}


def test_an_answer_not_yet_due_is_not_overdue(proposal):
    proposal.stage = Stage.IN_REVIEW
    proposal.in_review_at = timezone.now() - dt.timedelta(days=29)
    proposal.save()
    assert tasks.notify_overdue_answers.apply().get() == 0


def test_an_idea_back_in_review_is_told_about_again(proposal):
    proposal.stage = Stage.IN_REVIEW
    proposal.in_review_at = timezone.now() - dt.timedelta(days=70)
    proposal.save()
    assert tasks.notify_overdue_answers.apply().get() == 1
    NotificationEvent.objects.filter(name="answer.overdue").update(
        created_at=timezone.now() - dt.timedelta(days=35)
    )
    # deferred, and back in review 31 days ago: a new answer is owed and overdue
    proposal.in_review_at = timezone.now() - dt.timedelta(days=31)
    proposal.save()
    assert tasks.notify_overdue_answers.apply().get() == 1
    assert tasks.notify_overdue_answers.apply().get() == 0
