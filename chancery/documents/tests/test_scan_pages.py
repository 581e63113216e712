"""The pages of the intake of paper (issue 29): a clerk uploads a scan on "Vào sổ từ bản quét", follows the
OCR job, then registers each document found through the incoming register's own form, pre-filled with what
was read (never saved before "Vào sổ") beside the page with the fields' boxes. Only who registers incoming
documents uses them, a job's result only its starter sees, and an id that is no such job is a 404."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chancery.core import jobs
from chancery.core.models import Job, JobUpload
from chancery.core.tests.factories import signed_in
from chancery.documents import layout
from chancery.documents.models import IncomingDocument
from chancery.documents.scanning import generated, intake
from chancery.documents.tests.factories import Office

pytestmark = [pytest.mark.django_db]

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="the tesseract program is not installed (Debian: tesseract-ocr tesseract-ocr-vie, see .ci/run)",
)

SCAN_URL = "/documents/incoming/scan/"


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


def scan_pdf(office: Office) -> bytes:
    return layout.render_pdf(generated.layout_values(decision(office)))


def field(value: Any, confidence: float, box: dict[str, int] | None = None, text: str = "") -> dict[str, Any]:
    return {
        "value": value,
        "text": text or str(value or ""),
        "confidence": confidence,
        "box": box,
        "note": "",
    }


def proposed(office: Office) -> dict[str, Any]:
    """A job's result as the OCR job writes it (chancery.documents.scanning.job), for one document."""
    box = {"page": 1, "x": 100, "y": 200, "w": 600, "h": 60}
    return {
        "pages": [{"number": 1, "width": 2480, "height": 3508, "dpi": 300, "blank": False, "text": "…"}],
        "documents": [
            {
                "pages": [1],
                "fields": {
                    "sender": field(office.ministry.pk, 0.93, box, "BỘ NỘI VỤ"),
                    "number": field("1234", 0.9, box),
                    "symbol": field("QĐ-BNV", 0.9, box),
                    "reference": field("1234/QĐ-BNV", 0.9, {**box, "y": 400}),
                    "issued_on": field("2025-03-05", 0.88, {**box, "x": 1400}),
                    "doc_type": field("quyet_dinh", 0.95, {**box, "y": 800}),
                    "summary": field("Về việc tặng thưởng Huân chương Lao động", 0.41, {**box, "y": 900}),
                    "signer": field(None, 0.0),
                    "urgency": field(3, 0.9, {**box, "y": 500}),
                    "secrecy": field(0, 1.0),
                },
            }
        ],
        "read": 1,
        "seconds": 2.5,
    }


def start_scan(office: Office, user: Any = None) -> Job:
    user = user or office.clerk
    upload = intake.receive_scan(actor=user, upload=SimpleUploadedFile("thu-den.pdf", scan_pdf(office)))
    return intake.start_reading(actor=user, upload=upload)


def read_scan(office: Office, user: Any = None) -> Job:
    """A scan job as it ends, its result set as the OCR would write it (no OCR needed)."""
    job = start_scan(office, user)
    Job.objects.filter(pk=job.pk).update(status="done", total=1, done=1, result=proposed(office))
    job.refresh_from_db()
    return job


def registration(prefix: str = "d0", **overrides: Any) -> dict[str, Any]:
    values = {
        "received_on": timezone.localdate().strftime("%d/%m/%Y"),
        "sender": "",
        "sender_name": "Bộ Nội vụ",
        "reference": "1234/QĐ-BNV",
        "issued_on": "05/03/2025",
        "doc_type": "quyet_dinh",
        "summary": "Về việc tặng thưởng Huân chương Lao động",
        "signer": "Nguyễn Văn Hùng",
        "urgency": "3",
        "secrecy": "0",
        "pages": "1",
        "medium": "paper",
        **overrides,
    }
    return {"document": "0", **{f"{prefix}-{k}": v for k, v in values.items()}}


def test_the_register_page_links_to_the_scan_page_for_clerks_only(office: Office) -> None:
    assert SCAN_URL in signed_in(office.clerk).get("/documents/").content.decode()
    assert SCAN_URL not in signed_in(office.specialist).get("/documents/").content.decode()


