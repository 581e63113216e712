"""Every spreadsheet the office writes (list exports, registers, lists for submission, import templates,
dashboard CSV files) is written through this module, so that a text is always a text.

A text in a record may come from anyone: a citizen's subject on the public form, a name in a facility's list.
Written into a cell as it is, a text such as `=HYPERLINK("http://x","y")` becomes a live formula in the
reader's Excel or LibreOffice (openpyxl itself stores any string that starts with "=" as a formula), and
`+`, `-`, `@`, a tab or a line break at the start make one when the sheet is re-typed, re-saved or exported
as CSV ("CSV/formula injection"). Here:

- in an XLSX file every string is stored as a string cell (never a formula, never an error code), and one that
  starts with a formula's first character also carries Excel's quotePrefix, the "'" a person types before a
  text, so that it stays a text when the cell is edited or the sheet saved again; what the cell shows is the
  text exactly as written;
- in a CSV file, which has no types, such a text is written after a "'" (OWASP's advice);
- characters a workbook cannot hold (control characters, lone surrogates) are dropped rather than failing
  the whole export, and a text is cut at the 32,767 characters a cell holds;
- dates are shown dd/mm/yyyy (dd/mm/yyyy hh:mm with a time), as everything the office shows its staff.

No other module builds a workbook or a CSV writer: `chancery/core/tests/test_spreadsheets.py` checks it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, TYPE_STRING
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# What makes a spreadsheet read a text as a formula: the ASCII leaders, their full-width forms (an East Asian
# input method types them, and Excel accepts them as the start of a formula), and the white space that some
# readers skip before looking at the first character.
FORMULA_LEADERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
CELL_MAX_CHARACTERS = 32_767
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
# Control characters other than tab, line feed and carriage return, lone surrogates and the two
# non-characters that XML 1.0 (the inside of an XLSX file) cannot hold.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would take this text for a formula when it is typed, pasted or read from CSV."""
    return text[:1] in FORMULA_LEADERS


def clean_text(text: str) -> str:
    """The text as a cell can hold it: no character a workbook cannot store, at most 32,767 characters."""
    return _UNWRITABLE.sub("", text)[:CELL_MAX_CHARACTERS]


class Sheet:
    """One sheet of a `Book`; rows are appended in order, each value written by its type."""

    def __init__(self, worksheet: Any) -> None:
        self._worksheet = worksheet

    def cell(
        self,
        value: Any,
        *,
        bold: bool = False,
        size: float | None = None,
        wrap: bool = False,
        number_format: str | None = None,
    ) -> Cell:
        """A cell holding `value`: a number, a date or a boolean as such; anything else as a text."""
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.replace(tzinfo=None)  # callers give local time; Excel knows no time zones
        if value is None or isinstance(value, (bool, int, float, Decimal, date, time)):
            cell = WriteOnlyCell(self._worksheet, value=value)
            if isinstance(value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
        elif text := clean_text(str(value)):
            cell = WriteOnlyCell(self._worksheet, value=text)
            # A text, whatever openpyxl guessed from it ("=..." a formula, "#N/A" an error code).
            cell.data_type = TYPE_STRING
            if is_formula_like(text):
                cell.quotePrefix = True
        else:
            cell = WriteOnlyCell(self._worksheet)  # an empty text: an empty cell
        if number_format:
            cell.number_format = number_format
        if bold or size:
            cell.font = Font(bold=bold, size=size)
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        return cell

    def append(
        self, values: Iterable[Any], *, bold: bool = False, size: float | None = None, wrap: bool = False
    ) -> None:
        """Add a row: each value through `cell`, all with the same emphasis. A plain number or a text that
        openpyxl would store as a text anyway goes as it is (a list of a million rows is written in a minute,
        not two)."""
        if bold or size or wrap:
            self._worksheet.append([self.cell(v, bold=bold, size=size, wrap=wrap) for v in values])
        else:
            self._worksheet.append([self._plain(v) for v in values])

    def _plain(self, value: Any) -> Any:
        if value is None or type(value) in (int, float, Decimal):
            return value
        if type(value) is str:
            text = clean_text(value)
            if not text:
                return None
            if not is_formula_like(text) and text not in ERROR_CODES:
                return text
        return self.cell(value)

    def set_widths(self, widths: Sequence[float]) -> None:
        """The width of the first columns, in characters (before the first row, in a streamed book)."""
        for index, width in enumerate(widths, start=1):
            self._worksheet.column_dimensions[get_column_letter(index)].width = width

    def freeze(self, top_left: str) -> None:
        """Keep the rows above and the columns left of `top_left` in view while scrolling."""
        self._worksheet.freeze_panes = top_left


class Book:
    """A workbook being written. `streamed` (openpyxl's write-only mode) keeps only the row being written in
    memory: a list export of a million rows needs it."""

    def __init__(self, *, streamed: bool = True) -> None:
        self._workbook = Workbook(write_only=streamed)
        self._streamed = streamed
        self._sheets = 0

    def sheet(self, title: str) -> Sheet:
        """A new sheet, after the others; its title cut to the 31 characters Excel allows, without the
        characters a title cannot have."""
        title = re.sub(r"[\\/*?:\[\]]", "-", clean_text(title)).strip("'") or "Sheet"
        if not self._streamed and self._sheets == 0:
            worksheet = self._workbook.active
            assert worksheet is not None
            worksheet.title = title[:31]
        else:
            worksheet = self._workbook.create_sheet(title=title[:31])
        self._sheets += 1
        return Sheet(worksheet)

    def save(self, path: Path) -> None:
        self._workbook.save(path)

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self._workbook.save(out)
        return out.getvalue()


# --- CSV ----------


def csv_value(value: Any) -> Any:
    """A value as a CSV file should carry it: a formula-like text after a "'", other texts cleaned, dates
    dd/mm/yyyy, numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, (bool, int, float, Decimal)):
        return value
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    text = clean_text(str(value))
    return f"'{text}" if is_formula_like(text) else text


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """A CSV file of these rows (comma-separated, every text through `csv_value`)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
    return out.getvalue()


# --- reading: the grid a workbook asks for --------------------------------------------------------------

# The largest sheet an import reads: calamine (Rust, appraisal/sheets.py) builds the whole rectangle from
# the first cell to the last in memory, so one cell in A1 and one in XFD1048576 of a 1.5 KB file ask it for
# 512 GB and abort the process, which no Python error handling catches. 200 columns by 1,048,576 rows is
# more than any list the office receives; the rectangle is bounded too (10,000,000 cells: a 100,000-row
# list of 100 columns).
READ_MAX_COLUMNS = 200
READ_MAX_CELLS = 10_000_000

_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
# an element's reference, a cell's "B7" or a row's "7", in either quote and with any spacing: its row number,
# and its column's letters when it has them
_ROW_NUMBER = re.compile(rb"\sr\s*=\s*[\"']\s*[A-Za-z]*\s*([0-9]+)")
_COLUMN_LETTERS = re.compile(rb"\sr\s*=\s*[\"']\s*([A-Za-z]+)")
# a row or cell element that names no reference: it takes the one after the element before it
_ATTRIBUTES_BUT_R = rb"(?:\s+(?!r\s*=)[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*/?>"
_UNNAMED_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row" + _ATTRIBUTES_BUT_R)
_UNNAMED_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c" + _ATTRIBUTES_BUT_R)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


# what Excel and LibreOffice write: every row and cell named first thing, in capitals, in double quotes
_PLAIN_ROW = re.compile(rb'<row r="([0-9]{1,7})"')
_PLAIN_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
_PLAIN_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})')
# a row or cell written otherwise: without a reference first, or with a namespace prefix
# (two patterns: each scans for its own first character, where one alternation is six times slower)
_OTHER_FORMS = (re.compile(rb"<(?:c|row)[>/\t\n\r]"), re.compile(rb":(?:c|row)[\s>/]"))


