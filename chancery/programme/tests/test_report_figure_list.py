"""A report's figure opens the list behind it on the report's own page of that figure: the report counts every
record of the office (numbers only), the list shows the records the reader may open and says how many it
leaves out, so that a figure is checked against its records by anyone and nobody sees a record above their
clearance (the examiners of issue 28 found a report's 12.002 documents listed as 11.750, without a word)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from chancery.core.models import SecrecyLevel
from chancery.core.tests.factories import signed_in
from chancery.documents.tests.factories import receive
from chancery.programme import services
from chancery.programme.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def month_report(office):
    today = timezone.localdate()
    receive(office, received_on=today, summary="Công văn thường về lịch làm việc")
    receive(
        office,
        received_on=today,
        secrecy=SecrecyLevel.SECRET,
        reference="12/BNV-M",
        summary="Công văn mật về phương án nhân sự",
    )
    return services.draft_report(
        actor=office.specialist, kind=Report.MONTHLY, year=today.year, month=today.month
    )


def _figure_page(person, report, key, **params):
    return signed_in(person).get(reverse("programme:report_figure", args=[report.pk, key]), params)


def test_the_reader_below_a_records_clearance_is_told_what_the_list_leaves_out(office, month_report):
    # Phó Chủ nhiệm reads every record of the office up to confidential: the secret letter is counted, not shown
    response = _figure_page(office.deputy, month_report, "documents_received")
    page = response.content.decode()
    assert response.status_code == 200
    assert "ghi 2 cho “Công tác văn thư: Văn bản đến”" in page
    assert "Danh sách hiện 1 hồ sơ bạn được xem. 1 hồ sơ còn lại có độ mật cao hơn quyền của bạn" in page
    assert "Công văn thường về lịch làm việc" in page
    assert "phương án nhân sự" not in page and "12/BNV-M" not in page
    # the specialist who drafts the report opens only the records of their unit's work: none of these
    page = _figure_page(office.specialist, month_report, "documents_received").content.decode()
    assert "Danh sách hiện 0 hồ sơ bạn được xem. 2 hồ sơ còn lại" in page
    assert "lịch làm việc" not in page and "phương án nhân sự" not in page


def test_a_reader_cleared_for_every_record_sees_the_whole_figure(office, month_report):
    # Chủ nhiệm reads the reports and is cleared for top secret
    page = _figure_page(office.leader, month_report, "documents_received").content.decode()
    assert 'data-testid="figure-complete"' in page and 'data-testid="figure-hidden"' not in page
    assert "Công văn mật về phương án nhân sự" in page


def test_records_entered_after_the_figures_were_taken_are_pointed_out(office, month_report):
    receive(office, received_on=timezone.localdate(), reference="77/BNV-VP", summary="Công văn đến muộn")
    page = _figure_page(office.leader, month_report, "documents_received").content.decode()
    assert "ghi 2 cho" in page and "nay toàn Văn phòng có 3 hồ sơ như vậy" in page
    services.refresh_figures(actor=office.specialist, report=month_report)
    page = _figure_page(office.leader, month_report, "documents_received").content.decode()
    assert "ghi 3 cho" in page and 'data-testid="figure-changed"' not in page


def test_the_figures_list_keeps_the_figures_filters_whatever_the_link_says(office, month_report):
    # a hand-edited link cannot turn the office-wide count onto other records: only the figure's own filters
    # are applied (the sort and the page are the reader's)
    page = _figure_page(
        office.specialist, month_report, "documents_received", received_from="2000-01-01", sender="Bộ"
    ).content.decode()
    assert "ghi 2 cho" in page and 'data-testid="figure-changed"' not in page
    assert _figure_page(office.specialist, month_report, "documents_received", sort="-id").status_code == 200


def test_who_may_not_read_the_report_may_not_open_its_figures(office, month_report):
    # a specialist of a unit that does not prepare reports is told why; a figure the report does not have
    refused = _figure_page(office.legal_specialist, month_report, "documents_received")
    assert refused.status_code == 403
    assert "dành cho lãnh đạo và đơn vị tham mưu tổng hợp" in refused.content.decode()
    assert _figure_page(office.specialist, month_report, "no_such_figure").status_code == 404


def test_a_figure_counted_on_a_modules_own_page_opens_that_page(office, month_report):
    response = _figure_page(office.specialist, month_report, "honours_nominated")
    assert response.status_code == 302 and response.url.startswith(reverse("honours:home"))


def test_a_report_drafted_before_its_figure_had_a_list_opens_the_list_of_now(office, month_report):
    # the examiner of this change: a report drafted the day before kept its treaties' and events' old links
    # (the treaties of the whole year, the calendar from the first day on)
    for area in month_report.figures["areas"]:
        for figure in area["figures"]:
            if figure["key"] in ("treaties_sign", "events_state_visit"):
                figure["url"] = "/foreign/treaties/?year=2026"
    Report.objects.filter(pk=month_report.pk).update(figures=month_report.figures)
    for key in ("treaties_sign", "events_state_visit"):
        response = _figure_page(office.leader, month_report, key)
        assert response.status_code == 200 and 'data-testid="report-figure"' in response.content.decode(), key


def test_an_order_the_list_does_not_have_is_left_out_not_an_error_in_place_of_the_list(office, month_report):
    page = _figure_page(office.leader, month_report, "documents_received", sort="-number").content.decode()
    assert 'data-testid="report-figure"' in page and "Công văn thường về lịch làm việc" in page


def test_the_head_of_another_unit_reads_the_report_but_does_not_rewrite_it(office, month_report):
    """The examiner of this change saved the narrative as the head of Vụ Đối ngoại: the reports are written by
    the unit that prepares them and the leadership (access.can_write_report); the other heads read them."""
    from django.core.exceptions import PermissionDenied

    reader = signed_in(office.legal_head)  # Vụ trưởng Vụ Pháp luật
    url = reverse("programme:report", args=[month_report.pk])
    page = reader.get(url).content.decode()
    assert 'data-testid="narrative-read"' in page and 'data-testid="narrative-form"' not in page
    assert "Lấy lại số liệu" not in page
    assert reader.post(url, {"overview": "Sửa trái phép"}).status_code == 403
    assert reader.post(reverse("programme:report_refresh", args=[month_report.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.draft_report(actor=office.legal_head, kind=Report.MONTHLY, year=2026, month=1)
    month_report.refresh_from_db()
    assert "Sửa trái phép" not in str(month_report.narrative)
    writer = signed_in(office.head).get(url).content.decode()  # Vụ trưởng Vụ Tổng hợp
    assert 'data-testid="narrative-form"' in writer


def test_a_reader_is_not_offered_what_only_the_writers_do(office, month_report):
    """Examiner 64: the heads of the other units were offered the form to draft a report, and the figure's
    note told them to press a button they do not have."""
    from chancery.documents.tests.factories import receive

    reader = signed_in(office.legal_head)
    page = reader.get(reverse("programme:reports")).content.decode()
    assert 'data-testid="report-form"' not in page and 'data-testid="report-readers"' in page
    assert (
        'data-testid="report-form"'
        in signed_in(office.head).get(reverse("programme:reports")).content.decode()
    )
    receive(office, received_on=timezone.localdate(), reference="88/BNV-VP", summary="Công văn đến sau")
    page = _figure_page(office.legal_head, month_report, "documents_received").content.decode()
    assert (
        "Đơn vị tham mưu tổng hợp hoặc lãnh đạo lấy lại số liệu" in page
        and "Bấm “Lấy lại số liệu”" not in page
    )


def test_the_narrative_api_refuses_who_may_not_write_before_reading_the_body(office, month_report):
    from chancery.core.tests.test_api import api_as

    url = f"/api/v1/reports/{month_report.pk}/narrative/"
    assert api_as(office.legal_specialist).post(url, {}, format="json").status_code == 404  # may not read it
    assert api_as(office.legal_head).post(url, {}, format="json").status_code == 403  # reads, may not write
    writer = api_as(office.specialist)
    unknown = writer.post(url, {"sections": {"overview": "Tốt.", "bogus": "x"}}, format="json")
    assert unknown.status_code == 400 and "bogus" in str(unknown.json())
    too_long = writer.post(url, {"sections": {"overview": "x" * 20_001}}, format="json")
    assert too_long.status_code == 400
    assert writer.post(url, {"sections": {"overview": "Tốt."}}, format="json").status_code == 200
    month_report.refresh_from_db()
    assert month_report.narrative["overview"] == "Tốt."
