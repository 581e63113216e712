"""Asking other units for their opinion, by the services the record's page calls (issue 28): a due date given
as a day (a working day after today, at most 90 working days away), only departments and divisions asked,
a secret record asked only of a unit with a head cleared for it, every step on the record's audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chancery.casework import services
from chancery.casework.models import OpinionRequest, OpinionStatus
from chancery.core import access
from chancery.core.models import Assignment, AuditEvent, RoleCode, Unit, UnitKind
from chancery.core.tests.factories import make_staff
from chancery.documents import services as documents
from chancery.documents.tests.factories import Office, receive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_media")]

MONDAY = date(2026, 6, 1)


def _routed(office: Office, **overrides):
    document = receive(office, summary="Đề nghị góp ý dự thảo Luật Thủ đô", **overrides)
    return documents.route_incoming(
        actor=office.leader, document=document, routing=documents.Routing(lead_unit=office.general)
    )


def _ask(office: Office, document, units, *, actor=None, **overrides):
    values = {"question": "Cho ý kiến về Điều 5", "due_on": date(2026, 6, 5), "on": MONDAY, **overrides}
    return services.request_opinions(actor=actor or office.specialist, record=document, units=units, **values)


def test_the_due_date_given_is_the_day_each_unit_asked_at_once_answers_by(office: Office) -> None:
    document = _routed(office)
    third = Unit.objects.create(code="vu-doi-ngoai", name="Vụ Đối ngoại", kind=UnitKind.DEPARTMENT)
    asked = _ask(office, document, [office.legal, third])
    assert [r.status for r in asked] == [OpinionStatus.OPEN, OpinionStatus.OPEN]
    assert {r.clock.due_on for r in asked if r.clock} == {date(2026, 6, 5)}
    assert {r.days for r in asked} == {4}  # Tuesday to Friday
    # the unit finds the question in "Việc của tôi" with that date
    consulted = Assignment.objects.get(object_id=document.pk, unit=office.legal, kind="consult")
    assert consulted.due_date == date(2026, 6, 5)


def test_in_turn_each_later_unit_has_as_many_working_days_from_the_day_it_is_asked(office: Office) -> None:
    document = _routed(office)
    third = Unit.objects.create(code="vu-doi-ngoai", name="Vụ Đối ngoại", kind=UnitKind.DEPARTMENT)
    first, second = _ask(office, document, [office.legal, third], mode="sequential")
    assert second.clock is None
    services.answer_opinion(
        actor=office.legal_specialist, request=first, answer="Đồng ý", on=date(2026, 6, 3)
    )
    second.refresh_from_db()
    assert second.clock is not None and second.clock.due_on == date(2026, 6, 9)  # Wednesday + 4


@pytest.mark.parametrize(
    ("due_on", "message"),
    [
        (date(2026, 5, 29), "đã qua"),
        (MONDAY, "hôm nay"),
        (date(2026, 6, 7), "ngày nghỉ"),  # a Sunday
        (date(2026, 12, 31), "quá 90 ngày làm việc"),
    ],
)
def test_a_due_date_that_cannot_be_met_is_refused_in_vietnamese(office: Office, due_on, message) -> None:
    document = _routed(office)
    with pytest.raises(ValidationError, match=message) as refused:
        _ask(office, document, [office.legal], due_on=due_on)
    assert "due_on" in refused.value.message_dict
    assert not OpinionRequest.objects.exists()


def test_the_office_and_its_leadership_are_not_units_to_ask(office: Office) -> None:
    document = _routed(office)
    whole = Unit.objects.get(kind=UnitKind.OFFICE)
    for unit in (whole, office.leaders):
        with pytest.raises(ValidationError, match="Chỉ xin ý kiến các vụ, cục và phòng"):
            _ask(office, document, [office.legal, unit])
    assert not OpinionRequest.objects.exists()


def test_asking_and_answering_are_on_the_records_audit_trail(office: Office) -> None:
    document = _routed(office)
    (asked,) = _ask(office, document, [office.legal])
    services.answer_opinion(
        actor=office.legal_specialist, request=asked, answer="Đề nghị bỏ khoản 2", on=date(2026, 6, 2)
    )
    services.withdraw_opinions(actor=office.specialist, record=document, round=1)  # nothing left: no event
    events = AuditEvent.objects.filter(object_type="documents.incomingdocument", object_id=document.pk)
    asked_event = events.get(message__startswith="Xin ý kiến")
    assert asked_event.actor == office.specialist and "Vụ Pháp luật" in asked_event.message
    answered = events.get(message__contains="cho ý kiến (lần xin ý kiến thứ 1)")
    assert answered.actor == office.legal_specialist
    (second,) = _ask(office, document, [office.legal])
    services.withdraw_opinions(actor=office.specialist, record=document, round=second.round)
    assert events.filter(message__startswith="Rút 1 yêu cầu", actor=office.specialist).exists()


def test_another_units_staff_not_asked_neither_sees_nor_answers(office: Office) -> None:
    document = _routed(office)
    foreign = Unit.objects.create(code="vu-doi-ngoai", name="Vụ Đối ngoại", kind=UnitKind.DEPARTMENT)
    stranger = make_staff("cv.dn", unit=foreign, roles=(RoleCode.SPECIALIST,))
    (asked,) = _ask(office, document, [office.legal])
    assert not access.can_view(stranger, document)
    with pytest.raises(PermissionDenied, match="đơn vị được hỏi"):
        services.answer_opinion(actor=stranger, request=asked, answer="Tôi trả lời thay")
    # the handling unit itself does not answer for the unit it asked
    with pytest.raises(PermissionDenied):
        services.answer_opinion(actor=office.specialist, request=asked, answer="Tự trả lời")
    asked.refresh_from_db()
    assert asked.status == OpinionStatus.OPEN


def test_a_secret_record_is_read_and_answered_only_by_the_cleared_head_of_the_unit_asked(
    office: Office,
) -> None:
    document = _routed(office, secrecy=1)
    (asked,) = _ask(office, document, [office.legal], actor=office.head)
    assert access.can_view(office.legal_head, document)
    assert not access.can_view(office.legal_specialist, document)  # no clearance: not even asked, it hides
    with pytest.raises(PermissionDenied):
        services.answer_opinion(actor=office.legal_specialist, request=asked, answer="Đồng ý")
    services.answer_opinion(actor=office.legal_head, request=asked, answer="Đồng ý", on=date(2026, 6, 2))
    asked.refresh_from_db()
    assert asked.status == OpinionStatus.GIVEN


def test_a_secret_record_is_not_asked_of_a_unit_nobody_there_may_read(office: Office) -> None:
    document = _routed(office, secrecy=1)
    foreign = Unit.objects.create(code="vu-doi-ngoai", name="Vụ Đối ngoại", kind=UnitKind.DEPARTMENT)
    make_staff("vutruong.dn", unit=foreign, roles=(RoleCode.HEAD_OF_UNIT,))  # not cleared for Mật
    with pytest.raises(ValidationError, match="Vụ Đối ngoại không có lãnh đạo được tiếp cận"):
        _ask(office, document, [office.legal, foreign], actor=office.head)
    assert not OpinionRequest.objects.exists()