def _plain_extent(part: bytes) -> tuple[int, int] | None:
    """The extent of a sheet written the usual way, in a few passes of C code; None when any row or cell is
    written otherwise (then `sheet_extent` reads every reference)."""
    if any(form.search(part) for form in _OTHER_FORMS):
        return None
    rows_found, cells = _PLAIN_ROW.findall(part), part.count(b"<c ")
    if len(rows_found) != part.count(b"<row ") or part.count(b'<c r="') != cells:
        return None
    cell_rows = _PLAIN_CELL_ROW.findall(part)
    if len(cell_rows) != cells:
        return None
    row_numbers = set(cell_rows)
    del cell_rows
    letters = set(_PLAIN_CELL_COLUMN.findall(part))
    rows = max(map(int, row_numbers | set(rows_found)), default=0)
    return rows, max(map(_column_number, letters), default=0)


def sheet_extent(part: bytes) -> tuple[int, int]:
    """(rows, columns) of the rectangle a worksheet's XML asks a reader for, counted high: the largest row
    and column any reference names, plus as many rows and columns as there are row and cell elements that
    name none (each takes the place after the one before it)."""
    plain = _plain_extent(part)
    if plain is not None:
        return plain
    numbers = set(_ROW_NUMBER.findall(part))
    if any(len(digits) > 8 for digits in numbers):
        return 10**9, 10**9
    rows = max(map(int, numbers), default=0) + len(_UNNAMED_ROW.findall(part))
    columns = max(map(_column_number, set(_COLUMN_LETTERS.findall(part))), default=0)
    if _UNNAMED_CELL.search(part):  # rare (Excel and LibreOffice name every cell): count them row by row
        starts = [match.start() for match in _ROW_TAG.finditer(part)] or [0]
        most = 0
        for index, start in enumerate(starts):
            end = starts[index + 1] if index + 1 < len(starts) else len(part)
            most = max(most, len(_UNNAMED_CELL.findall(part, start, end)))
        columns += most
    return rows, columns


def check_grid(handle: Any) -> None:
    """Refuse a workbook (an open binary .xlsx, read from its start; left there) whose sheets ask a reader
    for a rectangle larger than the office's lists (`READ_MAX_COLUMNS`, `READ_MAX_CELLS`), before anything
    reads it. A file that cannot be inspected so (not a ZIP archive, a part compressed in a way Python does
    not read, a damaged part) is refused as not a workbook: what is not checked is not read."""
    import zipfile

    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    unreadable = (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        OSError,
        EOFError,
        ValueError,
    )
    handle.seek(0)
    try:
        try:
            archive = zipfile.ZipFile(handle)
            parts = archive.infolist()
        except unreadable as error:
            raise ValidationError(_("The file is not an Excel workbook (.xlsx).")) from error
        # every part, whatever its name: the workbook's relationships may point a sheet anywhere
        for info in parts:
            try:
                part = archive.read(info)
            except unreadable as error:
                raise ValidationError(_("The file is not an Excel workbook (.xlsx).")) from error
            rows, columns = sheet_extent(part)
            if columns > READ_MAX_COLUMNS:
                raise ValidationError(
                    _("A sheet of the workbook has more than %(n)s columns: keep only the list's columns.")
                    % {"n": READ_MAX_COLUMNS}
                )
            if rows * columns > READ_MAX_CELLS:
                raise ValidationError(
                    _(
                        "A sheet of the workbook reaches row %(rows)s: delete what lies below the list, "
                        "or split it."
                    )
                    % {"rows": f"{rows:,}".replace(",", ".")}
                )
    finally:
        handle.seek(0)
