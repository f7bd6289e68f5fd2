"""Keyset (cursor) pagination: the cursor encodes the last row's sort key and id, so a
page costs one indexed query however deep it is."""

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet


@dataclass
class Page:
    items: list
    next_cursor: str | None
    # How many results in all, when known (a search counts its matches).
    count: int | None = None


class InvalidCursor(ValueError):
    pass


def encode_cursor(values: list[Any]) -> str:
    data = [v.isoformat() if isinstance(v, dt.datetime) else v for v in values]
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise InvalidCursor(cursor) from error
    if not isinstance(values, list) or len(values) != size:
        raise InvalidCursor(cursor)
    for value in values:
        if not isinstance(value, (int, float, str)) or isinstance(value, bool):
            raise InvalidCursor(cursor)
    return values


def _after(keys: list[str], values: list[Any]) -> Q:
    """Rows after (values) in descending order of keys: the lexicographic comparison
    (a, b, id) < (va, vb, vid) written as OR-ed prefixes, which indexes serve."""
    condition = Q()
    for position, key in enumerate(keys):
        prefix = {keys[i]: values[i] for i in range(position)}
        condition |= Q(**prefix, **{f"{key}__lt": values[position]})
    return condition


def _parse(key: str, value: Any) -> Any:
    if key.endswith("_at") and isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError as error:
            raise InvalidCursor(value) from error
    return value


def keyset_page(
    queryset: QuerySet, *, keys: list[str], cursor: str | None, size: int
) -> Page:
    """One page of `queryset` ordered by `keys` descending (the last key must be `id`)."""
    if cursor:
        values = [
            _parse(k, v)
            for k, v in zip(keys, decode_cursor(cursor, len(keys)), strict=True)
        ]
        queryset = queryset.filter(_after(keys, values))
    rows = list(queryset.order_by(*[f"-{key}" for key in keys])[: size + 1])
    items, more = rows[:size], len(rows) > size
    next_cursor = (
        encode_cursor([getattr(items[-1], key) for key in keys]) if more else None
    )
    return Page(items=items, next_cursor=next_cursor)
