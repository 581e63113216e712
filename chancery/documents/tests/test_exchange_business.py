"""Revocation, update and replacement of a document sent by exchange (edXML BussinessDocType 1, 2, 3), with
the receiver's agreement (15) or refusal (16), on both sides: the Office as sender and as receiver, each
shown on the document's page and in the register; hostile packages refused with the reason."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chancery.core.models import Agency, Attachment, AuditEvent, RecordLink
from chancery.documents import exchange, registers, services, signing
from chancery.documents.exchange_business import NEW, REPLACE, REVOKE, UPDATE, Business
from chancery.documents.tests.factories import PDF, Office, issued
from chancery.documents.tests.test_exchange import (
    OFFICE_CODE,
    known_to_the_ministry,
    package_from_ministry,
    status_from_ministry,
)

pytestmark = [pytest.mark.django_db]

MINISTRY = "000.00.00.G09"


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.CHANCERY_AGENCY_CODE = OFFICE_CODE


def received_from_ministry(office: Office, **overrides: Any) -> Any:
    if not Agency.objects.filter(code=OFFICE_CODE).exists():
        known_to_the_ministry()
    document, kind = services.receive_exchange(actor=office.clerk, content=package_from_ministry(**overrides))
    assert kind == "new"
    return document


def business_from_ministry(business: Business, **overrides: Any) -> bytes:
    """The ministry's package about a document it sent the Office before (a revocation carries no file)."""
    if business.kind == REVOKE:
        overrides.setdefault("files", [])
    return package_from_ministry(business=business, **overrides)


def read_as_ministry(settings: Any, package: bytes) -> exchange.Package:
    """A package the Office sent, read as the ministry's system reads it."""
    settings.CHANCERY_AGENCY_CODE = MINISTRY
    if not Agency.objects.filter(code=OFFICE_CODE).exists():
        known_to_the_ministry()
    try:
        return exchange.read_package(package)
    finally:
        settings.CHANCERY_AGENCY_CODE = OFFICE_CODE


def own_id(received: Any) -> str:
    return str(received.exchange_id.split("#", 1)[0])


def test_every_business_is_written_and_read_back(office: Office) -> None:
    for business in (
        Business(),
        Business(REVOKE, "Ban hành sai thẩm quyền", "A,2026/11/02,5/QĐ"),
        Business(UPDATE, "Sửa ngày hiệu lực", "A,2026/11/02,5/QĐ"),
        Business(REPLACE, "Thay thế do sai sót", "A,2026/11/02,5/QĐ", (OFFICE_CODE, "000.00.00.H01")),
    ):
        package = exchange.read_package(business_from_ministry(business))
        assert package.business == business


def test_a_package_of_an_unknown_business_or_a_replacement_naming_nothing_is_refused(office: Office) -> None:
    bad = package_from_ministry().replace(b"<edXML:BussinessDocType>0<", b"<edXML:BussinessDocType>7<")
    with pytest.raises(ValidationError, match="BussinessDocType"):
        exchange.read_package(bad)
    nothing = package_from_ministry(business=Business(REPLACE, "Thay thế", ""))
    with pytest.raises(ValidationError, match="ReplacementInfo"):
        exchange.read_package(nothing)
    # a package written by a client that spells it "Business" is read the same
    spelled = package_from_ministry(business=Business(UPDATE, "Sửa", "X,2026/11/02,1/A")).replace(
        b"Bussiness", b"Business"
    )
    assert exchange.read_package(spelled).business == Business(UPDATE, "Sửa", "X,2026/11/02,1/A")


