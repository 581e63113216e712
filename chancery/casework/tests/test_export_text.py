"""The list export writes what a record says as text: a title someone typed as a formula reaches the reader
of the workbook as that text, never as a live formula (the issue's `=HYPERLINK(...)` from a citizen)."""

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from chancery.core.models import Job, RoleCode
from chancery.core.tests.factories import UnitFactory, make_staff
from chancery.core.tests.protected.models import Complaint

pytestmark = pytest.mark.django_db

TITLES = ['=HYPERLINK("http://x","y")', "=1+1", "@SUM(1,2)", "-2+3", "#N/A"]


def test_a_title_typed_as_a_formula_is_exported_as_that_text(
    settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    settings.MEDIA_ROOT = tmp_path
    unit = UnitFactory.create(name="Vụ Pháp luật")
    for title in TITLES:
        Complaint.objects.create(title=title, owning_unit=unit)
    client = Client()
    client.force_login(make_staff("cv", unit=unit, roles=(RoleCode.SPECIALIST,)))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/lists/complaints/export/", {"query": ""})
    job = Job.objects.get(kind="list_export")
    sheet = load_workbook(BytesIO(client.get(f"/jobs/{job.pk}/file/").getvalue())).active
    column = [row[1] for row in sheet.iter_rows(min_row=2)]  # Trích yếu
    assert sorted(c.value for c in column) == sorted(TITLES)
    assert {c.data_type for c in column} == {"s"}
    assert all(c.quotePrefix for c in column if not c.value.startswith("#"))
