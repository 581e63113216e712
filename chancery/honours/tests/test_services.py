"""A batch from list to verdicts: import with its row errors, re-import without duplicates, appraisal
against the history on file, cross-checks, overrides in the audit trail, and who may do what."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from chancery.core import audit
from chancery.core.models import AuditEvent
from chancery.honours import services
from chancery.honours.models import AwardRecord, Honoree, HonoursBatch, Nomination, Verdict
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


def test_batches_are_numbered_in_the_year(h):
    first, second = make_batch(h), make_batch(h)
    assert (first.number, second.number, first.year) == (1, 2, 2025)
    assert first.owning_unit == h.department


def test_a_list_is_imported_with_its_bad_rows_reported_and_the_good_ones_kept(h):
    batch = make_batch(h)
    rows = [
        good_row(1),
        [2, "", 1980, "x", "Huân chương Lao động hạng Ba", "", "", "", "", ""],  # no name
        [3, "Trần Thị Ba", 1980, "x", "Huân chương Không Có", "", "", "", "", ""],  # unknown award
        [4, "Lê Văn Tư", 1980, "x", "HCLĐ hạng Ba", "5/QĐ-TTg", "", "", "", ""],  # number without a date
        [
            5,
            "Phạm Văn Năm",
            1980,
            "x",
            "Huân chương Lao động hạng Ba",
            "",
            "",
            "2019-20x",
            "",
            "",
        ],  # bad years
        good_row(6),
    ]
    job = import_list(h, batch, workbook(rows))
    assert job.status == "done"
    assert job.result["stored"] == 2 and job.result["skipped"] == 4
    problems = "\n".join(job.result["problems"])
    assert "Dòng 3: Thiếu “Họ và tên (tên tập thể)”" in problems
    assert "Dòng 4: Cột “Hình thức khen thưởng”: Hình thức khen thưởng không có trong danh mục" in problems
    assert "Dòng 5: Khen thưởng trước: ghi cả số và ngày quyết định." in problems
    assert "Dòng 6: Cột “Năm hoàn thành xuất sắc nhiệm vụ”" in problems
    assert sorted(Nomination.objects.values_list("row", flat=True)) == [2, 7]


def test_importing_the_corrected_list_again_adds_no_one_twice(h):
    batch = make_batch(h)
    rows = [good_row(1), [2, "Trần Thị Hai", 1980, "x", "Huân chương Không Có", "", "", "", "", ""]]
    import_list(h, batch, workbook(rows))
    rows[1][4] = "Huân chương Lao động hạng Ba"
    job = import_list(h, batch, workbook(rows))
    assert job.result["problems"] == [] and (job.result["stored"], job.result["skipped"]) == (2, 0)
    assert (job.result["added"], job.result["unchanged"], job.result["removed"]) == (1, 1, 0)
    assert Nomination.objects.filter(batch=batch).count() == 2
    assert Honoree.objects.count() == 2


def test_the_same_person_twice_in_one_list_is_refused(h):
    batch = make_batch(h)
    job = import_list(h, batch, workbook([good_row(1, "Ngô Bá Khá"), good_row(2, "Ngô Bá Khá")]))
    assert job.result["problems"] == ["Dòng 3: trùng với dòng 2 (cùng người, cùng hình thức)."]
    assert job.result["stored"] == 1


def test_a_custom_column_mapping_reads_a_list_with_other_headings(h):
    batch = make_batch(h)
    headings = ["Tên người được đề nghị", "Danh hiệu"]
    job = import_list(
        h, batch, workbook([["Vũ Thị Sáu", "HCLĐ hạng Ba"]], headings), mapping={"name": 0, "award": 1}
    )
    assert job.result["stored"] == 1
    assert Nomination.objects.get().award == "hcld-3"


def test_appraisal_reads_the_history_on_file_and_counts_the_verdicts(h):
    batch = make_batch(h)
    import_list(h, batch, workbook([good_row(1), good_row(2), good_row(3)]))
    first, second, _third = Nomination.objects.order_by("row").select_related("honoree")
    for n in (first, second):
        services.record_award(
            actor=None,
            honoree=n.honoree,
            award="bk-ttg",
            decision_number=f"{98 + n.row}/QĐ-TTg",
            decided_on=date(2018, 6, 1),
        )
    services.record_award(
        actor=None,
        honoree=second.honoree,
        award="hcld-3",
        decision_number="77/QĐ-CTN",
        decided_on=date(2015, 1, 5),
    )
    job = appraise(h, batch)
    assert job.status == "done", job.error
    batch.refresh_from_db()
    assert batch.state == "appraised" and batch.appraisal_seconds is not None
    verdicts = dict(Nomination.objects.values_list("row", "outcome"))
    assert verdicts == {2: Verdict.PASS, 3: Verdict.FAIL, 4: Verdict.REVIEW}  # 4: the certificate not on file
    assert "77/QĐ-CTN" in Nomination.objects.get(row=3).summary
    assert job.result["pass"] == 1


def test_a_second_proposal_in_the_same_year_is_flagged_in_both_batches(h):
    one, two = make_batch(h), make_batch(h)
    import_list(h, one, workbook([good_row(1, "Đinh Công Tráng")]))
    import_list(h, two, workbook([good_row(1, "Đinh Công Tráng")]))
    appraise(h, two)
    nomination = Nomination.objects.get(batch=two)
    assert nomination.outcome == Verdict.REVIEW
    assert f"đợt {one.code}" in nomination.summary


def test_an_override_needs_a_reason_and_is_in_the_audit_trail(h):
    batch = make_batch(h)
    import_list(h, batch, workbook([good_row(1)]))
    appraise(h, batch)
    nomination = Nomination.objects.get()
    with pytest.raises(ValidationError):
        services.override_verdict(
            actor=h.specialist, nomination=nomination, outcome=Verdict.PASS, reason="ok"
        )
    services.override_verdict(
        actor=h.specialist,
        nomination=nomination,
        outcome=Verdict.PASS,
        reason="Đã đối chiếu bản sao Quyết định 101/QĐ-TTg",
    )
    nomination.refresh_from_db()
    assert (nomination.verdict, nomination.outcome) == (Verdict.REVIEW, Verdict.PASS)
    # the list shows the specialist's reason beside their outcome, not the engine's case for the verdict
    client = Client()
    client.force_login(h.specialist)
    page = client.get(reverse("honours:batch", args=[batch.pk])).content.decode()
    assert "Điều chỉnh:" in page and "101/QĐ-TTg" in page
    assert nomination.summary[:40] not in page
    event = AuditEvent.objects.filter(message__contains="Điều chỉnh kết quả").get()
    assert "101/QĐ-TTg" in event.message and event.actor == h.specialist
    appraise(h, batch)  # appraising again keeps the override
    nomination.refresh_from_db()
    assert nomination.outcome == Verdict.PASS
    services.override_verdict(actor=h.specialist, nomination=nomination, outcome="", reason="")
    nomination.refresh_from_db()
    assert nomination.outcome == Verdict.REVIEW


def test_someone_of_another_department_can_neither_import_nor_override(h):
    batch = make_batch(h)
    with pytest.raises(PermissionDenied):
        services.start_import(actor=h.outsider, batch=batch, upload=None, mapping={})
    import_list(h, batch, workbook([good_row(1)]))
    appraise(h, batch)
    with pytest.raises(PermissionDenied):
        services.override_verdict(
            actor=h.outsider,
            nomination=Nomination.objects.get(),
            outcome=Verdict.PASS,
            reason="Lý do đầy đủ ở đây",
        )


def test_appraising_an_empty_batch_is_refused(h):
    with pytest.raises(ValidationError, match="chưa có danh sách"):
        services.start_appraisal(actor=h.specialist, batch=make_batch(h))
    assert HonoursBatch.objects.get().state == "received"


def test_a_revoked_award_stays_in_the_history_and_counts_for_nothing(h):
    batch = make_batch(h)
    import_list(h, batch, workbook([good_row(1)]))
    honoree = Honoree.objects.get()
    record = services.record_award(
        actor=None, honoree=honoree, award="bk-ttg", decision_number="101/QĐ-TTg", decided_on=date(2018, 6, 1)
    )
    services.revoke_award(
        actor=h.specialist, record=record, decision_number="5/QĐ-TTg", revoked_on=date(2024, 5, 1)
    )
    appraise(h, batch)
    assert AwardRecord.objects.get().revoked
    nomination = Nomination.objects.get()
    prior = next(f for f in nomination.findings if f["code"] == "prior_award")
    assert prior["outcome"] == "fail"
    assert "đã bị hủy bỏ (5/QĐ-TTg)" in prior["reason"]


def test_a_corrected_list_may_swap_two_rows(h):
    batch = make_batch(h)
    import_list(h, batch, workbook([good_row(1, "Hà Văn Một"), good_row(2, "Hà Văn Hai")]))
    job = import_list(h, batch, workbook([good_row(1, "Hà Văn Hai"), good_row(2, "Hà Văn Một")]))
    assert job.result["problems"] == [] and job.result["stored"] == 2
    assert dict(Nomination.objects.values_list("row", "honoree__name")) == {2: "Hà Văn Hai", 3: "Hà Văn Một"}
    assert Honoree.objects.count() == 2


def test_cells_typed_by_excel_are_read_as_dates_and_numbers(h):
    from datetime import datetime

    batch = make_batch(h)
    row = good_row(1)
    row[6] = datetime(2018, 6, 1)  # a date cell, not text
    row[7] = 2021  # a number cell
    job = import_list(h, batch, workbook([row]))
    assert job.result["stored"] == 1, job.result
    facts = Nomination.objects.get().facts
    assert facts["claimed_prior"]["decided_on"] == "2018-06-01"
    assert facts["ratings"]["2021"] == "excellent"


def test_a_posthumous_nomination_is_judged_as_posthumous(h):
    batch = make_batch(h)
    import_list(h, batch, workbook([good_row(1)]))
    nomination = Nomination.objects.select_related("honoree").get()
    nomination.posthumous = True
    nomination.facts = {**nomination.facts, "died_on": "2099-01-01"}
    nomination.save()
    facts = services.facts_of([nomination], proposed_on=batch.proposed_on, year=batch.year)[nomination.pk]
    assert facts["posthumous"] is True
    appraise(h, batch)
    nomination.refresh_from_db()
    assert nomination.outcome == Verdict.FAIL
    assert "sau ngày đề nghị" in nomination.summary


def test_nominees_to_review_are_settled_together_each_with_its_line_in_the_audit_trail(h):
    batch = make_batch(h)
    medal = good_row(3)
    medal[4] = "Huy chương Chiến sĩ vẻ vang hạng Ba"  # no years of service in the list: to review
    import_list(h, batch, workbook([good_row(1), good_row(2), medal]))
    appraise(h, batch)
    assert services.counts_of(batch)[Verdict.REVIEW] == 3
    from chancery.honours.selectors import review_awards

    assert review_awards(batch) == [
        ("hcld-3", "Huân chương Lao động hạng Ba", 2),
        ("hccsvv-3", "Huy chương Chiến sĩ vẻ vang hạng Ba", 1),
    ]
    with pytest.raises(ValidationError, match="ít nhất 10"):
        services.settle_reviews(actor=h.specialist, batch=batch, award="hcld-3", outcome="pass", reason="ok")
    with pytest.raises(ValidationError):
        services.settle_reviews(
            actor=h.specialist, batch=batch, award="hcld-3", outcome="review", reason="Lý do đủ dài ở đây"
        )
    with pytest.raises(PermissionDenied):
        services.settle_reviews(
            actor=h.outsider, batch=batch, award="", outcome="pass", reason="Lý do đủ dài ở đây"
        )
    settled = services.settle_reviews(
        actor=h.specialist,
        batch=batch,
        award="hcld-3",
        outcome="pass",
        reason="Đã đối chiếu bản sao các Quyết định tặng Bằng khen của Thủ tướng",
    )
    assert settled == 2
    assert dict(Nomination.objects.values_list("row", "outcome")) == {
        2: Verdict.PASS,
        3: Verdict.PASS,
        4: Verdict.REVIEW,
    }
    assert Nomination.objects.filter(override="pass", overridden_by=h.specialist).count() == 2
    lines = AuditEvent.objects.filter(message__contains="Đã đối chiếu bản sao các Quyết định")
    assert sorted(e.message.split(" (")[0] for e in lines) == [
        "Điều chỉnh kết quả thẩm định dòng 2",
        "Điều chỉnh kết quả thẩm định dòng 3",
    ]
    audit.seal_pending()  # what the commit does
    assert audit.verify_chain().is_intact
    with pytest.raises(ValidationError, match="Không còn đề nghị"):
        services.settle_reviews(
            actor=h.specialist, batch=batch, award="hcld-3", outcome="pass", reason="Lý do đủ dài ở đây"
        )
    assert services.settle_reviews(
        actor=h.specialist, batch=batch, award="", outcome="fail", reason="Bộ chưa xác nhận số năm công tác"
    )
    assert services.counts_of(batch).get(Verdict.REVIEW, 0) == 0


PERIOD_HEADINGS = [
    "STT",
    "Họ và tên",
    "Năm sinh",
    "Đơn vị công tác",
    "Hình thức khen thưởng",
    "Số quyết định khen thưởng trước",
    "Ngày quyết định khen thưởng trước",
    "Giai đoạn thành tích của khen thưởng trước",
    "Năm hoàn thành xuất sắc nhiệm vụ",
    "Năm hoàn thành tốt nhiệm vụ",
    "Chiến sĩ thi đua cơ sở (năm)",
]


def _after_2019_certificate(n: int, period: str) -> list:
    """A Bằng khen of the Prime Minister decided 15/03/2019 (for 2014–2018 when the list says so), then
    2019–2023 rated good or better with 2021 excellent and three grassroots titles; proposed in 2024."""
    return [
        n,
        f"Lý Thị Kỳ {n}",
        1976,
        "Trường THPT Nguyễn Trãi",
        "Huân chương Lao động hạng Ba",
        f"{400 + n}/QĐ-TTg",
        "15/03/2019",
        period,
        "2021",
        "2019-2020, 2022-2023",
        "2019, 2021, 2023",
    ]


def test_the_prior_awards_period_flows_from_the_list_and_the_history_to_the_verdict(h):
    """Nghị định 98/2023, Điều 30.9: a Bằng khen decided 3/2019 for 2014–2018 lets 2019–2023 count."""
    batch = make_batch(h, proposed_on=date(2024, 3, 10))
    rows = [
        _after_2019_certificate(1, "2014-2018"),
        _after_2019_certificate(2, ""),
        _after_2019_certificate(3, ""),
    ]
    job = import_list(h, batch, workbook(rows, PERIOD_HEADINGS))
    assert job.result["stored"] == 3, job.result
    declared, silent, recorded = Nomination.objects.order_by("row").select_related("honoree")
    assert declared.facts["claimed_prior"]["period"] == [2014, 2018]
    for n in (declared, silent):
        services.record_award(
            actor=None,
            honoree=n.honoree,
            award="bk-ttg",
            decision_number=f"{400 + n.row - 1}/QĐ-TTg",
            decided_on=date(2019, 3, 15),
        )
    record = services.record_award(
        actor=None,
        honoree=recorded.honoree,
        award="bk-ttg",
        decision_number="403/QĐ-TTg",
        decided_on=date(2019, 3, 15),
        period=(2014, 2018),
    )
    assert record.period == "2014–2018"
    facts = services.facts_of([recorded], proposed_on=batch.proposed_on, year=batch.year)[recorded.pk]
    assert facts["held"][0]["period_to"] == 2018
    appraise(h, batch)
    verdicts = dict(Nomination.objects.values_list("row", "outcome"))
    # 2: the period declared only by the list: a person checks the decision; 4: the period on file passes
    assert verdicts == {2: Verdict.REVIEW, 3: Verdict.FAIL, 4: Verdict.PASS}
    assert "kê khai của danh sách" in Nomination.objects.get(row=2).summary
    assert "sau năm 2019" in Nomination.objects.get(row=3).summary
    assert ".;" not in Nomination.objects.get(row=3).summary


def test_a_period_that_ends_after_its_decision_is_refused_in_the_history(h):
    batch = make_batch(h)
    import_list(h, batch, workbook([good_row(1)]))
    honoree = Honoree.objects.get()
    with pytest.raises(ValidationError, match="Giai đoạn thành tích"):
        services.record_award(
            actor=None,
            honoree=honoree,
            award="bk-ttg",
            decision_number="1/QĐ-TTg",
            decided_on=date(2019, 3, 15),
            period=(2016, 2020),
        )


def test_a_medal_nominee_outside_the_armed_forces_fails_from_the_list(h):
    batch = make_batch(h)
    headings = [
        "STT",
        "Họ và tên",
        "Năm sinh",
        "Hình thức khen thưởng",
        "Số năm công tác liên tục",
        "Lực lượng",
    ]
    rows = [
        [1, "Trần Quân Một", 1970, "Huy chương Quân kỳ quyết thắng", 26, "Quân đội nhân dân"],
        [2, "Trần Dân Hai", 1970, "Huy chương Quân kỳ quyết thắng", 26, "Không"],
        [3, "Trần Công An Ba", 1970, "Huy chương Quân kỳ quyết thắng", 26, "Công an nhân dân"],
    ]
    job = import_list(h, batch, workbook(rows, headings))
    assert job.result["stored"] == 3, job.result
    appraise(h, batch)
    verdicts = dict(Nomination.objects.values_list("row", "outcome"))
    assert verdicts == {2: Verdict.PASS, 3: Verdict.FAIL, 4: Verdict.FAIL}
    assert "Quân đội nhân dân" in Nomination.objects.get(row=4).summary


def test_only_the_honours_units_open_a_batch(h, client):
    """A specialist of another unit reads what the policy shows, but opens no batch and starts no job; a
    specialist of a division under the honours department does (CHANCERY_HONOURS_UNITS, default its code)."""
    from chancery.core.models import RoleCode, Unit
    from chancery.core.tests.factories import make_staff

    division = Unit.objects.create(code="phong-huan-chuong", name="Phòng Huân chương", parent=h.department)
    below = make_staff("chuyenvien.hc", unit=division, roles=(RoleCode.SPECIALIST,))
    assert services.can_work_on_honours(below) and services.can_work_on_honours(h.specialist)
    assert not services.can_work_on_honours(h.outsider)
    with pytest.raises(PermissionDenied):
        services.create_batch(
            actor=h.outsider, title="Đợt lạ", proposing_body=h.ministry, proposed_on=date(2025, 3, 10)
        )
    batch = make_batch(h)
    with pytest.raises(PermissionDenied):
        services.start_appraisal(actor=h.outsider, batch=batch)
    client.force_login(h.outsider)
    page = client.get("/honours/batches/new/")
    assert page.status_code == 403
    assert "Vụ Thi đua" in page.content.decode()