def test_the_office_updates_what_it_received_once_the_clerk_has_seen_every_change(office: Office) -> None:
    received = received_from_ministry(office)
    new_file = signing.sign(PDF + b"\n% v2", reason="Ký lại")
    update = business_from_ministry(
        Business(UPDATE, "Sửa trích yếu và hạn trả lời", own_id(received)),
        subject="Tờ trình đề nghị tặng thưởng Huân chương Lao động hạng Ba",
        due_on=date(2026, 12, 30),
        files=[exchange.FileData("5123-BNV-v2.pdf", "application/pdf", new_file)],
    )
    with pytest.raises(ValidationError, match="thu hồi, cập nhật hoặc thay thế"):
        services.import_exchange(actor=office.clerk, content=update)  # never registered as a new document
    with pytest.raises(PermissionDenied):
        services.receive_exchange(actor=office.legal_specialist, content=update)
    document, kind = services.receive_exchange(actor=office.clerk, content=update)
    assert (document.pk, kind) == (received.pk, "update")
    # nothing changed before the clerk agrees; the page shows each change
    document.refresh_from_db()
    assert document.summary == "Tờ trình đề nghị tặng thưởng Huân chương Lao động"
    preview = services.request_preview(document)
    changed = {label: (now, after) for label, now, after in preview["changes"]}
    assert len(changed) == 2
    assert ("Tờ trình đề nghị tặng thưởng Huân chương Lao động", document.summary + " hạng Ba") in [
        (now, after) for now, after in changed.values()
    ]
    with pytest.raises(ValidationError, match="đã được ghi nhận"):  # the same package, recorded once
        services.receive_exchange(actor=office.clerk, content=update)
    another = business_from_ministry(Business(REVOKE, "Thu hồi văn bản", own_id(received)))
    with pytest.raises(ValidationError, match="đang chờ trả lời"):  # one request at a time
        services.receive_exchange(actor=office.clerk, content=another)
    with pytest.raises(ValidationError, match="đã thay đổi"):  # the page showed another request
        services.answer_recall(
            actor=office.clerk, document=document, agree=True, request="2026-01-01T00:00:00"
        )
    answer = services.answer_recall(actor=office.clerk, document=document, agree=True)
    status = exchange.read_status(answer)
    assert status.code == "15" and status.document_id == own_id(received)
    document.refresh_from_db()
    assert document.summary.endswith("hạng Ba") and document.reply_by == date(2026, 12, 30)
    assert document.state == "registered"  # still in handling
    with pytest.raises(ValidationError, match="đã được ghi nhận"):  # applied once (examiner 65)
        services.receive_exchange(actor=office.clerk, content=update)
    event = AuditEvent.objects.filter(object_id=document.pk, message="Cập nhật theo gói của nơi gửi").get()
    assert set(event.changes) == {"summary", "reply_by"}  # every change in the audit trail
    files = Attachment.objects.filter(object_type="documents.incomingdocument", object_id=document.pk)
    assert sorted(f.name for f in files) == ["5123-BNV-v2.pdf", "5123-BNV.pdf"]
    day = document.received_on
    [line] = registers.incoming_lines(office.clerk, registers.Request("incoming", False, day, day, "xlsx"))
    assert line[-1].endswith("Đã cập nhật theo văn bản nơi gửi gửi lại")


def test_a_replacement_agreed_registers_the_new_document_and_the_old_leaves_handling(office: Office) -> None:
    received = received_from_ministry(office)
    replacing = business_from_ministry(
        Business(REPLACE, "Thay thế do sai sót số liệu", own_id(received), (OFFICE_CODE,)),
        number=5200,
        number_text="5200/BNV-TĐKT",
        issued_on=date(2026, 11, 20),
        files=[exchange.FileData("5200.pdf", "application/pdf", signing.sign(PDF + b"\n% 5200", reason="K"))],
    )
    old, kind = services.receive_exchange(actor=office.clerk, content=replacing)
    assert (old.pk, kind) == (received.pk, "replace")
    assert services.request_preview(old)["replacement"].reference == "5200/BNV-TĐKT"
    answer = services.answer_recall(actor=office.clerk, document=old, agree=True)
    assert exchange.read_status(answer).code == "15"
    old.refresh_from_db()
    new = type(old).objects.get(reference="5200/BNV-TĐKT")
    assert old.state == "recalled" and f"{new.arrival_number:02d}/{new.year}" in old.outcome
    assert RecordLink.objects.filter(from_id=old.pk, to_id=new.pk).exists()
    day = old.received_on
    notes = [
        line[-1]
        for line in registers.incoming_lines(
            office.clerk, registers.Request("incoming", False, day, day, "xlsx")
        )
    ]
    assert any("Nơi gửi đã thay thế" in note for note in notes)


def test_a_revocation_refused_keeps_the_document_in_handling_and_says_why(office: Office) -> None:
    received = received_from_ministry(office)
    revoke = business_from_ministry(Business(REVOKE, "Ban hành sai thẩm quyền", own_id(received)))
    document, kind = services.receive_exchange(actor=office.clerk, content=revoke)
    assert kind == "revoke"
    with pytest.raises(ValidationError):
        services.answer_recall(actor=office.clerk, document=document, agree=False, note="không")
    answer = services.answer_recall(
        actor=office.clerk, document=document, agree=False, note="Văn phòng đã trình Chủ tịch nước"
    )
    assert exchange.read_status(answer).code == "16"
    document.refresh_from_db()
    assert document.state == "registered" and document.recall_answer == "refused"
    day = document.received_on
    [line] = registers.incoming_lines(office.clerk, registers.Request("incoming", False, day, day, "xlsx"))
    assert line[-1].endswith("Nơi gửi đề nghị thu hồi, Văn phòng không đồng ý")


