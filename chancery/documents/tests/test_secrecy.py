"""Secret documents for every role: who finds them (and who gets a 404, not a 403 that confirms they
exist), whose name is on each downloaded copy, and that every opening and download is in the audit trail."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from chancery.core.models import AuditEvent, SecrecyLevel
from chancery.core.tests.factories import signed_in
from chancery.documents import services
from chancery.documents.tests.factories import PDF, Office, incoming_data
from chancery.documents.watermark import Copy, mark_docx, mark_pdf

pytestmark = [pytest.mark.django_db]


def secret_routed(office: Office, level: int = SecrecyLevel.CONFIDENTIAL):
    document = services.register_incoming(
        actor=office.clerk,
        data=incoming_data(office, secrecy=level),
        attachments=[SimpleUploadedFile("mat.pdf", PDF)],
    )
    services.route_incoming(
        actor=office.leader, document=document, routing=services.Routing(lead_unit=office.general)
    )
    return document


# role → may open and download a Mật document routed to Vụ Tổng hợp
EXPECTED = {
    "clerk": True,  # registered it: keeps the secret register
    "junior_clerk": False,  # same unit, no clearance
    "leader": True,
    "head": True,  # head of the lead unit, cleared: routed to by name
    "specialist": False,  # member of the lead unit without clearance: need to know, not membership
    "legal_head": False,  # cleared, but not routed to
    "legal_specialist": False,
    "admin": False,  # administrators manage accounts, not records
}


@pytest.mark.parametrize(("role", "allowed"), EXPECTED.items())
def test_a_secret_document_by_role(office: Office, role: str, allowed: bool) -> None:
    document = secret_routed(office)
    user = getattr(office, role)
    client = signed_in(user)
    attachment_id = document_attachment_id(document)
    page = client.get(document.get_absolute_url())
    download = client.get(f"/documents/incoming/{document.pk}/files/{attachment_id}/")
    if not allowed:
        assert (page.status_code, download.status_code) == (404, 404)
        return
    assert (page.status_code, download.status_code) == (200, 200)
    metadata = PdfReader(io.BytesIO(download.content)).metadata
    subject = str(metadata.get("/Subject", "")) if metadata is not None else ""
    assert user.username in subject
    assert "MẬT" in subject
    events = AuditEvent.objects.filter(object_id=document.pk, actor=user, action="view")
    assert events.filter(message__startswith="tải bản sao").exists()
    assert events.count() >= 2  # the page and the download


def test_a_top_secret_document_is_hidden_from_those_cleared_only_for_less(office: Office) -> None:
    document = services.register_incoming(
        actor=office.leader, data=incoming_data(office, secrecy=SecrecyLevel.TOP_SECRET)
    )
    for user in (office.clerk, office.head, office.legal_head):
        assert signed_in(user).get(document.get_absolute_url()).status_code == 404
    assert signed_in(office.leader).get(document.get_absolute_url()).status_code == 200


def test_a_plain_document_is_downloaded_as_stored_and_not_audited_as_a_secret(office: Office) -> None:
    document = services.register_incoming(
        actor=office.clerk, data=incoming_data(office), attachments=[SimpleUploadedFile("cv.pdf", PDF)]
    )
    response = signed_in(office.clerk).get(
        f"/documents/incoming/{document.pk}/files/{document_attachment_id(document)}/"
    )
    assert response.content == PDF


def test_every_page_of_a_pdf_carries_the_mark() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(3):
        pdf.add_page()
    from datetime import UTC, datetime

    copy = Copy(
        viewer="Lê Khánh Hải", username="chunhiem", secrecy=2, at=datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    )
    marked = PdfReader(io.BytesIO(mark_pdf(bytes(pdf.output()), copy)))
    assert len(marked.pages) == 3
    assert marked.metadata is not None
    assert marked.metadata.get("/Subject") == "TỐI MẬT - Bản của Lê Khánh Hải (chunhiem) - 23/11/2026 09:00"
    for page in marked.pages:
        assert "chunhiem" in page.extract_text()


@pytest.mark.django_db
def test_a_signed_documents_marked_copy_keeps_its_signatures_intact(office: Office) -> None:
    """The examiner of issue 30: the reader's copy of a secret issued document showed both signatures broken
    (digest mismatch). The mark is an incremental update over the signed bytes."""
    from datetime import UTC, datetime

    from chancery.documents import signing
    from chancery.documents.tests.factories import issued

    document = issued(office)
    with document.versions.get(is_signed=True).file.open("rb") as handle:
        signed = handle.read()
    copy = Copy(
        viewer="Lê Khánh Hải", username="chunhiem", secrecy=2, at=datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    )
    marked = mark_pdf(signed, copy)
    assert marked.startswith(signed)  # the signed revision, byte for byte, then the mark
    checks = signing.check(marked)
    assert len(checks) == 2 and all(c.intact and c.valid for c in checks)
    assert "chunhiem" in PdfReader(io.BytesIO(marked)).pages[-1].extract_text()


def test_a_docx_copy_carries_the_mark_in_its_header_and_footer(office: Office) -> None:
    from datetime import UTC, datetime

    from docx import Document

    from chancery.documents.tests.factories import draft

    document = draft(office, actor=office.head, secrecy=SecrecyLevel.CONFIDENTIAL)
    with document.versions.get().file.open("rb") as handle:
        content = handle.read()
    copy = Copy(viewer="Nguyễn Văn Thắng", username="vutruong.th", secrecy=1, at=datetime.now(UTC))
    marked = Document(io.BytesIO(mark_docx(content, copy)))
    assert "vutruong.th" in marked.sections[0].header.paragraphs[-1].text
    assert "vutruong.th" in marked.sections[0].footer.paragraphs[-1].text


def document_attachment_id(document) -> int:
    from chancery.core.models import Attachment

    return Attachment.objects.get(object_type="documents.incomingdocument", object_id=document.pk).pk
