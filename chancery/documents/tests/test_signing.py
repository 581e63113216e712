"""Digital signatures: the Office's PAdES signature on what it issues, and the check of a signed PDF it
receives (intact, valid, trusted), shown on the document."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chancery.documents import layout, services, signing
from chancery.documents.models import SignatureVerification
from chancery.documents.tests.factories import (
    PDF,
    Office,
    _pdf,
    approved,
    dated_pdf,
    incoming_data,
    issued,
)

pytestmark = [pytest.mark.django_db]


def signed_copy(document) -> bytes:
    with document.versions.get(is_signed=True).file.open("rb") as handle:
        return handle.read()


def test_an_issued_document_carries_the_signers_and_the_offices_trusted_signatures(office: Office) -> None:
    document = issued(office)
    signer, seal = signing.check(signed_copy(document))
    assert signer.is_good and seal.is_good
    assert signer.signer == f"{office.leader.full_name} (thử nghiệm)"
    assert "Văn phòng Chủ tịch nước" in seal.signer
    stored = SignatureVerification.objects.filter(
        object_type="documents.outgoingdocument", object_id=document.pk
    )
    assert [s.is_good for s in stored] == [True, True]


def test_without_a_signed_file_the_document_is_printed_from_its_template_and_signed(office: Office) -> None:
    document = approved(office)
    services.send_for_signature(actor=office.specialist, document=document)
    document = services.issue_document(actor=office.leader, document=document)
    content = signed_copy(document)
    assert content.startswith(b"%PDF-")
    assert signing.check(content)[0].is_good


def signed_by(user, content: bytes) -> bytes:
    """What a signer signing outside Chancery brings back: the file with their own signature."""
    return signing.sign_as_signer(
        content, signer=signing.signer_for(user), name=user.get_full_name(), title="Chủ nhiệm", reason="Ký"
    )


def test_the_signers_own_signature_stays_valid_under_the_offices(office: Office) -> None:
    document = approved(office)
    number = services.send_for_signature(actor=office.specialist, document=document).text
    signers_copy = signed_by(office.leader, dated_pdf(number))
    document = services.issue_document(actor=office.clerk, document=document, signed_file=signers_copy)
    checks = signing.check(signed_copy(document))
    assert len(checks) == 2
    assert all(c.is_good for c in checks)


def test_a_file_signed_elsewhere_is_issued_only_if_its_signer_signed_it_for_this_number(
    office: Office,
) -> None:
    """Found by the examiner of issue 30: the clerk issued a document with another document's signed PDF
    (any signature counted), and the signer's own signature was skipped."""
    document = approved(office)
    number = services.send_for_signature(actor=office.specialist, document=document).text
    refused = {
        "another document the signer signed": signed_by(office.leader, dated_pdf("1/VPCTN-TH")),
        "signed by someone else": signed_by(office.head, dated_pdf(number)),
        "signed with the Office's seal only": signing.sign(dated_pdf(number), reason="x"),
        "changed on its page after signing": drawn_over(signed_by(office.leader, dated_pdf(number))),
    }
    for why, content in refused.items():
        with pytest.raises(ValidationError):
            services.issue_document(actor=office.clerk, document=document, signed_file=content)
        document.refresh_from_db()
        assert document.state == "signing", why
    services.issue_document(
        actor=office.clerk, document=document, signed_file=signed_by(office.leader, dated_pdf(number))
    )


