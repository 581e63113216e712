"""What a job may read: only the file its starter uploaded for it, never a path a client names; what it says
when it fails; who reads what it wrote. (Security issue 23, item 1, and the job parts of item 9.)"""

import io
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from chancery.core import jobs
from chancery.core.models import Job, JobStatus, JobUpload, RoleCode, SecrecyLevel
from chancery.core.tests.factories import UnitFactory, make_staff
from chancery.honours.tests.factories import good_row, make_batch, make_honours, workbook

pytestmark = pytest.mark.django_db

SECRET_SUBJECT = "Kế hoạch tuyệt mật số 7"


@jobs.job_kind("test_breaks", "Hỏng thử", may_start=lambda user: True)
def _breaks(ctx: jobs.JobContext) -> None:
    raise OSError(2, "No such file or directory", "/srv/chancery/var/media/exports/job-9-so-mat.xlsx")


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def secret_export(settings, tmp_path) -> str:
    """The leadership's export of a secret register, as a list export job leaves it in storage."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return default_storage.save(
        "exports/job-41-so-den-mat.xlsx", ContentFile(workbook([[1, SECRET_SUBJECT, 1970, "x", "y"]]))
    )


@pytest.fixture
def h():
    return make_honours()


@pytest.mark.parametrize("kind", sorted(jobs.REGISTRY))
def test_no_kind_of_job_takes_a_file_path_from_the_api(kind, h, secret_export):
    admin = make_staff("quantri", unit=h.department, roles=(RoleCode.ADMINISTRATOR,))
    for person in (h.specialist, admin):
        response = _api(person).post(
            "/api/v1/jobs/",
            {"kind": kind, "params": {"path": secret_export, "batch": 1, "mapping": {"name": 1}}},
            format="json",
        )
        assert response.status_code in {400, 403}, (kind, response.content)
    assert not Job.objects.exists()
    assert default_storage.exists(secret_export)


def test_a_specialist_cannot_make_an_import_read_another_persons_export(h, secret_export):
    batch = make_batch(h)
    response = _api(h.specialist).post(
        "/api/v1/jobs/",
        {
            "kind": "honours_import",
            "params": {"batch": batch.pk, "path": secret_export, "mapping": {"name": 1, "award": 4}},
        },
        format="json",
    )
    assert response.status_code == 400
    assert SECRET_SUBJECT not in response.content.decode()
    assert not Job.objects.exists()
    assert default_storage.exists(secret_export)  # not deleted by a job either


def test_the_petitions_import_does_not_follow_a_path_out_of_its_folder(h, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    export = default_storage.save(
        "exports/job-42-so-don.xlsx",
        ContentFile(
            workbook(
                [["02/11/2026", SECRET_SUBJECT, "Nội dung mật", "Tố cáo"]],
                headings=["Ngày nhận", "Trích yếu", "Nội dung", "Loại đơn"],
            )
        ),
    )
    clerk = make_staff("vanthu", unit=h.department, roles=(RoleCode.CLERK,))
    response = _api(clerk).post(
        "/api/v1/jobs/",
        {"kind": "petition_import", "params": {"path": "imports/../" + export}},
        format="json",
    )
    assert response.status_code == 400
    assert not Job.objects.exists()
    assert default_storage.exists(export)


def test_an_upload_is_read_only_by_one_job_of_its_owner_and_kind(h, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CHANCERY_AMNESTY_UNITS = (h.department.code,)  # may start the other kind: refused for its kind
    batch = make_batch(h)
    colleague = make_staff("chuyenvien.kt2", unit=h.department, roles=(RoleCode.SPECIALIST,))
    mine = jobs.receive_upload(
        actor=h.specialist,
        kind="honours_import",
        upload=SimpleUploadedFile("ds.xlsx", workbook([good_row(1)])),
    )
    mapping = {"name": 1, "award": 4}
    from chancery.honours import services

    with pytest.raises(ValidationError):  # a colleague of the same department cannot use it
        services.start_import(actor=colleague, batch=batch, upload=mine, mapping=mapping)
    with pytest.raises(ValidationError):  # nor can it feed another kind of job
        jobs.start_job(
            actor=h.specialist, kind="amnesty_import", params={"list": 1, "mapping": mapping}, upload=mine
        )
    services.start_import(actor=h.specialist, batch=batch, upload=mine, mapping=mapping)
    with pytest.raises(ValidationError):  # nor a second job
        services.start_import(actor=h.specialist, batch=batch, upload=mine, mapping=mapping)
    with pytest.raises(ValidationError):  # and an id of someone else's upload is not found
        jobs.upload_of(colleague, mine.pk, kind="honours_import")


def test_a_job_kind_refuses_parameters_it_does_not_declare():
    with pytest.raises(ValidationError) as refused:
        jobs.REGISTRY["clock_watch"].clean_params({"date": "2026-12-04", "path": "/etc/passwd"})
    assert "path" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        jobs.REGISTRY["clock_watch"].clean_params({"date": "04/12/2026 OR 1=1"})
    with pytest.raises(ValidationError):
        jobs.REGISTRY["honours_appraise"].clean_params({"batch": "1; DROP TABLE"})
    assert jobs.REGISTRY["honours_appraise"].clean_params({"batch": "12"}) == {"batch": 12}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ds.xlsx", b"not a workbook at all"),
        ("ds.xlsx", _zip({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<x/>"})),  # a DOCX renamed
        ("ds.xlsx", b"PK\x03\x04 broken archive"),
    ],
)
def test_an_upload_is_checked_by_its_content_and_a_refused_one_leaves_no_file(
    name, content, h, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    with pytest.raises(ValidationError):
        jobs.receive_upload(
            actor=h.specialist, kind="honours_import", upload=SimpleUploadedFile(name, content)
        )
    assert not JobUpload.objects.exists()
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.xlsx"))


def test_a_workbook_that_expands_past_reason_is_refused(h, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CHANCERY_IMPORT_MAX_EXPANDED_BYTES = 1024 * 1024
    bomb = _zip(
        {
            "[Content_Types].xml": b"<x/>",
            "xl/workbook.xml": b"<w/>",
            "xl/worksheets/sheet1.xml": b"0" * (4 * 1024 * 1024),  # 4 MB of zeros: a few kB compressed
        }
    )
    assert len(bomb) < 64 * 1024
    with pytest.raises(ValidationError) as refused:
        jobs.receive_upload(
            actor=h.specialist, kind="honours_import", upload=SimpleUploadedFile("b.xlsx", bomb)
        )
    assert "tách" in " ".join(refused.value.messages) or "split" in " ".join(refused.value.messages)
    assert not JobUpload.objects.exists()


def test_a_workbook_whose_headers_lie_about_a_sheets_size_is_refused_before_it_is_read(h, settings, tmp_path):
    """The examiner's second pass (issue 23): the import summed the declared sizes, then read every part
    whole; a sheet declaring 100 bytes expanded to gigabytes."""
    from chancery.core.tests.test_uploads import patched

    settings.MEDIA_ROOT = tmp_path / "media"
    bomb = _zip(
        {
            "[Content_Types].xml": b"<x/>",
            "xl/workbook.xml": b"<w/>",
            "xl/worksheets/sheet1.xml": b"0" * (8 * 1024 * 1024),
        }
    )
    with pytest.raises(ValidationError) as refused:
        jobs.receive_upload(
            actor=h.specialist,
            kind="honours_import",
            upload=SimpleUploadedFile("b.xlsx", patched(bomb, "xl/worksheets/sheet1.xml", size=100)),
        )
    assert "hỏng" in " ".join(refused.value.messages)
    assert not JobUpload.objects.exists()


def test_the_import_reads_its_upload_and_removes_the_file_when_done(h, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    batch = make_batch(h)
    import base64

    response = _api(h.specialist).post(
        f"/api/v1/honours-batches/{batch.pk}/import/",
        {"workbook": {"name": "ds.xlsx", "content": base64.b64encode(workbook([good_row(1)])).decode()}},
        format="json",
    )
    assert response.status_code == 202, response.content
    jobs.run(response.json()["id"])
    job = Job.objects.get(pk=response.json()["id"])
    assert job.status == JobStatus.DONE and job.result["stored"] == 1
    assert "path" not in job.params
    upload = JobUpload.objects.get(job=job)
    assert upload.owner == h.specialist and len(upload.sha256) == 64 and upload.removed_at is not None
    assert not default_storage.exists(upload.file)


def test_uploads_no_job_took_are_removed_after_a_day(h, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = jobs.receive_upload(
        actor=h.specialist,
        kind="honours_import",
        upload=SimpleUploadedFile("ds.xlsx", workbook([good_row(1)])),
    )
    assert jobs.purge_uploads() == 0
    assert jobs.purge_uploads(now=timezone.now() + timedelta(days=2)) == 1
    upload.refresh_from_db()
    assert upload.removed_at is not None and not default_storage.exists(upload.file)


def test_a_failed_job_says_what_to_do_without_the_servers_internals(django_capture_on_commit_callbacks):
    owner = make_staff("owner", unit=UnitFactory.create(), roles=(RoleCode.SPECIALIST,))
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start_job(actor=owner, kind="test_breaks")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "/srv" not in job.error and "OSError" not in job.error and "Errno" not in job.error
    assert f"#{job.pk}" in job.error or str(job.pk) in job.error


def test_an_administrator_follows_every_job_but_reads_no_ones_results(h, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    admin = make_staff(
        "quantri", unit=h.department, roles=(RoleCode.ADMINISTRATOR,), clearance=SecrecyLevel.NONE
    )
    batch = make_batch(h)
    from chancery.honours.tests.factories import import_list

    job = import_list(h, batch, workbook([good_row(1), [2, "", 1970, "x", "Không có hình thức này"]]))
    assert job.result["problems"]
    seen = _api(admin).get(f"/api/v1/jobs/{job.pk}/").json()
    assert seen["status"] == "done" and seen["result"] == {} and seen["params"] == {}
    assert _api(h.specialist).get(f"/api/v1/jobs/{job.pk}/").json()["result"]["problems"]
    client = Client()
    client.force_login(admin)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Không có hình thức này" not in page and "Dòng 3" not in page


def test_the_jobs_page_starts_only_kinds_that_are_not_a_step_of_a_case(h, client):
    batch = make_batch(h)
    client.force_login(h.specialist)
    client.post("/jobs/start/", {"kind": "honours_appraise"})
    assert not Job.objects.exists()
    response = _api(h.specialist).post(
        "/api/v1/jobs/", {"kind": "honours_appraise", "params": {"batch": batch.pk}}, format="json"
    )
    assert response.status_code == 400
    assert not Job.objects.exists()


def test_a_row_problem_quotes_only_the_offending_cell_cut_short(h, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from chancery.honours.tests.factories import import_list

    long_award = "Huân chương " + "rất dài " * 40
    row = good_row(1, name="Trần Thị Bí Mật")
    row[4] = long_award
    job = import_list(h, make_batch(h), workbook([row]))
    (problem,) = job.result["problems"]
    assert problem.startswith("Dòng 2:") and "Trần Thị Bí Mật" not in problem and "Chu Văn An" not in problem
    assert long_award not in problem and len(problem) < 160
