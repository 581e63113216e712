"""The scope of the four-eyes rule (issue 23, item 2, after the examiner's findings H1 and M1).

H1: the administrator role never gets sight of a secret record, by any chain of single-administrator steps:
any clearance (Mật and above) is a grant that takes a second person, and any account holding a clearance or
the leadership role is protected (its password and second factor are reset only through a confirmed
proposal). M1: for a protected account, any change of its roles, clearance, unit, active status or e-mail
address by an administrator is proposed and confirmed too, lowering included; the confirmer sees exactly
what changes; and no proposal may leave the office without an active member of the leadership able to
confirm."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from chancery.core import access, security, services
from chancery.core.models import AccessProposal, Role, RoleCode, SecrecyLevel, Unit, UnitKind, User
from chancery.core.tests.factories import PASSWORD, MemoFactory, UnitFactory, make_staff, signed_in
from chancery.core.tests.protected.models import Memo

pytestmark = pytest.mark.django_db

A, L, S, H = RoleCode.ADMINISTRATOR, RoleCode.LEADERSHIP, RoleCode.SPECIALIST, RoleCode.HEAD_OF_UNIT
NONE, M, TM, TUM = SecrecyLevel.NONE, SecrecyLevel.CONFIDENTIAL, SecrecyLevel.SECRET, SecrecyLevel.TOP_SECRET
ADMINS_PASSWORD = "Mat-khau-quan-tri-dat-2026"


@dataclass
class Office:
    office: Unit
    dept: Unit
    admin: User
    admin2: User
    chief: User  # the Office head: leadership, Tuyệt mật, the only one
    deputy: User  # leadership, Mật
    head: User  # head of unit, Mật: reads the unit's Mật records
    specialist: User  # no clearance


@pytest.fixture
def office() -> Office:
    office = UnitFactory.create(code="vpctn", name="Văn phòng", kind=UnitKind.OFFICE)
    dept = UnitFactory.create(code="vu-a", name="Vụ A", parent=office)
    people = Office(
        office=office,
        dept=dept,
        admin=make_staff("quantri", unit=office, roles=(A,)),
        admin2=make_staff("quantri2", unit=office, roles=(A,)),
        chief=make_staff("chunhiem", unit=office, roles=(L,), clearance=TUM, email="chunhiem@vpctn.vn"),
        deputy=make_staff("phochunhiem", unit=office, roles=(L,), clearance=M, email="pcn@vpctn.vn"),
        head=make_staff("vutruong", unit=dept, roles=(H,), clearance=M),
        specialist=make_staff("chuyenvien", unit=dept, roles=(S,)),
    )
    MemoFactory.create_batch(3, owning_unit=dept, secrecy=M)
    MemoFactory.create(owning_unit=dept, secrecy=NONE)
    return people


def session_api(user: User) -> APIClient:
    client = APIClient()
    client.cookies = signed_in(user).cookies
    return client


def admin_screen(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def logs_in(username: str, password: str) -> bool:
    return Client().post("/login/", {"username": username, "password": password}).status_code == 302


def state_of(user: User) -> tuple[set[str], int, int | None, bool, str]:
    user = User.objects.get(pk=user.pk)
    return set(user.role_codes), user.clearance, user.unit_id, user.is_active, user.email


def secret_memos_seen_by(user: User) -> int:
    return access.visible_records(User.objects.get(pk=user.pk), Memo.objects.filter(secrecy__gte=M)).count()


def admin_change_form(staff: User, **changes: object) -> dict[str, object]:
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
    return {k: v for k, v in data.items() if v is not None}


# --- H1: one definition of "protected", one threshold ------------------------------------------------------


def test_any_clearance_or_the_leadership_role_makes_an_account_protected(office: Office) -> None:
    assert access.FOUR_EYES_CLEARANCE == M
    assert access.is_protected_access((), M)
    assert access.is_protected_access((L,), NONE)
    assert not access.is_protected_access((A, H, S, RoleCode.CLERK), NONE)
    assert access.is_protected_account(office.head)
    assert access.is_protected_account(office.deputy)
    assert not access.is_protected_account(office.specialist)
    assert not access.is_protected_account(office.admin)
    assert access.grant_needs_second_person(
        roles_before=(), clearance_before=NONE, roles_after=(), clearance_after=M
    )


# --- H1: the examiner's chains, on every path ----------------------------------------------------------------


def test_admin_cannot_reset_the_password_of_a_head_of_unit_cleared_for_mat(office: Office) -> None:
    """POST /api/v1/staff/<head>/set-password/, then log in as the head and read the unit's Mật records."""
    head = office.head
    assert secret_memos_seen_by(head) == 3
    response = session_api(office.admin).post(
        f"/api/v1/staff/{head.pk}/set-password/", {"password": ADMINS_PASSWORD}, format="json"
    )
    assert response.status_code == 403, response.content
    with pytest.raises(PermissionDenied):
        services.set_staff_password(actor=office.admin, staff=head, password=ADMINS_PASSWORD)
    screen = admin_screen(office.admin)
    refused = screen.post(
        f"/admin/core/user/{head.pk}/password/",
        {"password1": ADMINS_PASSWORD, "password2": ADMINS_PASSWORD, "usable_password": "true"},
    )
    assert refused.status_code == 302 and f"/staff/{head.pk}/reset/" in refused.headers["Location"]
    assert not logs_in(head.username, ADMINS_PASSWORD)
    assert User.objects.get(pk=head.pk).check_password(PASSWORD)

    device = TOTPDevice.objects.create(user=head, name="phone", confirmed=True)
    api = session_api(office.admin)
    assert api.post(f"/api/v1/staff/{head.pk}/reset-second-factor/", {}, format="json").status_code == 403
    with pytest.raises(PermissionDenied):
        security.remove_second_factor(actor=office.admin, user=head)
    screen.post("/admin/core/user/", {"action": "reset_second_factor", "_selected_action": [head.pk]})
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_admin_cannot_grant_mat_alone_and_then_take_the_account_over(office: Office) -> None:
    """PATCH /api/v1/staff/<specialist>/ {"clearance": 1}, then reset that person's password."""
    person = office.specialist
    api = session_api(office.admin)
    response = api.patch(f"/api/v1/staff/{person.pk}/", {"clearance": M}, format="json")
    assert response.status_code == 400, response.content
    assert "clearance" in response.json()["details"]
    with pytest.raises(ValidationError):
        services.update_staff(actor=office.admin, staff=person, clearance=M)
    screen = admin_screen(office.admin)
    assert (
        screen.post(
            f"/admin/core/user/{person.pk}/change/", admin_change_form(person, clearance=M)
        ).status_code
        == 200
    )
    # nor by opening an account with it
    opened = api.post(
        "/api/v1/staff/",
        {"username": "moi", "full_name": "Người Mới", "password": ADMINS_PASSWORD, "clearance": M},
        format="json",
    )
    assert opened.status_code == 400
    assert not User.objects.filter(username="moi").exists()
    assert state_of(person)[1] == NONE
    # the password of the account that is not protected is reset alone, and gives sight of no secret
    assert (
        api.post(
            f"/api/v1/staff/{person.pk}/set-password/", {"password": ADMINS_PASSWORD}, format="json"
        ).status_code
        == 204
    )
    assert secret_memos_seen_by(person) == 0


