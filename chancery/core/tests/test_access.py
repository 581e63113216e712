"""The access policy, role by role: above all, what each role must NOT see."""

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chancery.core import access, services
from chancery.core.models import AuditEvent, RoleCode, SecrecyLevel, Unit, UnitKind, User
from chancery.core.tests.factories import MemoFactory, UnitFactory, make_staff
from chancery.core.tests.protected.models import Memo

C, S, H, L, A = (
    RoleCode.CLERK,
    RoleCode.SPECIALIST,
    RoleCode.HEAD_OF_UNIT,
    RoleCode.LEADERSHIP,
    RoleCode.ADMINISTRATOR,
)
M, TM, TUM = SecrecyLevel.CONFIDENTIAL, SecrecyLevel.SECRET, SecrecyLevel.TOP_SECRET


@dataclass
class Office:
    office: Unit
    dept_a: Unit
    division_a1: Unit
    dept_b: Unit
    clerk_a: User
    specialist_a1: User
    head_a: User
    head_b: User
    leader: User
    leader_low: User
    admin: User
    inactive: User


@pytest.fixture
def office(db: None) -> Office:
    office = UnitFactory.create(code="office", name="Văn phòng", kind=UnitKind.OFFICE)
    dept_a = UnitFactory.create(code="a", name="Vụ A", parent=office)
    division_a1 = UnitFactory.create(code="a1", name="Phòng A1", parent=dept_a, kind=UnitKind.DIVISION)
    dept_b = UnitFactory.create(code="b", name="Vụ B", parent=office)
    return Office(
        office=office,
        dept_a=dept_a,
        division_a1=division_a1,
        dept_b=dept_b,
        clerk_a=make_staff("clerk_a", unit=dept_a, roles=(C,), clearance=TUM),
        specialist_a1=make_staff("spec_a1", unit=division_a1, roles=(S,), clearance=M),
        head_a=make_staff("head_a", unit=dept_a, roles=(H,), clearance=M),
        head_b=make_staff("head_b", unit=dept_b, roles=(H,), clearance=TUM),
        leader=make_staff("leader", unit=office, roles=(L,), clearance=TUM),
        leader_low=make_staff("leader_low", unit=office, roles=(L,), clearance=M),
        admin=make_staff("admin", unit=office, roles=(A,), clearance=TUM),
        inactive=make_staff("gone", unit=division_a1, roles=(S,), clearance=TUM, is_active=False),
    )


def visible(user: User, *memos: Memo) -> set[str]:
    return set(
        access.visible_records(user, Memo.objects.filter(pk__in=[m.pk for m in memos])).values_list(
            "title", flat=True
        )
    )


def test_specialist_does_not_see_another_units_records(office: Office) -> None:
    own = MemoFactory.create(title="own", owning_unit=office.division_a1)
    other = MemoFactory.create(title="other", owning_unit=office.dept_b)
    parent = MemoFactory.create(title="parent", owning_unit=office.dept_a)
    assert visible(office.specialist_a1, own, other, parent) == {"own"}
    assert not access.can_view(office.specialist_a1, other)
    assert not access.can_view(office.specialist_a1, parent)


def test_member_does_not_see_secret_record_of_own_unit_without_assignment(office: Office) -> None:
    secret = MemoFactory.create(title="secret", owning_unit=office.division_a1, secrecy=M)
    assert visible(office.specialist_a1, secret) == set()
    assert not access.can_view(office.specialist_a1, secret)


def test_assignment_opens_a_secret_record_within_clearance(office: Office) -> None:
    secret = MemoFactory.create(title="secret", owning_unit=office.division_a1, secrecy=M)
    services.assign_record(actor=office.head_a, record=secret, user=office.specialist_a1)
    assert visible(office.specialist_a1, secret) == {"secret"}
    assert access.can_view(office.specialist_a1, secret)
    assert access.can_change(office.specialist_a1, secret)


def test_ending_an_assignment_withdraws_sight_of_a_secret_record(office: Office) -> None:
    secret = MemoFactory.create(title="secret", owning_unit=office.division_a1, secrecy=M)
    assignment = services.assign_record(actor=office.head_a, record=secret, user=office.specialist_a1)
    services.end_assignment(actor=office.head_a, assignment=assignment, record=secret)
    assert visible(office.specialist_a1, secret) == set()
    assert not access.can_view(office.specialist_a1, secret)
    events = AuditEvent.objects.filter(object_type="protected.memo", object_id=secret.pk, action="assign")
    assert events.count() == 2


