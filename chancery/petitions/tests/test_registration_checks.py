"""What the registration service refuses whatever the channel: a date received in the future or before 2000,
an identity card number of other than 9 or 12 digits. The clerk's form, the API, the online form and the
Excel import all register through it, so each gets the same answer from the one check."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from freezegun import freeze_time
from openpyxl import Workbook

from chancery.core.models import Job, JobStatus
from chancery.petitions import importer, services
from chancery.petitions.models import Petition, Petitioner
from chancery.petitions.tests.factories import LAND_TEXT, Office, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("settings_media")]


@pytest.fixture
def settings_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def person(id_number: str) -> services.PersonData:
    return services.PersonData(full_name="Nguyễn Văn An", id_number=id_number, province_code=1)


@freeze_time("2026-11-05")
@pytest.mark.parametrize(
    ("received_on", "reason"),
    [
        (date(2026, 11, 6), "Ngày nhận đơn không được sau ngày hôm nay."),
        (date(1926, 11, 2), "Ngày nhận đơn 02/11/1926 trước ngày 01/01/2000: kiểm tra lại năm."),
        (date(1999, 12, 31), "Ngày nhận đơn 31/12/1999 trước ngày 01/01/2000"),
    ],
)
def test_a_date_received_in_the_future_or_before_2000_is_refused(office, received_on, reason):
    with pytest.raises(ValidationError) as refused:
        register(office.clerk, received_on=received_on)
    assert reason in " ".join(refused.value.message_dict["received_on"])
    assert not Petition.objects.exists()
    assert register(office.clerk, received_on=date(2000, 1, 1)).year == 2000


@freeze_time("2026-11-05")
@pytest.mark.parametrize(
    "number", ["12345", "0010800123", "0010800123456", "00108001234a", "001 080 012345", "٠٠١٠٨٠٠١٢٣٤٥"]
)
def test_an_identity_card_number_of_other_than_9_or_12_digits_is_refused_by_the_service(office, number):
    with pytest.raises(ValidationError) as refused:
        register(office.clerk, petitioners=[person(number)])
    assert refused.value.message_dict["id_number"] == ["Số CCCD/CMND gồm 9 hoặc 12 chữ số."]
    with pytest.raises(ValidationError):  # the online form's channel too (no actor)
        register(None, channel="online", petitioners=[person(number)])
    assert not Petition.objects.exists()


@freeze_time("2026-11-05")
@pytest.mark.parametrize("number", ["", "012345678", "001080012345", " 001080012345 "])
def test_9_or_12_digits_or_none_are_registered(office, number):
    petition = register(office.clerk, petitioners=[person(number)])
    assert Petitioner.objects.get(petition=petition).id_number == number.strip()


def _workbook(*rows: list[object]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ngày nhận", "Họ tên", "Số CCCD", "Trích yếu", "Nội dung", "Loại đơn"])
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


@freeze_time("2026-11-05 09:00")
def test_the_excel_import_gets_the_same_refusals_from_the_service(office, django_capture_on_commit_callbacks):
    content = _workbook(
        ["02/11/2026", "Nguyễn Văn An", "001080012345", "Đơn 1", LAND_TEXT, "Khiếu nại"],
        ["02/11/2026", "Trần Thị Bình", "12345", "Đơn 2", LAND_TEXT, "Khiếu nại"],
        ["02/11/1926", "Lê Văn Cường", "", "Đơn 3", LAND_TEXT, "Khiếu nại"],
        ["02/11/2027", "Phạm Thị Dung", "", "Đơn 4", LAND_TEXT, "Khiếu nại"],
        # typed in a cell formatted as a number: Excel dropped the leading zeros of 001080012346
        ["03/11/2026", "Hoàng Văn Em", 1080012346, "Đơn 5", LAND_TEXT, "Khiếu nại"],
        ["03/11/2026", "Vũ Thị Giang", 36190001122, "Đơn 6", LAND_TEXT, "Khiếu nại"],
    )
    client = Client()
    client.force_login(office.clerk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/petitions/import/", {"file": SimpleUploadedFile("so-don.xlsx", content)})
    job = Job.objects.get(kind="petition_import")
    assert job.status == JobStatus.DONE
    assert (job.result["registered"], job.result["skipped"]) == (3, 3)
    assert job.result["problems"] == [
        "Dòng 3: Số CCCD/CMND gồm 9 hoặc 12 chữ số.",
        "Dòng 4: Ngày nhận đơn 02/11/1926 trước ngày 01/01/2000: kiểm tra lại năm.",
        "Dòng 5: Ngày nhận đơn không được sau ngày hôm nay.",
    ]
    numbers = dict(Petitioner.objects.values_list("full_name", "id_number"))
    assert numbers == {
        "Nguyễn Văn An": "001080012345",
        "Hoàng Văn Em": "001080012346",
        "Vũ Thị Giang": "036190001122",
    }


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        (1080012345, "001080012345"),
        (36190001122, "036190001122"),
        (36190001122.0, "036190001122"),
        (12345678, "012345678"),
        (123456789, "123456789"),
        (12345, "12345"),  # refused by the service: no zeros are guessed for other lengths
        ("001080012345", "001080012345"),
        (None, ""),
    ],
)
def test_a_number_cell_gets_back_the_leading_zeros_excel_dropped(cell, number):
    row = {"received_on": "02/11/2026", "summary": "Đơn", "content": "Nội dung", "kind": "Khiếu nại"}
    data = importer.parse_row(row | {"full_name": "Nguyễn Văn An", "id_number": cell})
    assert data.petitioners[0].id_number == number


def test_the_api_says_how_many_digits_an_identity_number_has(office: Office) -> None:
    """The examiner's find: a 10-digit number got the generic "not in the required format"."""
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(office.clerk)
    body = {
        "channel": "post",
        "kind": "complaint",
        "received_on": "2026-11-02",
        "summary": "Khiếu nại",
        "content": "Nội dung",
        "petitioners": [{"full_name": "Nguyễn Văn A", "id_number": "0123456789"}],
    }
    response = api.post("/api/v1/petitions/", body, format="json")
    assert response.status_code == 400, response.content
    assert "Số CCCD/CMND gồm 9 hoặc 12 chữ số." in response.content.decode()


def test_a_nul_character_is_refused_in_vietnamese(office: Office) -> None:
    """The examiner's find: Django's own "Null characters are not allowed." reached the API in English."""
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(office.clerk)
    body = {
        "channel": "post",
        "kind": "complaint",
        "received_on": "2026-11-02",
        "summary": "Khiếu nại",
        "content": "Nội dung\u0000",
    }
    response = api.post("/api/v1/petitions/", body, format="json")
    assert response.status_code == 400, response.content
    assert "Không được có ký tự rỗng (NUL)." in response.json()["details"]["content"]
