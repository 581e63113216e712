"""Status packages of the electronic exchange (QCVN 102:2016 and the national platform's codes): each code
recorded on the dispatch, in its order, from any envelope; taking a document back on both sides (13, 15,
16); an answer nobody waits for kept in the history only; a status uploaded on the wrong document's page."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chancery.documents import exchange, services
from chancery.documents.tests.factories import Office, issued
from chancery.documents.tests.test_exchange import (
    OFFICE_CODE,
    known_to_the_ministry,
    package_from_ministry,
    status_from_ministry,
)

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.CHANCERY_AGENCY_CODE = OFFICE_CODE


@pytest.mark.parametrize(
    ("code", "status", "label"),
    [
        ("01", "arrived", "Đã đến"),
        ("02", "returned", "Từ chối tiếp nhận"),
        ("03", "received", "Đã tiếp nhận"),
        ("04", "assigned", "Phân công"),
        ("05", "processing", "Đang xử lý"),
        ("06", "done", "Hoàn thành"),
        ("13", "recall_asked", "Yêu cầu lấy lại"),
        ("15", "recalled", "Đồng ý lấy lại"),
        ("16", "not_recalled", "Từ chối lấy lại"),
    ],
)
def test_each_status_code_is_recorded_distinctly_on_the_dispatch(
    office: Office, code: str, status: str, label: str
) -> None:
    document = issued(office)
    services.export_exchange(actor=office.clerk, document=document, agencies=[office.ministry])
    if code in ("15", "16"):  # an answer: to the Office's request to take it back
        services.request_recall(
            actor=office.clerk, document=document, agency=office.ministry, reason="Sai sót số liệu ở Điều 2"
        )
    dispatch = services.record_exchange_status(
        actor=office.clerk, content=status_from_ministry(document, office, code)
    )
    dispatch.refresh_from_db()
    assert (dispatch.status, dispatch.get_status_display()) == (status, label)
    assert dispatch.status_note == f"Trạng thái {code}"


def test_an_answer_nobody_waits_for_and_any_status_after_the_agency_gave_it_back_stay_in_the_history(
    office: Office,
) -> None:
    """Examiner 65: a 16 "changing its mind" after a 15 turned an agreed revocation into a refused recall in
    the register; an unasked 15 made a refused replacement read as agreed."""
    from chancery.core.models import AuditEvent

    document = issued(office)
    services.export_exchange(actor=office.clerk, document=document, agencies=[office.ministry])
    services.record_exchange_status(actor=office.clerk, content=status_from_ministry(document, office, "15"))
    assert document.dispatches.get().status == "sent"  # nothing was asked: kept in the history only
    services.request_recall(
        actor=office.clerk,
        document=document,
        agency=office.ministry,
        reason="Ban hành sai thẩm quyền",
        kind="revoke",
    )
    services.record_exchange_status(actor=office.clerk, content=status_from_ministry(document, office, "15"))
    for later in ("16", "05", "15"):
        services.record_exchange_status(
            actor=office.clerk, content=status_from_ministry(document, office, later)
        )
    assert document.dispatches.get().status == "revoked"
    with pytest.raises(ValidationError):  # nothing more is asked of it
        services.request_recall(
            actor=office.clerk,
            document=document,
            agency=office.ministry,
            reason="Gửi bản cập nhật",
            kind="update",
        )
    kept = AuditEvent.objects.filter(message__contains="chỉ ghi vào lịch sử").count()
    assert kept == 4


@pytest.mark.parametrize("code", ["07", "99", ""])
def test_an_unknown_status_code_is_refused_naming_it(office: Office, code: str) -> None:
    document = issued(office)
    services.export_exchange(actor=office.clerk, document=document, agencies=[office.ministry])
    content = status_from_ministry(document, office, code)
    with pytest.raises(ValidationError) as error:
        services.record_exchange_status(actor=office.clerk, content=content)
    text = " ".join(error.value.messages)
    assert f"Mã trạng thái không hợp lệ: {code or '—'}" in text
    assert "01, 02, 03, 04, 05, 06, 13, 15, 16" in text
    assert document.dispatches.get().status == "sent"


@pytest.mark.parametrize("namespaced", [True, False])
def test_a_status_relayed_inside_another_envelope_is_read(office: Office, namespaced: bool) -> None:
    """The examiner of issue 30: a platform that relays statuses wraps the Status message in an envelope of
    its own (and may drop the namespace, and write its time in ISO 8601); it was refused as not a status."""
    document = issued(office)
    services.export_exchange(actor=office.clerk, document=document, agencies=[office.ministry])
    status = status_from_ministry(document, office, "05").decode()
    body = status[status.index("<", 1) :]  # without the XML declaration
    if not namespaced:
        body = re.sub(r'\sxmlns(:\w+)?="[^"]+"', "", re.sub(r"<(/?)\w+:", r"<\1", body))
    from django.utils import timezone

    stamp = (timezone.localtime() - timedelta(hours=1)).replace(microsecond=0)
    body = re.sub(r"<(\w+:)?Timestamp>[^<]+<", rf"<\g<1>Timestamp>{stamp.isoformat()}<", body)
    wrapped = (
        '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/'
        f'envelope/"><soap:Body><getStatusResponse>{body}</getStatusResponse></soap:Body></soap:Envelope>'
    )
    read = exchange.read_status(wrapped.encode())
    assert read.code == "05" and read.sender_code == office.ministry.code
    assert read.at == stamp
    dispatch = services.record_exchange_status(actor=office.clerk, content=wrapped.encode())
    assert dispatch.status == "processing"


def _status(document: Any, office: Office, code: str, stamp: str, *, iso_id: bool = False) -> bytes:
    content = status_from_ministry(document, office, code).decode()
    content = re.sub(r"<(\w+:)?Timestamp>[^<]+<", rf"<\g<1>Timestamp>{stamp}<", content)
    if iso_id:
        content = content.replace(document.issued_on.strftime("%Y/%m/%d"), document.issued_on.isoformat())
    return content.encode()


def test_statuses_keep_their_order_and_a_bad_time_is_refused(office: Office) -> None:
    """The examiners of issue 30: an older status overwrote a newer one, a status of 2031 was taken, an
    unreadable or missing time became the time it arrived, one dated years before the document was sent was
    taken, and an identifier with an ISO date was refused."""
    import datetime as dt

    from django.utils import timezone

    now = timezone.localtime()
    document = issued(office)
    services.export_exchange(actor=office.clerk, document=document, agencies=[office.ministry])
    done = services.record_exchange_status(
        actor=office.clerk,
        content=_status(document, office, "06", (now - dt.timedelta(hours=1)).isoformat(), iso_id=True),
    )
    assert done.status == "done"
    late = services.record_exchange_status(
        actor=office.clerk,
        content=_status(document, office, "03", f"{now - dt.timedelta(hours=2):%Y/%m/%d %H:%M:%S}"),
    )
    assert late.status == "done"  # the newer status stays; the older one is in the history
    for stamp, says in (
        (f"{now + dt.timedelta(days=2):%Y/%m/%d %H:%M:%S}", "tương lai"),
        (f"{now - dt.timedelta(days=900):%Y/%m/%d %H:%M:%S}", "trước khi văn bản được gửi"),
        ("hôm qua", "Không đọc được thời điểm"),
        ("", "không ghi thời điểm"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.record_exchange_status(
                actor=office.clerk, content=_status(document, office, "05", stamp)
            )
        assert says in " ".join(refused.value.messages)


def test_the_office_asks_an_agency_to_give_back_a_document_and_records_its_answer(office: Office) -> None:
    """Taking back a document sent by exchange (the platform's statuses 13, 15, 16): the Office's request with
    its reason, sent as a status package; the agency's answer recorded on the dispatch."""
    document = issued(office)
    with pytest.raises(ValidationError, match="trục liên thông"):
        services.request_recall(
            actor=office.clerk, document=document, agency=office.ministry, reason="Sai sót số liệu ở Điều 2"
        )
    services.export_exchange(actor=office.clerk, document=document, agencies=[office.ministry])
    with pytest.raises(ValidationError):
        services.request_recall(actor=office.clerk, document=document, agency=office.ministry, reason="sai")
    with pytest.raises(PermissionDenied):
        services.request_recall(
            actor=office.legal_specialist,
            document=document,
            agency=office.ministry,
            reason="Sai sót số liệu ở Điều 2",
        )
    package = services.request_recall(
        actor=office.clerk, document=document, agency=office.ministry, reason="Sai sót số liệu ở Điều 2"
    )
    status = exchange.read_status(package)
    assert status.code == "13" and status.description == "Sai sót số liệu ở Điều 2"
    assert document.issued_on is not None
    assert status.document_id == exchange.document_id(OFFICE_CODE, document.issued_on, document.number_text)
    dispatch = document.dispatches.get()
    assert dispatch.status == "recall_asked"
    with pytest.raises(ValidationError, match="Đã đề nghị cơ quan này"):
        services.request_recall(
            actor=office.clerk, document=document, agency=office.ministry, reason="Sai sót số liệu ở Điều 2"
        )
    services.record_exchange_status(actor=office.clerk, content=status_from_ministry(document, office, "15"))
    dispatch.refresh_from_db()
    assert dispatch.status == "recalled"
    # the register's Ghi chú says it, as the page does
    from chancery.documents import registers

    day = document.issued_on
    lines = list(
        registers.outgoing_lines(office.clerk, registers.Request("outgoing", False, day, day, "xlsx"))
    )
    assert lines[-1][-1] == f"{office.ministry.name}: Đồng ý lấy lại"


def recall_request(received: Any, reason: str) -> bytes:
    """The ministry's status package asking to take back the document it sent (code 13), with `reason`."""
    return exchange.build_status(
        document_id_value=received.exchange_id.split("#", 1)[0],
        sender_code="000.00.00.G09",
        sender_name="Bộ Nội vụ",
        code="13",
        description=reason,
    )


def test_a_sender_asks_to_take_back_a_document_and_the_office_agrees_or_refuses(office: Office) -> None:
    """The other side: the sender's request (13) is kept on the document received by exchange; the Office
    agrees (15: the document leaves handling, its clocks stop) or refuses (16, with the reason)."""
    from chancery.casework.models import LegalClock

    known_to_the_ministry()
    received = services.import_exchange(actor=office.clerk, content=package_from_ministry())
    request = recall_request(received, "Bộ đề nghị lấy lại để bổ sung hồ sơ")
    with pytest.raises(ValidationError):
        services.answer_recall(actor=office.clerk, document=received, agree=True)  # nothing asked yet
    wrong = request.replace(b">13<", b">04<")
    with pytest.raises(ValidationError, match="không phải đề nghị lấy lại"):
        services.record_recall_request(actor=office.clerk, document=received, content=wrong)
    received = services.record_recall_request(actor=office.clerk, document=received, content=request)
    assert received.recall_reason == "Bộ đề nghị lấy lại để bổ sung hồ sơ" and received.recall_asked_at
    with pytest.raises(PermissionDenied):
        services.answer_recall(actor=office.legal_specialist, document=received, agree=True)
    with pytest.raises(ValidationError):
        services.answer_recall(actor=office.clerk, document=received, agree=False, note="không")
    answer = services.answer_recall(actor=office.clerk, document=received, agree=True)
    assert exchange.read_status(answer).code == "15"
    received.refresh_from_db()
    assert received.state == "recalled" and received.recall_answer == "agreed"
    assert not LegalClock.objects.filter(
        object_type="documents.incomingdocument", object_id=received.pk, stopped_on__isnull=True
    ).exists()
    with pytest.raises(ValidationError):  # answered once
        services.answer_recall(actor=office.clerk, document=received, agree=False, note="Đã chuyển xử lý rồi")
    # another document, refused: it stays in handling
    other = services.import_exchange(
        actor=office.clerk, content=package_from_ministry(number=5124, number_text="5124/BNV-TĐKT")
    )
    request = recall_request(other, "Bộ đề nghị lấy lại")
    services.record_recall_request(actor=office.clerk, document=other, content=request)
    refusal = services.answer_recall(
        actor=office.clerk, document=other, agree=False, note="Văn phòng đã trình Chủ tịch nước"
    )
    assert exchange.read_status(refusal).code == "16"
    other.refresh_from_db()
    assert other.state == "registered" and other.recall_answer == "refused"
    from chancery.documents import registers

    day = other.received_on
    notes = [
        line[-1]
        for line in registers.incoming_lines(
            office.clerk, registers.Request("incoming", False, day, day, "xlsx")
        )
    ]
    assert notes == [
        "Thượng khẩn; Nơi gửi đã lấy lại",
        "Thượng khẩn; Nơi gửi đề nghị lấy lại, Văn phòng không đồng ý",
    ]


def test_the_pages_ask_to_take_back_and_answer_a_senders_request(office: Office) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chancery.core.tests.factories import signed_in

    clerk = signed_in(office.clerk)
    document = issued(office)
    services.export_exchange(actor=office.clerk, document=document, agencies=[office.ministry])
    page = clerk.get(document.get_absolute_url()).content.decode()
    assert 'data-testid="recall-form"' in page
    response = clerk.post(
        f"/documents/outgoing/{document.pk}/recall/",
        {"agency": office.ministry.pk, "reason": "Sai sót số liệu ở Điều 2"},
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    assert exchange.read_status(response.content).code == "13"
    forged = clerk.post(
        f"/documents/outgoing/{document.pk}/recall/", {"agency": "999999", "reason": "x" * 20}
    )
    assert forged.status_code == 302  # refused on the page, never a file
    # the receiving side, on the pages
    known_to_the_ministry()
    received = services.import_exchange(actor=office.clerk, content=package_from_ministry())
    request = recall_request(received, "Bộ đề nghị lấy lại để bổ sung hồ sơ")
    clerk.post(
        f"/documents/incoming/{received.pk}/recall/",
        {"package": SimpleUploadedFile("13.edxml", request, content_type="application/xml")},
    )
    page = clerk.get(received.get_absolute_url()).content.decode()
    assert 'data-testid="recall-request"' in page and "Bộ đề nghị lấy lại để bổ sung hồ sơ" in page
    forged = clerk.post(f"/documents/incoming/{received.pk}/recall/answer/", {"answer": "both", "note": ""})
    assert forged.status_code == 302  # neither agreed nor refused: said on the page, nothing sent
    received.refresh_from_db()
    assert received.recall_answer == ""
    received.refresh_from_db()
    stale = clerk.post(
        f"/documents/incoming/{received.pk}/recall/answer/", {"answer": "agree", "note": "", "request": "x"}
    )
    assert stale.status_code == 302  # an answer to another request than the one waiting: refused
    answered = clerk.post(
        f"/documents/incoming/{received.pk}/recall/answer/",
        {"answer": "agree", "note": "", "request": services.request_token(received)},
    )
    assert exchange.read_status(answered.content).code == "15"
    received.refresh_from_db()
    assert received.state == "recalled"
    assert signed_in(office.legal_specialist).post(
        f"/documents/incoming/{received.pk}/recall/answer/", {"answer": "refuse", "note": "x" * 20}
    ).status_code in (302, 403, 404)


def test_a_status_uploaded_on_a_documents_page_must_be_about_that_document(office: Office) -> None:
    """Examiners 61 and 62: a package about 1242/QĐ-CTN uploaded on another document's page was recorded on
    1242, and the page said it was recorded."""
    from chancery.core.tests.factories import signed_in

    sent, other = issued(office), issued(office)
    services.export_exchange(actor=office.clerk, document=sent, agencies=[office.ministry])
    package = status_from_ministry(sent, office, "03")
    with pytest.raises(ValidationError, match=sent.number_text):
        services.record_exchange_status(actor=office.clerk, content=package, about=other)
    client = signed_in(office.clerk)
    response = client.post(
        f"/documents/outgoing/{other.pk}/status/",
        {"package": SimpleUploadedFile("status.xml", package)},
        follow=True,
    )
    page = response.content.decode()
    assert "không phải văn bản đang mở ở trang này" in page
    assert sent.dispatches.get().status != "received"
    client.post(
        f"/documents/outgoing/{sent.pk}/status/", {"package": SimpleUploadedFile("status.xml", package)}
    )
    assert sent.dispatches.get().status == "received"


def test_a_status_while_a_question_waits_leaves_the_question_to_its_answer(office: Office) -> None:
    """Examiner 66: a 04 after the Office asked to take the document back wiped the question; the 15 that
    followed went to the history, and the Office could ask again."""
    document = issued(office)
    services.export_exchange(actor=office.clerk, document=document, agencies=[office.ministry])
    services.request_recall(
        actor=office.clerk, document=document, agency=office.ministry, reason="Sai sót số liệu ở Điều 2"
    )
    services.record_exchange_status(actor=office.clerk, content=status_from_ministry(document, office, "04"))
    assert document.dispatches.get().status == "recall_asked"  # the question still waits
    services.record_exchange_status(actor=office.clerk, content=status_from_ministry(document, office, "15"))
    assert document.dispatches.get().status == "recalled"
