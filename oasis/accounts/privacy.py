"""Data export and deletion: each app adds its own part (Korea's Personal Information Protection Act: a person may take their data and leave).

An app registers, in its AppConfig.ready():
    register_export("votes", lambda user: [...])      # JSON-serialisable
    register_deletion(lambda user: ...)               # runs inside user_delete's transaction
"""

from collections.abc import Callable
from typing import Any

_exporters: dict[str, Callable[[Any], Any]] = {}
_deleters: list[Callable[[Any], None]] = []


def register_export(section: str, exporter: Callable[[Any], Any]) -> None:
    _exporters[section] = exporter


def register_deletion(deleter: Callable[[Any], None]) -> None:
    if deleter not in _deleters:
        _deleters.append(deleter)


def exporters() -> dict[str, Callable[[Any], Any]]:
    return dict(_exporters)


def deleters() -> list[Callable[[Any], None]]:
    return list(_deleters)
