"""The documents pages as the office's staff use them: every step through the web UI, and who must not see
what (a secret document is a 404 to those without clearance or assignment, and its opening is audited)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from chancery.core.models import AuditEvent, SecrecyLevel
from chancery.core.tests.factories import signed_in
from chancery.documents.models import IncomingDocument, OutgoingDocument
from chancery.documents.tests.factories import PDF, Office, receive

pytestmark = [pytest.mark.django_db]


def client_for(user) -> Client:
    return signed_in(user)


def test_from_arrival_to_answer_through_the_pages(office: Office) -> None:
    clerk, leader, specialist, head = (
        client_for(u) for u in (office.clerk, office.leader, office.specialist, office.head)
    )
    response = clerk.post(
        "/documents/incoming/new/",
        {
            "received_on": "2026-11-02",
            "sender": office.ministry.pk,
            "reference": "5123/BNV-TĐKT",
            "issued_on": "2026-10-28",
            "doc_type": "cong_van",
            "summary": "Đề nghị khen thưởng Huân chương Lao động",
            "urgency": "1",
            "secrecy": "0",
            "pages": "3",
            "medium": "paper",
            "attachments": SimpleUploadedFile("cv.pdf", PDF),
        },
    )
    incoming = IncomingDocument.objects.get()
    assert response.status_code == 302
    assert incoming.sender_name == "Bộ Nội vụ"
    assert specialist.get(incoming.get_absolute_url()).status_code == 404
    leader.post(
        f"/documents/incoming/{incoming.pk}/route/",
        {
            "lead_unit": office.general.pk,
            "cooperating_units": [office.legal.pk],
            "direction": "Vụ TH chủ trì",
        },
    )
    page = specialist.get(incoming.get_absolute_url())
    assert page.status_code == 200
    assert "Vụ TH chủ trì" in page.content.decode()

    specialist.post(
        f"/documents/outgoing/new/?reply_to={incoming.pk}",
        {
            "issuer": "office",
            "doc_type": "cong_van",
            "summary": "Trả lời đề nghị khen thưởng",
            "urgency": "0",
            "secrecy": "0",
            "addressee": "Bộ Nội vụ",
            "body": "Văn phòng Chủ tịch nước trả lời như sau...",
            "copies_to": "Như trên;\nLưu: VT, TH.",
            "signer": office.leader.pk,
            "signer_title": "CHỦ NHIỆM",
        },
    )
    outgoing = OutgoingDocument.objects.get()
    assert outgoing.in_reply_to == incoming
    specialist.post(
        f"/documents/outgoing/{outgoing.pk}/submit/", {"reviewer_1": office.head.pk, "mode": "sequential"}
    )
    head.post(f"/documents/outgoing/{outgoing.pk}/review/", {"decision": "approve", "comment": ""})
    leader.post(f"/documents/outgoing/{outgoing.pk}/review/", {"decision": "approve", "comment": ""})
    specialist.post(f"/documents/outgoing/{outgoing.pk}/to-signing/")
    leader.post(f"/documents/outgoing/{outgoing.pk}/issue/", {})
    clerk.post(
        f"/documents/outgoing/{outgoing.pk}/dispatch/",
        {"agencies": [office.ministry.pk], "medium": "electronic"},
    )
    outgoing.refresh_from_db()
    assert (outgoing.state, outgoing.number_text) == ("issued", "01/VPCTN-TH")
    assert outgoing.dispatches.count() == 1
    specialist.post(f"/documents/incoming/{incoming.pk}/close/", {"answer": outgoing.pk, "outcome": ""})
    incoming.refresh_from_db()
    assert incoming.state == "closed"
    assert incoming.answer == outgoing


def test_bad_input_gets_a_vietnamese_error_and_nothing_is_stored(office: Office) -> None:
    clerk = client_for(office.clerk)
    response = clerk.post(
        "/documents/incoming/new/",
        {
            "received_on": "2099-01-01",
            "summary": "",
            "doc_type": "cong_van",
            "urgency": "0",
            "secrecy": "0",
            "pages": "1",
            "medium": "paper",
        },
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 200
    assert not IncomingDocument.objects.exists()
    assert "is-invalid" in response.content.decode()


def test_a_secret_document_is_not_found_by_those_not_cleared_and_each_view_is_audited(office: Office) -> None:
    document = receive(office, secrecy=SecrecyLevel.SECRET)
    for user in (office.junior_clerk, office.specialist, office.head, office.admin):
        assert client_for(user).get(document.get_absolute_url()).status_code == 404
    assert client_for(office.leader).get(document.get_absolute_url()).status_code == 200
    assert AuditEvent.objects.filter(
        action="view", object_type="documents.incomingdocument", object_id=document.pk, actor=office.leader
    ).exists()


def test_the_registers_are_lists_with_filters(office: Office) -> None:
    receive(office)
    receive(office, urgency=3)
    page = client_for(office.clerk).get("/lists/incoming-documents/?urgency=3")
    assert page.status_code == 200
    assert page.context["page"].count == 1


def test_pages_answer_for_every_role_without_error(office: Office) -> None:
    document = receive(office)
    for user in (office.clerk, office.leader, office.specialist, office.head):
        client = client_for(user)
        assert client.get("/documents/").status_code == 200
    assert client_for(office.leader).get(document.get_absolute_url()).status_code == 200
    assert client_for(office.specialist).get("/documents/outgoing/new/").status_code == 200
    assert client_for(office.clerk).get("/documents/outgoing/new/").status_code == 403


def _api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def test_from_arrival_to_answer_through_the_api(office: Office) -> None:
    import base64

    pdf = {"name": "signed.pdf", "content": base64.b64encode(PDF).decode()}
    clerk, leader, specialist, head = (
        _api(u) for u in (office.clerk, office.leader, office.specialist, office.head)
    )
    created = clerk.post(
        "/api/v1/incoming-documents/",
        {
            "received_on": "2026-11-02",
            "sender": office.ministry.pk,
            "doc_type": "cong_van",
            "summary": "Đề nghị",
            "files": [pdf],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    incoming = created.json()["id"]
    assert created.json()["arrival_number"] == 1
    assert specialist.get(f"/api/v1/incoming-documents/{incoming}/").status_code == 404
    routed = leader.post(
        f"/api/v1/incoming-documents/{incoming}/route/", {"lead_unit": office.general.pk}, format="json"
    )
    assert routed.json()["state"] == "routed"
    assert (
        specialist.post(
            f"/api/v1/incoming-documents/{incoming}/handling/", {"note": "Đang xử lý"}
        ).status_code
        == 200
    )
    draft = specialist.post(
        "/api/v1/outgoing-documents/",
        {
            "issuer": "office",
            "doc_type": "cong_van",
            "summary": "Trả lời",
            "signer": office.leader.pk,
            "in_reply_to": incoming,
        },
        format="json",
    )
    assert draft.status_code == 201, draft.content
    outgoing = draft.json()["id"]
    base = f"/api/v1/outgoing-documents/{outgoing}"
    assert (
        specialist.post(f"{base}/submit/", {"reviewers": [office.head.pk]}, format="json").status_code == 200
    )
    assert head.post(f"{base}/review/", {"approve": True}, format="json").status_code == 200
    assert leader.post(f"{base}/review/", {"approve": True}, format="json").json()["state"] == "approved"
    assert specialist.post(f"{base}/send-for-signature/").json()["numbers"][0]["status"] == "reserved"
    unsigned = {"name": "signed.pdf", "content": base64.b64encode(PDF).decode()}
    refused = leader.post(f"{base}/issue/", {"signed_file": unsigned}, format="json")
    assert refused.status_code == 400 and "chữ ký số" in refused.content.decode()  # signed unread: never
    issued = leader.post(f"{base}/issue/", {}, format="json").json()
    assert (issued["state"], issued["number_text"]) == ("issued", "01/VPCTN-TH")
    sent = clerk.post(f"{base}/send/", {"agencies": [office.ministry.pk]}, format="json").json()
    assert sent["dispatches"][0]["status"] == "sent"
    closed = specialist.post(
        f"/api/v1/incoming-documents/{incoming}/close/", {"answer": outgoing}, format="json"
    )
    assert closed.json()["state"] == "closed"


def test_the_api_refuses_bad_input_with_a_reason(office: Office) -> None:
    response = _api(office.clerk).post(
        "/api/v1/incoming-documents/",
        {"received_on": "2099-01-01", "doc_type": "x", "summary": ""},
        format="json",
    )
    assert response.status_code == 400
    assert not IncomingDocument.objects.exists()
    leader = _api(office.leader)
    document = receive(office)
    refused = _api(office.head).post(
        f"/api/v1/incoming-documents/{document.pk}/route/", {"lead_unit": office.general.pk}, format="json"
    )
    assert refused.status_code in (403, 404)
    schema = leader.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"] if schema["content-type"].startswith("application/json") else {}
    text = str(paths) if paths else schema.content.decode()
    for step in (
        "route",
        "handling",
        "close",
        "submit",
        "review",
        "send-for-signature",
        "issue",
        "send",
        "withdraw",
    ):
        assert f"/{step}/" in text


def test_reviewers_asked_in_order_review_in_the_order_chosen(office) -> None:
    """The examiner of issue 26 chose the drafting unit's head, then the Office's head: the steps came out
    sorted by name. The submit form has a place per reviewer; the first place reviews first."""
    from chancery.core.tests.factories import signed_in
    from chancery.documents.models import ApprovalStep
    from chancery.documents.tests.factories import draft

    document = draft(office)
    specialist = signed_in(office.specialist)
    page = specialist.get(document.get_absolute_url()).content.decode()
    assert "Người duyệt thứ 1" in page and "Người duyệt thứ 2" in page
    assert re.search(r'<select name="reviewer_1" class="form-select"', page)  # styled like the form's others
    ordered = [office.head, office.deputy]  # neither signs; put so that their names do not sort this way
    if ordered[0].full_name < ordered[1].full_name:
        ordered.reverse()
    assert document.signer not in ordered
    refused = specialist.post(
        f"/documents/outgoing/{document.pk}/submit/",
        {"reviewer_1": ordered[0].pk, "reviewer_2": ordered[0].pk, "mode": "sequential"},
        follow=True,
    ).content.decode()
    assert "được chọn hai lần" in refused and not ApprovalStep.objects.filter(document=document).exists()
    specialist.post(
        f"/documents/outgoing/{document.pk}/submit/",
        {"reviewer_1": ordered[0].pk, "reviewer_3": ordered[1].pk, "mode": "sequential"},
    )
    steps = list(ApprovalStep.objects.filter(document=document).order_by("position"))
    people = [step.reviewer for step in steps]
    assert people[: len(ordered)] == ordered and people[-1] == document.signer


def test_an_issued_document_without_its_signed_copy_says_so(office: Office) -> None:
    """A document entered in the register from paper (the demo's year, an old register) has no signed file:
    its page says the PDF offered is the recorded text, not the signed document."""
    from datetime import date

    from chancery.documents.demo import issued_document

    document = issued_document(
        "Về việc tặng thưởng Huân chương Lao động", on=date(2026, 3, 2), owning_unit=office.general
    )
    page = signed_in(office.leader).get(document.get_absolute_url()).content.decode()
    assert 'data-testid="no-signed-copy"' in page and "Chưa có bản điện tử đã ký số" in page