def test_a_file_signed_elsewhere_shows_the_number_on_its_number_line_and_its_date_of_issue(
    office: Office,
) -> None:
    """The examiner of issue 30: a PDF signed elsewhere was accepted on the number written anywhere in it (a
    decision citing this one), whatever date it showed. Its "Số:" line carries the number, and its date is
    the document's date of issue (NĐ 30/2020 Phụ lục I item 4), taken by the register."""
    from django.utils import timezone

    document = approved(office)
    number = services.send_for_signature(actor=office.specialist, document=document).text
    today = timezone.localdate()
    pdf = layout.vietnamese_pdf()
    pdf.add_page()
    pdf.set_font("Letter", "", 13)
    pdf.multi_cell(0, 8, f"Số: 1/VPCTN-TH\n{layout.vietnamese_date(today)}\nThực hiện Công văn số {number}")
    refused = {
        "the number cited in the text only": pdf.output(),
        "dated tomorrow": dated_pdf(number, today + dt.timedelta(days=1)),
        "dated before it went for signature": dated_pdf(number, today - dt.timedelta(days=3)),
    }
    for why, content in refused.items():
        with pytest.raises(ValidationError):
            services.issue_document(
                actor=office.clerk, document=document, signed_file=signed_by(office.leader, bytes(content))
            )
        document.refresh_from_db()
        assert document.state == "signing", why
    issued_doc = services.issue_document(
        actor=office.clerk, document=document, signed_file=signed_by(office.leader, dated_pdf(number))
    )
    assert issued_doc.issued_on == today


def drawn_over(signed: bytes) -> bytes:
    """An incremental update that draws an amount on the signed page, as a forger would: the signature's
    bytes stay intact, but it no longer vouches for what the page shows."""
    import io

    from pypdf import PdfReader, PdfWriter

    overlay = PdfReader(io.BytesIO(_pdf("SO TIEN: 999.000.000 DONG"))).pages[0]
    writer = PdfWriter(io.BytesIO(signed), incremental=True)
    writer.pages[0].merge_page(overlay)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_content_drawn_after_signing_is_not_shown_as_valid(office: Office) -> None:
    tampered = drawn_over(signing.sign(PDF, reason="Gửi"))
    [check] = signing.check(tampered)
    assert check.intact and check.valid  # the signed bytes themselves are untouched
    assert not check.whole_file and not check.is_good
    document = services.register_incoming(
        actor=office.clerk, data=incoming_data(office), attachments=[SimpleUploadedFile("cv.pdf", tampered)]
    )
    [stored] = SignatureVerification.objects.filter(object_id=document.pk)
    assert not stored.is_good


def test_a_received_pdf_changed_after_signing_is_shown_as_not_intact(office: Office) -> None:
    tampered = bytearray(signing.sign(PDF, reason="Gửi"))
    position = tampered.find(b"Signed by the signer")
    tampered[position] = ord("X")
    document = services.register_incoming(
        actor=office.clerk,
        data=incoming_data(office),
        attachments=[SimpleUploadedFile("cv.pdf", bytes(tampered))],
    )
    [check] = SignatureVerification.objects.filter(object_id=document.pk)
    assert not check.intact
    assert not check.is_good


def test_a_received_pdf_signed_by_an_unknown_authority_is_valid_but_not_trusted(
    office: Office, settings
) -> None:
    good = signing.sign(PDF, reason="Gửi")
    signing.forget()
    settings.CHANCERY_SIGNING_TEST_CERTIFICATE = (
        False  # this installation no longer trusts the test authority
    )
    try:
        [check] = signing.check(good)
    finally:
        settings.CHANCERY_SIGNING_TEST_CERTIFICATE = True
    assert check.intact
    assert check.valid
    assert not check.trusted


def test_an_unsigned_pdf_has_no_signature_to_show(office: Office) -> None:
    document = services.register_incoming(
        actor=office.clerk, data=incoming_data(office), attachments=[SimpleUploadedFile("cv.pdf", PDF)]
    )
    assert not SignatureVerification.objects.filter(object_id=document.pk).exists()


def test_a_damaged_pdf_cannot_be_issued(office: Office) -> None:
    document = approved(office)
    services.send_for_signature(actor=office.specialist, document=document)
    with pytest.raises(ValidationError):
        services.issue_document(actor=office.leader, document=document, signed_file=b"%PDF-1.7 broken")
    document.refresh_from_db()
    assert document.state == "signing"


def test_no_certificate_no_signature(office: Office, settings) -> None:
    signing.forget()
    settings.CHANCERY_SIGNING_TEST_CERTIFICATE = False
    try:
        with pytest.raises(ValidationError):
            issued(office)
    finally:
        signing.forget()
        settings.CHANCERY_SIGNING_TEST_CERTIFICATE = True
