"""Registering petitions from a scan (issue 29): who may start and read the OCR of letters (and who may
not), the registration through the petitions' own form and service, a letter registered once, what the
clerk kept of the proposal measured, and the denouncer's protection kept in the scan's outlets."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chancery.core.models import Job
from chancery.core.tests.factories import signed_in
from chancery.petitions.models import Petition, ScannedLetter
from chancery.petitions.scanning import job as scan_job
from chancery.petitions.tests.factories import Office

pytestmark = [pytest.mark.django_db]

SCAN_URL = "/petitions/new/scan/"
NAME = "Phạm Thị Tố Nga"
ADDRESS = "Thôn Đông, xã Nhật Tân, huyện Kim Bảng, tỉnh Hà Nam"


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(out, format="PNG")
    return out.getvalue()


def field(value: Any, confidence: float, y: int = 200, text: str = "") -> dict[str, Any]:
    box = {"page": 1, "x": 100, "y": y, "w": 600, "h": 60}
    return {
        "value": value,
        "text": text or str(value or ""),
        "confidence": confidence,
        "box": box,
        "note": "",
    }


def proposed(kind: str = "denunciation") -> dict[str, Any]:
    """A job's result as the OCR job writes it (chancery.petitions.scanning.job), for one letter."""
    return {
        "pages": [
            {
                "number": 1,
                "width": 200,
                "height": 280,
                "dpi": 300,
                "blank": False,
                "text": f"Tôi tên là {NAME}",
            }
        ],
        "letters": [
            {
                "pages": [1],
                "fields": {
                    "full_name": field(NAME, 0.95, 300),
                    "address": field(ADDRESS, 0.9, 360),
                    "province": field(37, 0.85, 360),
                    "ward": field(13402, 0.85, 360),
                    "id_number": field("036190001122", 0.9, 420),
                    "phone": field(None, 0.0),
                    "kind": field(kind, 0.95, 100),
                    "summary": field("tố cáo cán bộ địa chính xã nhận tiền", 0.4, 150),
                    "content": field(
                        "Nay tôi làm đơn tố cáo cán bộ địa chính xã nhận tiền của người dân.", 0.9
                    ),
                },
            }
        ],
        "read": 1,
        "seconds": 1.5,
    }


def read_scan(user: Any, kind: str = "denunciation") -> Job:
    """A scan job as it ends, its result set as the OCR would write it (no OCR needed)."""
    upload = scan_job.receive_scan(
        actor=user, upload=SimpleUploadedFile("don-to-cao-pham-thi-to-nga.png", png())
    )
    job = scan_job.start_reading(actor=user, upload=upload)
    Job.objects.filter(pk=job.pk).update(status="done", total=1, done=1, result=proposed(kind))
    job.refresh_from_db()
    return job


def registration(**overrides: Any) -> dict[str, Any]:
    values = {
        "channel": "post",
        "received_on": timezone.localdate().strftime("%d/%m/%Y"),
        "full_name": NAME,
        "address": ADDRESS,
        "province": "37",
        "ward": "13402",
        "id_number": "036190001122",
        "people_count": "1",
        "kind": "denunciation",
        "field": "corruption",
        "summary": "Tố cáo cán bộ địa chính xã nhận tiền",
        "content": "Nay tôi làm đơn tố cáo cán bộ địa chính xã nhận tiền của người dân.",
        **overrides,
    }
    return {"letter": "0", **{f"l0-{k}": v for k, v in values.items()}}


def test_the_register_page_links_to_the_scan_page(office: Office) -> None:
    assert SCAN_URL in signed_in(office.clerk).get("/petitions/new/").content.decode()


