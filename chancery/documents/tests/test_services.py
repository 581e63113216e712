"""Documents from arrival to answer and from draft to dispatch, through the services every channel uses."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from freezegun import freeze_time

from chancery.core import access
from chancery.core.models import Assignment, AuditEvent, SecrecyLevel
from chancery.documents import services
from chancery.documents.models import (
    ApprovalStep,
    DocumentNumber,
    HandlingNote,
    IncomingDocument,
    NumberStatus,
    OutgoingDocument,
    UrgencyLevel,
)
from chancery.documents.tests.factories import (
    PDF,
    Office,
    approved,
    draft,
    incoming_data,
    issued,
    receive,
)

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with freeze_time("2026-11-10 09:00:00"):  # a Tuesday
        yield


def visible(user, model) -> set[int]:
    return set(access.visible_records(user, model.objects.all()).values_list("pk", flat=True))


# --- incoming ---------------------------------------------------------------------------------------------


def test_arrival_numbers_run_from_one_each_year(office: Office) -> None:
    first = receive(office, received_on=date(2025, 12, 31), issued_on=None)
    second = receive(office, received_on=date(2026, 1, 2), issued_on=None)
    third = receive(office, received_on=date(2026, 1, 2), issued_on=None)
    assert (first.year, first.arrival_number) == (2025, 1)
    assert [second.arrival_number, third.arrival_number] == [1, 2]


def test_a_secret_document_is_numbered_in_the_secret_register(office: Office) -> None:
    plain = receive(office)
    secret = receive(office, secrecy=SecrecyLevel.SECRET)
    assert plain.arrival_number == secret.arrival_number == 1
    assert plain.series != secret.series


def test_a_clerk_cannot_register_a_document_above_their_clearance(office: Office) -> None:
    with pytest.raises(ValidationError) as error:
        services.register_incoming(
            actor=office.junior_clerk, data=incoming_data(office, secrecy=SecrecyLevel.CONFIDENTIAL)
        )
    assert "secrecy" in error.value.message_dict
    assert not IncomingDocument.objects.exists()


def test_a_specialist_cannot_register_incoming_documents(office: Office) -> None:
    with pytest.raises(PermissionDenied):
        services.register_incoming(actor=office.specialist, data=incoming_data(office))


def test_bad_registrations_are_refused_with_every_reason(office: Office) -> None:
    with pytest.raises(ValidationError) as error:
        receive(
            office,
            received_on=date(2026, 12, 1),
            issued_on=date(2026, 12, 2),
            summary=" ",
            doc_type="sac_lenh",
            pages=0,
        )
    assert set(error.value.message_dict) >= {"received_on", "issued_on", "summary", "doc_type", "pages"}
    assert not IncomingDocument.objects.exists()


def test_the_same_exchange_message_is_registered_once(office: Office) -> None:
    receive(office, exchange_id="msg-1")
    with pytest.raises(ValidationError):
        receive(office, exchange_id="msg-1")


def test_a_scanned_file_is_kept_with_its_checksum(office: Office) -> None:
    document = services.register_incoming(
        actor=office.clerk,
        data=incoming_data(office),
        attachments=[SimpleUploadedFile("cv5123.pdf", PDF, content_type="application/pdf")],
    )
    attachment = document_attachments(document)[0]
    assert len(attachment.sha256) == 64


def document_attachments(document):
    from chancery.core.models import Attachment

    return list(Attachment.objects.filter(object_type="documents.incomingdocument", object_id=document.pk))


def test_summary_is_stored_nfc(office: Office) -> None:
    decomposed = "Đề nghị khen thưởng"
    import unicodedata

    document = receive(office, summary=unicodedata.normalize("NFD", decomposed))
    assert document.summary == unicodedata.normalize("NFC", decomposed)


# --- routing and handling -------------------------------------------------------------------------------------


def route(office: Office, document: IncomingDocument, **overrides) -> IncomingDocument:
    routing = services.Routing(
        lead_unit=overrides.pop("lead_unit", office.general),
        cooperating_units=overrides.pop("cooperating_units", [office.legal]),
        direction=overrides.pop("direction", "Vụ Tổng hợp chủ trì, phối hợp Vụ Pháp luật tham mưu trả lời."),
        **overrides,
    )
    return services.route_incoming(actor=office.leader, document=document, routing=routing)


def test_only_the_leadership_routes(office: Office) -> None:
    document = receive(office)
    with pytest.raises(PermissionDenied):
        services.route_incoming(
            actor=office.head, document=document, routing=services.Routing(lead_unit=office.general)
        )


def test_routing_gives_the_document_to_the_lead_and_cooperating_units_only(office: Office) -> None:
    document = receive(office)
    assert document.pk not in visible(office.specialist, IncomingDocument)
    route(office, document)
    assert document.pk in visible(office.specialist, IncomingDocument)
    assert document.pk in visible(office.legal_specialist, IncomingDocument)
    assert document.pk not in visible(office.admin, IncomingDocument)


def test_a_secret_document_goes_to_the_cleared_heads_not_to_their_units(office: Office) -> None:
    document = receive(office, secrecy=SecrecyLevel.CONFIDENTIAL)
    route(office, document)
    assert document.pk in visible(office.head, IncomingDocument)
    assert document.pk in visible(office.legal_head, IncomingDocument)
    assert document.pk not in visible(office.specialist, IncomingDocument)
    assert document.pk not in visible(office.junior_clerk, IncomingDocument)


def test_the_time_to_handle_follows_the_urgency(office: Office) -> None:
    normal = route(office, receive(office))
    flash = route(office, receive(office, urgency=UrgencyLevel.FLASH))
    named = route(office, receive(office), days=3)
    assert flash.due_on == date(2026, 11, 11)  # one working day from Tuesday
    # ten working days: 24 November (Ngày Văn hóa Việt Nam) is not a day off until the law makes it one
    assert normal.due_on == date(2026, 11, 24)
    assert named.due_on == date(2026, 11, 13)
    lead = Assignment.objects.get(object_id=flash.pk, unit=office.general, is_active=True)
    assert lead.due_date == flash.due_on


def test_routing_again_replaces_the_units(office: Office) -> None:
    document = route(office, receive(office))
    route(office, document, lead_unit=office.legal, cooperating_units=[])
    assert document.pk not in visible(office.specialist, IncomingDocument)
    assert document.pk in visible(office.legal_specialist, IncomingDocument)


def test_each_routed_unit_records_its_handling(office: Office) -> None:
    document = route(office, receive(office))
    services.record_handling(
        actor=office.legal_specialist, document=document, note="Đã góp ý dự thảo", is_done=True
    )
    services.record_handling(actor=office.specialist, document=document, note="Đang dự thảo công văn trả lời")
    assert [n.unit for n in HandlingNote.objects.filter(document=document)] == [office.legal, office.general]


def test_a_unit_the_document_was_not_routed_to_records_nothing(office: Office) -> None:
    document = route(office, receive(office), cooperating_units=[])
    with pytest.raises((PermissionDenied, ValidationError)):
        services.record_handling(actor=office.legal_specialist, document=document, note="Ghi chú")


def test_the_lead_unit_closes_with_the_answer(office: Office) -> None:
    document = route(office, receive(office))
    answer = issued(office, in_reply_to=document)
    closed = services.close_incoming(actor=office.specialist, document=document, outcome="", answer=answer)
    assert closed.state == "closed"
    assert answer.number_text in closed.outcome


def test_a_cooperating_unit_cannot_close(office: Office) -> None:
    document = route(office, receive(office))
    with pytest.raises(PermissionDenied):
        services.close_incoming(actor=office.legal_specialist, document=document, outcome="Xong")


def test_the_answer_must_be_issued(office: Office) -> None:
    document = route(office, receive(office))
    with pytest.raises(ValidationError):
        services.close_incoming(actor=office.specialist, document=document, outcome="", answer=draft(office))


# --- drafting and approval ---------------------------------------------------------------------------------


def test_a_draft_starts_from_the_template_in_the_national_format(office: Office) -> None:
    document = draft(office)
    version = document.versions.get()
    text = "\n".join(p.text for p in Document(io.BytesIO(version.file.read())).paragraphs)
    assert "Kính gửi: Bộ Nội vụ" in text
    cells = Document(io.BytesIO(version.file.open("rb").read())).tables[0]._cells
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in c.text for c in cells)
    assert any("/VPCTN-TH" in c.text for c in cells)


def test_a_secret_urgent_draft_carries_its_marks(office: Office) -> None:
    document = draft(office, actor=office.head, secrecy=SecrecyLevel.CONFIDENTIAL, urgency=UrgencyLevel.FLASH)
    cells = Document(io.BytesIO(document.versions.get().file.read())).tables[0]._cells
    assert any("MẬT - HỎA TỐC" in c.text for c in cells)


def test_an_uploaded_version_is_kept_beside_the_earlier_ones(office: Office) -> None:
    document = draft(office)
    upload = SimpleUploadedFile("du-thao-v2.pdf", PDF + b"v2")
    services.upload_version(actor=office.specialist, document=document, upload=upload, note="Sửa theo góp ý")
    assert list(document.versions.values_list("version", flat=True)) == [1, 2]
    with pytest.raises(ValidationError):
        services.upload_version(
            actor=office.specialist, document=document, upload=SimpleUploadedFile("x.txt", b"plain text")
        )


def test_the_signer_approves_last_in_a_sequential_circuit(office: Office) -> None:
    document = draft(office)
    steps = services.submit_for_approval(actor=office.specialist, document=document, reviewers=[office.head])
    assert [(s.reviewer, s.status) for s in steps] == [(office.head, "open"), (office.leader, "waiting")]
    with pytest.raises(ValidationError):
        services.decide_step(actor=office.leader, document=document, approve=True)
    services.decide_step(actor=office.head, document=document, approve=True)
    assert ApprovalStep.objects.get(document=document, reviewer=office.leader).status == "open"
    document = services.decide_step(actor=office.leader, document=document, approve=True)
    assert document.state == "approved"


def test_a_parallel_circuit_asks_every_reviewer_at_once_and_the_signer_last(office: Office) -> None:
    document = draft(office)
    steps = services.submit_for_approval(
        actor=office.specialist,
        document=document,
        reviewers=[office.head, office.deputy],
        mode="parallel",
    )
    assert [(s.reviewer, s.status) for s in steps] == [
        (office.head, "open"),
        (office.deputy, "open"),
        (office.leader, "waiting"),
    ]


def test_a_return_sends_the_draft_back_and_a_new_round_starts(office: Office) -> None:
    document = draft(office)
    services.submit_for_approval(actor=office.specialist, document=document, reviewers=[office.head])
    with pytest.raises(ValidationError):
        services.decide_step(actor=office.head, document=document, approve=False, comment="")
    document = services.decide_step(
        actor=office.head, document=document, approve=False, comment="Bổ sung căn cứ pháp lý"
    )
    assert document.state == "drafting"
    assert ApprovalStep.objects.get(document=document, reviewer=office.leader).status == "cancelled"
    services.submit_for_approval(actor=office.specialist, document=document, reviewers=[office.head])
    assert set(document.approval_steps.values_list("round", flat=True)) == {1, 2}


def test_a_reviewer_without_clearance_cannot_be_asked(office: Office) -> None:
    document = draft(office, actor=office.head, secrecy=SecrecyLevel.CONFIDENTIAL)
    with pytest.raises(ValidationError):
        services.submit_for_approval(actor=office.head, document=document, reviewers=[office.specialist])


def test_nothing_is_submitted_without_a_signer(office: Office) -> None:
    document = draft(office, signer=None)
    with pytest.raises(ValidationError):
        services.submit_for_approval(actor=office.specialist, document=document, reviewers=[office.head])
    assert OutgoingDocument.objects.get(pk=document.pk).state == "drafting"


# --- numbers -------------------------------------------------------------------------------------------------


def test_a_number_is_reserved_for_signature_and_confirmed_at_issue(office: Office) -> None:
    document = approved(office)
    entry = services.send_for_signature(actor=office.specialist, document=document)
    assert (entry.text, entry.status) == ("01/VPCTN-TH", NumberStatus.RESERVED)
    document = services.issue_document(actor=office.leader, document=document)
    entry.refresh_from_db()
    assert entry.status == NumberStatus.ISSUED
    assert (document.state, document.number_text, document.issued_on) == (
        "issued",
        "01/VPCTN-TH",
        date(2026, 11, 10),
    )


def test_a_returned_signature_cancels_the_number_which_stays_in_the_register(office: Office) -> None:
    document = approved(office)
    services.send_for_signature(actor=office.specialist, document=document)
    services.refuse_signature(actor=office.leader, document=document, reason="Sửa đoạn 2")
    other = issued(office)
    assert other.number_text == "02/VPCTN-TH"
    register = list(DocumentNumber.objects.order_by("number").values_list("number", "status"))
    assert register == [(1, "cancelled"), (2, "issued")]


def test_numbers_follow_the_year_of_issue(office: Office) -> None:
    document = approved(office)
    with freeze_time("2026-12-31 16:00:00"):
        services.send_for_signature(actor=office.specialist, document=document)
    with freeze_time("2027-01-04 08:00:00"):
        document = services.issue_document(actor=office.leader, document=document)  # printed here
    assert (document.year, document.number) == (2027, 1)
    assert DocumentNumber.objects.get(year=2026).status == "cancelled"


def test_a_withdrawn_document_cancels_its_number(office: Office) -> None:
    document = approved(office)
    services.send_for_signature(actor=office.specialist, document=document)
    services.withdraw_document(actor=office.specialist, document=document, reason="Không ban hành nữa")
    assert DocumentNumber.objects.get().status == "cancelled"
    assert OutgoingDocument.objects.get(pk=document.pk).number_text == ""


def test_an_order_of_the_president_is_numbered_with_the_year(office: Office) -> None:
    document = issued(office, issuer="president", doc_type="lenh", summary="Công bố Luật")
    assert document.number_text == "01/2026/L-CTN"


def test_secret_documents_are_numbered_apart(office: Office) -> None:
    plain = issued(office)
    secret = issued(office, secrecy=SecrecyLevel.CONFIDENTIAL)
    assert plain.number == secret.number == 1


def test_only_a_pdf_is_issued(office: Office) -> None:
    document = approved(office)
    services.send_for_signature(actor=office.specialist, document=document)
    with pytest.raises(ValidationError):
        services.issue_document(actor=office.leader, document=document, signed_file=b"PK\x03\x04docx")


def test_someone_else_cannot_sign(office: Office) -> None:
    document = approved(office)
    services.send_for_signature(actor=office.specialist, document=document)
    with pytest.raises(PermissionDenied):
        services.issue_document(actor=office.head, document=document, signed_file=PDF)


# --- dispatch and secrecy -------------------------------------------------------------------------------------


def test_a_document_sent_to_a_unit_reaches_its_people(office: Office) -> None:
    document = issued(office)
    assert document.pk not in visible(office.legal_specialist, OutgoingDocument)
    services.dispatch_document(actor=office.clerk, document=document, units=[office.legal])
    assert document.pk in visible(office.legal_specialist, OutgoingDocument)


def test_a_secret_document_is_not_sent_electronically_to_an_agency(office: Office) -> None:
    document = issued(office, secrecy=SecrecyLevel.CONFIDENTIAL)
    with pytest.raises(ValidationError):
        services.dispatch_document(actor=office.clerk, document=document, agencies=[office.ministry])
    sent = services.dispatch_document(
        actor=office.clerk, document=document, agencies=[office.ministry], medium="paper"
    )
    assert len(sent) == 1


def test_a_secret_draft_is_seen_by_those_cleared_and_involved_only(office: Office) -> None:
    document = draft(office, actor=office.head, secrecy=SecrecyLevel.CONFIDENTIAL)
    assert document.pk in visible(office.head, OutgoingDocument)
    assert document.pk in visible(office.leader, OutgoingDocument)
    for outsider in (
        office.specialist,
        office.junior_clerk,
        office.legal_specialist,
        office.admin,
        office.clerk,
    ):
        assert document.pk not in visible(outsider, OutgoingDocument)


def test_the_cleared_clerks_get_a_secret_document_at_signature(office: Office) -> None:
    document = draft(office, actor=office.head, secrecy=SecrecyLevel.CONFIDENTIAL)
    services.submit_for_approval(actor=office.head, document=document, reviewers=[])
    services.decide_step(actor=office.leader, document=document, approve=True)
    services.send_for_signature(actor=office.head, document=document)
    assert document.pk in visible(office.clerk, OutgoingDocument)
    assert document.pk not in visible(office.junior_clerk, OutgoingDocument)


def test_every_step_is_in_the_audit_trail(office: Office) -> None:
    document = issued(office)
    actions = list(
        AuditEvent.objects.filter(
            object_type="documents.outgoingdocument", object_id=document.pk
        ).values_list("action", flat=True)
    )
    assert actions.count("transition") == 4  # submit, approve, to signing, issue
