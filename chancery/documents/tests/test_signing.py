"""Digital signatures: the Office's PAdES signature on what it issues, and the check of a signed PDF it
receives (intact, valid, trusted), shown on the document."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chancery.documents import services, signing
from chancery.documents.models import SignatureVerification
from chancery.documents.tests.factories import PDF, Office, approved, incoming_data, issued, make_office

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def office() -> Office:
    return make_office()


def signed_copy(document) -> bytes:
    with document.versions.get(is_signed=True).file.open("rb") as handle:
        return handle.read()


def test_an_issued_document_carries_the_offices_trusted_signature(office: Office) -> None:
    document = issued(office)
    [check] = signing.check(signed_copy(document))
    assert check.is_good
    assert "Văn phòng Chủ tịch nước" in check.signer
    stored = SignatureVerification.objects.get(
        object_type="documents.outgoingdocument", object_id=document.pk
    )
    assert stored.is_good


def test_without_a_signed_file_the_document_is_printed_from_its_template_and_signed(office: Office) -> None:
    document = approved(office)
    services.send_for_signature(actor=office.specialist, document=document)
    document = services.issue_document(actor=office.leader, document=document)
    content = signed_copy(document)
    assert content.startswith(b"%PDF-")
    assert signing.check(content)[0].is_good


def test_the_signers_own_signature_stays_valid_under_the_offices(office: Office) -> None:
    signers_copy = signing.sign(PDF, reason="Người ký")
    document = approved(office)
    services.send_for_signature(actor=office.specialist, document=document)
    document = services.issue_document(actor=office.leader, document=document, signed_file=signers_copy)
    checks = signing.check(signed_copy(document))
    assert len(checks) == 2
    assert all(c.intact and c.valid for c in checks)


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