def test_who_does_not_register_documents_is_told_why(office: Office) -> None:
    for user in (office.specialist, office.admin):
        response = signed_in(user).get(SCAN_URL)
        assert response.status_code == 403
        assert "forbidden-reason" in response.content.decode()
    job = read_scan(office)
    response = signed_in(office.specialist).get(f"{SCAN_URL}{job.pk}/")
    assert response.status_code == 403


def test_the_clerk_uploads_a_scan_and_follows_its_job(office: Office) -> None:
    clerk = signed_in(office.clerk)
    page = clerk.get(SCAN_URL)
    assert page.status_code == 200
    assert 'data-testid="scan-form"' in page.content.decode()
    response = clerk.post(SCAN_URL, {"scan": SimpleUploadedFile("thu.pdf", scan_pdf(office))})
    job = Job.objects.get(kind=intake.KIND)
    assert response.status_code == 302 and response["Location"] == f"{SCAN_URL}{job.pk}/"
    assert job.started_by == office.clerk and job.status == "queued"
    assert JobUpload.objects.get(job=job).owner == office.clerk
    following = clerk.get(f"{SCAN_URL}{job.pk}/").content.decode()
    assert 'data-testid="scan-progress"' in following and 'hx-trigger="every 1s"' in following
    assert 'data-testid="scan-register-form"' not in following
    partial = clerk.get(f"{SCAN_URL}{job.pk}/", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "<html" not in partial.content.decode()
    assert "HX-Refresh" not in partial
    Job.objects.filter(pk=job.pk).update(status="done", total=1, done=1, result=proposed(office))
    ended = clerk.get(f"{SCAN_URL}{job.pk}/", HTTP_HX_REQUEST="true")
    assert ended["HX-Refresh"] == "true"  # the whole page again, now with the forms
    assert f"{SCAN_URL}{job.pk}/" in clerk.get(SCAN_URL).content.decode()  # among the clerk's recent scans


def test_a_file_that_is_no_scan_is_refused_on_the_form(office: Office) -> None:
    response = signed_in(office.clerk).post(
        SCAN_URL, {"scan": SimpleUploadedFile("scan.pdf", b"<html><script>alert(1)</script></html>")}
    )
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert not Job.objects.exists()


def test_a_failed_job_says_why(office: Office) -> None:
    job = start_scan(office)
    Job.objects.filter(pk=job.pk).update(status="failed", error="Tệp hỏng")
    page = signed_in(office.clerk).get(f"{SCAN_URL}{job.pk}/").content.decode()
    assert 'data-testid="scan-error"' in page and "Tệp hỏng" in page
    assert 'hx-trigger="every 1s"' not in page


def test_another_clerk_gets_a_friendly_403_and_hostile_ids_a_404(office: Office) -> None:
    job = read_scan(office)
    other = signed_in(office.junior_clerk)
    for url in (f"{SCAN_URL}{job.pk}/", f"{SCAN_URL}{job.pk}/pages/1/"):
        response = other.get(url)
        assert response.status_code == 403
        assert "người khác" in response.content.decode()  # the reason, in Vietnamese
    assert other.post(f"{SCAN_URL}{job.pk}/", registration()).status_code == 403
    clerk = signed_in(office.clerk)
    export = Job.objects.create(kind="documents_export", label="x", started_by=office.clerk)
    assert clerk.get(f"{SCAN_URL}{export.pk}/").status_code == 404  # no scan job
    assert clerk.get(f"{SCAN_URL}{job.pk + 1000}/").status_code == 404
    assert clerk.get(f"{SCAN_URL}{job.pk}/pages/2/").status_code == 404  # a page the scan has not
    assert clerk.get(f"{SCAN_URL}{job.pk}/pages/0/").status_code == 404
    for index in ("1", "-1", "x", ""):
        assert clerk.post(f"{SCAN_URL}{job.pk}/", {**registration(), "document": index}).status_code == 404
    assert not IncomingDocument.objects.exists()


def test_the_proposed_line_fills_the_register_form_with_its_confidence(office: Office) -> None:
    job = read_scan(office)
    page = signed_in(office.clerk).get(f"{SCAN_URL}{job.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert not IncomingDocument.objects.exists()  # nothing saved before "Vào sổ"
    form = page.context["documents"][0]["form"]
    assert form.initial["sender"] == office.ministry.pk
    assert form.initial["doc_type"] == "quyet_dinh" and form.initial["urgency"] == 3
    assert 'value="1234/QĐ-BNV"' in html
    assert 'value="05/03/2025"' in html  # dd/mm/yyyy
    assert "Về việc tặng thưởng Huân chương Lao động</textarea>" in html
    assert re.search(rf'<option value="{office.ministry.pk}" selected>', html)
    marks = re.findall(r'data-testid="confidence" data-low="(\d)"', html)
    assert marks.count("1") == 2  # the summary read 41% sure and the signer not read
    assert "93%" in html
    low = re.search(r'scan-low[^"]*" data-testid="scan-field-(\w+)"', html)
    assert low is not None and low.group(1) == "summary"
    assert f'href="{SCAN_URL}{job.pk}/pages/1/"' in html  # the page image under its boxes
    assert len(re.findall(r'data-testid="scan-box"', html)) == 6  # the fields with a box on page 1
    assert "Vào sổ" in html


def test_the_page_image_is_rendered_from_the_stored_scan(office: Office) -> None:
    job = read_scan(office)
    response = signed_in(office.clerk).get(f"{SCAN_URL}{job.pk}/pages/1/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response.content[:3] == b"\xff\xd8\xff"
    assert "no-store" in response["Cache-Control"]


def test_the_clerk_registers_the_line_through_the_register_service(office: Office) -> None:
    job = read_scan(office)
    clerk = signed_in(office.clerk)
    response = clerk.post(
        f"{SCAN_URL}{job.pk}/", registration(sender=str(office.ministry.pk), sender_name="")
    )
    incoming = IncomingDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == incoming.get_absolute_url()
    assert incoming.sender == office.ministry and incoming.reference == "1234/QĐ-BNV"
    assert incoming.issued_on == dt.date(2025, 3, 5) and incoming.urgency == 3
    assert incoming.received_by == office.clerk
    # its file is its pages of the scan, kept with it (the clerk attached none)
    from chancery.core.models import Attachment

    (kept,) = Attachment.objects.filter(object_id=incoming.pk)
    assert kept.name.endswith(".pdf")
    with kept.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    again = clerk.post(f"{SCAN_URL}{job.pk}/", registration())  # the same document twice: refused
    assert again.status_code == 302
    assert IncomingDocument.objects.count() == 1
    assert 'data-testid="scan-registered"' in clerk.get(f"{SCAN_URL}{job.pk}/").content.decode()
    # what the clerk kept of the reading is measured, field by field, on the scan page
    from chancery.documents.scanning import accuracy

    measured, fields = accuracy.accuracy(IncomingDocument.objects.all())
    by_label = {str(f.label): (f.read, f.kept) for f in fields}
    assert measured == 1
    assert by_label["số, ký hiệu"] == (1, 1) and by_label["người ký"] == (0, 0)  # the signer was not read
    assert by_label["trích yếu"] == (1, 1) and by_label["nơi gửi"] == (1, 1)
    page = clerk.get(SCAN_URL).content.decode()
    assert 'data-testid="scan-accuracy"' in page and "100,0%" in page
    # from another browser (another session) too: the register knows the scan and its document
    elsewhere = signed_in(office.clerk)
    assert 'data-testid="scan-registered"' in elsewhere.get(f"{SCAN_URL}{job.pk}/").content.decode()
    elsewhere.post(f"{SCAN_URL}{job.pk}/", registration())
    assert IncomingDocument.objects.count() == 1
    # and by the service itself, whoever calls it
    import dataclasses

    from django.core.exceptions import ValidationError

    from chancery.documents import services
    from chancery.documents.tests.factories import incoming_data

    data = dataclasses.replace(incoming_data(office), scanned_from=job, scanned_part=0)
    with pytest.raises(ValidationError, match=f"số đến {incoming.arrival_number:02d}"):
        services.register_incoming(actor=office.clerk, data=data)
    assert IncomingDocument.objects.count() == 1


def test_the_register_checks_and_errors_are_the_normal_forms(office: Office) -> None:
    job = read_scan(office)
    clerk = signed_in(office.clerk)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    response = clerk.post(f"{SCAN_URL}{job.pk}/", registration(received_on=tomorrow))  # the service's check
    assert response.status_code == 200
    errors = response.context["documents"][0]["form"].errors
    assert "received_on" in errors
    response = clerk.post(f"{SCAN_URL}{job.pk}/", registration(summary="", sender_name=""))  # the form's
    errors = response.context["documents"][0]["form"].errors
    assert "summary" in errors
    assert 'value="1234/QĐ-BNV"' in response.content.decode()  # what the clerk typed is kept
    assert not IncomingDocument.objects.exists()


@needs_tesseract
def test_a_scan_read_by_the_ocr_fills_the_form(office: Office) -> None:
    job = start_scan(office)
    jobs.run(job.pk)  # the worker's part (a queued job runs after the commit the test never makes)
    job.refresh_from_db()
    assert job.status == "done", job.error
    page = signed_in(office.clerk).get(f"{SCAN_URL}{job.pk}/")
    html = page.content.decode()
    assert 'value="1234/QĐ-BNV"' in html and 'value="05/03/2025"' in html
    assert page.context["documents"][0]["form"].initial["sender"] == office.ministry.pk
    assert 'data-testid="scan-box"' in html


def test_a_field_the_clerk_corrects_counts_as_corrected(office: Office) -> None:
    from chancery.documents.scanning import accuracy

    job = read_scan(office)
    signed_in(office.clerk).post(
        f"{SCAN_URL}{job.pk}/",
        registration(sender=str(office.ministry.pk), sender_name="", summary="Về việc khen thưởng khác"),
    )
    measured, fields = accuracy.accuracy(IncomingDocument.objects.all())
    by_label = {str(f.label): (f.read, f.kept) for f in fields}
    assert measured == 1 and by_label["trích yếu"] == (1, 0) and by_label["số, ký hiệu"] == (1, 1)
    assert accuracy.accuracy(IncomingDocument.objects.none())[0] == 0  # nobody else's scans counted


def test_the_text_read_from_the_scan_is_found_by_the_unified_search(office: Office) -> None:
    """A paper document registered from a scan is found by words of its pages, not only by its register line;
    only by who may see it."""
    from chancery.search import selectors
    from chancery.search.backends.base import SearchFilter

    job = read_scan(office)
    result = proposed(office)
    result["pages"][0]["text"] = (
        "QUYẾT ĐỊNH … khen thưởng đột xuất cho Công an tỉnh Hòa Bình vì thành tích phá án"
    )
    Job.objects.filter(pk=job.pk).update(result=result)
    signed_in(office.clerk).post(f"{SCAN_URL}{job.pk}/", registration(sender=str(office.ministry.pk)))
    incoming = IncomingDocument.objects.get()
    found = selectors.search(office.clerk, SearchFilter(q="hoa binh pha an"))
    assert [hit.entry.object_id for hit in found.hits] == [incoming.pk]
    assert selectors.search(office.legal_specialist, SearchFilter(q="hoa binh pha an")).hits == []


needs_pdfa = pytest.mark.skipif(
    shutil.which("tesseract") is None or shutil.which("gs") is None,
    reason="tesseract-ocr-vie and ghostscript are not installed (see .ci/run)",
)


@needs_pdfa
def test_a_document_registered_from_a_scan_keeps_a_searchable_pdf_a(office: Office) -> None:
    """Its file is its pages as PDF/A-2 with the text read under the images: found with the PDF viewer's
    search, and copied (issue 29)."""
    import subprocess

    from django.core.files.storage import default_storage

    from chancery.core.models import Attachment

    job = start_scan(office)
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == "done", job.error
    made = job.result["documents"][0]["searchable"]
    assert made == intake.searchable_name(job, 0) and default_storage.exists(made)
    clerk = signed_in(office.clerk)
    clerk.post(f"{SCAN_URL}{job.pk}/", registration(sender=str(office.ministry.pk), sender_name=""))
    incoming = IncomingDocument.objects.get()
    (kept,) = Attachment.objects.filter(object_id=incoming.pk)
    with kept.file.open("rb") as handle:
        content = handle.read()
    assert b"<pdfaid:part>2</pdfaid:part>" in content  # PDF/A-2
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout
    words = " ".join(text.decode().split())
    assert "1234/Q" in words and "Huân chương Lao động" in words
    assert not default_storage.exists(made)  # the job's copy is gone once the document keeps its own
