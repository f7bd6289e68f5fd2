import pytest
from pytest_factoryboy import register

from oasis.notifications import events
from tests.notifications.factories import DeliveryFactory, NotificationFactory
from tests.proposals.factories import CategoryFactory, ProposalFactory

register(CategoryFactory)
register(ProposalFactory)
register(NotificationFactory)
register(DeliveryFactory)


def _text(ctx):
    from django.utils.translation import get_language

    title = ctx.get("title", "a test")
    return f"Ping about {title}" if get_language() == "en" else f"{title} 알림"


@pytest.fixture
def ping_events():
    """Test events, one per preference group: "test.<group>", telling ctx["to"]."""
    names = []
    for group in (
        events.OWN_CONTENT,
        events.FOLLOWING,
        events.REVIEW,
        events.STAFF,
        events.ACCOUNT,
    ):
        name = f"test.{group}"
        events.register(
            events.Event(
                name=name,
                group=group,
                recipients=lambda ctx: ctx["to"],
                text=_text,
                url=lambda ctx: ctx.get("url", "/notifications/"),
            )
        )
        names.append(name)
    yield names
    for name in names:
        events._events.pop(name, None)


@pytest.fixture
def eager_retries():
    """Let eager retries run in-process one after another, as a worker would later."""
    from oasis.celery import app

    saved = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = saved
