"""Reading the long lists proposing bodies send as Excel workbooks: the first row names the columns, in the
body's own words and order; a column mapping says which column holds which field. `guess_mapping` proposes
one from the headings (folded: no diacritics, đ as d), the clerk corrects it, and the same mapping reads
every row. Shared by honours and amnesty."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from python_calamine import CalamineError, CalamineWorkbook

from chancery.core import spreadsheets
from chancery.core.text import excerpt, fold, nfc


@dataclass(frozen=True)
class Column:
    """A field a list can hold: `aliases` are the folded headings that name it."""

    field: str
    label: str
    aliases: tuple[str, ...]
    required: bool = False


def _first_sheet(source: Any) -> Any:
    """The first sheet of a workbook (a path or an open binary file), read by calamine (Rust): about thirty
    times faster than openpyxl's reader on a 100,000-row list. A file that is not a workbook raises
    ValidationError, and so does one whose sheets would not fit in memory (`spreadsheets.check_grid`),
    before calamine sees it: calamine aborts the process on such a file."""
    try:
        if isinstance(source, str | Path):
            with open(source, "rb") as handle:
                spreadsheets.check_grid(handle)
            book = CalamineWorkbook.from_path(str(source))
        else:
            spreadsheets.check_grid(source)
            book = CalamineWorkbook.from_filelike(source)
        return book.get_sheet_by_index(0)
    except (CalamineError, ValueError, OSError) as error:
        raise ValidationError(
            gettext("The workbook could not be read: save it as .xlsx and upload it again.")
        ) from error


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = nfc(value).strip()
        return value or None
    return value


def read_headings(source: Any) -> list[str]:
    for first in _first_sheet(source).iter_rows():
        return [nfc(str(v)).strip() if v not in (None, "") else "" for v in first]
    return []


def guess_mapping(headings: Sequence[str], columns: Sequence[Column]) -> dict[str, int]:
    """field -> column index, for the headings that name a field (the first heading that does wins)."""
    found: dict[str, int] = {}
    for index, heading in enumerate(headings):
        folded = fold(heading).strip(" :*")
        for column in columns:
            if column.field not in found and folded in column.aliases:
                found[column.field] = index
                break
    return found


def check_mapping(mapping: Mapping[str, int], columns: Sequence[Column], width: int) -> None:
    """The column mapping names only the list's own fields, every required one, columns the sheet has, and
    no column twice."""
    known = {c.field for c in columns}
    unknown = sorted(excerpt(name, 40) for name in mapping if name not in known)
    if unknown:
        raise ValidationError(gettext("The list has no field: %(names)s.") % {"names": ", ".join(unknown)})
    missing = [c.label for c in columns if c.required and c.field not in mapping]
    if missing:
        raise ValidationError(gettext("No column chosen for: %(names)s.") % {"names": ", ".join(missing)})
    bad = [str(i + 1) for i in mapping.values() if not 0 <= i < width]
    if bad:
        raise ValidationError(gettext("Columns not in the sheet: %(columns)s.") % {"columns": ", ".join(bad)})
    used = list(mapping.values())
    if len(used) != len(set(used)):
        raise ValidationError(gettext("One column is chosen for two fields."))


def read_rows(source: Any, mapping: Mapping[str, int]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number in the sheet, {field: value}) for every row below the headings that has any value; an
    empty cell is None. The sheet is read whole by calamine, then each mapped column is cleaned at once,
    each distinct text once (`_cell`)."""
    grid = list(_first_sheet(source).iter_rows())[1:]
    numbers = [
        number
        for number, values in enumerate(grid, start=2)
        if values.count("") + values.count(None) != len(values)
    ]
    kept = [grid[number - 2] for number in numbers]
    del grid
    fields = list(mapping)
    columns = [_column(kept, index) for index in mapping.values()]
    for number, cells in zip(
        numbers, zip(*columns, strict=True) if columns else [()] * len(kept), strict=True
    ):
        yield number, dict(zip(fields, cells, strict=True))