def test_no_assignment_opens_a_record_above_clearance(office: Office) -> None:
    top = MemoFactory.create(title="top", owning_unit=office.division_a1, secrecy=TM)
    # The assignment is refused outright; and even if one existed, the clearance gate would hold.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.assign_record(actor=office.leader, record=top, user=office.specialist_a1)
    from chancery.core.models import Assignment

    Assignment.objects.create(object_type="protected.memo", object_id=top.pk, user=office.specialist_a1)
    assert visible(office.specialist_a1, top) == set()
    assert not access.can_view(office.specialist_a1, top)


def test_unit_assignment_of_a_secret_record_does_not_open_it_to_the_unit(office: Office) -> None:
    secret = MemoFactory.create(title="secret", owning_unit=office.dept_b, secrecy=M)
    services.assign_record(actor=office.leader, record=secret, unit=office.division_a1)
    assert visible(office.specialist_a1, secret) == set()
    open_memo = MemoFactory.create(title="open", owning_unit=office.dept_b)
    services.assign_record(actor=office.leader, record=open_memo, unit=office.division_a1)
    assert visible(office.specialist_a1, open_memo) == {"open"}


def test_clerk_does_not_see_records_of_sub_units(office: Office) -> None:
    below = MemoFactory.create(title="below", owning_unit=office.division_a1)
    own = MemoFactory.create(title="own", owning_unit=office.dept_a)
    assert visible(office.clerk_a, below, own) == {"own"}


def test_head_sees_own_line_but_not_other_departments(office: Office) -> None:
    below = MemoFactory.create(title="below", owning_unit=office.division_a1, secrecy=M)
    other = MemoFactory.create(title="other", owning_unit=office.dept_b)
    office_level = MemoFactory.create(title="office", owning_unit=office.office)
    assert visible(office.head_a, below, other, office_level) == {"below"}


def test_head_does_not_see_own_line_above_clearance(office: Office) -> None:
    top = MemoFactory.create(title="top", owning_unit=office.division_a1, secrecy=TUM)
    assert visible(office.head_a, top) == set()
    assert not access.can_view(office.head_a, top)


def test_leadership_sees_everything_within_clearance_only(office: Office) -> None:
    memos = [
        MemoFactory.create(title=f"level-{level}", owning_unit=office.dept_b, secrecy=level)
        for level in SecrecyLevel
    ]
    assert visible(office.leader, *memos) == {"level-0", "level-1", "level-2", "level-3"}
    assert visible(office.leader_low, *memos) == {"level-0", "level-1"}


def test_administrator_role_gives_no_sight_of_records(office: Office) -> None:
    memo = MemoFactory.create(title="b", owning_unit=office.dept_b)
    secret = MemoFactory.create(title="s", owning_unit=office.office, secrecy=M)
    assert visible(office.admin, memo, secret) == set()
    assert not access.can_view(office.admin, secret)


def test_inactive_account_sees_nothing(office: Office) -> None:
    memo = MemoFactory.create(title="own", owning_unit=office.division_a1)
    assert visible(office.inactive, memo) == set()
    assert not access.can_view(office.inactive, memo)
    assert access.visible_audit_events(office.inactive, AuditEvent.objects.all()).count() == 0


def test_only_head_of_line_or_leadership_may_assign(office: Office) -> None:
    from django.core.exceptions import PermissionDenied

    memo = MemoFactory.create(title="m", owning_unit=office.division_a1)
    with pytest.raises(PermissionDenied):
        services.assign_record(actor=office.specialist_a1, record=memo, user=office.specialist_a1)
    with pytest.raises(PermissionDenied):
        services.assign_record(actor=office.head_b, record=memo, user=office.specialist_a1)
    services.assign_record(actor=office.head_a, record=memo, user=office.specialist_a1)


def test_staff_details_hidden_from_colleagues_outside_the_line(office: Office) -> None:
    assert not access.can_view_staff_details(office.specialist_a1, office.clerk_a)
    assert not access.can_view_staff_details(office.head_b, office.specialist_a1)
    assert access.can_view_staff_details(office.head_a, office.specialist_a1)
    assert access.can_view_staff_details(office.specialist_a1, office.specialist_a1)
    assert access.can_view_staff_details(office.admin, office.clerk_a)


