"""The one CSV cell rule: formulas are neutralised, numbers stay numbers."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from oasis.core.csv import csv_cell, csv_lines, csv_response, streaming_csv_response
from tests.csv_injection import FORMULA_TEXTS, assert_only_neutralised, csv_cells


@pytest.mark.parametrize("text", FORMULA_TEXTS)
def test_a_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["Shade at bus stops", "한강 그늘막", "a=b", "x-1", "", "'quoted"]
)
def test_plain_text_stays_as_it_is(text):
    assert csv_cell(text) == text


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (-5, -5),
        (0, 0),
        (12, 12),
        (Decimal("-3000000"), Decimal("-3000000")),
        (-0.5, "-0.500"),
        (3.14159, "3.142"),
    ],
)
def test_numbers_stay_numbers_even_when_negative(value, cell):
    assert csv_cell(value) == cell


def test_none_booleans_and_dates():
    seoul = ZoneInfo("Asia/Seoul")
    assert csv_cell(None) == ""
    assert csv_cell(True) == "true"
    assert csv_cell(False) == "false"
    assert csv_cell(dt.date(2026, 5, 1)) == "2026-05-01"
    assert (
        csv_cell(dt.datetime(2026, 5, 1, 9, 30, tzinfo=seoul))
        == "2026-05-01T09:30:00+09:00"
    )


def test_lines_start_with_a_byte_order_mark_and_quote_what_needs_it():
    lines = list(csv_lines([["title", "n"], ['=cmd|" /C calc"!A0', -1]]))

    assert lines[0] == "\ufeff"
    assert lines[1] == "title,n\r\n"
    assert lines[2] == '"\'=cmd|"" /C calc""!A0",-1\r\n'


@pytest.mark.parametrize("make", [csv_response, streaming_csv_response])
def test_both_responses_write_safe_cells_as_an_attachment(make):
    response = make([["title"], *([text] for text in FORMULA_TEXTS)], filename="x.csv")

    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    rows = csv_cells(response)
    assert rows[0] == ["title"]
    assert_only_neutralised(rows, FORMULA_TEXTS)
