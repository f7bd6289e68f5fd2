"""Every CSV the project writes goes through here: one rule for a safe cell, one way to
answer with a file.

A text cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab
or a carriage return) is prefixed with an apostrophe, as the OWASP guidance on CSV
injection advises; numbers stay numbers. Files are UTF-8 with a byte-order mark, so
spreadsheet programs read Korean text right.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"
CONTENT_TYPE = "text/csv; charset=utf-8"


def csv_cell(value) -> str | int | Decimal:
    """`value` as a CSV cell a spreadsheet will show, never run."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return value
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object that hands back what csv.writer writes to it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """The file, line by line: the byte-order mark, then each row of safe cells."""
    writer = csv.writer(_Echo())
    yield BYTE_ORDER_MARK
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def _attach(response: HttpResponse | StreamingHttpResponse, filename: str | None):
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(rows: Iterable[Iterable], *, filename: str | None) -> HttpResponse:
    """A small CSV file, written whole (round results and other bounded exports)."""
    return _attach(
        HttpResponse("".join(csv_lines(rows)), content_type=CONTENT_TYPE), filename
    )


def streaming_csv_response(
    rows: Iterable[Iterable], *, filename: str | None
) -> StreamingHttpResponse:
    """A CSV file of any size, streamed row by row; `rows` is read lazily."""
    return _attach(
        StreamingHttpResponse(csv_lines(rows), content_type=CONTENT_TYPE), filename
    )
