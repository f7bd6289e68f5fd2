"""A comment on an idea → the outbox → real Redis → a real Celery worker → an email that
a local SMTP server (aiosmtpd) receives, in the idea author's language.

Needs PostgreSQL (the worker reads the rows this test commits, so transactional_db and
the test database's name passed to the worker) and Redis.
"""

import email
import socket
import time
from email import policy

import pytest
from django.db import connection
from django.utils.translation import gettext, override

from oasis.notifications.models import Delivery
from tests.accounts.factories import UserFactory
from tests.proposals.factories import ProposalFactory
from tests.services import require

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps every message it is handed."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=policy.default)
        )
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    inbox.url = f"smtp://127.0.0.1:{controller.port}"
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def worker_env(smtp_server):
    require(
        "PostgreSQL",
        connection.vendor == "postgresql",
        "the worker must share the test database: run with "
        "DATABASE_URL=postgres://postgres@127.0.0.1:5432/oasis_notifications",
    )
    return {
        "DB_CONN_MAX_AGE": "0",
        "EMAIL_URL": smtp_server.url,
        "SITE_URL": "https://oasis.example.org",
    }


def _wait_for_mail(inbox, worker, count: int, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(inbox.messages) >= count:
            return inbox.messages
        if worker.poll() is not None:
            pytest.fail(f"the worker exited early:\n{worker.log.read_text()}")
        time.sleep(0.2)
    pytest.fail(
        f"{len(inbox.messages)} of {count} emails after {timeout}s; "
        f"worker log:\n{worker.log.read_text()}"
    )


def _expected_text(language: str, commenter, proposal) -> str:
    with override(language):
        return gettext("%(name)s commented on your idea “%(title)s”") % {
            "name": commenter.public_name,
            "title": proposal.title,
        }


def test_a_comment_reaches_the_authors_mailbox_in_their_language(worker, smtp_server):
    from proposals.services import comment_create

    # given two ideas, by a Korean-speaking and an English-speaking author
    korean = ProposalFactory(author=UserFactory(preferred_language="ko"))
    english = ProposalFactory(author=UserFactory(preferred_language="en"))
    commenter = UserFactory()

    # when someone comments on both (each commit queues its delivery task)
    for proposal in (korean, english):
        comment_create(proposal=proposal, author=commenter, body="좋은 생각입니다!")

    # then the worker sends each author one email, in the author's language
    messages = _wait_for_mail(smtp_server, worker, count=2)
    by_recipient = {message["To"]: message for message in messages}
    assert set(by_recipient) == {korean.author.email, english.author.email}
    for proposal, language in ((korean, "ko"), (english, "en")):
        message = by_recipient[proposal.author.email]
        text = _expected_text(language, commenter, proposal)
        assert text in message["Subject"]
        plain = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert text in plain
        assert f'<html lang="{language}">' in html
        assert message["List-Unsubscribe"].startswith(
            "<https://oasis.example.org/notifications/unsubscribe/"
        )
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # and the outbox rows are marked sent by the worker, once
    deadline = time.monotonic() + 10
    while (
        Delivery.objects.exclude(status=Delivery.Status.SENT).exists()
        and time.monotonic() < deadline
    ):
        time.sleep(0.2)
    assert list(Delivery.objects.values_list("status", "attempts")) == [
        (Delivery.Status.SENT, 1),
        (Delivery.Status.SENT, 1),
    ]
    time.sleep(1)
    assert len(smtp_server.messages) == 2
