"""The import channel carries the facts the law's path and time limits are decided on (issue 24): a petition
imported from Excel and then decided takes the same path, with the same grounds, notes, letters and clocks, as
the same petition registered on the clerk's page and classified there."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from freezegun import freeze_time
from openpyxl import Workbook
from rest_framework.test import APIClient

from chancery.casework.models import LegalClock
from chancery.core import audit
from chancery.core.models import Job, JobStatus
from chancery.petitions import importer
from chancery.petitions.models import Petition
from chancery.petitions.tests.factories import DENUNCIATION_TEXT, LAND_TEXT, Office

pytestmark = [pytest.mark.django_db]

DEPOSIT_TEXT = (
    "Tôi đặt cọc 200 triệu đồng cho bà Lê Thị Hoa để mua nhà tại số 12 phố Chợ, nay bà Hoa không bán nhà và "
    "không trả lại tiền đặt cọc, đề nghị buộc bà Hoa trả lại tiền cọc."
)

# Each case: the petition's facts, as the clerk types them on the page and classifies them, as the import
# register's columns, and the checks the officer deciding it sends.
CASES: list[dict[str, Any]] = [
    {
        "name": "a second complaint 49 days after the first decision (Art. 33: 30 days): stored as late",
        "page": {"kind": "complaint", "field": "land", "instance": "2", "decision_known_on": "2026-09-14"},
        "classify": {},
        "row": {"Loại đơn": "Khiếu nại", "Lần khiếu nại": "Lần hai", "Ngày biết quyết định": "14/09/2026"},
        "checks": {},
        "path": "store",
    },
    {
        "name": "an anonymous denunciation with concrete evidence: stored, passed on for inspection (Art. 25.2)",
        "page": {"kind": "denunciation", "field": "corruption", "is_anonymous": "on"},
        "classify": {"has_evidence": "on"},
        "row": {"Loại đơn": "Tố cáo", "Nặc danh": "Có", "Có tài liệu, chứng cứ": "x"},
        "checks": {"agency": "other"},
        "path": "store",
    },
    {
        "name": "a deposit dispute between citizens registered as a complaint: guided to the court",
        "page": {"kind": "complaint", "field": "land"},
        "classify": {"is_civil_dispute": "on"},
        "row": {"Loại đơn": "Khiếu nại", "Tranh chấp dân sự": "Có"},
        "checks": {"agency": "agency"},
        "path": "guide",
        "content": DEPOSIT_TEXT,
    },
    {
        "name": "a first complaint, complex, in a remote area, within competence: handled in 60 days",
        "page": {"kind": "complaint", "field": "land", "instance": "1", "decision_known_on": "2026-10-20"},
        "classify": {"is_complex": "on", "is_remote_area": "on"},
        "row": {
            "Loại đơn": "Khiếu nại",
            "Lần khiếu nại": 1,
            "Ngày biết quyết định": "20/10/2026",
            "Vụ việc phức tạp": "Có",
            "Vùng sâu, vùng xa": "có",
        },
        "checks": {"within_competence": True},
        "path": "handle",
    },
    {
        "name": "a denunciation naming its competent agency: 5 working days to forward it there (Art. 24.2)",
        "page": {
            "kind": "denunciation",
            "field": "corruption",
            "full_name": "Vũ Văn Khải",
            "competent_agency": "agency",
        },
        "classify": {},
        "row": {
            "Loại đơn": "Tố cáo",
            "Họ tên": "Vũ Văn Khải",
            "Cơ quan có thẩm quyền": "Ủy ban nhân dân Thành phố Hà Nội",
        },
        "checks": {},
        "path": "forward",
    },
]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _content(case: dict[str, Any]) -> str:
    if "content" in case:
        return str(case["content"])
    return DENUNCIATION_TEXT if case["page"]["kind"] == "denunciation" else LAND_TEXT


def _summary(index: int, how: str) -> str:
    return f"Đơn số {index} ({how})"


def _register_on_the_page(office: Office, index: int, case: dict[str, Any]) -> Petition:
    page = dict(case["page"])
    if page.get("competent_agency") == "agency":
        page["competent_agency"] = str(office.agency.pk)
    anonymous = page.get("is_anonymous") == "on"
    form = {
        "channel": "post",
        "received_on": "2026-11-02",
        "people_count": "1",
        "summary": _summary(index, "trang"),
        "content": _content(case),
        **({} if anonymous else {"full_name": page.pop("full_name", "Nguyễn Văn An"), "province": "1"}),
        **page,
    }
    clerk = _client(office.clerk)
    response = clerk.post("/petitions/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    petition = Petition.objects.get(summary=form["summary"])
    facts = dict(case["classify"])
    if facts:
        classified = {
            "kind": form["kind"],
            "field": form["field"],
            "summary": form["summary"],
            "instance": form.get("instance", ""),
            "decision_known_on": form.get("decision_known_on", ""),
            **facts,
        }
        response = _client(office.specialist).post(f"/petitions/{petition.pk}/classify/", classified)
        assert response.status_code == 302
    return petition


def _workbook(rows: list[dict[str, Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(importer.HEADINGS)
    for row in rows:
        sheet.append([row.get(heading) for heading in importer.HEADINGS])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _row(index: int, case: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "Ngày nhận": "02/11/2026",
        "Nguồn đơn": "Qua bưu chính",
        "Trích yếu": _summary(index, "nhap"),
        "Nội dung": _content(case),
        "Lĩnh vực": case["page"]["field"],
        "Số người": 1,
    }
    if case["row"].get("Nặc danh") is None and "Họ tên" not in case["row"]:
        row.update({"Họ tên": "Nguyễn Văn An", "Tỉnh, thành phố": "Hà Nội"})
    row.update(case["row"])
    return row


def _import(office: Office, django_capture_on_commit_callbacks, rows: list[dict[str, Any]]) -> Job:
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(office.clerk).post(
            "/petitions/import/", {"file": SimpleUploadedFile("so-don.xlsx", _workbook(rows))}
        )
    job = Job.objects.filter(kind="petition_import").latest("pk")
    assert response["Location"] == f"/jobs/{job.pk}/" and job.status == JobStatus.DONE
    return job


def _decide(office: Office, petition: Petition, checks: dict[str, Any]) -> None:
    payload = {name: value for name, value in checks.items() if name != "agency"}
    if "agency" in checks:
        payload["agency"] = getattr(
            office, {"agency": "agency", "other": "other_agency"}[checks["agency"]]
        ).pk
    api = APIClient()
    api.force_authenticate(office.specialist)
    response = api.post(f"/api/v1/petitions/{petition.pk}/decide/", payload, format="json")
    assert response.status_code == 200, response.content.decode()


def _clocks(petition: Petition) -> list[tuple[Any, ...]]:
    return sorted(
        LegalClock.objects.filter(
            object_type=audit.object_type_of(Petition), object_id=petition.pk
        ).values_list("kind", "unit", "days", "started_on", "due_on", "stopped_on")
    )


def _outcome(petition: Petition) -> dict[str, Any]:
    petition.refresh_from_db()
    return {
        "kind": petition.kind,
        "state": petition.state,
        "path": petition.path,
        "grounds": list(petition.grounds),
        "note": petition.decision_note,
        "anonymous": petition.is_anonymous,
        "facts": [
            getattr(petition, name)
            for name in (
                "instance",
                "decision_known_on",
                "is_complex",
                "is_remote_area",
                "checked_in_several_places",
                "has_evidence",
                "is_civil_dispute",
            )
        ],
        "letters": sorted((f.letter, f.agency_id) for f in petition.forwardings.all()),
        "clocks": _clocks(petition),
    }


@freeze_time("2026-11-05 09:00")
def test_an_imported_petition_is_decided_and_timed_as_the_same_petition_registered_on_the_page(
    office, django_capture_on_commit_callbacks
):
    by_hand = [_register_on_the_page(office, index, case) for index, case in enumerate(CASES)]
    job = _import(office, django_capture_on_commit_callbacks, [_row(i, case) for i, case in enumerate(CASES)])
    assert (job.result["registered"], job.result["skipped"]) == (len(CASES), 0), job.result["problems"]
    imported = [Petition.objects.get(summary=_summary(i, "nhap")) for i in range(len(CASES))]
    for case, page, sheet in zip(CASES, by_hand, imported, strict=True):
        assert _outcome(sheet) == _outcome(page), case["name"]  # the same facts and clocks from receipt
        _decide(office, page, case["checks"])
        _decide(office, sheet, case["checks"])
        expected, got = _outcome(page), _outcome(sheet)
        assert got == expected, case["name"]
        assert got["path"] == case["path"], case["name"]
    late, anonymous, civil, remote, named = (_outcome(p) for p in imported)
    assert late["grounds"] == ["out_of_time_second"]
    assert anonymous["grounds"] == ["anonymous"] and anonymous["letters"] == [
        ("transfer", office.other_agency.pk)
    ]
    assert "Tòa án" in civil["note"] and civil["letters"] == [("guide", office.agency.pk)]
    handling = [c for c in remote["clocks"] if c[0] == "complaint_resolution"]
    assert [c[2] for c in handling] == [60]  # Luật Khiếu nại 2011, Art. 28: complex and remote, 60 days
    forward = [c for c in named["clocks"] if c[0] == "denunciation_forward"]
    assert [c[1:3] for c in forward] == [("working", 5)]  # Luật Tố cáo 2018, Art. 24.2 (not confirmed)
    assert named["letters"] == [("forward", office.agency.pk)]


@freeze_time("2026-11-05 09:00")
def test_a_fact_column_that_is_not_yes_or_no_is_reported_with_its_row(
    office, django_capture_on_commit_callbacks
):
    rows = [
        {**_row(0, CASES[3]), "Vụ việc phức tạp": "có lẽ"},
        {**_row(1, CASES[0]), "Lần khiếu nại": "ba"},
        {**_row(2, CASES[0]), "Cơ quan có thẩm quyền": "Không có cơ quan này"},
        _row(3, CASES[3]),
    ]
    job = _import(office, django_capture_on_commit_callbacks, rows)
    assert (job.result["registered"], job.result["skipped"]) == (1, 3)
    assert [p.split(":")[0] for p in job.result["problems"]] == ["Dòng 2", "Dòng 3", "Dòng 4"]
    assert "Vụ việc phức tạp" in job.result["problems"][0]


def test_the_empty_register_names_every_fact_column():
    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(importer.template())).active
    assert sheet is not None
    headings, example = (list(r) for r in sheet.iter_rows(values_only=True))
    assert headings == importer.HEADINGS and len(example) == len(headings)
    assert {"Lần khiếu nại", "Ngày biết quyết định", "Nặc danh", "Tranh chấp dân sự"} <= set(headings)
