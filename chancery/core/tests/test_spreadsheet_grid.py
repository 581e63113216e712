"""A workbook whose sheets ask a reader for more cells than any list the office receives is refused before
anything reads it (core.spreadsheets.check_grid). Found by the examiner of issue 23: one cell in A1 and one in
XFD1048576 (a 1.5 KB file) made calamine ask for 512 GB and abort the server process during the upload
request, leaving the upload behind."""

import base64
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from chancery.appraisal import sheets
from chancery.core import jobs, spreadsheets
from chancery.core.models import JobUpload
from chancery.honours.tests.factories import good_row, make_batch, make_honours, workbook

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def book(sheet_data: str, *, path: str = "xl/worksheets/sheet1.xml", prefix: str = "") -> bytes:
    """A minimal .xlsx whose one sheet holds `sheet_data`, at `path` (the workbook's relationship points
    there), its elements written with the namespace `prefix` when given ("x:")."""
    declared = f' xmlns:{prefix[:-1]}="{SHEET_NS}"' if prefix else f' xmlns="{SHEET_NS}"'
    target = path.removeprefix("xl/") if path.startswith("xl/") else "/" + path
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
            'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            f'spreadsheetml.sheet.main+xml"/><Override PartName="/{path}" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{SHEET_NS}" xmlns:r="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships/worksheet" Target="{target}"/></Relationships>'
        ),
        path: (
            f'<?xml version="1.0" encoding="UTF-8"?><{prefix}worksheet{declared}><{prefix}sheetData>'
            f"{sheet_data}</{prefix}sheetData></{prefix}worksheet>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


HEADING = '<row r="1"><c r="A1" t="inlineStr"><is><t>Họ tên</t></is></c></row>'
# the examiner's file: A1 and XFD1048576
CORNERS = book(HEADING + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')

HOSTILE = {
    "the last cell of a sheet": CORNERS,
    "quoted with apostrophes": book(HEADING + "<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>"),
    "spaces around the reference": book(
        HEADING + '<row r = " 1048576 "><c r=" XFD1048576"><v>1</v></c></row>'
    ),
    "a lower-case reference": book(HEADING + '<row r="900000"><c r="zz900000"><v>1</v></c></row>'),
    "cells named by no reference": book(HEADING + '<row r="1048576">' + "<c><v>1</v></c>" * 201 + "</row>"),
    "a far row of unnamed cells": book(HEADING + '<row r="1048576">' + "<c><v>1</v></c>" * 20 + "</row>"),
    "rows named by no reference": book("<row><c><v>1</v></c></row>" * 50_001 + '<row><c r="GR50002"/></row>'),
    "a far column in a named row": book(HEADING + '<row r="200000"><c r="A200000"/><c r="CW200000"/></row>'),
    "a sheet stored under another name": book(
        HEADING + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', path="data/list.bin"
    ),
    "a namespace prefix": book(
        HEADING.replace("<row", "<x:row")
        .replace("</row", "</x:row")
        .replace("<c ", "<x:c ")
        .replace("</c>", "</x:c>")
        .replace("<is>", "<x:is>")
        .replace("</is>", "</x:is>")
        .replace("<t>", "<x:t>")
        .replace("</t>", "</x:t>")
        + '<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>',
        prefix="x:",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_sheet_asking_for_a_huge_grid_is_refused_before_any_reader(name, monkeypatch):
    def reached(*args, **kwargs):  # calamine would abort the process here: the test must never get there
        raise AssertionError("calamine was given the file")

    monkeypatch.setattr(sheets.CalamineWorkbook, "from_filelike", reached)
    monkeypatch.setattr(sheets.CalamineWorkbook, "from_path", reached)
    with pytest.raises(ValidationError) as refused:
        sheets.read_headings(io.BytesIO(HOSTILE[name]))
    assert any(("cột" in m or "dòng" in m or "Excel" in m) for m in refused.value.messages), refused.value


def test_the_limits_themselves_are_kept_exactly():
    widest = "".join(
        f'<c r="{_letters(n)}2"><v>1</v></c>' for n in range(1, spreadsheets.READ_MAX_COLUMNS + 1)
    )
    spreadsheets.check_grid(io.BytesIO(book(HEADING + f'<row r="2">{widest}</row>')))
    one_more = widest + f'<c r="{_letters(spreadsheets.READ_MAX_COLUMNS + 1)}2"><v>1</v></c>'
    with pytest.raises(ValidationError):
        spreadsheets.check_grid(io.BytesIO(book(HEADING + f'<row r="2">{one_more}</row>')))
    # ten columns reaching row 1,000,000 is exactly 10,000,000 cells: read; row 1,000,001 is not
    tall = '<row r="2"><c r="J2"><v>1</v></c></row>'
    spreadsheets.check_grid(io.BytesIO(book(HEADING + tall + '<row r="1000000"><c r="A1000000"/></row>')))
    with pytest.raises(ValidationError):
        spreadsheets.check_grid(io.BytesIO(book(HEADING + tall + '<row r="1000001"><c r="A1000001"/></row>')))


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@hsettings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=16384), st.integers(min_value=1, max_value=1_048_576))
def test_the_extent_is_never_smaller_than_the_cell_a_sheet_names(column, row):
    part = f'<row r="{row}"><c r="{_letters(column)}{row}"><v>1</v></c></row>'.encode()
    rows, columns = spreadsheets.sheet_extent(part)
    assert rows >= row and columns >= column


def test_a_workbook_that_cannot_be_inspected_is_not_read():
    with pytest.raises(ValidationError):
        spreadsheets.check_grid(io.BytesIO(b"PK\x03\x04 this is not an archive"))


def test_a_real_list_is_read_as_before():
    content = workbook([good_row(n) for n in range(1, 301)])
    spreadsheets.check_grid(io.BytesIO(content))
    assert sheets.read_headings(io.BytesIO(content))[0]


@pytest.mark.django_db
def test_the_upload_is_refused_and_nothing_kept(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    h = make_honours()
    with pytest.raises(ValidationError):
        jobs.receive_upload(
            actor=h.specialist, kind="honours_import", upload=SimpleUploadedFile("a.xlsx", CORNERS)
        )
    batch = make_batch(h)
    api = APIClient()
    api.force_authenticate(h.specialist)
    response = api.post(
        f"/api/v1/honours-batches/{batch.pk}/import/",
        {"workbook": {"name": "a.xlsx", "content": base64.b64encode(CORNERS).decode()}},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "hơn 200 cột" in response.content.decode()
    assert not JobUpload.objects.exists()
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.xlsx"))