def test_a_package_about_a_document_of_another_sender_or_unknown_is_refused(office: Office) -> None:
    received = received_from_ministry(office)
    from chancery.core import services as core_services

    core_services.create_agency(actor=None, name="Bộ Tài chính", code="000.00.00.G12")
    forged = package_from_ministry(
        sender_code="000.00.00.G12",
        sender_name="Bộ Tài chính",
        business=Business(REVOKE, "Thu hồi", own_id(received)),
        files=[],
    )
    with pytest.raises(ValidationError, match=r"không nhận văn bản này từ 000\.00\.00\.G12"):
        services.receive_exchange(actor=office.clerk, content=forged)
    unknown = package_from_ministry(
        business=Business(REVOKE, "Thu hồi", f"{MINISTRY},2026/01/01,1/X"), files=[]
    )
    with pytest.raises(ValidationError, match="1/X"):
        services.receive_exchange(actor=office.clerk, content=unknown)
    received.refresh_from_db()
    assert received.recall_asked_at is None
    # on another document's page, a package about this one is refused
    other = received_from_ministry(office, number=5124, number_text="5124/BNV-TĐKT")
    about_received = business_from_ministry(Business(REVOKE, "Thu hồi", own_id(received)))
    with pytest.raises(ValidationError, match="văn bản khác"):
        services.record_recall_request(actor=office.clerk, document=other, content=about_received)


def test_the_office_revokes_updates_and_replaces_what_it_sent_and_records_each_answer(
    office: Office, settings
) -> None:
    sent = issued(office)
    services.export_exchange(actor=office.clerk, document=sent, agencies=[office.ministry])
    dispatch = sent.dispatches.get()
    with pytest.raises(ValidationError):
        services.request_recall(
            actor=office.clerk, document=sent, agency=office.ministry, reason="Thay thế", kind="replace"
        )
    package = services.request_recall(
        actor=office.clerk, document=sent, agency=office.ministry, reason="Sửa căn cứ pháp lý", kind="update"
    )
    read = read_as_ministry(settings, package)
    assert read.business.kind == UPDATE and read.business.target == read.document_id and read.files
    dispatch.refresh_from_db()
    assert dispatch.status == "update_asked"
    with pytest.raises(ValidationError):  # one question at a time
        services.request_recall(
            actor=office.clerk, document=sent, agency=office.ministry, reason="Thu hồi văn bản", kind="revoke"
        )
    services.record_exchange_status(actor=office.clerk, content=status_from_ministry(sent, office, "16"))
    dispatch.refresh_from_db()
    assert dispatch.status == "not_updated"  # the answer to the update, not to a recall
    # replaced by a later document, which goes to the agency with the package
    later = issued(office)
    assert sent.issued_on is not None
    with pytest.raises(ValidationError, match="không thay thế chính nó"):
        services.find_replacement(sent, sent.number_text)
    with pytest.raises(ValidationError, match="Không có văn bản"):
        services.find_replacement(sent, "999/QĐ-XX")
    replacement = services.find_replacement(sent, later.number_text)
    package = services.request_recall(
        actor=office.clerk,
        document=sent,
        agency=office.ministry,
        reason="Thay thế do sai sót số liệu",
        kind="replace",
        replacement=replacement,
    )
    read = read_as_ministry(settings, package)
    assert read.reference == later.number_text and read.business.kind == REPLACE
    assert read.business.target == exchange.document_id(OFFICE_CODE, sent.issued_on, sent.number_text)
    assert read.business.organs == (office.ministry.code,)
    assert later.dispatches.get().agency == office.ministry
    services.record_exchange_status(actor=office.clerk, content=status_from_ministry(sent, office, "15"))
    dispatch.refresh_from_db()
    assert dispatch.status == "replaced"
    with pytest.raises(ValidationError):  # the agency no longer holds it
        services.request_recall(
            actor=office.clerk, document=sent, agency=office.ministry, reason="Thu hồi văn bản", kind="revoke"
        )
    day = sent.issued_on
    lines = list(
        registers.outgoing_lines(office.clerk, registers.Request("outgoing", False, day, day, "xlsx"))
    )
    expected = f"{office.ministry.name}: Đồng ý thay thế (đã trả lời: Từ chối cập nhật)"
    assert any(line[-1] == expected for line in lines)