def test_no_chain_of_single_administrator_steps_reaches_a_secret_record(office: Office) -> None:
    """Every step one administrator may try on every account (grant, raise, move, reactivate, open an
    account, set a password): afterwards no account whose password the administrator knows sees a secret."""
    api = session_api(office.admin)
    role_codes = [code for code, _label in RoleCode.choices]
    people = list(User.objects.exclude(pk=office.admin.pk))
    for person in people:
        for body in (
            {"clearance": M},
            {"clearance": TUM},
            {"roles": role_codes},
            {"unit": office.dept.pk},
            {"is_active": True},
        ):
            api.patch(f"/api/v1/staff/{person.pk}/", body, format="json")
        api.post(f"/api/v1/staff/{person.pk}/set-password/", {"password": ADMINS_PASSWORD}, format="json")
    extras: tuple[dict[str, Any], ...] = ({"roles": [L]}, {"clearance": M}, {})
    for number, extra in enumerate(extras):
        api.post(
            "/api/v1/staff/",
            {"username": f"moi{number}", "full_name": "Người Mới", "password": ADMINS_PASSWORD, **extra},
            format="json",
        )
    taken_over = [u for u in User.objects.all() if u.check_password(ADMINS_PASSWORD)]
    assert taken_over  # the steps that need no second person did happen
    for person in taken_over:
        assert not access.is_protected_account(person), person
        assert secret_memos_seen_by(person) == 0, person


