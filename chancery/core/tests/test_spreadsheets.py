"""The one writer of spreadsheets: a text anyone typed (a citizen's subject, a name in a list) reaches the
reader of an XLSX or CSV file as that text, never as a formula; and no other module writes a workbook or a CSV
file by itself."""

from __future__ import annotations

import ast
import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from chancery.core import spreadsheets
from chancery.core.tests import office_suite
from chancery.core.tests.office_suite import needs_libreoffice

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "=1+1",
    "+1+2",
    "-3+4",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",  # a full-width equals sign
    "=cmd|' /C calc'!A0",
    "#N/A",
    "#REF!",
]


def _book(values: list[object], *, streamed: bool = True) -> bytes:
    book = spreadsheets.Book(streamed=streamed)
    sheet = book.sheet("Danh sách")
    for value in values:
        sheet.append([value])
    return book.to_bytes()


@pytest.mark.parametrize("streamed", [True, False])
def test_a_text_that_looks_like_a_formula_is_stored_as_that_text(streamed: bool) -> None:
    sheet = load_workbook(io.BytesIO(_book(list(HOSTILE), streamed=streamed))).active
    cells = [row[0] for row in sheet.iter_rows()]
    assert [c.value for c in cells] == HOSTILE
    assert {c.data_type for c in cells} == {"s"}  # no formula ("f"), no error code ("e")
    # the "'" a person types before a text: it stays a text when the cell is edited or the sheet re-saved
    assert [c.quotePrefix for c in cells] == [not v.startswith("#") for v in HOSTILE]


def test_numbers_dates_and_plain_text_keep_their_type_and_dates_read_dd_mm_yyyy() -> None:
    sheet = load_workbook(
        io.BytesIO(_book([-5, 2.5, date(2026, 11, 5), datetime(2026, 11, 5, 9, 30), "Nguyễn Văn An"]))
    ).active
    cells = [row[0] for row in sheet.iter_rows()]
    assert [c.value for c in cells] == [
        -5,
        2.5,
        datetime(2026, 11, 5),
        datetime(2026, 11, 5, 9, 30),
        "Nguyễn Văn An",
    ]
    assert cells[0].data_type == "n" and not cells[0].quotePrefix
    assert cells[2].number_format == "DD/MM/YYYY" and cells[3].number_format == "DD/MM/YYYY HH:MM"
    assert cells[4].data_type == "s" and not cells[4].quotePrefix


def test_characters_a_workbook_cannot_hold_are_dropped_instead_of_failing_the_export() -> None:
    sheet = load_workbook(io.BytesIO(_book(["a\x00b\x1bc\ud800d", "x" * 40_000]))).active
    assert sheet["A1"].value == "abcd"
    assert len(sheet["A2"].value) == spreadsheets.CELL_MAX_CHARACTERS


def test_sheet_titles_are_cut_and_cleaned() -> None:
    book = spreadsheets.Book()
    book.sheet("Trại giam số 5 / Bộ Công an: phân trại [Bắc]").append(["x"])
    assert load_workbook(io.BytesIO(book.to_bytes())).sheetnames == ["Trại giam số 5 - Bộ Công an- ph"]


@given(st.text())
def test_any_text_comes_back_as_the_same_text(value: str) -> None:
    sheet = load_workbook(io.BytesIO(_book([value]))).active
    written = spreadsheets.clean_text(value)
    assert (sheet["A1"].value or "") == written
    assert sheet["A1"].data_type in ("s", "n")  # "n": an empty cell


def test_a_csv_file_carries_a_formula_like_text_after_an_apostrophe() -> None:
    text = spreadsheets.csv_text(
        [["Đơn vị", "Số"], *[[value, 1] for value in HOSTILE], [date(2026, 11, 5), -3]]
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Đơn vị", "Số"]
    for (written, number), value in zip(rows[1:-1], HOSTILE, strict=True):
        assert number == "1"
        assert written == (value if value.startswith("#") else f"'{value}")
    assert rows[-1] == ["05/11/2026", "-3"]  # a number is a number, not a text to neutralise


# --- one writer ----------

CHANCERY = Path(__file__).resolve().parents[2]
WRITER = CHANCERY / "core" / "spreadsheets.py"


def _writers_outside_the_module() -> list[str]:
    """Modules (tests aside) that make a workbook or a CSV writer themselves instead of using the one writer."""
    found = []
    for path in CHANCERY.rglob("*.py"):
        if path == WRITER or "tests" in path.relative_to(CHANCERY).parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
                made = [a.name for a in node.names if a.name in ("Workbook", "WriteOnlyCell")]
            elif isinstance(node, ast.Import):
                made = [a.name for a in node.names if a.name.startswith("xlsxwriter")]
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                made = [node.attr] if (node.value.id, node.attr) in _MAKERS else []
            else:
                made = []
            found += [f"{path.relative_to(CHANCERY)}: {name}" for name in made]
    return found


_MAKERS = {("csv", "writer"), ("csv", "DictWriter"), ("openpyxl", "Workbook")}


def test_no_module_writes_a_spreadsheet_but_the_one_writer() -> None:
    assert _writers_outside_the_module() == []


# --- as LibreOffice shows it ----------


@needs_libreoffice
def test_libreoffice_shows_the_text_not_a_computed_value(tmp_path: Path) -> None:
    (tmp_path / "export.xlsx").write_bytes(_book(['=HYPERLINK("http://x","y")', "=1+1", "@SUM(1,2)"]))
    shown = [row[0] for row in csv.reader(io.StringIO(office_suite.shown_as_csv(tmp_path / "export.xlsx")))]
    assert shown == ['=HYPERLINK("http://x","y")', "=1+1", "@SUM(1,2)"]
