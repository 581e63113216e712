"""The work programme over the API: a task assigned, its progress, the output reviewed, a carry-over; a
meeting with instructions, a task from one; a report drafted, edited, written; bad input refused in
Vietnamese, and who must not see what."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from docx import Document
from rest_framework.test import APIClient

from chancery.documents.tests.factories import make_office

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_tasks_meetings_and_reports_over_the_api():
    office = make_office()
    leader, specialist = _api(office.leader), _api(office.specialist)
    today = timezone.localdate()
    refused = specialist.post(
        "/api/v1/key-tasks/",
        {"title": "X nhiệm vụ", "lead_unit": office.general.pk, "due_on": today.isoformat()},
        format="json",
    )
    assert refused.status_code == 403
    created = leader.post(
        "/api/v1/key-tasks/",
        {
            "title": "Tổng hợp báo cáo tháng",
            "lead_unit": office.general.pk,
            "owner": office.specialist.pk,
            "due_on": (today + timedelta(days=5)).isoformat(),
            "priority": 1,
            "source_kind": "document",
            "source_text": "Công văn số 12/VPCTN-TH",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    bad = specialist.post(f"/api/v1/key-tasks/{pk}/progress/", {"percent": 150}, format="json")
    assert bad.status_code == 400
    moved = specialist.post(
        f"/api/v1/key-tasks/{pk}/progress/", {"percent": 70, "note": "Đã tổng hợp 5 Vụ"}, format="json"
    )
    assert moved.json()["state"] == "in_progress" and moved.json()["progress"] == 70
    assert (
        specialist.post(f"/api/v1/key-tasks/{pk}/submit/", {}, format="json").json()["state"] == "submitted"
    )
    assert (
        specialist.post(f"/api/v1/key-tasks/{pk}/review/", {"rating": "good"}, format="json").status_code
        == 403
    )
    done = leader.post(f"/api/v1/key-tasks/{pk}/review/", {"rating": "good", "comment": "Tốt"}, format="json")
    assert done.json()["state"] == "done" and done.json()["source"] == "document"
    assert [u["percent"] for u in specialist.get(f"/api/v1/key-tasks/{pk}/updates/").json()["results"]] == [
        100,
        70,
    ]
    assert _api(office.legal_specialist).get(f"/api/v1/key-tasks/{pk}/").status_code == 404
    assert len(specialist.get("/api/v1/key-tasks/", {"state": "done"}).json()["results"]) == 1
    assert specialist.get("/api/v1/key-tasks/", {"due_from": "x"}).status_code == 400

    meeting = _api(office.head).post(
        "/api/v1/meetings/",
        {
            "held_on": today.isoformat(),
            "title": "Họp giao ban",
            "chaired_by": "Chủ nhiệm",
            "instructions": [
                {"text": "Chuẩn bị Kỳ họp thứ 10"},
                {"text": "Rà soát quy chế", "given_by": "Phó Chủ nhiệm"},
            ],
        },
        format="json",
    )
    assert meeting.status_code == 201, meeting.json()
    instruction = meeting.json()["instructions"][0]["id"]
    task = _api(office.head).post(
        f"/api/v1/meetings/{meeting.json()['id']}/tasks/",
        {
            "instruction": instruction,
            "title": "Chuẩn bị Kỳ họp thứ 10",
            "lead_unit": office.general.pk,
            "due_on": (today + timedelta(days=9)).isoformat(),
        },
        format="json",
    )
    assert task.status_code == 201 and task.json()["instruction"] == instruction
    assert _api(office.legal_specialist).get("/api/v1/meetings/").json()["results"] == []

    report = specialist.post(
        "/api/v1/reports/", {"kind": "monthly", "year": today.year, "month": today.month}, format="json"
    )
    assert report.status_code == 201
    rid = report.json()["id"]
    figures = {f["key"]: f for a in report.json()["figures"]["areas"] for f in a["figures"]}
    assert figures["tasks_due"]["value"] >= 1 and figures["tasks_due"]["url"].startswith("/lists/key-tasks/")
    edited = specialist.post(
        f"/api/v1/reports/{rid}/narrative/", {"sections": {"overview": "Hoàn thành tốt."}}, format="json"
    )
    assert edited.json()["narrative"]["overview"] == "Hoàn thành tốt."
    docx = specialist.get(f"/api/v1/reports/{rid}/file/", {"as": "docx"})
    assert "Hoàn thành tốt." in "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert specialist.get(f"/api/v1/reports/{rid}/file/", {"as": "odt"}).status_code == 400
    assert _api(office.legal_specialist).get("/api/v1/reports/").status_code == 403
