"""Builders for amnesty tests: the amnesty department with its people, a council member from outside it,
facilities, and lists of prisoners written as the Excel workbooks the facilities send."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from chancery.amnesty import intake, services
from chancery.amnesty.models import Campaign, Facility, Ministry, ProposalList
from chancery.core import jobs
from chancery.core.models import RoleCode, SecrecyLevel, Unit, UnitKind, User
from chancery.core.tests.factories import make_staff


@dataclass
class Amnesty:
    department: Unit
    head: User
    specialist: User
    outsider: User  # a specialist of another department
    councillor: User  # a member of the advisory council, of another unit
    leader: User
    prison: Facility
    detention: Facility


def make_amnesty() -> Amnesty:
    office = Unit.objects.create(code="vpctn", name="Văn phòng Chủ tịch nước", kind=UnitKind.OFFICE)
    department = Unit.objects.create(code="vu-tu-phap", name="Vụ Tư pháp", parent=office)
    # the amnesty unit (CHANCERY_AMNESTY_UNITS), under the department whose head leads it, as in the Office
    division = Unit.objects.create(
        code="phong-dac-xa", name="Phòng Đặc xá", parent=department, kind=UnitKind.DIVISION
    )
    other = Unit.objects.create(code="vu-tong-hop", name="Vụ Tổng hợp", parent=office)
    liaison = Unit.objects.create(code="vu-doi-ngoai", name="Vụ Đối ngoại", parent=office)
    return Amnesty(
        department=department,
        head=make_staff(
            "vutruong.pl",
            unit=department,
            roles=(RoleCode.HEAD_OF_UNIT,),
            clearance=SecrecyLevel.CONFIDENTIAL,
        ),
        specialist=make_staff("chuyenvien.pl", unit=division, roles=(RoleCode.SPECIALIST,)),
        outsider=make_staff("chuyenvien.th", unit=other, roles=(RoleCode.SPECIALIST,)),
        councillor=make_staff("hoidong", unit=liaison, roles=(RoleCode.SPECIALIST,)),
        leader=make_staff(
            "lanhdao", unit=office, roles=(RoleCode.LEADERSHIP,), clearance=SecrecyLevel.TOP_SECRET
        ),
        prison=Facility.objects.create(name="Trại giam Thủ Đức", ministry=Ministry.PUBLIC_SECURITY),
        detention=Facility.objects.create(name="Trại giam Quân khu 4", ministry=Ministry.DEFENCE),
    )


def make_campaign(a: Amnesty, *, reference_date: date = date(2025, 8, 31)) -> Campaign:
    return services.create_campaign(
        actor=a.specialist,
        title="Đặc xá nhân dịp Quốc khánh",
        basis="Quyết định 266/2025/QĐ-CTN",
        reference_date=reference_date,
    )


HEADINGS = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Nơi cư trú",
    "Điều luật",
    "Mức án",
    "Ngày bắt đầu chấp hành án",
    "Nghĩa vụ dân sự",
    "Có nơi cư trú rõ ràng",
    "Số quý xếp loại dưới khá",
    "Trường hợp đặc biệt",
]


def prisoner_row(n: int, **overrides: Any) -> list[Any]:
    """A prisoner serving 3 years for theft from 10 January 2024, good conduct, nothing owed: a third served
    on 10 January 2025."""
    row = {
        "stt": n,
        "name": f"Nguyễn Văn Tù {n}",
        "birth": "12/03/1985",
        "home": "Thanh Xuân, Hà Nội",
        "articles": "173",
        "term": "3 năm",
        "start": "10/01/2024",
        "civil": "Đã thi hành xong",
        "residence": "x",
        "bad": 0,
        "special": "",
    } | overrides
    return list(row.values())


def workbook(rows: list[list[Any]], headings: list[str] = HEADINGS) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_list(a: Amnesty, plist: ProposalList, content: bytes, *, remove: bool = False) -> Any:
    """Import a list as a person would: directly into an empty list, else through its preview, confirmed."""
    from chancery.appraisal import sheets
    from chancery.appraisal.importing import Preview

    upload = jobs.receive_upload(
        actor=a.specialist, kind="amnesty_import", upload=SimpleUploadedFile("list.xlsx", content)
    )
    mapping = sheets.guess_mapping(sheets.read_headings(io.BytesIO(content)), intake.COLUMNS)
    job = services.import_or_preview(actor=a.specialist, plist=plist, upload=upload, mapping=mapping)
    if isinstance(job, Preview):  # the list has rows: confirm the preview as it is
        job = services.confirm_import(actor=a.specialist, plist=plist, token=job.token, remove=remove)
    jobs.run(job.pk)
    job.refresh_from_db()
    return job


def open_list(a: Amnesty, campaign: Campaign, facility: Facility | None = None) -> ProposalList:
    return services.open_list(
        actor=a.specialist, campaign=campaign, facility=facility or a.prison, received_on=date(2025, 8, 1)
    )


def appraise(a: Amnesty, campaign: Campaign) -> Any:
    job = services.start_appraisal(actor=a.specialist, campaign=campaign)
    jobs.run(job.pk)
    job.refresh_from_db()
    return job
