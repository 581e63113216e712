"""Who wrote the demo's drafts, who reviewed them and when (issue 26, "what a Vietnamese office would send
back"): a specialist drafts, the heads of the drafting unit review, and a draft is written in the Office's
hours (Monday to Friday, 07:30-17:00 Vietnam time), never on a public holiday, whenever the demo is loaded."""

from __future__ import annotations

from datetime import time

import pytest
from django.utils import timezone
from freezegun import freeze_time

from chancery.core import selectors as core_selectors
from chancery.core.access import units_below
from chancery.core.demo import load_demo
from chancery.core.models import RoleCode
from chancery.documents import demo
from chancery.documents.models import ApprovalStep, DraftVersion, OutgoingDocument
from chancery.documents.tests.factories import Office, approved

pytestmark = pytest.mark.django_db


def _in_office_hours(moment, calendar) -> bool:
    local = timezone.localtime(moment)
    # a working day of the calendar: Monday to Friday but holidays, and a make-up Saturday (10/01/2026)
    return calendar.is_working_day(local.date()) and time(7, 30) <= local.time() <= time(17, 0)


@freeze_time("2026-05-04 15:40:00")  # 22:40 in Hà Nội, the Monday after the 30 April and 1 May holidays
def test_demo_drafts_are_written_by_specialists_in_office_hours_and_reviewed_by_their_heads() -> None:
    load_demo()
    demo.load_outgoing(300, year=2026)
    calendar = core_selectors.office_calendar(2025, 2026)
    documents = OutgoingDocument.objects.select_related("drafted_by", "owning_unit")
    assert documents.count() >= 300
    for document in documents:
        drafter = document.drafted_by
        assert drafter.username.startswith("chuyenvien."), (drafter.username, document.summary)
        assert RoleCode.HEAD_OF_UNIT not in drafter.role_codes
        assert _in_office_hours(document.created_at, calendar), timezone.localtime(document.created_at)
    steps = ApprovalStep.objects.select_related("document", "reviewer", "document__drafted_by")
    assert steps.filter(document__state="issued").exists()
    for step in steps:
        assert step.decided_at is None or _in_office_hours(step.decided_at, calendar), step.decided_at
        if step.decided_at and step.document.created_at:
            assert step.decided_at >= step.document.created_at
        if step.position == 1 and step.reviewer != step.document.signer:  # the drafting unit's head first
            reviewer = step.reviewer
            assert RoleCode.HEAD_OF_UNIT in reviewer.role_codes, reviewer.username
            assert reviewer.unit_id is not None
            assert step.document.drafted_by.unit_id in units_below(reviewer.unit_id)
    issued = documents.filter(state="issued", issuer="office")
    assert all(d.approval_steps.filter(status="approved").count() >= 2 for d in issued[:50])


@freeze_time("2026-05-02 14:00:00")  # 21:00 on a Saturday, the day after 1 May
def test_the_drafts_the_demo_makes_through_the_services_are_made_in_the_last_office_hours(office: Office):
    from chancery.core.models import AuditEvent

    with demo.demo_clock(demo.office_clock()):
        document = approved(office)
    document.refresh_from_db()
    assert timezone.localtime().hour == 21  # the real clock is back
    calendar = core_selectors.office_calendar(2026, 2026)
    # 30 April and 1 May are holidays: the last office day before is Wednesday 29 April
    assert timezone.localtime(document.created_at).date().isoformat() == "2026-04-29"
    moments = [document.created_at]
    moments += list(DraftVersion.objects.filter(document=document).values_list("created_at", flat=True))
    moments += [
        m for m in document.approval_steps.order_by("position").values_list("decided_at", flat=True) if m
    ]
    assert all(_in_office_hours(m, calendar) for m in moments), moments
    decided = [
        m for m in document.approval_steps.order_by("position").values_list("decided_at", flat=True) if m
    ]
    assert decided == sorted(decided) and decided[0] >= document.created_at  # their order kept
    history = AuditEvent.objects.filter(object_type="documents.outgoingdocument", object_id=document.pk)
    assert history.exists() and all(
        _in_office_hours(at, calendar) for at in history.values_list("at", flat=True)
    )


