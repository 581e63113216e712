"""Workflows: transitions are the only way a case changes state; each is checked and has its effects."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chancery.casework import services
from chancery.casework.models import LegalClock
from chancery.casework.rules import ClockState
from chancery.casework.workflow import Transition, Workflow
from chancery.core.models import AuditEvent, RoleCode
from chancery.core.tests.factories import UnitFactory, make_staff
from chancery.core.tests.protected.models import Complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    unit = UnitFactory.create()
    return {
        "case": Complaint.objects.create(title="Đơn khiếu nại số 1", owning_unit=unit),
        "specialist": make_staff("cv", unit=unit, roles=(RoleCode.SPECIALIST,)),
        "head": make_staff("vt", unit=unit, roles=(RoleCode.HEAD_OF_UNIT,)),
        "outsider": make_staff("ngoai", unit=UnitFactory.create(), roles=(RoleCode.SPECIALIST,)),
    }


def test_a_new_case_starts_in_the_initial_state(world) -> None:
    assert world["case"].state == "received"
    assert world["case"].state_label == "Đã tiếp nhận"


def test_accepting_moves_the_state_starts_the_clock_and_is_audited(world) -> None:
    case = services.transition(
        actor=world["specialist"], case=world["case"], name="accept", data={"on": date(2026, 4, 1)}
    )
    assert case.state == "accepted"
    clock = LegalClock.objects.get(object_id=case.pk, kind="handling")
    assert services.read(clock, date(2026, 4, 2)).due_date == date(2026, 5, 4)  # 30 days, 1 May is a holiday
    event = AuditEvent.objects.get(action="transition", object_id=case.pk)
    assert event.changes == {"state": {"before": "received", "after": "accepted"}}


def test_answering_stops_the_clock_and_needs_the_head_of_the_line(world) -> None:
    case = services.transition(
        actor=world["specialist"], case=world["case"], name="accept", data={"on": date(2026, 4, 1)}
    )
    with pytest.raises(PermissionDenied, match="Bạn không có quyền “Trả lời”"):
        services.transition(actor=world["specialist"], case=case, name="answer")
    case = services.transition(actor=world["head"], case=case, name="answer", data={"on": date(2026, 4, 20)})
    clock = LegalClock.objects.get(object_id=case.pk, kind="handling")
    assert services.read(clock, date(2026, 6, 1)).state == ClockState.MET


def test_an_illegal_transition_is_refused_with_a_clear_vietnamese_error(world) -> None:
    with pytest.raises(
        ValidationError, match="Không thể “Trả lời” khi hồ sơ đang ở trạng thái “Đã tiếp nhận”"
    ):
        services.transition(actor=world["head"], case=world["case"], name="answer")
    world["case"].refresh_from_db()
    assert world["case"].state == "received"
    with pytest.raises(ValidationError, match="Thao tác không tồn tại: launch"):
        services.transition(actor=world["head"], case=world["case"], name="launch")


def test_required_fields_and_guards_refuse_with_reasons_and_change_nothing(world) -> None:
    with pytest.raises(ValidationError) as missing:
        services.transition(actor=world["specialist"], case=world["case"], name="reject", data={})
    assert "reason" in missing.value.message_dict
    with pytest.raises(ValidationError, match="ít nhất 10 ký tự"):
        services.transition(
            actor=world["specialist"], case=world["case"], name="reject", data={"reason": "ngắn"}
        )
    assert not AuditEvent.objects.filter(action="transition").exists()
    case = services.transition(
        actor=world["specialist"],
        case=world["case"],
        name="reject",
        data={"reason": "Đơn không thuộc thẩm quyền"},
    )
    assert case.state == "rejected"


def test_someone_who_cannot_change_the_case_cannot_move_it(world) -> None:
    with pytest.raises(PermissionDenied):
        services.transition(actor=world["outsider"], case=world["case"], name="accept")


def test_saving_a_new_state_directly_is_refused(world) -> None:
    case = Complaint.objects.get(pk=world["case"].pk)
    case.state = "answered"
    with pytest.raises(ValueError, match="only through its workflow"):
        case.save()


def test_available_actions_follow_state_and_permission(world) -> None:
    case = world["case"]
    names = [t.name for t in Complaint.workflow.available(world["specialist"], case)]
    assert names == ["accept", "reject"]
    assert Complaint.workflow.available(world["outsider"], case) == []


def test_a_workflow_naming_an_unknown_state_is_refused_when_declared() -> None:
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(states={"a": "A"}, initial="a", transitions=(Transition("go", frozenset({"a"}), "b", "Đi"),))
