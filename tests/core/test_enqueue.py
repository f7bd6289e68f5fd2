"""Every task the apps queue goes through oasis.core.tasks.enqueue, which never raises
into the caller; a broker outage is logged and left to the owning app's sweep."""

import re
from pathlib import Path

import pytest
from celery import shared_task
from kombu.exceptions import OperationalError

from oasis.core import tasks

ROOT = Path(__file__).resolve().parents[2]
APP_FOLDERS = ("oasis", "proposals", "voting", "kiosks")
DIRECT_QUEUEING = re.compile(
    r"\.(delay|apply_async|delay_on_commit|apply_async_on_commit)\("
)


def test_no_app_queues_a_task_but_through_enqueue():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in APP_FOLDERS
        for path in (ROOT / folder).rglob("*.py")
        if path != ROOT / "oasis" / "core" / "tasks.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if DIRECT_QUEUEING.search(line)
    ]
    assert offenders == []


@shared_task
def _unreachable():
    """Stands for any task."""


def test_a_broker_error_is_logged_not_raised(monkeypatch, caplog):
    def refuse(*args):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1.")

    monkeypatch.setattr(_unreachable, "delay", refuse)
    assert tasks.enqueue(_unreachable, 1) is False
    assert "Broker unreachable (OperationalError)" in caplog.text


def test_a_failing_eager_run_is_logged_not_raised(monkeypatch, caplog):
    def fail(*args):
        raise ValueError("the task itself failed")

    monkeypatch.setattr(_unreachable, "delay", fail)
    assert tasks.enqueue(_unreachable, 1) is True
    assert "could not be queued" in caplog.text


@pytest.mark.django_db
def test_enqueue_after_commit_waits_for_the_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(_unreachable, "delay", lambda *args: queued.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue_after_commit(_unreachable, 7)
        assert queued == []
    assert queued == [(7,)]
