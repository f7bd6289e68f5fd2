"""The registry of notification events. Each app registers its events in <app>/notifications.py,
imported from its AppConfig.ready(), one register() call per event:

register(Event(
    name="comment.created",
    group=OWN_CONTENT,
    recipients=lambda ctx: [ctx["proposal"].author],
    text=lambda ctx: _("%(name)s commented on your idea") % {...},
    target=lambda ctx: ctx["proposal"],
    # optional: a group per recipient, e.g. followers hear as FOLLOWING
    group_of=author_else(FOLLOWING),
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
    # The preference group for one recipient, when it differs among them: the author of
    # an idea hears about it as OWN_CONTENT, its followers as FOLLOWING (daily digest).
    group_of: Callable[[Context, Any], str] | None = None

    def group_for(self, context: Context, user) -> str:
        if self.group_of is not None:
            return self.group_of(context, user)
        if self.name in AUTHOR_AND_FOLLOWERS:
            return author_else(FOLLOWING)(context, user)
        return self.group


# Events about an idea told both to its author and to its followers or supporters,
# registered without a group_of: the author hears at once (OWN_CONTENT), the others in
# the daily digest (FOLLOWING). An Event's own group_of always wins.
AUTHOR_AND_FOLLOWERS = frozenset(
    {
        "proposal.stage_changed",
        "proposal.threshold_reached",
        "answer.published",
        "implementation.updated",
    }
)


def author_else(group: str, key: str = "proposal") -> Callable[[Context, Any], str]:
    """group_of for events about context[key]: OWN_CONTENT for its author, else `group`."""

    def group_of(context: Context, user) -> str:
        owner_id = getattr(context.get(key), "author_id", None)
        return OWN_CONTENT if owner_id is not None and owner_id == user.pk else group

    return group_of


# Whether the public may see an object, per model, registered by the app that owns
# it: an event about something the public may not see reaches only staff and the
# object's own author.
_visibility: dict[type, Callable[[Any], bool]] = {}


def register_visibility(model: type, predicate: Callable[[Any], bool]) -> None:
    _visibility[model] = predicate


def withheld_subjects(context: Context) -> list[Any]:
    """The objects of `context` the public may not see."""
    return [
        value
        for value in context.values()
        for model, visible in _visibility.items()
        if isinstance(value, model) and not visible(value)
    ]


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