def test_only_administrators_manage_the_organisation(office: Office) -> None:
    from django.core.exceptions import PermissionDenied

    for person in (office.leader, office.head_a, office.clerk_a, office.specialist_a1):
        with pytest.raises(PermissionDenied):
            services.create_unit(actor=person, code="x", name="X", kind=UnitKind.DIVISION)
        with pytest.raises(PermissionDenied):
            services.update_staff(actor=person, staff=office.clerk_a, clearance=0)


def test_audit_trail_shows_nobody_events_of_records_above_clearance(office: Office) -> None:
    from chancery.core import audit

    top = MemoFactory.create(title="top", owning_unit=office.dept_a, secrecy=TUM)
    audit.record(action="view", actor=office.leader, subject=top)
    events = AuditEvent.objects.filter(object_type="protected.memo")
    assert access.visible_audit_events(office.leader, events).count() == 1
    assert access.visible_audit_events(office.leader_low, events).count() == 0
    assert access.visible_audit_events(office.head_a, events).count() == 0  # own line, clearance too low


def test_administrator_role_alone_never_sees_secret_records_in_the_audit_trail(office: Office) -> None:
    """The events of a secret record carry its title and its changes: an administrator, even one with
    Tuyệt mật clearance, oversees the trail of everything else (issue 23, item 2)."""
    from chancery.core import audit

    top = MemoFactory.create(title="Kế hoạch tuyệt mật", owning_unit=office.dept_a, secrecy=TUM)
    plain = MemoFactory.create(title="Thông báo", owning_unit=office.dept_a)
    audit.record(
        action="update", actor=office.leader, subject=top, changes={"title": {"before": "a", "after": "b"}}
    )
    audit.record(action="view", actor=office.leader, subject=plain)
    events = AuditEvent.objects.filter(object_type="protected.memo")
    seen = set(access.visible_audit_events(office.admin, events).values_list("object_repr", flat=True))
    assert seen == {"Thông báo"}
    assert access.visible_audit_events(office.leader, events).count() == 2


def test_colleagues_do_not_see_each_others_actions_in_the_audit_trail(office: Office) -> None:
    from chancery.core import audit

    memo = MemoFactory.create(title="b", owning_unit=office.dept_b)
    audit.record(action="view", actor=office.head_b, subject=memo)
    events = AuditEvent.objects.filter(object_type="protected.memo")
    assert access.visible_audit_events(office.specialist_a1, events).count() == 0
    assert access.visible_audit_events(office.head_a, events).count() == 0
    assert access.visible_audit_events(office.head_b, events).count() == 1


PEOPLE = ["clerk_a", "specialist_a1", "head_a", "head_b", "leader", "leader_low", "admin", "inactive"]
UNITS = ["office", "dept_a", "division_a1", "dept_b"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    person=st.sampled_from(PEOPLE),
    owner=st.sampled_from(UNITS),
    secrecy=st.sampled_from(list(SecrecyLevel)),
    assigned_people=st.sets(st.sampled_from(PEOPLE), max_size=2),
    assigned_units=st.sets(st.sampled_from(UNITS), max_size=2),
    assignment_active=st.booleans(),
)
def test_list_filter_and_single_record_check_always_agree(
    office: Office,
    person: str,
    owner: str,
    secrecy: int,
    assigned_people: set[str],
    assigned_units: set[str],
    assignment_active: bool,
) -> None:
    from chancery.core.models import Assignment

    memo = MemoFactory.create(owning_unit=getattr(office, owner), secrecy=secrecy)
    for name in assigned_people:
        Assignment.objects.create(
            object_type="protected.memo",
            object_id=memo.pk,
            user=getattr(office, name),
            is_active=assignment_active,
        )
    for name in assigned_units:
        Assignment.objects.create(
            object_type="protected.memo",
            object_id=memo.pk,
            unit=getattr(office, name),
            is_active=assignment_active,
        )
    user = getattr(office, person)
    in_list = access.visible_records(user, Memo.objects.filter(pk=memo.pk)).exists()
    assert in_list == access.can_view(user, memo)
    if in_list:
        assert secrecy <= user.clearance
