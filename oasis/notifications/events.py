"""The registry of notification events. Each app registers its events in <app>/notifications.py,
imported from its AppConfig.ready(), one register() call per event:

register(Event(
    name="comment.created",
    recipients=lambda ctx: [ctx["proposal"].author],
    text=lambda ctx: _("%(name)s commented on your idea") % {...},
    target=lambda ctx: ctx["proposal"],
))
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

Context = dict[str, Any]


# Preference groups: people choose channels per group (the notifications issue).
OWN_CONTENT = "own_content"  # my proposals and comments: immediate by default
FOLLOWING = "following"  # proposals I follow or agreed with: daily digest by default
REVIEW = "review"  # reviewer assignments and reminders
STAFF = "staff"  # work waiting for city staff
ACCOUNT = "account"  # moderation outcomes, security


@dataclass(frozen=True)
class Event:
    name: str
    group: str
    recipients: Callable[[Context], Iterable[Any]]
    # Called once per recipient language, inside translation.override().
    text: Callable[[Context], str]
    target: Callable[[Context], Any] | None = None
    url: Callable[[Context], str] | None = None


_events: dict[str, Event] = {}


def register(event: Event) -> Event:
    _events[event.name] = event
    return event


def get(name: str) -> Event:
    try:
        return _events[name]
    except KeyError:
        raise LookupError(
            f"Unknown notification event {name!r}; register it first."
        ) from None


def registered() -> list[str]:
    return sorted(_events)
