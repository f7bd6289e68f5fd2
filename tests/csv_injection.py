"""Texts a spreadsheet would run as formulas, and how every CSV export must give them:
with an apostrophe in front, so the cell shows the text instead of running it."""

import csv
import io

FORMULA_TEXTS = [
    '=HYPERLINK("http://x")',
    "+1+2 fountains",
    "-1+2 benches",
    "@SUM(A1:A9) trees",
    "\tTabbed idea",
    "\rReturned idea",
]


def neutralised(text: str) -> str:
    return "'" + text


def csv_cells(response) -> list[list[str]]:
    """The rows of a CSV response (streamed or not), byte-order mark removed."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def assert_only_neutralised(rows: list[list[str]], texts: list[str]) -> None:
    """Each text appears, and only with its apostrophe; no cell starts a formula."""
    cells = [cell for row in rows for cell in row]
    for text in texts:
        assert neutralised(text) in cells, text
        assert text not in cells, text
    for cell in cells:
        if cell.startswith(("=", "+", "@", "\t", "\r")):
            raise AssertionError(f"a formula cell: {cell!r}")
