"""The honours pages as a specialist uses them, and who must not see a batch."""

import pytest
from django.urls import reverse

from chancery.core.tests.factories import signed_in
from chancery.honours.models import HonoursBatch, Nomination
from chancery.honours.tests.factories import (
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


def test_a_batch_is_opened_and_its_list_mapped_and_imported(h, django_capture_on_commit_callbacks):
    client = signed_in(h.specialist)
    response = client.post(
        reverse("honours:batch_new"),
        {
            "title": "Đề nghị khen thưởng giáo viên",
            "proposing_body": h.ministry.pk,
            "submission_reference": "12/TTr-BGDĐT",
            "proposed_on": "2025-03-10",
            "received_on": "2025-03-20",
        },
    )
    batch = HonoursBatch.objects.get()
    assert response.url == reverse("honours:batch_import", args=[batch.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("danh sach.xlsx", workbook([good_row(1), good_row(2)]))
    page = client.post(reverse("honours:batch_import", args=[batch.pk]), {"workbook": upload})
    content = page.content.decode()
    assert page.status_code == 200 and 'data-testid="mapping"' in content
    form = page.context["mapping_form"]
    data = {name: form[name].value() or "" for name in form.fields}
    with django_capture_on_commit_callbacks(execute=False):
        done = client.post(reverse("honours:batch_import", args=[batch.pk]), data)
    assert done.status_code == 302
    batch.refresh_from_db()
    from chancery.core import jobs

    assert batch.import_job_id is not None
    jobs.run(batch.import_job_id)
    assert Nomination.objects.filter(batch=batch).count() == 2
    detail = client.get(reverse("honours:batch", args=[batch.pk]))
    assert "Nguyễn Văn Giáo 1" in detail.content.decode()


def test_a_file_that_is_not_a_workbook_is_refused_in_vietnamese(h):
    from django.core.files.uploadedfile import SimpleUploadedFile

    batch = make_batch(h)
    client = signed_in(h.specialist)
    page = client.post(
        reverse("honours:batch_import", args=[batch.pk]), {"workbook": SimpleUploadedFile("a.xlsx", b"hello")}
    )
    assert "Tệp không phải bảng tính Excel (.xlsx)." in page.content.decode()


def test_the_list_filters_by_outcome_and_the_override_is_taken_from_the_page(h):
    batch = make_batch(h)
    import_list(h, batch, workbook([good_row(1)]))
    appraise(h, batch)
    client = signed_in(h.specialist)
    review = client.get(reverse("honours:batch", args=[batch.pk]), {"outcome": "review"})
    assert "Nguyễn Văn Giáo 1" in review.content.decode()
    passing = client.get(reverse("honours:batch", args=[batch.pk]), {"outcome": "pass"})
    assert "Nguyễn Văn Giáo 1" not in passing.content.decode()
    nomination = Nomination.objects.get()
    url = reverse("honours:nomination", args=[nomination.pk])
    refused = client.post(url, {"outcome": "pass", "reason": "ngắn"})
    assert refused.status_code == 200 and "ít nhất 10 ký tự" in refused.content.decode()
    client.post(url, {"outcome": "pass", "reason": "Đã đối chiếu bản sao quyết định"})
    nomination.refresh_from_db()
    assert nomination.outcome == "pass"


def test_the_nominees_to_review_are_settled_from_the_review_tab(h):
    batch = make_batch(h)
    import_list(h, batch, workbook([good_row(1), good_row(2)]))
    appraise(h, batch)
    client = signed_in(h.specialist)
    page = client.get(reverse("honours:batch", args=[batch.pk]), {"outcome": "review"}).content.decode()
    assert 'data-testid="settle-form"' in page and "Huân chương Lao động hạng Ba (2)" in page
    url = reverse("honours:batch_settle", args=[batch.pk])
    short = client.post(url, {"award": "hcld-3", "outcome": "pass", "reason": "ngắn"}, follow=True)
    assert "ít nhất 10" in short.content.decode()
    done = client.post(
        url, {"award": "hcld-3", "outcome": "pass", "reason": "Đã đối chiếu bản sao quyết định"}, follow=True
    )
    assert "Đã điều chỉnh 2 đề nghị." in done.content.decode()
    assert set(Nomination.objects.values_list("outcome", flat=True)) == {"pass"}
    assert 'data-testid="settle-form"' not in done.content.decode()  # nothing left to review
    outsider = signed_in(h.outsider).post(
        url, {"award": "", "outcome": "fail", "reason": "Lý do đủ dài ở đây"}
    )
    assert outsider.status_code == 404


def test_another_department_sees_neither_the_batch_nor_its_nominees(h):
    batch = make_batch(h)
    import_list(h, batch, workbook([good_row(1)]))
    nomination = Nomination.objects.get()
    client = signed_in(h.outsider)
    assert client.get(reverse("honours:batch", args=[batch.pk])).status_code == 404
    assert client.get(reverse("honours:nomination", args=[nomination.pk])).status_code == 404
    assert client.get(reverse("honours:honoree", args=[nomination.honoree_id])).status_code == 404
    assert batch.code not in client.get(reverse("honours:home")).content.decode()


def test_the_rule_book_shows_every_version_and_the_parameters_to_be_checked(h):
    page = signed_in(h.specialist).get(reverse("honours:rules")).content.decode()
    assert "Nghị định 91/2017/NĐ-CP" in page and "Pháp lệnh 05/2012/UBTVQH13" in page
    assert page.count('data-testid="rule-set"') == 25
    assert "Nghị định 152/2025/NĐ-CP" in page


def test_the_dossier_is_attached_with_checksums_and_a_bad_file_is_refused(h):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chancery.honours.selectors import dossier_of

    batch = make_batch(h)
    client = signed_in(h.specialist)
    url = reverse("honours:batch_files", args=[batch.pk])
    client.post(url, {"dossier": [SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4 to trinh")]})
    assert [a.name for a in dossier_of(batch)] == ["to-trinh.pdf"]
    page = client.post(url, {"dossier": [SimpleUploadedFile("virus.exe", b"MZ...")]}, follow=True)
    assert len(dossier_of(batch)) == 1 and "virus.exe" in page.content.decode()
    file = dossier_of(batch)[0]
    assert client.get(reverse("honours:batch_file", args=[batch.pk, file.pk])).status_code == 200
    assert (
        signed_in(h.outsider).get(reverse("honours:batch_file", args=[batch.pk, file.pk])).status_code == 404
    )


def test_the_history_is_found_by_name_without_diacritics_only_where_allowed(h):
    batch = make_batch(h)
    import_list(h, batch, workbook([good_row(1, "Đặng Thùy Trâm")]))
    found = signed_in(h.specialist).get(reverse("honours:honorees"), {"q": "dang thuy"}).content.decode()
    assert "Đặng Thùy Trâm" in found
    hidden = signed_in(h.outsider).get(reverse("honours:honorees"), {"q": "dang thuy"}).content.decode()
    assert "Đặng Thùy Trâm" not in hidden


def test_the_history_shows_the_achievement_period_and_the_rule_book_the_period_rule(h):
    from datetime import date

    from chancery.honours import services

    batch = make_batch(h)
    import_list(h, batch, workbook([good_row(1)]))
    nomination = Nomination.objects.get()
    services.record_award(
        actor=None,
        honoree=nomination.honoree,
        award="bk-ttg",
        decision_number="456/QĐ-TTg",
        decided_on=date(2019, 3, 15),
        period=(2014, 2018),
    )
    client = signed_in(h.specialist)
    page = client.get(reverse("honours:honoree", args=[nomination.honoree_id])).content.decode()
    assert 'data-testid="award-period">2014–2018<' in page
    rules_page = client.get(reverse("honours:rules")).content.decode()
    assert 'data-testid="period-rule"' in rules_page and "Nghị định 98/2023/NĐ-CP" in rules_page
    assert "Thuộc lực lượng vũ trang nhân dân" in rules_page


def test_the_nominees_are_found_by_name_without_diacritics_and_the_next_page_keeps_the_search(h):
    batch = make_batch(h)
    import_list(h, batch, workbook([good_row(1), good_row(2, name="Đỗ Thị Hương"), good_row(3)]))
    client = signed_in(h.specialist)
    url = reverse("honours:batch", args=[batch.pk])
    found = client.get(url, {"q": "do thi huong"}).content.decode()
    assert "Đỗ Thị Hương" in found and "Nguyễn Văn Giáo 1" not in found
    assert 'value="do thi huong"' in found
    assert "&amp;q=do%20thi%20huong" in found  # the outcome tabs keep the search (they dropped it)
    nobody = client.get(url, {"q": "Trần"}).content.decode()
    assert 'data-testid="no-match"' in nobody and "Nguyễn Văn Giáo" not in nobody


def test_a_year_asked_for_lists_that_years_batches(h):
    """A report's figure opens the honours page of its year: the batches received that year, not every
    batch (examiners 61, 62)."""
    batch = make_batch(h)
    year = batch.received_on.year
    client = signed_in(h.specialist)
    page = client.get(reverse("honours:home"), {"year": year}).content.decode()
    assert batch.code in page and f"Các đợt tiếp nhận năm {year}" in page
    page = client.get(reverse("honours:home"), {"year": year - 1}).content.decode()
    assert batch.code not in page and f"Không có đợt nào bạn được xem tiếp nhận trong năm {year - 1}." in page
    page = client.get(reverse("honours:home")).content.decode()
    assert batch.code in page and "Các đợt tiếp nhận năm" not in page