def test_a_password_an_administrator_chose_does_not_survive_a_grant_even_after_a_change_through_it(
    office: Office,
) -> None:
    """The administrator resets a colleague's password alone (not protected yet), logs in with it and
    changes it on the account page (knowing the old one), then the office grants Mật: once confirmed, the
    password the administrator knows no longer opens the account."""
    person = office.specialist
    services.set_staff_password(actor=office.admin, staff=person, password=ADMINS_PASSWORD)
    as_person = Client()
    assert (
        as_person.post("/login/", {"username": person.username, "password": ADMINS_PASSWORD}).status_code
        == 302
    )
    changed = as_person.post(
        "/account/",
        {
            "form": "password",
            "old_password": ADMINS_PASSWORD,
            "new_password1": "Mat-khau-khac-cua-quan-tri",
            "new_password2": "Mat-khau-khac-cua-quan-tri",
        },
    )
    assert changed.status_code == 302
    proposal = services.propose_access(
        actor=office.admin, staff=person, clearance=M, reason="Cần cho công việc"
    )
    confirmed = services.confirm_access_proposal(actor=office.deputy, proposal=proposal)
    assert confirmed.password_link is not None
    assert not logs_in(person.username, "Mat-khau-khac-cua-quan-tri")


def test_mat_is_proposed_and_confirmed_by_a_leader_cleared_for_it(office: Office) -> None:
    response = session_api(office.admin).post(
        "/api/v1/access-proposals/",
        {"staff": office.specialist.pk, "clearance": M, "reason": "Theo dõi hồ sơ mật của Vụ"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert state_of(office.specialist)[1] == NONE
    with pytest.raises(PermissionDenied):
        services.confirm_access_proposal(
            actor=office.admin2, proposal=AccessProposal.objects.get(pk=response.json()["id"])
        )
    confirmed = session_api(office.deputy).post(
        f"/api/v1/access-proposals/{response.json()['id']}/confirm/", {"reason": ""}, format="json"
    )
    assert confirmed.status_code == 200, confirmed.content
    assert state_of(office.specialist)[1] == M


# --- M1: a protected account changes only through a confirmed proposal ---------------------------------------


def test_admin_cannot_remove_leadership_deactivate_or_readdress_the_office_head_alone(office: Office) -> None:
    api = session_api(office.admin)
    before_chief, before_deputy = state_of(office.chief), state_of(office.deputy)
    body: dict[str, Any]
    for body in (
        {"roles": [S]},
        {"roles": []},
        {"is_active": False},
        {"email": "attacker@evil.example"},
        {"clearance": NONE},
        {"unit": office.dept.pk},
    ):
        response = api.patch(f"/api/v1/staff/{office.chief.pk}/", body, format="json")
        assert response.status_code == 400, (body, response.content)
        assert set(body) <= set(response.json()["details"]), body
    response = api.patch(
        f"/api/v1/staff/{office.deputy.pk}/", {"email": "attacker@evil.example"}, format="json"
    )
    assert response.status_code == 400
    assert "Tối mật" not in str(response.json()["details"])  # the reason names the rule as it is now
    for changes in (
        {"is_active": False},
        {"email": "x@evil.example"},
        {"clearance": NONE},
        {"unit": office.office},
    ):
        with pytest.raises(ValidationError):
            services.update_staff(actor=office.admin, staff=office.head, **changes)
    with pytest.raises(ValidationError):
        services.update_staff(actor=office.admin, staff=office.head, roles=[S])
    assert (state_of(office.chief), state_of(office.deputy)) == (before_chief, before_deputy)
    # what is not access stays one administrator's work
    response = api.patch(f"/api/v1/staff/{office.chief.pk}/", {"phone": "024 3823 1234"}, format="json")
    assert response.status_code == 200
    # and the same values sent back change nothing, so they pass
    same = {"roles": [L], "clearance": TUM, "email": "chunhiem@vpctn.vn", "is_active": True}
    assert api.patch(f"/api/v1/staff/{office.chief.pk}/", same, format="json").status_code == 200


def test_the_admin_screen_with_roles_emptied_does_not_remove_leadership(office: Office) -> None:
    screen = admin_screen(office.admin)
    before = state_of(office.chief)
    form = admin_change_form(
        office.chief, roles=None, is_active=None, email="attacker@evil.example", clearance=NONE
    )
    response = screen.post(f"/admin/core/user/{office.chief.pk}/change/", form)
    assert response.status_code in (200, 302)
    assert state_of(office.chief) == before
    page = screen.get(f"/admin/core/user/{office.chief.pk}/change/").content.decode()
    assert f"/staff/{office.chief.pk}/propose/" in page  # where such a change is made
    # an account that is not protected is still changed here
    fine = screen.post(
        f"/admin/core/user/{office.specialist.pk}/change/",
        admin_change_form(office.specialist, email="cv@vpctn.vn", roles=None),
    )
    assert fine.status_code == 302
    assert state_of(office.specialist)[0] == set() and state_of(office.specialist)[4] == "cv@vpctn.vn"


def test_a_change_of_a_protected_account_is_proposed_and_the_confirmer_sees_before_and_after(
    office: Office,
) -> None:
    response = session_api(office.admin).post(
        "/api/v1/access-proposals/",
        {
            "staff": office.deputy.pk,
            "email": "phochunhiem@vpctn.gov.vn",
            "unit": office.dept.pk,
            "roles": [L, H],
            "reason": "Điều động làm Vụ trưởng kiêm nhiệm",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    proposal = response.json()
    assert proposal["changes"]["email"] == {"before": "pcn@vpctn.vn", "after": "phochunhiem@vpctn.gov.vn"}
    assert state_of(office.deputy)[2] == office.office.pk  # nothing before the confirmation
    page = signed_in(office.chief).get(f"/staff/proposals/{proposal['id']}/").content.decode()
    for text in ("pcn@vpctn.vn", "phochunhiem@vpctn.gov.vn", "Văn phòng", "Vụ A", "Thủ trưởng đơn vị"):
        assert text in page, text
    assert 'data-testid="proposal-changes"' in page
    confirmed = session_api(office.chief).post(
        f"/api/v1/access-proposals/{proposal['id']}/confirm/", {"reason": "Đồng ý"}, format="json"
    )
    assert confirmed.status_code == 200, confirmed.content
    assert state_of(office.deputy) == ({L, H}, M, office.dept.pk, True, "phochunhiem@vpctn.gov.vn")


def test_lowering_and_deactivating_a_protected_account_are_proposed_too(office: Office) -> None:
    proposal = services.propose_access(
        actor=office.admin, staff=office.head, clearance=NONE, roles=[S], reason="Thôi giữ chức vụ"
    )
    with pytest.raises(PermissionDenied):  # an administrator never confirms
        services.confirm_access_proposal(actor=office.admin2, proposal=proposal)
    services.confirm_access_proposal(actor=office.deputy, proposal=proposal)
    assert state_of(office.head)[:2] == ({S}, NONE)
    gone = services.propose_access(
        actor=office.admin, staff=office.deputy, is_active=False, reason="Nghỉ hưu"
    )
    services.confirm_access_proposal(actor=office.chief, proposal=gone)
    assert not state_of(office.deputy)[3]
    # and reactivating it takes a proposal as well
    with pytest.raises(ValidationError):
        services.update_staff(actor=office.admin, staff=office.deputy, is_active=True)
    back = services.propose_access(
        actor=office.admin, staff=office.deputy, is_active=True, reason="Tái bổ nhiệm"
    )
    services.confirm_access_proposal(actor=office.chief, proposal=back)
    assert state_of(office.deputy)[3]


def test_a_change_is_proposed_on_the_pages(office: Office) -> None:
    admin = signed_in(office.admin)
    form = admin.get(f"/staff/{office.deputy.pk}/propose/").content.decode()
    assert "pcn@vpctn.vn" in form  # the form starts from the account as it is
    role_ids = [L]
    response = admin.post(
        f"/staff/{office.deputy.pk}/propose/",
        {
            "roles": role_ids,
            "clearance": str(M),
            "unit": str(office.office.pk),
            "is_active": "on",
            "email": "moi@vpctn.vn",
            "reason": "Đổi địa chỉ thư",
        },
    )
    assert response.status_code == 302, response.content.decode()
    proposal = AccessProposal.objects.get(staff=office.deputy)
    assert proposal.changes == {"email": {"before": "pcn@vpctn.vn", "after": "moi@vpctn.vn"}}
    nothing = admin.post(
        f"/staff/{office.head.pk}/propose/",
        {"roles": [H], "clearance": str(M), "unit": str(office.dept.pk), "is_active": "on", "reason": "x"},
    )
    assert nothing.status_code == 200  # a proposal that changes nothing is refused on the form


# --- M1: the office never loses the leadership that confirms ---------------------------------------------


def test_a_proposal_that_would_leave_no_leader_able_to_confirm_is_refused(office: Office) -> None:
    for changes in ({"is_active": False}, {"clearance": TM}, {"roles": [S]}):
        with pytest.raises(ValidationError) as refused:
            services.propose_access(actor=office.admin, staff=office.chief, reason="x", **changes)
        assert "Tuyệt mật" in " ".join(refused.value.messages)
    assert not AccessProposal.objects.exists()
    # with a second leader holding Tuyệt mật, the Office head's change is proposed and confirmed
    second = make_staff("phochunhiem2", unit=office.office, roles=(L,), clearance=TUM)
    proposal = services.propose_access(actor=office.admin, staff=office.chief, is_active=False, reason="Nghỉ")
    services.confirm_access_proposal(actor=second, proposal=proposal)
    assert not state_of(office.chief)[3]
    with pytest.raises(ValidationError):  # the last one left stays
        services.propose_access(actor=office.admin, staff=second, is_active=False, reason="x")


def test_two_proposals_confirmed_by_each_other_cannot_remove_both_top_leaders(office: Office) -> None:
    """Two leaders with Tuyệt mật confirm each other's deactivation at the same moment: the second
    confirmation, made by a confirmer the first one deactivated (as a concurrent request still sees them),
    is refused."""
    second = make_staff("phochunhiem2", unit=office.office, roles=(L,), clearance=TUM)
    first_gone = services.propose_access(actor=office.admin, staff=office.chief, is_active=False, reason="a")
    second_gone = services.propose_access(actor=office.admin2, staff=second, is_active=False, reason="b")
    chief_as_seen_before = User.objects.get(pk=office.chief.pk)
    access.viewer_for(chief_as_seen_before)
    services.confirm_access_proposal(actor=second, proposal=first_gone)
    with pytest.raises((PermissionDenied, ValidationError)):
        services.confirm_access_proposal(actor=chief_as_seen_before, proposal=second_gone)
    assert User.objects.filter(is_active=True, roles__code=L, clearance=TUM).exists()


def test_a_proposal_nobody_could_confirm_is_refused_with_the_reason(office: Office) -> None:
    """A reset of the only Tuyệt mật leader's password: no other leader holds that clearance."""
    with pytest.raises(ValidationError) as refused:
        services.propose_access(actor=office.admin, staff=office.chief, reset_password=True, reason="Quên")
    assert "chancery" in " ".join(refused.value.messages)  # the console is the way left


def test_the_system_still_sets_up_and_changes_protected_accounts(office: Office) -> None:
    services.update_staff(actor=None, staff=office.chief, email="chunhiem@vpctn.gov.vn", roles=[L, A])
    services.update_staff(actor=None, staff=office.specialist, clearance=M)
    assert state_of(office.chief)[0] == {L, A}
    assert state_of(office.specialist)[1] == M


def test_a_proposal_that_does_nothing_is_refused_by_the_database(office: Office) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AccessProposal.objects.create(staff=office.specialist, reason="x", proposed_by=office.admin)
    AccessProposal.objects.create(
        staff=office.specialist,
        reason="x",
        proposed_by=office.admin,
        changes={"email": {"before": "", "after": "cv@vpctn.vn"}},
    )


def test_a_protected_account_keeps_its_login_name_on_the_admin_screen_and_api(office: Office) -> None:
    """Renamed by one administrator, the office head's login name could be given to another account (found
    by the examiner of issue 23 on the admin screen)."""
    screen = admin_screen(office.admin)
    login = office.chief.username
    screen.post(f"/admin/core/user/{office.chief.pk}/change/", admin_change_form(office.chief, username="cu"))
    office.chief.refresh_from_db()
    assert office.chief.username == login
    page = screen.get(f"/admin/core/user/{office.chief.pk}/change/").content.decode()
    assert 'name="username"' not in page  # shown, not editable
    api = APIClient()
    api.force_authenticate(office.admin)
    api.patch(f"/api/v1/staff/{office.chief.pk}/", {"username": "cu"}, format="json")
    office.chief.refresh_from_db()
    assert office.chief.username == login
    # an account that is not protected is renamed as before
    screen.post(
        f"/admin/core/user/{office.specialist.pk}/change/",
        admin_change_form(office.specialist, username="chuyenvien.moi"),
    )
    office.specialist.refresh_from_db()
    assert office.specialist.username == "chuyenvien.moi"
