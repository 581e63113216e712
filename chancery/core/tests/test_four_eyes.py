"""The four-eyes rule on access to state secrets (issue 23, item 2): nobody changes their own roles, clearance
or unit; granting the office leadership role or a clearance of Tối mật and above is proposed by an
administrator and takes effect only when a member of the leadership holding that clearance confirms it."""

from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from rest_framework.test import APIClient

from chancery.core import services
from chancery.core.models import AuditEvent, Notification, Role, RoleCode, SecrecyLevel, UnitKind, User
from chancery.core.tests.factories import UnitFactory, make_staff, signed_in

pytestmark = pytest.mark.django_db

A, L, S = RoleCode.ADMINISTRATOR, RoleCode.LEADERSHIP, RoleCode.SPECIALIST
M, TM, TUM = SecrecyLevel.CONFIDENTIAL, SecrecyLevel.SECRET, SecrecyLevel.TOP_SECRET


@dataclass
class Office:
    admin: User
    admin2: User
    leader: User
    leader_low: User
    admin_leader: User
    specialist: User


@pytest.fixture
def office() -> Office:
    office = UnitFactory.create(code="office", name="Văn phòng", kind=UnitKind.OFFICE)
    dept = UnitFactory.create(code="a", name="Vụ A", parent=office)
    return Office(
        admin=make_staff("quantri", unit=office, roles=(A,)),
        admin2=make_staff("quantri2", unit=office, roles=(A,)),
        leader=make_staff("chunhiem", unit=office, roles=(L,), clearance=TUM),
        leader_low=make_staff("phochunhiem", unit=office, roles=(L,), clearance=M),
        admin_leader=make_staff("lanhdao.quantri", unit=office, roles=(A, L), clearance=TUM),
        specialist=make_staff("chuyenvien", unit=dept, roles=(S,)),
    )


def session_api(user: User) -> APIClient:
    """An API client on the person's (verified) session: the same path on the code before and after."""
    client = APIClient()
    web = signed_in(user)
    client.cookies = web.cookies
    return client


def access_of(user: User) -> tuple[set[str], int, int | None]:
    user = User.objects.get(pk=user.pk)
    return set(user.roles.values_list("code", flat=True)), user.clearance, user.unit_id


# --- nobody grants themself, nobody grants alone ----------------------------------------------------------


def test_admin_cannot_grant_itself_leadership_and_top_secret_clearance(office: Office) -> None:
    before = access_of(office.admin)
    response = session_api(office.admin).patch(
        f"/api/v1/staff/{office.admin.pk}/", {"roles": [A, L], "clearance": TUM}, format="json"
    )
    assert response.status_code == 400, response.content
    assert set(response.json()["details"]) >= {"roles", "clearance"}
    assert access_of(office.admin) == before


def test_nobody_changes_their_own_roles_clearance_or_unit(office: Office) -> None:
    other_unit = UnitFactory.create()
    before = access_of(office.admin)
    with pytest.raises(ValidationError) as refused:
        services.update_staff(actor=office.admin, staff=office.admin, unit=other_unit)
    assert "unit" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.update_staff(actor=office.admin, staff=office.admin, clearance=M)  # even Mật, even lowering
    with pytest.raises(ValidationError):
        services.update_staff(actor=office.admin, staff=office.admin, roles=[A, S])
    assert access_of(office.admin) == before
    # what is not access stays the person's own to change through an administrator's screen
    services.update_staff(actor=office.admin, staff=office.admin, position="Kỹ sư", roles=[A])
    assert User.objects.get(pk=office.admin.pk).position == "Kỹ sư"


def test_admin_cannot_grant_leadership_or_secret_clearance_to_someone_else_alone(office: Office) -> None:
    client = session_api(office.admin)
    target = office.specialist
    before = access_of(target)
    assert client.patch(f"/api/v1/staff/{target.pk}/", {"roles": [S, L]}, format="json").status_code == 400
    assert client.patch(f"/api/v1/staff/{target.pk}/", {"clearance": TM}, format="json").status_code == 400
    assert client.patch(f"/api/v1/staff/{target.pk}/", {"clearance": TUM}, format="json").status_code == 400
    assert access_of(target) == before


def test_admin_cannot_open_an_account_with_leadership_or_top_secret_clearance(office: Office) -> None:
    client = session_api(office.admin)
    for extra in ({"roles": [L]}, {"roles": [A]}, {"clearance": TUM}, {"clearance": TM}):
        response = client.post(
            "/api/v1/staff/",
            {"username": "moi", "full_name": "Người Mới", "password": "Mat-khau-rat-dai-2026", **extra},
            format="json",
        )
        assert response.status_code == 400, extra
    assert not User.objects.filter(username="moi").exists()