def _column(rows: list[list[Any]], index: int) -> list[Any]:
    """One column of the rows, each cell as `_cell` makes it (a text cleaned once however often it
    occurs; a cell past a row's end is None)."""
    seen: dict[str, Any] = {}
    cleaned = []
    for values in rows:
        value = values[index] if index < len(values) else None
        if isinstance(value, str):
            if value in seen:
                value = seen[value]
            else:
                value = seen[value] = _cell(value)
        cleaned.append(value)
    return cleaned


# --- cell values ------------------------------------------------------------------------------------------

# A list of 100,000 rows repeats most of its cells (the years, the dates, the yes/no columns): each distinct
# cell is read once by each pure reader (`parsed_cell`), in a bounded memo.
_PARSED: dict[tuple[Any, ...], Any] = {}
_PARSED_MAX = 1 << 17


def parsed_cell(parse: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
    """`parse(value, *args, **kwargs)` of a pure cell reader (its result depends on its arguments alone:
    never on today's date), once per distinct cell: a cell it refuses raises each time, a list it returns
    is a fresh copy each time."""
    key = (parse, type(value), value, args, tuple(kwargs.items()))
    try:
        found = _PARSED[key]
    except KeyError:
        found = parse(value, *args, **kwargs)
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = found
    except TypeError:  # a value that cannot be a key
        return parse(value, *args, **kwargs)
    return list(found) if type(found) is list else found


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def quoted(value: Any) -> str:
    """A cell quoted in a row's problem: the offending cell alone, cut short (core.text.excerpt), so that a
    problem list never carries more of a file than is needed to find the cell."""
    return f"“{excerpt(text(value))}”"


def flag(value: Any) -> bool:
    """A yes/no cell: "x", "có", "1", "yes" are yes; empty, "không", "0" are no."""
    folded = fold(text(value))
    if folded in ("", "0", "khong", "no", "false", "-"):
        return False
    if folded in ("x", "co", "1", "yes", "true", "v"):
        return True
    raise ValidationError(
        gettext("%(cell)s is not yes or no (leave it empty or write x).") % {"cell": quoted(value)}
    )


def day(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise ValidationError(gettext("%(cell)s is not a date (dd/mm/yyyy).") % {"cell": quoted(raw)})


def whole_number(value: Any, *, low: int = 0, high: int = 10_000) -> int | None:
    raw = text(value)
    if not raw:
        return None
    try:
        number = int(float(raw))
    except ValueError as error:
        raise ValidationError(gettext("%(cell)s is not a number.") % {"cell": quoted(raw)}) from error
    if not low <= number <= high:
        raise ValidationError(
            gettext("%(cell)s is outside %(low)s–%(high)s.") % {"cell": quoted(raw), "low": low, "high": high}
        )
    return number


_YEAR_PART = re.compile(r"^(\d{4})(?:\s*[-–]\s*(\d{4}))?$")


def years(value: Any, *, low: int = 1945, high: int = 2100) -> list[int]:
    """A list of years as offices write them: "2019, 2021-2023; 2025" -> [2019, 2021, 2022, 2023, 2025]."""
    return list(_years(text(value), low, high))


@lru_cache(maxsize=4096)
def _years(raw: str, low: int, high: int) -> tuple[int, ...]:
    """`years` of one cell's text (a list repeats the same few cells: each is read once)."""
    found: set[int] = set()
    for part in filter(None, (p.strip() for p in re.split(r"[,;\s]+(?![-–])", raw.replace(" - ", "-")))):
        match = _YEAR_PART.match(part)
        if not match:
            raise ValidationError(
                gettext("%(cell)s is not a year (for example: 2019, 2021-2023).") % {"cell": quoted(part)}
            )
        start = int(match.group(1))
        end = int(match.group(2) or start)
        if not low <= start <= end <= high:
            raise ValidationError(gettext("%(cell)s is not a valid span of years.") % {"cell": quoted(part)})
        found.update(range(start, end + 1))
    return tuple(sorted(found))
