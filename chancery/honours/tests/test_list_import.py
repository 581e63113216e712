"""A list imported into a batch that already has one (issue 25 §1): rows are people, never positions; the
preview changes nothing; the confirmation is bound to the upload and to the batch as it was; the people left
out stay unless removal is chosen; every replaced value stays in the history."""

import base64
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from chancery.appraisal import importing, sheets
from chancery.core import jobs
from chancery.core.models import AuditEvent, Job
from chancery.core.tests.factories import signed_in
from chancery.honours import intake, services
from chancery.honours.models import Nomination, Verdict
from chancery.honours.tests.factories import (
    HEADINGS,
    appraise,
    good_row,
    import_list,
    make_batch,
    make_honours,
    workbook,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def h():
    return make_honours()


def _upload(h, content, user=None):
    return jobs.receive_upload(
        actor=user or h.specialist, kind="honours_import", upload=SimpleUploadedFile("ds.xlsx", content)
    )


def _preview(h, batch, content, user=None):
    mapping = sheets.guess_mapping(sheets.read_headings(io.BytesIO(content)), intake.COLUMNS)
    return services.import_or_preview(
        actor=user or h.specialist, batch=batch, upload=_upload(h, content, user), mapping=mapping
    )


def _state(batch):
    return list(
        Nomination.objects.filter(batch=batch)
        .order_by("pk")
        .values_list("pk", "row", "honoree_id", "award", "facts", "verdict", "override", "outcome")
    )


def _changed(n):
    """Row n's person again, with other years of "hoàn thành tốt nhiệm vụ" (column 9)."""
    row = good_row(n)
    row[8] = "2019-2020, 2022-2023"
    return row


def _full_batch(h, size=12):
    batch = make_batch(h)
    import_list(h, batch, workbook([good_row(n) for n in range(1, size + 1)]))
    appraise(h, batch)
    batch.refresh_from_db()
    return batch


def test_a_six_row_list_into_a_full_batch_is_previewed_and_overwrites_no_one(h):
    """The examiner's case: 2 people of the batch changed and 4 new people, in rows 1-6 of the sheet."""
    batch = _full_batch(h)
    before, jobs_before = _state(batch), Job.objects.count()
    rows = [_changed(3), good_row(101), good_row(102), _changed(5), good_row(103), good_row(104)]
    preview = _preview(h, batch, workbook(rows))
    assert isinstance(preview, importing.Preview)
    assert (preview.added, preview.changed, preview.unchanged, preview.removed, preview.refused) == (
        4,
        2,
        0,
        10,
        0,
    )
    assert [line["name"] for line in preview.changed_rows] == ["Nguyễn Văn Giáo 3", "Nguyễn Văn Giáo 5"]
    difference = preview.changed_rows[0]["differences"]
    assert [d["field"] for d in difference] == ["Xếp loại hoàn thành nhiệm vụ các năm"]
    assert "2024: Hoàn thành tốt nhiệm vụ" in difference[0]["old"] and "2024" not in difference[0]["new"]
    assert {line["name"] for line in preview.removed_rows} == {
        f"Nguyễn Văn Giáo {n}" for n in (1, 2, 4, 6, 7, 8, 9, 10, 11, 12)
    }
    assert _state(batch) == before and Job.objects.count() == jobs_before  # nothing changed, nothing queued

    job = services.confirm_import(actor=h.specialist, batch=batch, token=preview.token)
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert (job.result["added"], job.result["changed"], job.result["removed"]) == (4, 2, 0)
    assert job.result["kept_out_of_list"] == 10
    names = set(Nomination.objects.filter(batch=batch).values_list("honoree__name", flat=True))
    assert names == {f"Nguyễn Văn Giáo {n}" for n in [*range(1, 13), 101, 102, 103, 104]}
    kept = {pk: (facts, verdict) for pk, _r, _h, _a, facts, verdict, _o, _c in before}
    for nomination in Nomination.objects.filter(batch=batch, pk__in=kept):
        if nomination.honoree.name in ("Nguyễn Văn Giáo 3", "Nguyễn Văn Giáo 5"):
            assert nomination.verdict == Verdict.PENDING  # appraised again, with the new facts
            assert nomination.facts != kept[nomination.pk][0]
        else:
            assert (nomination.facts, nomination.verdict) == kept[nomination.pk]


def test_reordering_the_rows_changes_nothing(h):
    batch = _full_batch(h, size=4)
    before = {pk: (facts, verdict, outcome) for pk, _r, _h, _a, facts, verdict, _o, outcome in _state(batch)}
    reordered = [good_row(4), good_row(2), good_row(3), good_row(1)]
    preview = _preview(h, batch, workbook(reordered))
    assert (preview.added, preview.changed, preview.unchanged, preview.removed) == (0, 0, 4, 0)
    job = services.confirm_import(actor=h.specialist, batch=batch, token=preview.token)
    jobs.run(job.pk)
    after = {pk: (facts, verdict, outcome) for pk, _r, _h, _a, facts, verdict, _o, outcome in _state(batch)}
    assert after == before
    rows = dict(Nomination.objects.filter(batch=batch).values_list("honoree__name", "row"))
    assert rows["Nguyễn Văn Giáo 4"] == 2 and rows["Nguyễn Văn Giáo 1"] == 5  # the list's order, no more


def test_the_same_person_twice_in_one_list_is_refused_in_the_preview_and_the_import(h):
    batch = _full_batch(h, size=2)
    preview = _preview(h, batch, workbook([good_row(7), _changed(1), good_row(7, "Nguyễn  văn giáo 7")]))
    assert (preview.added, preview.changed, preview.refused) == (1, 1, 1)
    assert preview.refused_rows == ["Dòng 4: trùng với dòng 2 (cùng người, cùng hình thức)."]
    job = services.confirm_import(actor=h.specialist, batch=batch, token=preview.token)
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.result["problems"] == ["Dòng 4: trùng với dòng 2 (cùng người, cùng hình thức)."]
    assert Nomination.objects.filter(batch=batch, honoree__name="Nguyễn Văn Giáo 7").count() == 1


def test_a_preview_is_refused_once_the_batch_has_changed(h):
    batch = _full_batch(h, size=2)
    stale = _preview(h, batch, workbook([_changed(1)]))
    services.override_verdict(
        actor=h.specialist,
        nomination=Nomination.objects.get(batch=batch, row=3),
        outcome=Verdict.FAIL,
        reason="Hồ sơ thiếu bản xác nhận của đơn vị",
    )
    with pytest.raises(ValidationError) as refused:
        services.confirm_import(actor=h.specialist, batch=batch, token=stale.token)
    assert "đã thay đổi sau khi xem trước" in refused.value.messages[0]
    # confirmed in time, but the batch changed before the job ran: the job refuses too
    fresh = _preview(h, batch, workbook([_changed(1)]))
    job = services.confirm_import(actor=h.specialist, batch=batch, token=fresh.token)
    Nomination.objects.filter(batch=batch, honoree__name="Nguyễn Văn Giáo 2").update(row=9)
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "đã thay đổi sau khi xem trước" in job.error
    first = Nomination.objects.get(batch=batch, honoree__name="Nguyễn Văn Giáo 1")
    assert first.facts["ratings"]["2024"] == "good" and first.verdict != Verdict.PENDING  # untouched


def test_a_preview_is_confirmed_only_by_its_uploader_for_its_batch(h):
    batch, other = _full_batch(h, size=1), make_batch(h)
    preview = _preview(h, batch, workbook([_changed(1)]))
    with pytest.raises(ValidationError):  # another batch
        services.confirm_import(actor=h.specialist, batch=other, token=preview.token)
    with pytest.raises(PermissionDenied):  # who may not work on the batch
        services.confirm_import(actor=h.outsider, batch=batch, token=preview.token)
    with pytest.raises(ValidationError):  # a forged token
        services.confirm_import(actor=h.specialist, batch=batch, token=preview.token[:-2] + "xx")
    with pytest.raises(ValidationError) as direct:  # and no import around the preview
        services.start_import(
            actor=h.specialist, batch=batch, upload=_upload(h, workbook([good_row(2)])), mapping={"name": 1}
        )
    assert "xem trước" in direct.value.messages[0]


def test_removal_happens_only_when_chosen_and_is_kept_in_the_history(h):
    batch = _full_batch(h, size=3)
    job = import_list(h, batch, workbook([good_row(1)]), remove=True)
    assert job.result["removed"] == 2
    assert list(Nomination.objects.filter(batch=batch).values_list("honoree__name", flat=True)) == [
        "Nguyễn Văn Giáo 1"
    ]
    removed = AuditEvent.objects.filter(object_id=batch.pk, action="delete")
    assert removed.count() == 2 and "Nguyễn Văn Giáo 2" in " ".join(e.message for e in removed)
    for event in removed:  # what the row held, kept
        ratings = event.changes["Xếp loại hoàn thành nhiệm vụ các năm"]
        assert ratings["before"]["2024"] == "Hoàn thành tốt nhiệm vụ" and ratings["after"] is None


def test_every_replaced_value_stays_in_the_history_on_the_nomination_page(h):
    batch = _full_batch(h, size=2)
    nomination = Nomination.objects.get(batch=batch, honoree__name="Nguyễn Văn Giáo 1")
    with translation.override("vi"):
        old_verdict = str(Verdict(nomination.verdict).label)
    import_list(h, batch, workbook([_changed(1), good_row(2)]))
    event = AuditEvent.objects.get(object_id=batch.pk, changes__nomination=nomination.pk)
    ratings = event.changes["Xếp loại hoàn thành nhiệm vụ các năm"]
    assert ratings["before"]["2024"] == "Hoàn thành tốt nhiệm vụ" and "2024" not in ratings["after"]
    assert event.changes["Kết quả thẩm định"] == {"before": old_verdict, "after": "Chưa thẩm định"}
    page = signed_in(h.specialist).get(reverse("honours:nomination", args=[nomination.pk])).content.decode()
    assert 'data-testid="nomination-history"' in page and "Xếp loại hoàn thành nhiệm vụ các năm" in page


def test_the_pages_show_the_preview_and_import_only_on_confirmation(h, django_capture_on_commit_callbacks):
    batch = _full_batch(h, size=2)
    client = signed_in(h.specialist)
    url = reverse("honours:batch_import", args=[batch.pk])
    page = client.post(url, {"workbook": SimpleUploadedFile("ds.xlsx", workbook([_changed(1), good_row(5)]))})
    form = page.context["mapping_form"]
    shown = client.post(url, {name: form[name].value() or "" for name in form.fields})
    preview = shown.context["preview"]
    assert (preview.added, preview.changed, preview.removed) == (1, 1, 1)
    assert 'data-testid="import-preview"' in shown.content.decode()
    assert Nomination.objects.filter(batch=batch).count() == 2
    with django_capture_on_commit_callbacks(execute=False):
        done = client.post(url, {"token": preview.token, "confirm": "1"})
    assert done.status_code == 302
    batch.refresh_from_db()
    jobs.run(batch.import_job_id)
    assert Nomination.objects.filter(batch=batch).count() == 3
    queued = Job.objects.count()
    client.post(url, {"token": preview.token, "confirm": "1"})  # a preview is confirmed once
    assert Job.objects.count() == queued


def test_the_api_previews_then_confirms(h, django_capture_on_commit_callbacks):
    batch = _full_batch(h, size=2)
    api = APIClient()
    api.force_authenticate(h.specialist)
    content = base64.b64encode(workbook([_changed(2), good_row(8)])).decode()
    shown = api.post(
        f"/api/v1/honours-batches/{batch.pk}/import/",
        {"workbook": {"name": "ds.xlsx", "content": content}},
        format="json",
    )
    assert shown.status_code == 200, shown.json()
    assert shown.json()["counts"] == {"added": 1, "changed": 1, "unchanged": 0, "removed": 1, "refused": 0}
    with django_capture_on_commit_callbacks(execute=False):
        started = api.post(
            f"/api/v1/honours-batches/{batch.pk}/import/confirm/",
            {"token": shown.json()["token"], "remove": True},
            format="json",
        )
    assert started.status_code == 202, started.json()
    jobs.run(started.json()["id"])
    assert set(Nomination.objects.filter(batch=batch).values_list("honoree__name", flat=True)) == {
        "Nguyễn Văn Giáo 2",
        "Nguyễn Văn Giáo 8",
    }


# --- corrections to the person (issue 25 §1): the name, birth year, workplace live on the shared Honoree ---

IDENTIFIED = [*HEADINGS, "Số định danh", "Chức vụ"]


def _identified(n, *, name=None, birth_year=1975, workplace="Trường THPT Chu Văn An", position="Giáo viên"):
    """Row n's person with an identity number (the same person whatever their name, birth or workplace)."""
    row = good_row(n, name)
    row[2], row[3] = birth_year, workplace
    return [*row, f"0010850{n:05d}", position]


def test_a_corrected_name_birth_year_and_workplace_are_previewed_then_stored_on_the_person(h):
    batch = make_batch(h)
    import_list(h, batch, workbook([_identified(1), _identified(2)], IDENTIFIED))
    appraise(h, batch)
    nomination = Nomination.objects.get(batch=batch, honoree__name="Nguyễn Văn Giáo 1")
    honoree = nomination.honoree
    before = _state(batch)
    corrected = _identified(
        1, name="Nguyễn Văn Giao", birth_year=1976, workplace="Trường THPT Việt Đức", position=""
    )

    preview = _preview(h, batch, workbook([corrected, _identified(2)], IDENTIFIED))
    assert (preview.added, preview.changed, preview.unchanged, preview.removed) == (0, 1, 1, 0)
    line = preview.changed_rows[0]
    assert line["name"] == "Nguyễn Văn Giao"
    assert {d["field"]: (d["old"], d["new"]) for d in line["differences"]} == {
        "Họ và tên (tên tập thể)": ("Nguyễn Văn Giáo 1", "Nguyễn Văn Giao"),
        "Năm sinh": ("1975", "1976"),
        "Đơn vị công tác": ("Trường THPT Chu Văn An", "Trường THPT Việt Đức"),
        "Chức vụ": ("Giáo viên", "—"),  # cleared by the new list
    }
    honoree.refresh_from_db()  # nothing changes before the confirmation
    assert (honoree.name, honoree.birth_year, honoree.organisation) == (
        "Nguyễn Văn Giáo 1",
        1975,
        "Trường THPT Chu Văn An",
    )
    assert _state(batch) == before

    job = services.confirm_import(actor=h.specialist, batch=batch, token=preview.token)
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert (job.result["changed"], job.result["unchanged"]) == (1, 1)
    honoree.refresh_from_db()
    assert (
        honoree.name,
        honoree.folded_name,
        honoree.birth_year,
        honoree.organisation,
        honoree.position,
    ) == (
        "Nguyễn Văn Giao",
        "nguyen van giao",
        1976,
        "Trường THPT Việt Đức",
        "",
    )
    nomination.refresh_from_db()
    assert nomination.honoree_id == honoree.pk and nomination.verdict == Verdict.PENDING
    event = AuditEvent.objects.get(object_id=batch.pk, changes__nomination=nomination.pk)
    assert event.changes["Họ và tên (tên tập thể)"] == {
        "before": "Nguyễn Văn Giáo 1",
        "after": "Nguyễn Văn Giao",
    }
    assert event.changes["Năm sinh"] == {"before": 1975, "after": 1976}
    assert event.changes["Đơn vị công tác"] == {
        "before": "Trường THPT Chu Văn An",
        "after": "Trường THPT Việt Đức",
    }
    assert event.changes["Chức vụ"] == {"before": "Giáo viên", "after": ""}
    page = signed_in(h.specialist).get(reverse("honours:nomination", args=[nomination.pk])).content.decode()
    assert "Trường THPT Chu Văn An" in page  # the old workplace, in the nomination's history
    # the same list again: nothing left to correct
    again = _preview(h, batch, workbook([corrected, _identified(2)], IDENTIFIED))
    assert (again.changed, again.unchanged) == (0, 2)


def test_a_person_correction_alone_is_a_change_and_leaves_the_other_people_alone(h):
    batch = make_batch(h)
    import_list(h, batch, workbook([_identified(1), _identified(2)], IDENTIFIED))
    other = Nomination.objects.get(batch=batch, honoree__name="Nguyễn Văn Giáo 2").honoree
    job = import_list(h, batch, workbook([_identified(1, birth_year=1974), _identified(2)], IDENTIFIED))
    assert (job.result["changed"], job.result["unchanged"]) == (1, 1)
    first = Nomination.objects.get(batch=batch, honoree__name="Nguyễn Văn Giáo 1").honoree
    assert first.birth_year == 1974
    other_after = type(other).objects.get(pk=other.pk)
    assert (other_after.name, other_after.birth_year) == (other.name, other.birth_year)