@freeze_time("2026-06-30 03:00:00")
def test_the_presidents_decisions_the_demo_issues_after_the_bulk_year_are_numbered_in_date_order() -> None:
    """The honours and amnesty loaders issue their decisions after the year's bulk documents: renumbered, a
    register's numbers rise with the issue date (issue 26), and each document, its line and its text agree."""
    from datetime import date

    from chancery.core.models import SecrecyLevel, Unit
    from chancery.documents import rules
    from chancery.documents.models import DocumentNumber

    load_demo()
    demo.load_outgoing(400, year=2026)
    unit = Unit.objects.get(code="phong-huan-chuong")
    early = demo.issued_document("Về việc khen thưởng (đợt 1/2026)", on=date(2026, 2, 10), owning_unit=unit)
    series = rules.outgoing_series("quyet_dinh", rules.Issuer.PRESIDENT, SecrecyLevel.NONE, normative=False)
    assert demo.number_decisions_by_date() > 0
    lines = list(DocumentNumber.objects.filter(series=series.code, year=2026).select_related("document"))
    ordered = sorted(lines, key=lambda line: line.number)
    days = [line.document.issued_on for line in ordered]
    assert None not in days and days == sorted(d for d in days if d is not None)
    assert [line.number for line in ordered] == list(range(1, len(lines) + 1))
    for line in ordered:
        assert line.document.number == line.number and line.document.number_text == line.text
    moved = OutgoingDocument.objects.get(summary="Về việc khen thưởng (đợt 1/2026)")
    assert moved.number_text != early and moved.drafted_by.username.startswith("chuyenvien.")
    assert demo.number_decisions_by_date() == 0  # once in order, nothing moves


@pytest.mark.usefixtures("_media")
def test_a_decision_whose_signed_file_prints_its_number_is_never_renumbered() -> None:
    """Found by the examiner of issue 26: a decision issued through the services (its signed PDF printing
    "Số: 1152/QĐ-CTN") was renumbered 1269 in the register when the honours loader issued earlier decisions
    after it. A document with a signed file keeps its number; the others are numbered around it."""
    from datetime import date

    from django.core.files.base import ContentFile

    from chancery.core.models import Unit
    from chancery.documents.models import DocumentNumber, DraftVersion

    load_demo()
    demo.load_outgoing(60, year=2026)
    unit = Unit.objects.get(code="phong-huan-chuong")
    signed = demo.issued_document(
        "Về việc cho thôi quốc tịch Việt Nam", on=date(2026, 11, 30), owning_unit=unit
    )
    DraftVersion.objects.create(
        document=signed,
        version=1,
        file=ContentFile(b"%PDF-1.4 signed", name="signed.pdf"),
        name="signed.pdf",
        sha256="0" * 64,
        size=15,
        is_signed=True,
        created_by=signed.drafted_by,
    )
    kept = signed.number_text
    demo.issued_document("Về việc khen thưởng (đợt 1/2026)", on=date(2026, 2, 10), owning_unit=unit)
    demo.number_decisions_by_date()
    signed.refresh_from_db()
    assert signed.number_text == kept
    assert DocumentNumber.objects.get(document=signed).text == kept


def test_an_incoming_documents_topic_fits_its_type_and_its_sender():
    """A province sends no Tờ trình on an ambassador's credentials; a Tờ trình asks, a report tells (the
    examiner of issue 26 read "Tờ trình đề nghị tình hình giải quyết khiếu nại")."""
    import random

    rng = random.Random(1)
    province = "Ủy ban nhân dân tỉnh Nghệ An"
    topics = {demo.incoming_topic(rng, "to_trinh", province) for _ in range(300)}
    assert "chuẩn bị tiếp nhận Quốc thư của Đại sứ" not in topics and "ân giảm án tử hình" not in topics
    assert not topics & set(demo.REPORT_TOPICS)
    assert {demo.incoming_topic(rng, "bao_cao", province) for _ in range(50)} <= set(demo.REPORT_TOPICS)
    assert "chuẩn bị tiếp nhận Quốc thư của Đại sứ" in {
        demo.incoming_topic(rng, "cong_van", "Bộ Ngoại giao") for _ in range(300)
    }


def test_each_document_the_demo_issues_in_bulk_has_its_history(settings) -> None:
    """Found by the examiner of issue 26: an issued decision's page said "Chưa có sự kiện nào". Each issued
    document has its issue in the trail, by its signer, with its final number, in office hours on its day;
    once."""
    from chancery.core import selectors as core_selectors
    from chancery.core.models import AuditEvent

    load_demo()
    demo.load_outgoing(80, year=2026)
    issued = OutgoingDocument.objects.filter(state="issued", year=2026)
    assert issued.exists()
    assert demo.record_issue_history(2026) == issued.count()
    assert demo.record_issue_history(2026) == 0
    calendar = core_selectors.office_calendar(2025, 2026)
    for document in issued:
        event = AuditEvent.objects.get(object_type="documents.outgoingdocument", object_id=document.pk)
        assert event.action == "transition" and event.message == document.number_text
        assert event.actor == document.signer
        assert timezone.localtime(event.at).date() == document.issued_on and _in_office_hours(
            event.at, calendar
        )