def test_changes_that_need_no_second_person_work_as_before(office: Office) -> None:
    client = session_api(office.admin)
    target = office.specialist
    response = client.patch(
        f"/api/v1/staff/{target.pk}/", {"roles": [S, RoleCode.CLERK], "email": "cv@vpctn.vn"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert access_of(target)[:2] == ({S, RoleCode.CLERK}, SecrecyLevel.NONE)
    # the administrator role, any clearance (Mật included), and any change of a leader's access, take a
    # second person (test_four_eyes_scope.py): one administrator never makes another alone
    with pytest.raises(ValidationError) as refused:
        services.update_staff(actor=office.admin, staff=target, roles=[S, A])
    assert "vai trò Quản trị" in " ".join(refused.value.messages)
    assert A not in access_of(target)[0]
    with pytest.raises(ValidationError):
        services.update_staff(actor=office.admin, staff=office.leader_low, roles=[S])
    with pytest.raises(ValidationError):
        services.update_staff(actor=office.admin, staff=target, clearance=M)
    assert L in access_of(office.leader_low)[0]


def test_the_system_still_sets_up_accounts_with_leadership_and_top_secret() -> None:
    """`chancery demo` and the set-up commands act as the system (actor None)."""
    from chancery.core.demo import load_demo

    load_demo()
    chief = User.objects.get(username="chunhiem")
    assert L in chief.role_codes and chief.clearance == TUM


# --- the proposal and its confirmation -------------------------------------------------------------------


def test_leadership_confirms_a_proposal_and_both_steps_are_audited(office: Office) -> None:
    target = office.specialist
    response = session_api(office.admin).post(
        "/api/v1/access-proposals/",
        {"staff": target.pk, "grant_leadership": True, "clearance": TUM, "reason": "Bổ nhiệm Phó Chủ nhiệm"},
        format="json",
    )
    assert response.status_code == 201, response.content
    proposal_id = response.json()["id"]
    assert access_of(target)[:2] == ({S}, SecrecyLevel.NONE)  # nothing changes before the confirmation
    assert Notification.objects.filter(recipient=office.leader, kind="access_proposed").exists()
    assert not Notification.objects.filter(recipient=office.leader_low, kind="access_proposed").exists()

    response = session_api(office.leader).post(
        f"/api/v1/access-proposals/{proposal_id}/confirm/", {"reason": "Đồng ý"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed"
    assert access_of(target)[:2] == ({S, L}, TUM)
    proposal_events = AuditEvent.objects.filter(object_type="core.accessproposal", object_id=proposal_id)
    assert proposal_events.filter(action="create", actor=office.admin).exists()
    assert proposal_events.filter(action="update", actor=office.leader).exists()
    change = AuditEvent.objects.get(object_type="core.user", object_id=target.pk, action="update")
    assert change.actor == office.leader
    assert change.changes["clearance"] == {"before": 0, "after": TUM}
    assert Notification.objects.filter(recipient=office.admin, kind="access_decided").exists()


def test_only_a_second_person_from_the_leadership_with_that_clearance_confirms(office: Office) -> None:
    proposal = services.propose_access(
        actor=office.admin_leader, staff=office.specialist, clearance=TUM, reason="Tổ công tác đặc biệt"
    )
    for person in (office.admin_leader, office.leader_low, office.admin2, office.specialist):
        with pytest.raises(PermissionDenied):
            services.confirm_access_proposal(actor=person, proposal=proposal)
    assert access_of(office.specialist)[1] == SecrecyLevel.NONE
    # the person concerned, even from the leadership, never confirms their own grant
    own = services.propose_access(actor=office.admin, staff=office.leader_low, clearance=TUM, reason="Cần")
    with pytest.raises(PermissionDenied):
        services.confirm_access_proposal(actor=office.leader_low, proposal=own)
    services.confirm_access_proposal(actor=office.leader, proposal=own)
    assert access_of(office.leader_low)[1] == TUM


def test_an_administrator_cannot_propose_for_themself(office: Office) -> None:
    with pytest.raises(PermissionDenied):
        services.propose_access(actor=office.admin, staff=office.admin, grant_leadership=True, reason="x")
    with pytest.raises(PermissionDenied):
        services.propose_access(
            actor=office.leader, staff=office.specialist, grant_leadership=True, reason="x"
        )


def test_rejection_needs_a_reason_and_changes_nothing(office: Office) -> None:
    proposal = services.propose_access(
        actor=office.admin, staff=office.specialist, clearance=TM, reason="Cần"
    )
    with pytest.raises(ValidationError):
        services.reject_access_proposal(actor=office.leader, proposal=proposal, reason="  ")
    services.reject_access_proposal(actor=office.leader, proposal=proposal, reason="Chưa đủ điều kiện")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by, proposal.decision_reason) == (
        "rejected",
        office.leader,
        "Chưa đủ điều kiện",
    )
    assert access_of(office.specialist)[1] == SecrecyLevel.NONE
    with pytest.raises(PermissionDenied):  # decided once, never twice
        services.confirm_access_proposal(actor=office.leader, proposal=proposal)


def test_one_proposal_waits_per_person_and_it_must_need_a_second_person(office: Office) -> None:
    services.propose_access(actor=office.admin, staff=office.specialist, grant_leadership=True, reason="a")
    with pytest.raises(ValidationError):
        services.propose_access(actor=office.admin2, staff=office.specialist, clearance=TUM, reason="b")
    with pytest.raises(ValidationError):  # the roles of an account that is not protected: made directly
        services.propose_access(actor=office.admin, staff=office.admin2, roles=[A, S], reason="c")


# --- the pages and the admin screens -------------------------------------------------------------------


def test_administrator_proposes_and_leadership_confirms_on_the_pages(office: Office) -> None:
    admin = signed_in(office.admin)
    page = admin.get(office.specialist.get_absolute_url()).content.decode()
    assert 'data-testid="propose-access"' in page
    response = admin.post(
        f"/staff/{office.specialist.pk}/propose/",
        {
            "roles": [S, L],
            "clearance": "3",
            "unit": office.specialist.unit_id,
            "is_active": "on",
            "reason": "Cần",
        },
    )
    assert response.status_code == 302
    detail = response.headers["Location"]

    leader = signed_in(office.leader)
    listing = leader.get("/staff/proposals/").content.decode()
    assert office.specialist.full_name in listing
    assert leader.post(detail, {"action": "confirm", "reason": ""}).status_code == 302
    assert access_of(office.specialist)[:2] == ({S, L}, TUM)
    assert "Đã xác nhận" in leader.get(detail).content.decode()


def test_rejection_on_the_page_asks_for_the_reason(office: Office) -> None:
    proposal = services.propose_access(
        actor=office.admin, staff=office.specialist, clearance=TM, reason="Cần"
    )
    leader = signed_in(office.leader)
    page = leader.post(proposal.get_absolute_url(), {"action": "reject", "reason": ""})
    assert page.status_code == 200
    assert "Hãy nêu lý do từ chối." in page.content.decode()
    assert (
        leader.post(proposal.get_absolute_url(), {"action": "reject", "reason": "Không"}).status_code == 302
    )
    proposal.refresh_from_db()
    assert proposal.status == "rejected"


def test_colleagues_do_not_see_or_decide_proposals(office: Office) -> None:
    proposal = services.propose_access(actor=office.admin, staff=office.admin2, clearance=TM, reason="Cần")
    client = signed_in(office.specialist)
    assert client.get("/staff/proposals/").status_code == 403
    assert client.get(proposal.get_absolute_url()).status_code == 403
    assert client.get(f"/staff/{office.admin2.pk}/propose/").status_code == 403
    assert session_api(office.specialist).get("/api/v1/access-proposals/").json()["results"] == []


def _admin_change_form(staff: User, **changes: object) -> dict[str, object]:
    role_ids = {r.code: r.pk for r in Role.objects.all()}
    data: dict[str, object] = {
        "username": staff.username,
        "full_name": staff.full_name,
        "email": staff.email,
        "phone": staff.phone,
        "unit": staff.unit_id or "",
        "position": staff.position,
        "roles": [role_ids[code] for code in staff.role_codes],
        "clearance": staff.clearance,
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_admin_screens_obey_the_same_rules(office: Office) -> None:
    client = Client()
    client.force_login(office.admin)
    role_ids = {r.code: r.pk for r in Role.objects.all()}
    own = client.post(
        f"/admin/core/user/{office.admin.pk}/change/",
        _admin_change_form(office.admin, roles=[role_ids[A], role_ids[L]], clearance=TUM),
    )
    assert own.status_code == 200  # the form again, with the errors
    assert access_of(office.admin)[:2] == ({A}, SecrecyLevel.NONE)
    other = client.post(
        f"/admin/core/user/{office.specialist.pk}/change/",
        _admin_change_form(office.specialist, clearance=TUM),
    )
    assert other.status_code == 200
    assert access_of(office.specialist)[1] == SecrecyLevel.NONE
    mat = client.post(
        f"/admin/core/user/{office.specialist.pk}/change/", _admin_change_form(office.specialist, clearance=M)
    )
    assert mat.status_code == 200  # Mật too (test_four_eyes_scope.py)
    fine = client.post(
        f"/admin/core/user/{office.specialist.pk}/change/",
        _admin_change_form(office.specialist, position="Chuyên viên chính"),
    )
    assert fine.status_code == 302
    assert User.objects.get(pk=office.specialist.pk).position == "Chuyên viên chính"
    assert access_of(office.specialist)[1] == SecrecyLevel.NONE
    added = client.post(
        "/admin/core/user/add/",
        {
            "username": "moi",
            "full_name": "Người Mới",
            "unit": office.specialist.unit_id,
            "position": "",
            "clearance": TUM,
            "password1": "Mat-khau-rat-dai-2026",
            "password2": "Mat-khau-rat-dai-2026",
            "usable_password": "true",
        },
    )
    assert added.status_code == 200
    assert not User.objects.filter(username="moi").exists()


def test_another_administrator_is_made_by_a_proposal_a_leader_confirms(office: Office) -> None:
    target = office.specialist
    proposal = services.propose_access(
        actor=office.admin, staff=target, roles=[S, A], reason="Bổ sung cán bộ quản trị hệ thống"
    )
    assert A not in access_of(target)[0]  # nothing changes until confirmed
    with pytest.raises(PermissionDenied):  # not by the administrator who proposed it
        services.confirm_access_proposal(actor=office.admin, proposal=proposal)
    services.confirm_access_proposal(actor=office.leader, proposal=proposal)
    assert A in access_of(target)[0]
