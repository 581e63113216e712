"""The OCR job on a scan of incoming mail (issue 29): a clerk uploads a scan, the job reads it and proposes
the register line; anyone else is refused, and so is a file that is not a PDF or an image, whatever its name."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chancery.core import jobs
from chancery.core.models import AuditEvent, JobUpload
from chancery.documents import layout
from chancery.documents.scanning import generated, intake
from chancery.documents.tests.factories import Office

pytestmark = [pytest.mark.django_db]

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="the tesseract program is not installed (Debian: tesseract-ocr tesseract-ocr-vie, see .ci/run)",
)


def decision(office: Office) -> generated.Specimen:
    return generated.Specimen(
        agency=office.ministry.name,
        number="1234",
        symbol="QĐ-BNV",
        issued_on=dt.date(2025, 3, 5),
        place="Hà Nội",
        doc_type="quyet_dinh",
        summary="Về việc tặng thưởng Huân chương Lao động",
        signer="Nguyễn Văn Hùng",
        signer_title=("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"),
        urgency=3,
        secrecy=0,
    )


def scan_of(spec: generated.Specimen, *, blank_after: bool = False) -> bytes:
    """The rendered PDF (a scan has no text layer: the job rasterises every page anyway)."""
    pdf = layout.render_pdf(generated.layout_values(spec))
    if not blank_after:
        return pdf
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    writer.add_page(page)
    writer.add_blank_page(width=page.mediabox.width, height=page.mediabox.height)
    writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(content: bytes, name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@needs_tesseract
def test_the_clerk_scans_a_decision_and_the_job_proposes_its_register_line(office: Office) -> None:
    spec = decision(office)
    received = intake.receive_scan(actor=office.clerk, upload=upload(scan_of(spec, blank_after=True)))
    job = intake.start_reading(actor=office.clerk, upload=received)
    jobs.run(job.pk)  # the worker's part (a queued job runs after the commit the test never makes)
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.done == job.total == 3
    result = job.result
    assert [page["blank"] for page in result["pages"]] == [False, True, False]
    assert [document["pages"] for document in result["documents"]] == [[1], [3]]  # split at the blank page
    fields = result["documents"][0]["fields"]
    assert fields["sender"]["value"] == office.ministry.pk
    assert fields["number"]["value"] == "1234"
    assert fields["symbol"]["value"] == "QĐ-BNV"
    assert fields["reference"]["value"] == "1234/QĐ-BNV"
    assert fields["issued_on"]["value"] == "2025-03-05"
    assert fields["doc_type"]["value"] == "quyet_dinh"
    assert fields["summary"]["value"] == spec.summary
    assert fields["signer"]["value"] == spec.signer
    assert fields["urgency"]["value"] == 3
    assert fields["secrecy"]["value"] == 0
    box = fields["number"]["box"]
    assert box["page"] == 1 and box["x"] < result["pages"][0]["width"] / 2 and box["w"] > 0
    assert 0.5 < fields["number"]["confidence"] <= 1
    assert "Về việc tặng thưởng Huân chương Lao động" in result["pages"][0]["text"]
    assert AuditEvent.objects.filter(message__contains="Đọc văn bản đến được quét").exists()


def test_a_specialist_may_not_send_a_scan_nor_start_the_job(office: Office) -> None:
    with pytest.raises(PermissionDenied):
        intake.receive_scan(actor=office.specialist, upload=upload(scan_of(decision(office))))
    received = intake.receive_scan(actor=office.clerk, upload=upload(scan_of(decision(office))))
    with pytest.raises(PermissionDenied):  # nor start one on the clerk's upload
        intake.start_reading(actor=office.specialist, upload=received)
    with pytest.raises(PermissionDenied):  # the administrator has no working role in the registers
        intake.start_reading(actor=office.admin, upload=received)
    with pytest.raises(ValidationError):  # another clerk's upload is not theirs to read
        intake.start_reading(actor=office.junior_clerk, upload=received)
    assert not JobUpload.objects.filter(owner=office.specialist).exists()


def test_the_job_is_not_started_from_the_generic_jobs_page(office: Office) -> None:
    with pytest.raises(ValidationError):
        jobs.start_requested_job(actor=office.clerk, kind=intake.KIND)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "scan.pdf"),  # named a PDF, is not one
        (b"PK\x03\x04" + b"\x00" * 100, "scan.png"),  # an archive
        (b"MZ\x90\x00" + b"\x00" * 100, "scan.tif"),  # a program
        (b"%PDF-1.7\nnot really a pdf", "scan.pdf"),  # a PDF's first bytes, nothing after
        (b"", "scan.pdf"),
    ],
)
def test_a_file_that_is_not_a_pdf_or_an_image_is_refused(office: Office, content: bytes, name: str) -> None:
    with pytest.raises(ValidationError):
        intake.receive_scan(actor=office.clerk, upload=upload(content, name))
    assert not JobUpload.objects.exists()


def test_an_office_document_is_no_scan(office: Office) -> None:
    from openpyxl import Workbook

    workbook = io.BytesIO()
    Workbook().save(workbook)
    with pytest.raises(ValidationError, match="bản quét"):
        intake.receive_scan(actor=office.clerk, upload=upload(workbook.getvalue(), "scan.xlsx"))


def test_a_scan_too_large_is_refused(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intake, "SCAN_MAX_BYTES", 1000)
    with pytest.raises(ValidationError, match="MB"):
        intake.receive_scan(actor=office.clerk, upload=upload(scan_of(decision(office))))


def test_an_image_scan_is_accepted_by_its_content(office: Office) -> None:
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(image, format="PNG")
    received = intake.receive_scan(actor=office.clerk, upload=upload(image.getvalue(), "thu-den.pdf"))
    assert received.file.endswith(".png") and received.kind == intake.KIND
    assert received.owner == office.clerk


@needs_tesseract
def test_documents_separated_by_the_separator_sheet_are_read_apart(office: Office) -> None:
    from pypdf import PdfReader, PdfWriter

    from chancery.documents.scanning import ocr

    pdf = layout.render_pdf(generated.layout_values(decision(office)))
    writer = PdfWriter()
    for part in (pdf, ocr.separator_sheet(), pdf):
        writer.add_page(PdfReader(io.BytesIO(part)).pages[0])
    out = io.BytesIO()
    writer.write(out)
    received = intake.receive_scan(actor=office.clerk, upload=upload(out.getvalue()))
    job = intake.start_reading(actor=office.clerk, upload=received)
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert [page["separator"] for page in job.result["pages"]] == [False, True, False]
    assert [document["pages"] for document in job.result["documents"]] == [[1], [3]]


def test_anyone_signed_in_prints_the_separator_sheet(office: Office) -> None:
    from chancery.core.tests.factories import signed_in

    response = signed_in(office.specialist).get("/documents/incoming/scan/separator.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from django.test import Client

    assert Client().get("/documents/incoming/scan/separator.pdf").status_code == 302  # to the login page