def test_who_does_not_register_petitions_may_not_start_or_read_a_scan(office: Office) -> None:
    job = read_scan(office.clerk)
    for user in (office.admin,):
        client = signed_in(user)
        for url in (SCAN_URL, f"{SCAN_URL}{job.pk}/", f"{SCAN_URL}{job.pk}/pages/1/"):
            response = client.get(url)
            assert response.status_code == 403
            assert (
                "đăng ký đơn" in response.content.decode() or "forbidden-reason" in response.content.decode()
            )
        assert client.post(SCAN_URL, {"scan": SimpleUploadedFile("a.png", png())}).status_code == 403
    with pytest.raises(Exception):  # noqa: B017  (PermissionDenied from the jobs' own check)
        scan_job.receive_scan(actor=office.admin, upload=SimpleUploadedFile("a.png", png()))


def test_another_person_is_told_why_and_hostile_ids_are_404(office: Office) -> None:
    job = read_scan(office.clerk)
    other = signed_in(office.specialist)
    for url in (f"{SCAN_URL}{job.pk}/", f"{SCAN_URL}{job.pk}/pages/1/"):
        response = other.get(url)
        assert response.status_code == 403 and "người khác" in response.content.decode()
        assert NAME not in response.content.decode()
    assert other.post(f"{SCAN_URL}{job.pk}/", registration()).status_code == 403
    clerk = signed_in(office.clerk)
    documents_scan = Job.objects.create(kind="incoming_scan", label="x", started_by=office.clerk)
    assert clerk.get(f"{SCAN_URL}{documents_scan.pk}/").status_code == 404  # not a letters' scan
    assert clerk.get(f"/documents/incoming/scan/{job.pk}/").status_code in (403, 404)
    assert clerk.get(f"{SCAN_URL}{job.pk + 1000}/").status_code == 404
    assert clerk.get(f"{SCAN_URL}{job.pk}/pages/2/").status_code == 404
    for index in ("1", "-1", "x", ""):
        assert clerk.post(f"{SCAN_URL}{job.pk}/", {**registration(), "letter": index}).status_code == 404
    assert not Petition.objects.exists()


def test_the_job_names_no_file_for_the_administrators_who_follow_it(office: Office) -> None:
    job = read_scan(office.clerk)
    assert "pham" not in job.label.lower()
    from django.urls import reverse

    listing = signed_in(office.admin).get(reverse("core:job_list"))
    assert listing.status_code == 200 and "pham-thi" not in listing.content.decode()


def test_the_scan_proposes_the_form_beside_the_page_and_saves_nothing(office: Office) -> None:
    job = read_scan(office.clerk)
    page = signed_in(office.clerk).get(f"{SCAN_URL}{job.pk}/").content.decode()
    assert f'value="{NAME}"' in page
    assert 'data-testid="scan-page"' in page and f"{SCAN_URL}{job.pk}/pages/1/" in page
    assert 'data-field="full_name"' in page
    assert 'data-low="1"' in page  # the summary read 40% sure is highlighted
    assert '<option value="13402" selected>' in page  # the old commune's new one, chosen
    assert not Petition.objects.exists()
    image = signed_in(office.clerk).get(f"{SCAN_URL}{job.pk}/pages/1/")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


def test_the_clerk_registers_a_letter_once_through_the_petitions_service(office: Office) -> None:
    job = read_scan(office.clerk, kind="complaint")
    clerk = signed_in(office.clerk)
    response = clerk.post(f"{SCAN_URL}{job.pk}/", registration(kind="complaint", field="land"))
    petition = Petition.objects.get()
    assert response.status_code == 302 and response["Location"] == petition.get_absolute_url()
    assert petition.received_by == office.clerk and petition.kind == "complaint"
    person = petition.petitioners.get()
    assert (person.full_name, person.province_code, person.ward_code) == (NAME, 37, 13402)
    assert ScannedLetter.objects.get(petition=petition).job_id == job.pk
    from chancery.petitions import selectors

    assert [a.name for a in selectors.attachments(office.clerk, petition)] == [f"ban-quet-{job.pk}-don-1.pdf"]
    again = clerk.post(f"{SCAN_URL}{job.pk}/", registration(kind="complaint", field="land"))
    assert again.status_code == 302 and Petition.objects.count() == 1
    page = clerk.get(f"{SCAN_URL}{job.pk}/").content.decode()
    assert 'data-testid="scan-registered"' in page and petition.registry_number in page


