"""The registry of notification events. An app adds one event with one register() call:

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


@dataclass(frozen=True)
class Event:
    name: str
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
