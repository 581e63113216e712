"""Petitions services: every time limit started from the rules and every path from the record (issue 24), and
the API."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from freezegun import freeze_time

from chancery.casework.models import LegalClock
from chancery.core import selectors as core_selectors
from chancery.core import services as core_services
from chancery.core.models import AuditEvent
from chancery.petitions import rules, services
from chancery.petitions.models import (
    Field,
    Forwarding,
    LetterKind,
    Petition,
    PetitionKind,
)
from chancery.petitions.tests.factories import Office, clocks, denunciation, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("settings_media")]


# --- every time limit from the rules, every path from the record (issue 24) ---------------------------------


def assert_started_as(clock: LegalClock, period: rules.Period, start: date) -> None:
    """What production started is what the rule says: kind, length, unit, first day, label and due date."""
    assert (clock.kind, clock.days, clock.unit, clock.started_on, clock.label) == (
        period.key,
        period.days,
        period.unit,
        start,
        period.label,
    )
    calendar = core_selectors.office_calendar(start.year, start.year + 2)
    assert clock.due_on == period.due(calendar, start)


def running(petition: Petition) -> dict[str, LegalClock]:
    return {kind: clock for kind, clock in clocks(petition).items() if clock.stopped_on is None}


def handle(office: Office, petition: Petition, on: date) -> Petition:
    petition, decision = services.decide_petition(
        actor=office.specialist,
        petition=petition,
        data=services.DecisionData(checks={"within_competence": True}, on=on),
    )
    assert decision.path == rules.Path.HANDLE
    return petition


@freeze_time("2026-02-13")
def test_a_complaint_received_on_12_february_2026_is_accepted_by_23_february_then_resolved_in_30_days(office):
    petition = register(office.clerk, received_on=date(2026, 2, 12))
    (acceptance,) = running(petition).values()
    assert_started_as(acceptance, rules.COMPLAINT_ACCEPTANCE, date(2026, 2, 12))
    assert acceptance.due_on == date(2026, 2, 23)  # day 10 is Sunday 22/2, the end of Tết 2026
    petition = handle(office, petition, date(2026, 2, 13))
    found = clocks(petition)
    assert set(found) == {"complaint_acceptance", "complaint_resolution"}  # no second 10-day clock
    assert found["complaint_acceptance"].stopped_on == date(2026, 2, 13)
    period = rules.complaint_resolution(instance=1, complex_case=False, remote_area=False)
    assert_started_as(found["complaint_resolution"], period, date(2026, 2, 13))
    assert found["complaint_resolution"].due_on == date(2026, 3, 16)  # 30 days: Sunday 15/3, moved


@freeze_time("2026-11-05")
@pytest.mark.parametrize(
    ("kind", "named_agency"),
    [
        (PetitionKind.COMPLAINT, False),
        (PetitionKind.COMPLAINT, True),
        (PetitionKind.DENUNCIATION, False),
        (PetitionKind.DENUNCIATION, True),
        (PetitionKind.RECOMMENDATION, False),
        (PetitionKind.REFLECTION, True),
    ],
)
def test_registration_starts_the_time_limits_the_rules_give_the_kind(office, kind, named_agency):
    agency = office.agency if named_agency else None
    petition = register(office.clerk, kind=kind, competent_agency=agency, received_on=date(2026, 11, 3))
    expected = rules.intake_periods(rules.Kind(kind), competent_elsewhere=named_agency)
    found = running(petition)
    assert set(found) == {p.key for p in expected}
    for period in expected:
        assert_started_as(found[period.key], period, date(2026, 11, 3))


@freeze_time("2026-11-05")
def test_the_public_forms_registration_starts_its_clock_as_the_system(office):
    petition = register(None, kind=PetitionKind.DENUNCIATION)
    assert_started_as(running(petition)["denunciation_intake"], rules.DENUNCIATION_INTAKE, date(2026, 11, 2))
    events = AuditEvent.objects.filter(object_id=petition.pk, message__contains="tự động khi vào sổ")
    assert events.exists() and all(e.actor_id is None for e in events)


@freeze_time("2026-11-05")
@pytest.mark.parametrize(
    ("kind", "instance", "complex_case", "remote"),
    [
        (PetitionKind.COMPLAINT, 1, False, False),
        (PetitionKind.COMPLAINT, 1, True, False),
        (PetitionKind.COMPLAINT, 1, False, True),
        (PetitionKind.COMPLAINT, 2, True, True),
        (PetitionKind.COMPLAINT, None, False, False),
        (PetitionKind.DENUNCIATION, None, False, False),
        (PetitionKind.RECOMMENDATION, None, False, False),
    ],
)
def test_handling_starts_the_rules_resolution_time_from_acceptance(
    office, kind, instance, complex_case, remote
):
    petition = register(
        office.clerk,
        kind=kind,
        instance=instance,
        is_complex=complex_case,
        is_remote_area=remote,
        decision_known_on=date(2026, 10, 20) if kind == PetitionKind.COMPLAINT else None,
    )
    petition = handle(office, petition, date(2026, 11, 4))
    period = rules.handling_period(
        rules.Kind(kind), instance=instance or 1, complex_case=complex_case, remote_area=remote
    )
    (clock,) = running(petition).values()
    assert_started_as(clock, period, date(2026, 11, 4))


@freeze_time("2026-11-05")
def test_a_complex_complaint_in_a_remote_area_takes_the_longer_time_by_the_heads_decision(office):
    petition = handle(office, register(office.clerk), date(2026, 11, 3))
    with pytest.raises(PermissionDenied):  # 30 → 45 days lengthens the time limit: the head's decision
        services.set_case_facts(actor=office.specialist, petition=petition, facts={"is_complex": True})
    assert running(petition)["complaint_resolution"].days == 30
    services.set_case_facts(actor=office.head, petition=petition, facts={"is_complex": True})
    services.set_case_facts(actor=office.head, petition=petition, facts={"is_remote_area": True})
    petition.refresh_from_db()
    period = rules.complaint_resolution(instance=1, complex_case=True, remote_area=True)
    assert_started_as(running(petition)["complaint_resolution"], period, date(2026, 11, 3))
    assert period.days == 60 and petition.is_complex and petition.is_remote_area
    # not complex after all: shorter, which the specialist may record
    services.set_case_facts(actor=office.specialist, petition=petition, facts={"is_complex": False})
    assert running(petition)["complaint_resolution"].days == 45
    changes = " ".join(str(e.changes) for e in AuditEvent.objects.filter(object_id=petition.pk))
    assert "is_complex" in changes and "is_remote_area" in changes
    with pytest.raises(ValidationError):
        services.set_case_facts(actor=office.head, petition=petition, facts={"instance": 3})
    closed = services.close_petition(actor=office.specialist, petition=petition, outcome="Đã giải quyết")
    with pytest.raises(ValidationError):
        services.set_case_facts(actor=office.head, petition=closed, facts={"is_complex": True})


@freeze_time("2026-11-05")
def test_a_denunciation_checked_in_several_places_has_10_working_days_by_the_heads_decision(office):
    petition = denunciation(office.clerk)
    values: dict[str, Any] = {
        "kind": PetitionKind.DENUNCIATION,
        "field": Field.CORRUPTION,
        "competent_agency": None,
    }
    with pytest.raises(PermissionDenied):
        services.classify_petition(
            actor=office.specialist, petition=petition, facts={"checked_in_several_places": True}, **values
        )
    services.classify_petition(
        actor=office.head, petition=petition, facts={"checked_in_several_places": True}, **values
    )
    assert_started_as(
        running(petition)["denunciation_intake"], rules.DENUNCIATION_INTAKE_SEVERAL_PLACES, date(2026, 11, 2)
    )


@freeze_time("2026-11-05")
def test_a_denunciation_for_another_body_is_forwarded_within_5_working_days_of_receipt(office):
    named = denunciation(office.clerk, competent_agency=office.agency)
    assert_started_as(running(named)["denunciation_forward"], rules.DENUNCIATION_FORWARD, date(2026, 11, 2))
    named, _ = services.decide_petition(
        actor=office.specialist, petition=named, data=services.DecisionData(on=date(2026, 11, 5))
    )
    found = clocks(named)
    assert named.state == "forwarded" and found["denunciation_forward"].stopped_on == date(2026, 11, 5)
    letter = named.forwardings.get()
    calendar = core_selectors.office_calendar(2026, 2027)
    assert letter.answer_by == rules.agency_answer_by(calendar, rules.Kind.DENUNCIATION, date(2026, 11, 5))
    assert letter.answer_by is not None
    period = rules.agency_answer_period(office.agency.name, date(2026, 11, 5), letter.answer_by)
    assert_started_as(found["agency_answer"], period, date(2026, 11, 5))
    # Its agency chosen only when deciding: the 5 working days are recorded from receipt to the forwarding.
    later = denunciation(office.clerk)
    later, _ = services.decide_petition(
        actor=office.specialist,
        petition=later,
        data=services.DecisionData(agency=office.agency, on=date(2026, 11, 5)),
    )
    forward = clocks(later)["denunciation_forward"]
    assert (forward.started_on, forward.stopped_on, forward.days) == (date(2026, 11, 2), date(2026, 11, 5), 5)


@freeze_time("2026-11-05")
def test_only_a_denunciations_resolution_is_extended_every_other_time_limit_is_refused(office):
    complaint = handle(office, register(office.clerk), date(2026, 11, 3))
    with pytest.raises(PermissionDenied):
        services.extend_handling(actor=office.specialist, petition=complaint, days=10, reason="Phức tạp")
    with pytest.raises(ValidationError, match="Điều 28"):
        services.extend_handling(actor=office.head, petition=complaint, days=10, reason="Phức tạp")
    received = register(office.clerk)
    with pytest.raises(ValidationError, match="Điều 27"):
        services.extend_handling(actor=office.head, petition=received, days=5, reason="Chờ hồ sơ")
    forwarded, _ = services.decide_petition(
        actor=office.specialist,
        petition=register(office.clerk, kind=PetitionKind.RECOMMENDATION, summary="Kiến nghị khác"),
        data=services.DecisionData(agency=office.agency),
    )
    with pytest.raises(ValidationError, match="đôn đốc"):
        services.extend_handling(actor=office.head, petition=forwarded, days=5, reason="Cơ quan xin thêm")
    assert not any(
        c.extensions.exists() for p in (complaint, received, forwarded) for c in clocks(p).values()
    )


@freeze_time("2026-11-05")
def test_the_record_decides_what_a_check_cannot_deny(office):
    anonymous = denunciation(office.clerk, petitioners=[], is_anonymous=True)
    with pytest.raises(ValidationError) as error:
        services.decide_petition(
            actor=office.specialist,
            petition=anonymous,
            data=services.DecisionData(checks={"anonymous": False}, agency=office.agency),
        )
    assert "anonymous" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.decide_petition(
            actor=office.specialist, petition=anonymous, data=services.DecisionData(checks={"path": True})
        )
    in_time = register(office.clerk, decision_known_on=date(2026, 10, 1))
    with pytest.raises(ValidationError) as error:
        services.decide_petition(
            actor=office.specialist,
            petition=in_time,
            data=services.DecisionData(checks={"out_of_time": True}, agency=office.agency),
        )
    assert "out_of_time" in error.value.message_dict


def _api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


@freeze_time("2026-11-05")
def test_over_the_api_an_anonymous_denunciation_with_evidence_is_passed_on_for_inspection_not_forwarded(
    office,
):
    petition = denunciation(office.clerk, petitioners=[], is_anonymous=True, competent_agency=office.agency)
    api = _api(office.specialist)
    url = f"/api/v1/petitions/{petition.pk}/decide/"
    denied = api.post(url, {"anonymous": False, "concrete_evidence": True}, format="json")
    assert denied.status_code == 400 and Petition.objects.get(pk=petition.pk).state == "received"
    chose = api.post(url, {"concrete_evidence": True, "path": "forward"}, format="json")
    assert chose.status_code == 400  # the path is not the caller's to choose
    decided = api.post(
        url, {"concrete_evidence": True, "agency": office.other_agency.pk, "signed_by": "X"}, format="json"
    )
    assert decided.status_code == 200, decided.json()
    body = decided.json()
    assert (
        body["state"] == "stored" and body["grounds"] == ["anonymous"] and "Điều 25" in body["decision_note"]
    )
    (letter,) = Forwarding.objects.filter(petition=petition)
    assert letter.letter == LetterKind.TRANSFER and letter.agency == office.other_agency
    assert "khoản 2 Điều 25" in letter.body and "người tố cáo" in letter.body
    assert not Forwarding.objects.filter(petition=petition, letter=LetterKind.FORWARD).exists()
    assert Petition.objects.get(pk=petition.pk).has_evidence


@freeze_time("2026-11-05")
def test_art_25_needs_the_inspection_body_to_pass_the_information_to(office):
    petition = denunciation(office.clerk, petitioners=[], is_anonymous=True, has_evidence=True)
    with pytest.raises(ValidationError) as error:
        services.decide_petition(actor=office.specialist, petition=petition, data=services.DecisionData())
    assert "agency" in error.value.message_dict
    petition, decision = services.decide_petition(
        actor=office.specialist, petition=petition, data=services.DecisionData(agency=office.other_agency)
    )
    assert decision.transfer_for_inspection and petition.forwardings.get().letter == LetterKind.TRANSFER


@freeze_time("2026-11-05")
def test_over_the_api_a_complaint_261_days_late_is_stored_not_guided(office):
    received = date(2026, 11, 2)
    late = register(office.clerk, decision_known_on=received - timedelta(days=90 + 261))
    api = _api(office.specialist)
    url = f"/api/v1/petitions/{late.pk}/decide/"
    untick = api.post(url, {"out_of_time": False, "agency": office.agency.pk}, format="json")
    assert untick.status_code == 400
    decided = api.post(url, {"agency": office.agency.pk}, format="json")
    assert decided.status_code == 200, decided.json()
    assert decided.json()["state"] == "stored" and decided.json()["grounds"] == ["out_of_time"]
    assert not Forwarding.objects.filter(petition=late).exists()
    # A legitimate reason for the delay is a person's finding: recorded in the decision, then heard.
    excused = register(office.clerk, decision_known_on=received - timedelta(days=90 + 261))
    heard = api.post(
        f"/api/v1/petitions/{excused.pk}/decide/",
        {"agency": office.agency.pk, "late_excuse": "Điều trị tại bệnh viện từ 01/2026 đến 10/2026"},
        format="json",
    )
    assert heard.json()["state"] == "guided" and "bệnh viện" in heard.json()["decision_note"]


@freeze_time("2026-11-05")
def test_over_the_api_a_second_complaint_49_days_after_the_first_decision_is_stored(office):
    received = date(2026, 11, 2)
    second = register(office.clerk, instance=2, decision_known_on=received - timedelta(days=49))
    decided = _api(office.specialist).post(
        f"/api/v1/petitions/{second.pk}/decide/", {"agency": office.agency.pk}, format="json"
    )
    assert decided.json()["state"] == "stored" and decided.json()["grounds"] == ["out_of_time_second"]
    first = register(office.clerk, instance=1, decision_known_on=received - timedelta(days=49))
    decided = _api(office.specialist).post(
        f"/api/v1/petitions/{first.pk}/decide/", {"agency": office.agency.pk}, format="json"
    )
    assert decided.json()["state"] == "guided"  # a first complaint has its 90 days


@freeze_time("2026-11-05")
def test_over_the_api_a_civil_deposit_dispute_is_guided_to_the_court(office):
    court = core_services.create_agency(
        actor=None, name="Tòa án nhân dân Thành phố Hà Nội", short_name="TAND"
    )
    api = _api(office.clerk)
    created = api.post(
        "/api/v1/petitions/",
        {
            "channel": "post",
            "received_on": "2026-11-03",
            "summary": "Đề nghị đòi lại tiền đặt cọc mua nhà",
            "content": "Tôi đặt cọc 200 triệu đồng cho ông Lê Văn Tư để mua nhà, ông Tư không bán và không trả cọc.",
            "kind": "recommendation",
            "field": "civil",
            "is_civil_dispute": True,  # the case fact, as the clerk's suggestion sets it with the field
            "petitioners": [{"full_name": "Trần Thị Mai", "province_code": 1}],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    forbidden = _api(office.specialist).post(
        f"/api/v1/petitions/{pk}/decide/", {"agency": court.pk, "civil_dispute": False}, format="json"
    )
    assert forbidden.status_code == 400  # the record says it is a civil dispute
    decided = _api(office.specialist).post(
        f"/api/v1/petitions/{pk}/decide/", {"agency": court.pk}, format="json"
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["state"] == "guided" and "Tòa án" in decided.json()["decision_note"]
    letter = Forwarding.objects.get(petition_id=pk)
    assert letter.letter == LetterKind.GUIDE and letter.agency == court
    # Found a civil dispute only at the check: the record learns it, and it is guided all the same.
    found = register(office.clerk, kind=PetitionKind.RECOMMENDATION, summary="Tranh chấp tiền cọc")
    decided = _api(office.specialist).post(
        f"/api/v1/petitions/{found.pk}/decide/", {"agency": court.pk, "civil_dispute": True}, format="json"
    )
    assert decided.json()["state"] == "guided" and Petition.objects.get(pk=found.pk).is_civil_dispute
    # Filed under the field of civil disputes only: the same fact.
    filed = register(office.clerk, kind=PetitionKind.RECOMMENDATION, summary="Đòi nợ", field=Field.CIVIL)
    decided = _api(office.specialist).post(
        f"/api/v1/petitions/{filed.pk}/decide/", {"agency": court.pk}, format="json"
    )
    assert decided.json()["state"] == "guided"


@freeze_time("2026-11-05")
def test_the_decision_page_cannot_untick_the_record_and_hears_a_late_complaint_with_its_reason(office):
    from django.test import Client

    client = Client()
    client.force_login(office.specialist)
    late = register(office.clerk, decision_known_on=date(2026, 7, 1))
    client.post(f"/petitions/{late.pk}/decide/", {"agency": office.agency.pk, "on": "2026-11-05"})
    late.refresh_from_db()
    assert late.state == "stored" and late.grounds == ["out_of_time"]  # the unticked box is the record's
    excused = register(office.clerk, decision_known_on=date(2026, 7, 1))
    client.post(
        f"/petitions/{excused.pk}/decide/",
        {"agency": office.agency.pk, "on": "2026-11-05", "late_excuse": "Ốm nặng, nằm viện hai tháng"},
    )
    excused.refresh_from_db()
    assert excused.state == "guided" and "nằm viện" in excused.decision_note


@freeze_time("2026-11-05")
def test_the_rule_book_lists_every_time_limit_with_its_article_and_what_is_not_confirmed(office):
    from django.test import Client

    client = Client()
    client.force_login(office.clerk)
    page = client.get("/petitions/rules/").content.decode()
    for text in ("Điều 27", "Điều 28", "Điều 37", "Điều 33", "Điều 24", "Điều 30", "Thông tư 05/2021"):
        assert text in page
    assert page.count('data-testid="rule"') == len(rules.rule_book())
    assert page.count('data-testid="not-confirmed"') == len(
        [e for e in rules.rule_book() if not e.period.confirmed]
    )


@freeze_time("2026-11-05")
def test_a_letter_is_signed_under_the_block_given_else_the_standing_delegation(office):
    from docx import Document

    from chancery.petitions import letters

    def block_of(letter: Forwarding) -> str:
        printed = Document(letter.document.open("rb"))
        return "\n".join(cell.text for table in printed.tables for row in table.rows for cell in row.cells)

    def forward(signer_title: str) -> tuple[Petition, Forwarding]:
        petition = register(office.clerk, kind=PetitionKind.RECOMMENDATION, summary="Kiến nghị về đất đai")
        petition, _decision = services.decide_petition(
            actor=office.specialist,
            petition=petition,
            data=services.DecisionData(
                facts=rules.Facts(kind=rules.Kind.RECOMMENDATION),
                agency=office.agency,
                signed_by="Đỗ Văn Phó",
                signer_title=signer_title,
            ),
        )
        return petition, Forwarding.objects.filter(petition=petition).get()

    _petition, standing = forward("")
    assert "TL. CHỦ NHIỆM\nVỤ TRƯỞNG VỤ TƯ PHÁP" in block_of(standing)
    assert letters.context(standing)["signer_title"] == letters.SIGNATURE_BLOCK
    deputy = "TL. CHỦ NHIỆM\nKT. VỤ TRƯỞNG VỤ TƯ PHÁP\nPHÓ VỤ TRƯỞNG"
    petition, signed = forward(deputy)
    assert signed.signer_title == deputy and "PHÓ VỤ TRƯỞNG" in block_of(signed)
    reminder = services.send_reminder(actor=office.specialist, petition=petition)
    assert reminder.signer_title == deputy  # the follow-up goes out under the same block
    with pytest.raises(ValidationError) as refused:
        forward("TL. CHỦ NHIỆM\nKT. VỤ TRƯỞNG VỤ TƯ PHÁP\nCHUYÊN VIÊN")
    assert "cấp phó" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError) as markup:  # shown on pages and printed: markup is refused
        forward("TL. CHỦ NHIỆM\n<script>x</script>")
    assert "<, >" in " ".join(markup.value.messages)


def test_a_reminder_after_the_answer_date_has_passed_is_sent(office):
    """The second examiner of issue 30: "Đôn đốc" on an overdue forwarded petition failed (the reminder took
    the first letter's answer date, before its own date)."""
    with freeze_time("2026-11-05"):
        petition = register(office.clerk, kind=PetitionKind.RECOMMENDATION, summary="Kiến nghị quá hạn")
        petition, _decision = services.decide_petition(
            actor=office.specialist,
            petition=petition,
            data=services.DecisionData(
                facts=rules.Facts(kind=rules.Kind.RECOMMENDATION), agency=office.agency
            ),
        )
    with freeze_time("2026-12-10"):  # the answer was awaited by 19 November
        reminder = services.send_reminder(actor=office.specialist, petition=petition)
    assert reminder.letter == LetterKind.REMINDER and reminder.sent_on == date(2026, 12, 10)
    assert reminder.answer_by is None