def test_the_service_refuses_a_second_registration_of_a_letter(office: Office) -> None:
    from django.core.exceptions import ValidationError

    from chancery.petitions import services
    from chancery.petitions.tests.factories import petition_data

    job = read_scan(office.clerk, kind="complaint")
    services.register_scanned_letter(actor=office.clerk, job=job, part=0, data=petition_data())
    with pytest.raises(ValidationError):
        services.register_scanned_letter(actor=office.clerk, job=job, part=0, data=petition_data())
    assert Petition.objects.count() == 1


def test_the_petitions_checks_apply(office: Office) -> None:
    job = read_scan(office.clerk)
    page = signed_in(office.clerk).post(f"{SCAN_URL}{job.pk}/", registration(full_name="", summary=""))
    assert page.status_code == 200 and "invalid-feedback" in page.content.decode()
    assert not Petition.objects.exists()


def test_the_corrections_are_measured_and_shown(office: Office) -> None:
    job = read_scan(office.clerk, kind="complaint")
    signed_in(office.clerk).post(
        f"{SCAN_URL}{job.pk}/",
        registration(kind="recommendation", field="land", summary="Kiến nghị về việc cán bộ địa chính"),
    )
    measured = ScannedLetter.objects.get().fields
    assert measured["full_name"] == {"read": True, "confidence": 0.95, "kept": True}
    assert measured["ward"]["kept"] is True
    assert measured["kind"]["kept"] is False  # corrected by the clerk
    assert measured["summary"]["kept"] is False
    assert measured["phone"]["kept"] is None  # not read
    assert NAME not in str(measured)  # no value is copied beside the petition
    page = signed_in(office.clerk).get(SCAN_URL).content.decode()
    assert 'data-testid="scan-accuracy"' in page


def test_a_denunciation_registered_from_a_scan_leaves_nothing_of_its_writer_behind(office: Office) -> None:
    job = read_scan(office.clerk)
    clerk = signed_in(office.clerk)
    clerk.post(f"{SCAN_URL}{job.pk}/", registration())
    petition = Petition.objects.get()
    assert petition.identity_protected
    job.refresh_from_db()
    assert NAME not in str(job.result) and "036190001122" not in str(job.result)
    assert clerk.get(f"{SCAN_URL}{job.pk}/pages/1/").status_code == 404  # the letter is the petition's now
    page = clerk.get(f"{SCAN_URL}{job.pk}/").content.decode()
    assert NAME not in page
    # the scan's pages are the petition's attachment: its handlers' only
    assert clerk.get(petition.get_absolute_url()).status_code == 200
    other = signed_in(office.head)
    detail = other.get(petition.get_absolute_url())
    assert detail.status_code in (200, 404)
    assert NAME not in detail.content.decode()
    assert "ban-quet" not in detail.content.decode()
    # the accuracy over it is counts only
    assert NAME not in other.get(SCAN_URL).content.decode()


def test_a_letter_reclassified_as_a_denunciation_leaves_nothing_of_its_writer_in_the_scan(
    office: Office,
) -> None:
    """Examiner 66: a phản ánh registered from a scan, then reclassified as a tố cáo, still had its writer's
    name in the scan job's result (read through the jobs API by whoever started the scan)."""
    from chancery.petitions import services

    job = read_scan(office.clerk, kind="reflection")
    clerk = signed_in(office.clerk)
    clerk.post(f"{SCAN_URL}{job.pk}/", registration(kind="reflection", field="land"))
    petition = Petition.objects.get()
    job.refresh_from_db()
    assert NAME in str(job.result)  # not protected yet: the clerk's own scan keeps what it read
    services.classify_petition(
        actor=office.clerk, petition=petition, kind="denunciation", field="corruption", competent_agency=None
    )
    job.refresh_from_db()
    assert NAME not in str(job.result) and "036190001122" not in str(job.result)
    assert NAME not in clerk.get(f"/api/v1/jobs/{job.pk}/").content.decode()