def test_what_the_office_sends_the_receiving_side_reads_and_answers(office: Office, settings) -> None:
    """Both ends on Chancery: the Office revokes what it sent; the ministry, on its own Chancery, has the
    document registered and records the revocation on it."""
    sent = issued(office)
    first = services.export_exchange(actor=office.clerk, document=sent, agencies=[office.ministry])
    revoke = services.request_recall(
        actor=office.clerk,
        document=sent,
        agency=office.ministry,
        reason="Ban hành sai thẩm quyền",
        kind="revoke",
    )
    assert not read_as_ministry(settings, revoke).files  # a revocation carries no file
    settings.CHANCERY_AGENCY_CODE = office.ministry.code
    there, _kind = services.receive_exchange(actor=office.clerk, content=first)
    document, kind = services.receive_exchange(actor=office.clerk, content=revoke)
    assert (document.pk, kind) == (there.pk, "revoke")
    answer = services.answer_recall(actor=office.clerk, document=document, agree=True)
    document.refresh_from_db()
    assert document.state == "recalled"
    settings.CHANCERY_AGENCY_CODE = OFFICE_CODE
    services.record_exchange_status(actor=office.clerk, content=answer)
    assert sent.dispatches.get().status == "revoked"


def test_the_pages_send_a_replacement_and_answer_an_update(office: Office, settings) -> None:
    from chancery.core.tests.factories import signed_in

    clerk = signed_in(office.clerk)
    sent, later = issued(office), issued(office)
    services.export_exchange(actor=office.clerk, document=sent, agencies=[office.ministry])
    page = clerk.get(sent.get_absolute_url()).content.decode()
    assert 'name="kind"' in page and "Thay thế bằng văn bản khác" in page
    refused = clerk.post(
        f"/documents/outgoing/{sent.pk}/recall/",
        {
            "agency": office.ministry.pk,
            "kind": "replace",
            "replacement": "999/XX",
            "reason": "Thay thế do sai",
        },
    )
    assert refused.status_code == 302  # said on the page, no file
    response = clerk.post(
        f"/documents/outgoing/{sent.pk}/recall/",
        {
            "agency": office.ministry.pk,
            "kind": "replace",
            "replacement": later.number_text,
            "reason": "Thay thế do sai",
        },
    )
    assert response.status_code == 200 and "thay-the-" in response["Content-Disposition"]
    assert read_as_ministry(settings, response.content).business.kind == REPLACE
    # receiving an update on the import page, then answering it on the document's page
    received = received_from_ministry(office)
    update = business_from_ministry(
        Business(UPDATE, "Sửa trích yếu", own_id(received)), subject="Trích yếu đã sửa"
    )
    imported = clerk.post(
        "/documents/incoming/import/", {"package": SimpleUploadedFile("u.edxml", update)}, follow=True
    )
    text = imported.content.decode()
    assert "Nơi gửi đề nghị cập nhật văn bản" in text and 'data-testid="update-changes"' in text
    assert "Trích yếu đã sửa" in text and "Đồng ý cập nhật" in text
    received.refresh_from_db()
    answered = clerk.post(
        f"/documents/incoming/{received.pk}/recall/answer/",
        {"answer": "agree", "note": "", "request": services.request_token(received)},
    )
    assert exchange.read_status(answered.content).code == "15"
    again = clerk.get(f"/documents/incoming/{received.pk}/recall/answer/package/")
    assert exchange.read_status(again.content) == exchange.read_status(answered.content)  # kept as made
    received.refresh_from_db()
    assert received.summary == "Trích yếu đã sửa"
    assert NEW == 0


