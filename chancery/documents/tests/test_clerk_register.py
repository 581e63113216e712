"""The clerk keeps the register (NĐ 30/2020 Art. 16): the registers a clerk prints hold every line, whatever
the clerk may open; a line above the clerk's clearance keeps its number and dates with the subject withheld;
anyone else prints a marked extract of what they may see; each print is audited (issue 30, item 3)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.storage import default_storage
from freezegun import freeze_time
from openpyxl import load_workbook

from chancery.core import jobs
from chancery.core.models import AuditEvent, RoleCode, SecrecyLevel
from chancery.core.tests.factories import make_staff
from chancery.documents import services
from chancery.documents.tests.factories import Office, incoming_data, issued

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_media")]


def printed(user, **params) -> list[tuple]:
    values = {"register": "outgoing", "start": "2026-11-01", "end": "2026-11-30", "format": "xlsx", **params}
    job = jobs.start_job(actor=user, kind="document_register", params=values)
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == "done", job.error
    with default_storage.open(job.result["file"], "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    return list(sheet.iter_rows(values_only=True))


def _issue_three(office: Office) -> None:
    issued(office, summary="Văn bản thứ nhất")
    issued(office, summary="Văn bản thứ hai")
    issued(office, actor=office.legal_specialist, summary="Văn bản của Vụ Pháp luật")


def _received_by_the_leader(office: Office, secrecy: int, summary: str, day: int) -> None:
    services.register_incoming(
        actor=office.leader,
        data=incoming_data(
            office, secrecy=secrecy, summary=summary, received_on=date(2026, 11, day), issued_on=None
        ),
    )


@freeze_time("2026-11-20 10:00")
def test_the_clerk_prints_every_line_of_the_register(office: Office) -> None:
    _issue_three(office)
    _received_by_the_leader(office, SecrecyLevel.NONE, "Văn bản lãnh đạo nhận trực tiếp", 3)
    for clerk in (office.clerk, office.junior_clerk):
        outgoing = printed(clerk)
        assert [r[0] for r in outgoing[3:]] == ["01/VPCTN-TH", "02/VPCTN-TH", "03/VPCTN-PL"]
        assert {r[2] for r in outgoing[3:]} == {
            "Công văn: Văn bản thứ nhất",
            "Công văn: Văn bản thứ hai",
            "Công văn: Văn bản của Vụ Pháp luật",
        }
        assert "Bản trích" not in outgoing[1][0]
        incoming = printed(clerk, register="incoming")
        assert [r[5] for r in incoming[3:]] == ["Công văn: Văn bản lãnh đạo nhận trực tiếp"]


@freeze_time("2026-11-20 10:00")
def test_a_clerk_prints_the_secret_lines_made_before_they_kept_the_register(office: Office) -> None:
    """Lines the clerk was never given: a secret document the leadership registered itself, and secret
    documents issued before this clerk joined the clerical office."""
    issued(office, secrecy=SecrecyLevel.CONFIDENTIAL, summary="Văn bản mật đã ban hành")
    _received_by_the_leader(office, SecrecyLevel.CONFIDENTIAL, "Văn bản mật lãnh đạo nhận", 3)
    newcomer = make_staff(
        "vanthu4", unit=office.clerical, roles=(RoleCode.CLERK,), clearance=SecrecyLevel.SECRET
    )
    for clerk in (office.clerk, newcomer):
        outgoing = printed(clerk, secret=True)[3:]
        assert [r[2] for r in outgoing] == ["Công văn: Văn bản mật đã ban hành"]
        incoming = printed(clerk, register="incoming", secret=True)[3:]
        assert [r[5] for r in incoming] == ["Công văn: Văn bản mật lãnh đạo nhận"]


@freeze_time("2026-11-20 10:00")
def test_a_clerk_cleared_below_a_line_sees_its_number_but_not_its_subject(office: Office) -> None:
    clerk = make_staff(
        "vanthu3", unit=office.clerical, roles=(RoleCode.CLERK,), clearance=SecrecyLevel.CONFIDENTIAL
    )
    _received_by_the_leader(office, SecrecyLevel.CONFIDENTIAL, "Nội dung mật", 3)
    _received_by_the_leader(office, SecrecyLevel.SECRET, "Nội dung tối mật", 4)
    _received_by_the_leader(office, SecrecyLevel.TOP_SECRET, "Nội dung tuyệt mật", 5)
    lines = printed(clerk, register="incoming", secret=True)[3:]
    assert [(r[1], r[3], r[5]) for r in lines] == [
        ("01", "5123/BNV-TĐKT", "Công văn: Nội dung mật"),
        ("02", "5123/BNV-TĐKT", "Công văn: [Tối mật]"),
        ("03", "5123/BNV-TĐKT", "Công văn: [Tuyệt mật]"),
    ]
    text = repr(lines)
    assert "tối mật" not in text.replace("Tối mật", "") and "tuyệt mật" not in text.replace("Tuyệt mật", "")
    # the clerk cleared for Tối mật reads that subject, not the Tuyệt mật one
    cleared = [r[5] for r in printed(office.clerk, register="incoming", secret=True)[3:]]
    assert cleared == ["Công văn: Nội dung mật", "Công văn: Nội dung tối mật", "Công văn: [Tuyệt mật]"]


@freeze_time("2026-11-20 10:00")
def test_a_specialist_prints_only_a_marked_extract_not_the_whole_register(office: Office) -> None:
    _issue_three(office)
    whole = printed(office.clerk)[3:]
    extract = printed(office.legal_specialist)
    assert len(extract[3:]) < len(whole)
    assert {r[2] for r in extract[3:]} <= {"Công văn: Văn bản của Vụ Pháp luật"}
    assert "Bản trích" in extract[1][0]


@freeze_time("2026-11-20 10:00")
def test_a_clerk_of_another_unit_prints_only_an_extract(office: Office) -> None:
    """The petitions office's clerk is a clerk, not the keeper of the document registers (found by the
    examiner of issue 30: they printed every unit's outgoing register whole)."""
    from chancery.core.models import RoleCode
    from chancery.core.tests.factories import make_staff

    _issue_three(office)
    petitions_clerk = make_staff("vanthu.dt", unit=office.legal, roles=(RoleCode.CLERK,))
    whole = printed(office.clerk)[3:]
    extract = printed(petitions_clerk)
    assert "Bản trích" in extract[1][0]
    assert len(extract[3:]) < len(whole)


@freeze_time("2026-11-20 10:00")
def test_each_print_of_a_register_is_in_the_audit_trail(office: Office) -> None:
    _issue_three(office)
    before = AuditEvent.objects.filter(action="export").count()
    printed(office.clerk)
    printed(office.clerk, register="incoming")
    printed(office.specialist)
    events = list(AuditEvent.objects.filter(action="export").order_by("id"))[before:]
    assert [(e.actor, e.message.split(", từ ngày")[0]) for e in events] == [
        (office.clerk, "Xuất sổ đăng ký văn bản đi, toàn bộ sổ"),
        (office.clerk, "Xuất sổ đăng ký văn bản đến, toàn bộ sổ"),
        (office.specialist, "Xuất sổ đăng ký văn bản đi, bản trích"),
    ]
