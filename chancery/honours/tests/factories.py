"""Builders for honours tests: the honours department with its people, a ministry that proposes, and lists
of nominees written as the Excel workbooks ministries send."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from chancery.core import jobs
from chancery.core.models import Agency, RoleCode, SecrecyLevel, Unit, UnitKind, User
from chancery.core.tests.factories import make_staff
from chancery.honours import services
from chancery.honours.models import HonoursBatch


@dataclass
class Honours:
    department: Unit
    other: Unit
    head: User
    specialist: User
    outsider: User  # a specialist of another department
    ministry: Agency


def honours_in(office: Any) -> Honours:
    """The honours department of a documents test's Office (documents.tests.factories.make_office)."""
    return Honours(
        department=office.general,
        other=office.legal,
        head=office.head,
        specialist=office.specialist,
        outsider=office.legal_specialist,
        ministry=office.ministry,
    )


def make_honours() -> Honours:
    office = Unit.objects.create(code="vpctn", name="Văn phòng Chủ tịch nước", kind=UnitKind.OFFICE)
    department = Unit.objects.create(code="vu-khen-thuong", name="Vụ Thi đua – Khen thưởng", parent=office)
    other = Unit.objects.create(code="vu-tong-hop", name="Vụ Tổng hợp", parent=office)
    return Honours(
        department=department,
        other=other,
        head=make_staff(
            "vutruong.kt",
            unit=department,
            roles=(RoleCode.HEAD_OF_UNIT,),
            clearance=SecrecyLevel.CONFIDENTIAL,
        ),
        specialist=make_staff("chuyenvien.kt", unit=department, roles=(RoleCode.SPECIALIST,)),
        outsider=make_staff("chuyenvien.th", unit=other, roles=(RoleCode.SPECIALIST,)),
        ministry=Agency.objects.create(name="Bộ Giáo dục và Đào tạo", short_name="BGDĐT"),
    )


HEADINGS = [
    "STT",
    "Họ và tên",
    "Năm sinh",
    "Đơn vị công tác",
    "Hình thức khen thưởng",
    "Số quyết định khen thưởng trước",
    "Ngày quyết định khen thưởng trước",
    "Năm hoàn thành xuất sắc nhiệm vụ",
    "Năm hoàn thành tốt nhiệm vụ",
    "Chiến sĩ thi đua cơ sở (năm)",
]


def good_row(n: int, name: str | None = None) -> list[Any]:
    """A teacher who meets Huân chương Lao động hạng Ba under the 2022 law (with the certificate of 2018 on
    file or declared)."""
    return [
        n,
        name or f"Nguyễn Văn Giáo {n}",
        1975,
        "Trường THPT Chu Văn An",
        "Huân chương Lao động hạng Ba",
        f"{100 + n}/QĐ-TTg",
        "01/06/2018",
        "2021",
        "2019-2020, 2022-2024",
        "2020, 2022, 2024",
    ]


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


def make_batch(h: Honours, *, proposed_on: date = date(2025, 3, 10)) -> HonoursBatch:
    return services.create_batch(
        actor=h.specialist,
        title="Đề nghị tặng Huân chương Lao động cho giáo viên",
        proposing_body=h.ministry,
        proposed_on=proposed_on,
        received_on=proposed_on + timedelta(days=10),
        submission_reference="1234/TTr-BGDĐT",
    )


def import_list(
    h: Honours,
    batch: HonoursBatch,
    content: bytes,
    mapping: dict[str, int] | None = None,
    *,
    remove: bool = False,
) -> Any:
    """Import a list as a person would: directly into an empty batch, else through its preview, confirmed."""
    from chancery.appraisal import sheets
    from chancery.appraisal.importing import Preview
    from chancery.honours import intake

    upload = jobs.receive_upload(
        actor=h.specialist, kind="honours_import", upload=SimpleUploadedFile("list.xlsx", content)
    )
    if mapping is None:
        mapping = sheets.guess_mapping(sheets.read_headings(io.BytesIO(content)), intake.COLUMNS)
    job = services.import_or_preview(actor=h.specialist, batch=batch, upload=upload, mapping=mapping)
    if isinstance(job, Preview):  # the batch has rows: confirm the preview as it is
        job = services.confirm_import(actor=h.specialist, batch=batch, token=job.token, remove=remove)
    jobs.run(job.pk)
    job.refresh_from_db()
    return job


def appraise(h: Honours, batch: HonoursBatch) -> Any:
    job = services.start_appraisal(actor=h.specialist, batch=batch)
    jobs.run(job.pk)
    job.refresh_from_db()
    return job