def test_a_replacement_never_registers_a_document_twice_nor_replaces_itself(office: Office) -> None:
    """Examiner 66: a replacement whose own identifier was a document already registered registered it a
    second time; a package replacing a document by itself was accepted."""
    first = received_from_ministry(office)
    second = received_from_ministry(office, number=5124, number_text="5124/BNV-TĐKT")
    by_first = business_from_ministry(  # "5123 replaces 5124": 5123 is already registered
        Business(REPLACE, "Thay thế", own_id(second), (OFFICE_CODE,)),
        files=[
            exchange.FileData("5123-v2.pdf", "application/pdf", signing.sign(PDF + b"\n% v2", reason="K"))
        ],
    )
    with pytest.raises(ValidationError, match=r"đã vào sổ, số đến"):
        services.receive_exchange(actor=office.clerk, content=by_first)
    itself = business_from_ministry(
        Business(REPLACE, "Thay thế", own_id(first), (OFFICE_CODE,)),
        files=[
            exchange.FileData("5123-v3.pdf", "application/pdf", signing.sign(PDF + b"\n% v3", reason="K"))
        ],
    )
    with pytest.raises(ValidationError, match="không thay thế chính nó"):
        services.receive_exchange(actor=office.clerk, content=itself)
    # the same document sent again as a new one, other files: it comes as an update or a replacement
    again = package_from_ministry(
        files=[exchange.FileData("5123-v4.pdf", "application/pdf", signing.sign(PDF + b"\n% v4", reason="K"))]
    )
    with pytest.raises(ValidationError, match="cập nhật hoặc thay thế"):
        services.receive_exchange(actor=office.clerk, content=again)
    assert type(first).objects.filter(reference="5123/BNV-TĐKT").count() == 1


def test_every_answer_keeps_its_own_status_package(office: Office) -> None:
    """Examiner 66: only the last answer could be downloaded again."""
    received = received_from_ministry(office)
    first = business_from_ministry(
        Business(UPDATE, "Sửa trích yếu", own_id(received)), subject="Trích yếu mới"
    )
    services.receive_exchange(actor=office.clerk, content=first)
    agreed = services.answer_recall(actor=office.clerk, document=received, agree=True)
    second = business_from_ministry(Business(REVOKE, "Thu hồi văn bản", own_id(received)))
    services.receive_exchange(actor=office.clerk, content=second)
    received.refresh_from_db()
    refused = services.answer_recall(
        actor=office.clerk, document=received, agree=False, note="Văn phòng đã trình Chủ tịch nước"
    )
    received.refresh_from_db()
    assert services.answer_package(received, 1) == agreed and services.answer_package(received, 2) == refused
    with pytest.raises(ValidationError):
        services.answer_package(received, 3)
    history = services.request_history(received)
    assert [(h["n"], str(h["answer"])) for h in history] == [
        (1, "Văn phòng đồng ý (15)"),
        (2, "Văn phòng từ chối (16)"),
    ]


def test_the_register_keeps_every_answer_given_on_both_sides(office: Office) -> None:
    """Examiner 67: a later message took an earlier answer off the register's Ghi chú: a 06 after the
    agency refused an update; a refused replacement after an agreed update."""
    sent = issued(office)
    services.export_exchange(actor=office.clerk, document=sent, agencies=[office.ministry])
    services.request_recall(
        actor=office.clerk, document=sent, agency=office.ministry, reason="Cập nhật nơi nhận", kind="update"
    )
    for code in ("16", "15", "06"):  # refused; a change of mind (history only); done
        services.record_exchange_status(actor=office.clerk, content=status_from_ministry(sent, office, code))
    assert sent.issued_on is not None
    day = sent.issued_on
    lines = list(
        registers.outgoing_lines(office.clerk, registers.Request("outgoing", False, day, day, "xlsx"))
    )
    assert f"{office.ministry.name}: Hoàn thành (đã trả lời: Từ chối cập nhật)" in [
        line[-1] for line in lines
    ]
    received = received_from_ministry(office)
    update = business_from_ministry(
        Business(UPDATE, "Sửa trích yếu", own_id(received)), subject="Trích yếu mới"
    )
    services.receive_exchange(actor=office.clerk, content=update)
    services.answer_recall(actor=office.clerk, document=received, agree=True)
    replacing = business_from_ministry(
        Business(REPLACE, "Thay thế", own_id(received), (OFFICE_CODE,)),
        number=5300,
        number_text="5300/BNV-TĐKT",
        files=[exchange.FileData("5300.pdf", "application/pdf", signing.sign(PDF + b"\n% 5300", reason="K"))],
    )
    services.receive_exchange(actor=office.clerk, content=replacing)
    received.refresh_from_db()
    services.answer_recall(
        actor=office.clerk, document=received, agree=False, note="Văn phòng đã trình Chủ tịch nước"
    )
    day = received.received_on
    [line] = registers.incoming_lines(office.clerk, registers.Request("incoming", False, day, day, "xlsx"))
    assert line[-1].endswith(
        "Đã cập nhật theo văn bản nơi gửi gửi lại; Nơi gửi đề nghị thay thế, Văn phòng không đồng ý"
    )
