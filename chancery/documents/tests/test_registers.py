"""The registers printed for a period (Phụ lục IV of Nghị định 30/2020) and the figures of the registers."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from freezegun import freeze_time
from openpyxl import load_workbook

from chancery.core import jobs
from chancery.core.models import AuditEvent, SecrecyLevel
from chancery.documents import services, stats
from chancery.documents.tests.factories import Office, approved, issued, receive

pytestmark = [pytest.mark.django_db]


def printed(user, **params) -> bytes:
    values = {"register": "incoming", "start": "2026-11-01", "end": "2026-11-30", "format": "xlsx", **params}
    job = jobs.start_job(actor=user, kind="document_register", params=values)
    jobs.run(job.pk)  # the worker's part (a queued job runs after the commit the test never makes)
    job.refresh_from_db()
    assert job.status == "done", job.error
    with default_storage.open(job.result["file"], "rb") as handle:
        return handle.read()


def rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(min_row=4, values_only=True))


@freeze_time("2026-11-20 10:00")
def test_the_incoming_register_lists_the_period_in_arrival_order(office: Office) -> None:
    receive(office, received_on=date(2026, 10, 30), issued_on=None)
    receive(office, received_on=date(2026, 11, 3), reference="1/BNV", issued_on=None)
    document = receive(office, received_on=date(2026, 11, 4), reference="2/BNV", issued_on=None, urgency=2)
    services.route_incoming(
        actor=office.leader,
        document=document,
        routing=services.Routing(lead_unit=office.general, cooperating_units=[office.legal]),
    )
    receive(office, received_on=date(2026, 11, 5), secrecy=SecrecyLevel.CONFIDENTIAL, issued_on=None)
    lines = rows(printed(office.clerk))
    assert [(r[1], r[3]) for r in lines] == [("02", "1/BNV"), ("03", "2/BNV")]
    assert lines[1][6] == "TH, PL"
    assert lines[1][8] == "Thượng khẩn"
    secret = rows(printed(office.clerk, secret=True))
    assert [r[1] for r in secret] == ["01"]


@freeze_time("2026-11-20 10:00")
def test_the_outgoing_register_keeps_a_cancelled_number_with_its_reason(office: Office) -> None:
    document = approved(office)
    services.send_for_signature(actor=office.specialist, document=document)
    services.refuse_signature(actor=office.leader, document=document, reason="Sửa đoạn 2")
    issued(office)
    lines = rows(printed(office.clerk, register="outgoing"))
    assert [(r[0], r[9]) for r in lines] == [
        ("01/VPCTN-TH", "Số đã hủy: Người ký trả lại: Sửa đoạn 2"),
        ("02/VPCTN-TH", None),
    ]


@freeze_time("2026-11-20 10:00")
@pytest.mark.parametrize("file_format", ["docx", "pdf"])
def test_the_register_prints_for_binding(office: Office, file_format: str) -> None:
    receive(office, received_on=date(2026, 11, 3), issued_on=None)
    content = printed(office.clerk, format=file_format)
    assert content.startswith(b"PK" if file_format == "docx" else b"%PDF-")
    export = AuditEvent.objects.filter(action="export", actor=office.clerk).latest("id")
    assert export.message.startswith("Xuất sổ đăng ký văn bản đến, toàn bộ sổ, từ ngày ")


def test_the_secret_register_needs_clearance(office: Office) -> None:
    with pytest.raises(ValidationError):
        jobs.start_job(
            actor=office.junior_clerk,
            kind="document_register",
            params={
                "register": "incoming",
                "secret": True,
                "start": "2026-01-01",
                "end": "2026-12-31",
                "format": "xlsx",
            },
        )


def test_a_bad_period_is_refused(office: Office) -> None:
    with pytest.raises(ValidationError):
        jobs.start_job(
            actor=office.clerk,
            kind="document_register",
            params={"register": "incoming", "start": "2026-12-31", "end": "2026-01-01", "format": "xlsx"},
        )


def test_an_administrator_without_a_working_role_cannot_print(office: Office) -> None:
    with pytest.raises(PermissionDenied):
        jobs.start_job(
            actor=office.admin,
            kind="document_register",
            params={"register": "incoming", "start": "2026-01-01", "end": "2026-12-31", "format": "xlsx"},
        )


def test_the_figures_count_on_time_late_and_overdue(office: Office) -> None:
    with freeze_time("2026-11-02 09:00"):
        on_time = receive(office, issued_on=None)
        late = receive(office, issued_on=None, doc_type="to_trinh")
        overdue = receive(office, issued_on=None)
        for document in (on_time, late, overdue):
            services.route_incoming(
                actor=office.leader,
                document=document,
                routing=services.Routing(lead_unit=office.general, days=2),
            )  # due Wednesday 4 November
    with freeze_time("2026-11-04 16:00"):
        services.close_incoming(actor=office.specialist, document=on_time, outcome="Đã xử lý")
    with freeze_time("2026-11-06 16:00"):
        services.close_incoming(actor=office.specialist, document=late, outcome="Đã xử lý")
    with freeze_time("2026-11-10 09:00"):
        figures = stats.overview(office.leader, date(2026, 11, 1), date(2026, 11, 30))
        assert (figures.timeliness.on_time, figures.timeliness.late, figures.timeliness.overdue) == (1, 1, 1)
        assert figures.received == 3
        assert ("Tờ trình", 1) in figures.received_by_type
        assert figures.received_by_unit == [("Vụ Tổng hợp", 3)]
        # a specialist of another unit counts only what they may see
        assert stats.overview(office.legal_specialist, date(2026, 11, 1), date(2026, 11, 30)).received == 0


def test_the_registers_page_shows_the_figures_and_starts_the_print(office: Office) -> None:
    from chancery.core.tests.factories import signed_in

    receive(office)
    client = signed_in(office.clerk)
    page = client.get("/documents/registers/?start=2026-01-01&end=2026-12-31")
    assert page.status_code == 200
    assert page.context["figures"].received == 1
    assert 'value="01/01/2026"' in page.content.decode()  # an ISO date in a link shown as dd/mm/yyyy
    # a date that does not exist: the reason beside the box, and no figures of another period under it
    for start, end in (("31/02/2026", "01/03/2026"), ("01/03/2026", "31/02/2026"), ("abc", "01/03/2026")):
        refused = client.get("/documents/registers/", {"start": start, "end": end})
        text = refused.content.decode()
        assert refused.context["figures"] is None and 'data-testid="received"' not in text, start
        assert 'data-testid="period-error"' in text and "Số liệu sẽ hiện khi" in text, start
    started = client.post(
        "/documents/registers/",
        {"register": "incoming", "start": "2026-01-01", "end": "2026-12-31", "format": "xlsx"},
    )
    assert started.status_code == 302
    assert "/jobs/" in started.url


@freeze_time("2026-11-20 10:00")
def test_a_subject_typed_as_a_formula_is_printed_as_that_text(office: Office) -> None:
    """The register's cells are texts: a sender's `=HYPERLINK(...)` is not a live link in the clerk's Excel."""
    receive(
        office,
        received_on=date(2026, 11, 3),
        sender=None,
        sender_name='=HYPERLINK("http://x","y")',
        reference="=1+1",
    )
    sheet = load_workbook(io.BytesIO(printed(office.clerk))).active
    cells = [cell for row in sheet.iter_rows(min_row=4) for cell in row if cell.value is not None]
    written = {cell.value: cell for cell in cells if isinstance(cell.value, str) and cell.value[:1] == "="}
    assert set(written) >= {'=HYPERLINK("http://x","y")', "=1+1"}
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in written.values())


def test_the_recipients_not_yet_sent_read_once_separated(office: Office) -> None:
    """The examiner of issue 30: "Nơi nhận" read "Như trên;; Lưu: VT." in the register."""
    from chancery.documents import registers

    document = issued(office, copies_to="Như trên;\nBộ Nội vụ;\nLưu: VT, TH.")
    assert registers._sent_to(document)[0] == "Như trên; Bộ Nội vụ; Lưu: VT, TH"
