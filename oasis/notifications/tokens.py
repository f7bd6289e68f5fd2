"""Signed one-click unsubscribe tokens: they name a person and groups, need no login."""

from dataclasses import dataclass

from django.core import signing

SALT = "oasis.notifications.unsubscribe"


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    groups: tuple[str, ...]


def unsubscribe_token(*, user, groups) -> str:
    return signing.dumps({"u": user.pk, "g": sorted(set(groups))}, salt=SALT)


def read_unsubscribe_token(token: str) -> Unsubscribe:
    """Raise signing.BadSignature for a forged or damaged token."""
    data = signing.loads(token, salt=SALT)
    try:
        return Unsubscribe(user_id=int(data["u"]), groups=tuple(map(str, data["g"])))
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("malformed unsubscribe token") from error
