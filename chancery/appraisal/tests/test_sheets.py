"""Reading a list's cells in bulk (the sheet read whole, each column cleaned at once, each distinct cell
read once) gives what reading it row by row and cell by cell gave; a long list parsed on both cores gives
what parsing it here gives, in order."""

import io
import unicodedata
from datetime import date, datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from chancery.appraisal import importing, parallel, sheets
from chancery.honours import intake


def _reference_rows(source, mapping):
    """The reader as it was before the bulk read: row by row, cell by cell."""
    rows = sheets._first_sheet(source).iter_rows()
    next(rows, None)
    for number, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        yield (
            number,
            {
                field: sheets._cell(values[index]) if index < len(values) else None
                for field, index in mapping.items()
            },
        )


TEXTS = st.sampled_from(
    [
        "Hoàn thành",
        unicodedata.normalize("NFD", "Hoàn thành"),  # the same word typed decomposed
        "  Nguyễn Văn\u200b An  ",  # spaces and a zero-width space
        "x",
        "",
        " ",
        "0",
        "2019, 2021-2023",
    ]
)
CELLS = st.one_of(
    st.none(),
    TEXTS,
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=12),
    st.integers(-5, 3000),
    st.sampled_from([0.0, 1970.0, 2.5]),
    st.booleans(),
    st.dates(date(1950, 1, 1), date(2030, 12, 31)),
)


def _book(rows, *, offset):
    book = Workbook()
    sheet = book.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1 + offset):
            if value is not None:
                sheet.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(CELLS, min_size=1, max_size=5), min_size=1, max_size=12),
    offset=st.integers(0, 2),
    mapping=st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), st.integers(0, 6), max_size=4),
)
def test_the_bulk_read_gives_what_the_row_by_row_read_gave(rows, offset, mapping):
    content = _book([["Họ và tên", "Năm"], *rows], offset=offset)
    assert list(sheets.read_rows(io.BytesIO(content), mapping)) == list(
        _reference_rows(io.BytesIO(content), mapping)
    )


def test_a_cell_reader_reads_each_distinct_cell_once_and_refuses_each_time():
    first = sheets.parsed_cell(sheets.years, "2019, 2021-2022")
    first.append(1999)  # a caller changing its list changes no one else's
    assert sheets.parsed_cell(sheets.years, "2019, 2021-2022") == [2019, 2021, 2022]
    assert sheets.parsed_cell(sheets.day, datetime(2024, 5, 1, 0, 0)) == date(2024, 5, 1)
    assert sheets.parsed_cell(sheets.whole_number, 1.0) == 1
    assert sheets.parsed_cell(sheets.flag, True) is True
    for _ in range(2):
        with pytest.raises(ValidationError):
            sheets.parsed_cell(sheets.years, "2019-20x")
    with pytest.raises(ValidationError):
        sheets.parsed_cell(sheets.whole_number, 50, high=10)
    assert sheets.parsed_cell(sheets.whole_number, 50, high=100) == 50


def _row(n):
    bad = n % 7 == 0
    return n + 1, {
        "name": f"Nguyễn Văn {n}",
        "award": "Huân chương Lao động hạng Ba" if not bad else "Huân chương Không Có",
        "birth_year": 1960 + n % 30,
        "organisation": "Bộ Tư pháp",
        "prior_number": f"{n}/QĐ-TTg",
        "prior_date": "01/06/2018",
        "excellent_years": "2021" if n % 5 else "2021, 2021x",
        "good_years": "2019-2020, 2022-2024",
        "grassroots_years": "2020, 2022, 2024",
    }


def test_a_long_list_parsed_on_both_cores_gives_what_parsing_it_here_gives(settings):
    rows = [_row(n) for n in range(1, 400)]
    here = importing.parse_rows(rows, intake.parse_row)
    settings.CHANCERY_LIST_HELPER = True
    with (
        mock.patch.object(parallel, "MIN_JOB", 0),
        mock.patch.object(parallel, "MIN_SPLIT", 2),
    ):
        both = importing.parse_rows(rows, intake.parse_row)
    assert both == here
    assert here[1] and here[0]  # some rows refused, the others parsed
