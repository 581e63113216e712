"""Resetting the password or the second factor of a protected account (issue 23, item 2): a member of the
leadership, or a person with clearance Tối mật or above, is the account an administrator would take over to
read every secret. Such a reset is proposed by an administrator and confirmed by a member of the leadership
with at least the account's clearance (the four-eyes rule of a grant), on every path; once confirmed, the
administrator never learns a password: the person sets a new one through a one-time link the confirmer hands
over, enrols the second factor again, and every session and API token of the person ends. Accounts that are
not protected keep the one-administrator reset."""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time
from rest_framework.test import APIClient

from chancery.core import access, security, services
from chancery.core.models import (
    AccessProposal,
    AuditEvent,
    Notification,
    RoleCode,
    SecrecyLevel,
    UnitKind,
    User,
)
from chancery.core.tests.factories import PASSWORD, UnitFactory, make_staff, signed_in, token_client

pytestmark = pytest.mark.django_db

A, L, S = RoleCode.ADMINISTRATOR, RoleCode.LEADERSHIP, RoleCode.SPECIALIST
M, TM, TUM = SecrecyLevel.CONFIDENTIAL, SecrecyLevel.SECRET, SecrecyLevel.TOP_SECRET
NEW_PASSWORD = "Mat-khau-moi-cua-toi-2026"
ADMINS_PASSWORD = "Mat-khau-quan-tri-dat-2026"


@dataclass
class Office:
    admin: User
    admin2: User
    leader: User
    leader_low: User
    admin_leader: User
    chief: User  # the account to take over: leadership, Tuyệt mật
    secret_specialist: User  # no leadership, Tối mật
    specialist: User  # not protected
    confidential: User  # Mật: protected (any clearance is)


@pytest.fixture
def office() -> Office:
    office = UnitFactory.create(code="office", name="Văn phòng", kind=UnitKind.OFFICE)
    dept = UnitFactory.create(code="a", name="Vụ A", parent=office)
    return Office(
        admin=make_staff("quantri", unit=office, roles=(A,)),
        admin2=make_staff("quantri2", unit=office, roles=(A,)),
        leader=make_staff("phochunhiem1", unit=office, roles=(L,), clearance=TUM),
        leader_low=make_staff("phochunhiem2", unit=office, roles=(L,), clearance=TM),
        admin_leader=make_staff("lanhdao.quantri", unit=office, roles=(A, L), clearance=TUM),
        chief=make_staff("chunhiem", unit=office, roles=(L,), clearance=TUM),
        secret_specialist=make_staff("chuyenvien.mat", unit=dept, roles=(S,), clearance=TM),
        specialist=make_staff("chuyenvien", unit=dept, roles=(S,)),
        confidential=make_staff("chuyenvien.m", unit=dept, roles=(S,), clearance=M),
    )


def session_api(user: User) -> APIClient:
    client = APIClient()
    client.cookies = signed_in(user).cookies
    return client


def enrolled(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def password_of(user: User) -> str:
    return User.objects.get(pk=user.pk).password


def admin_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def logs_in(username: str, password: str) -> bool:
    """Whether the login page lets this user name and password in (the first step)."""
    response = Client().post("/login/", {"username": username, "password": password})
    return response.status_code == 302


def link_on_page(html: str) -> str:
    found = re.search(r'data-testid="password-link"[^>]*>\s*([^<\s]+)\s*<', html)
    assert found, html
    return found.group(1)


# --- what is protected: one definition, the grant rule's ----------------------------------------------------


def test_protected_accounts_are_the_leadership_and_any_clearance(office: Office) -> None:
    assert access.is_protected_account(office.chief)
    assert access.is_protected_account(office.leader_low)
    assert access.is_protected_account(office.secret_specialist)
    assert access.is_protected_account(office.confidential)
    assert not access.is_protected_account(office.specialist)
    assert not access.is_protected_account(office.admin)
    # the same threshold as granting: what takes two people to grant takes two people to reset
    assert access.grant_needs_second_person(
        roles_before=(), clearance_before=0, roles_after=(), clearance_after=access.FOUR_EYES_CLEARANCE
    )
    assert access.is_protected_access((), access.FOUR_EYES_CLEARANCE)
    assert not access.is_protected_access((), access.FOUR_EYES_CLEARANCE - 1)


# --- one administrator alone is refused, on every path --------------------------------------------------------


def test_admin_cannot_reset_a_leaders_password_alone(office: Office) -> None:
    before = password_of(office.chief)
    with pytest.raises(PermissionDenied):
        services.set_staff_password(actor=office.admin, staff=office.chief, password=ADMINS_PASSWORD)
    with pytest.raises(PermissionDenied):  # nor a Tối mật specialist's
        services.set_staff_password(
            actor=office.admin, staff=office.secret_specialist, password=ADMINS_PASSWORD
        )
    assert password_of(office.chief) == before
    assert User.objects.get(pk=office.chief.pk).check_password(PASSWORD)
    # an administrator who is also in the leadership is one person all the same
    with pytest.raises(PermissionDenied):
        services.set_staff_password(actor=office.admin_leader, staff=office.chief, password=ADMINS_PASSWORD)
    assert not logs_in("chunhiem", ADMINS_PASSWORD)


def test_admin_cannot_reset_a_protected_second_factor_alone(office: Office) -> None:
    device = enrolled(office.chief)
    with pytest.raises(PermissionDenied):
        security.remove_second_factor(actor=office.admin, user=office.chief)
    with pytest.raises(PermissionDenied):
        security.remove_second_factor(actor=office.admin_leader, user=office.secret_specialist)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_admin_cannot_reset_a_protected_password_through_the_api(office: Office) -> None:
    before = password_of(office.chief)
    client = session_api(office.admin)
    response = client.post(
        f"/api/v1/staff/{office.chief.pk}/set-password/", {"password": ADMINS_PASSWORD}, format="json"
    )
    assert response.status_code == 403, response.content
    assert "access-proposals" in response.json()["message"] or response.json()["code"] == "permission_denied"
    assert password_of(office.chief) == before
    # with an API token too
    response = token_client(office.admin).post(
        f"/api/v1/staff/{office.chief.pk}/set-password/", {"password": ADMINS_PASSWORD}, format="json"
    )
    assert response.status_code == 403
    assert password_of(office.chief) == before


def test_admin_cannot_reset_a_protected_second_factor_through_the_api(office: Office) -> None:
    device = enrolled(office.chief)
    response = session_api(office.admin).post(
        f"/api/v1/staff/{office.chief.pk}/reset-second-factor/", {"reason": "mất điện thoại"}, format="json"
    )
    assert response.status_code == 403, response.content
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_admin_screen_refuses_to_reset_a_protected_password(office: Office) -> None:
    before = password_of(office.chief)
    client = admin_client(office.admin)
    form = client.get(f"/admin/core/user/{office.chief.pk}/password/")
    assert form.status_code == 302  # sent to the proposal instead of a password form
    response = client.post(
        f"/admin/core/user/{office.chief.pk}/password/",
        {"password1": ADMINS_PASSWORD, "password2": ADMINS_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert f"/staff/{office.chief.pk}/reset/" in response.headers["Location"]
    assert password_of(office.chief) == before
    assert not logs_in("chunhiem", ADMINS_PASSWORD)


def test_admin_screen_action_refuses_to_reset_a_protected_second_factor(office: Office) -> None:
    device = enrolled(office.chief)
    other = enrolled(office.specialist)
    response = admin_client(office.admin).post(
        "/admin/core/user/",
        {"action": "reset_second_factor", "_selected_action": [office.chief.pk, office.specialist.pk]},
    )
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert not TOTPDevice.objects.filter(pk=other.pk).exists()  # the account that is not protected: reset


# --- the proposal, the confirmation, the one-time link ----------------------------------------------------


def test_confirmed_reset_gives_the_person_a_one_time_link_and_the_admin_no_password(office: Office) -> None:
    chief = office.chief
    enrolled(chief)
    chiefs_browser = signed_in(chief)
    assert chiefs_browser.get("/").status_code == 200
    chiefs_program = token_client(chief)
    assert chiefs_program.get("/api/v1/staff/me/").status_code == 200

    # the administrator proposes on the staff pages, with a reason
    admin = signed_in(office.admin)
    assert 'data-testid="reset-account"' in admin.get(chief.get_absolute_url()).content.decode()
    response = admin.post(
        f"/staff/{chief.pk}/reset/",
        {"reset_password": "on", "reset_second_factor": "on", "reason": "Đồng chí báo mất điện thoại"},
    )
    assert response.status_code == 302, response.content.decode()
    proposal_url = response.headers["Location"]
    assert password_of(chief).startswith("argon2")  # nothing happens before the confirmation
    assert TOTPDevice.objects.filter(user=chief).exists()
    assert Notification.objects.filter(recipient=office.leader, kind="access_proposed").exists()
    assert not Notification.objects.filter(recipient=office.leader_low, kind="access_proposed").exists()

    # a member of the leadership with the clearance confirms, with a reason, and gets the link to hand over
    leader = signed_in(office.leader)
    page = leader.post(
        proposal_url, {"action": "confirm", "reason": "Đã gặp trực tiếp đồng chí"}, follow=True
    )
    assert page.status_code == 200
    link = link_on_page(page.content.decode())
    assert "password-link" not in leader.get(proposal_url).content.decode()  # shown once

    chief = User.objects.get(pk=chief.pk)
    assert not chief.has_usable_password()
    assert not TOTPDevice.objects.filter(user=chief).exists()
    assert chiefs_browser.get("/").status_code == 302  # the person's sessions ended
    assert chiefs_program.get("/api/v1/staff/me/").status_code == 401  # and the person's tokens

    # the administrator sees the outcome, never the link
    key = link.split("key=")[1]
    assert key not in admin.get(proposal_url).content.decode()
    assert key not in session_api(office.admin).get("/api/v1/access-proposals/").content.decode()
    assert not logs_in("chunhiem", PASSWORD)

    # the person opens the link once, sets a password, then enrols the second factor at the login
    person = Client()
    opened = person.get(link)
    assert opened.status_code == 302 and key not in opened.headers["Location"]
    assert person.get(opened.headers["Location"]).status_code == 200
    done = person.post(
        opened.headers["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302, done.content.decode()
    assert User.objects.get(pk=chief.pk).check_password(NEW_PASSWORD)
    assert person.post("/login/", {"username": "chunhiem", "password": NEW_PASSWORD}).status_code == 302
    assert person.get("/").headers["Location"].startswith("/login/otp/")
    assert person.get("/login/otp/").headers["Location"] == "/account/two-step/"

    # the link works once
    again = Client()
    reopened = again.get(link, follow=True)
    assert 'data-testid="password-link-invalid"' in reopened.content.decode()
    assert User.objects.get(pk=chief.pk).check_password(NEW_PASSWORD)

    events = AuditEvent.objects.filter(object_type="core.user", object_id=chief.pk, action="security")
    messages = list(events.values_list("message", flat=True))
    assert any(m.startswith("Đặt lại đăng nhập hai bước") for m in messages)
    assert any(m.startswith("Cấp liên kết dùng một lần") for m in messages)
    assert any(m.startswith("Đặt mật khẩu bằng liên kết dùng một lần") for m in messages)
    used = events.get(message__startswith="Đặt mật khẩu bằng liên kết dùng một lần")
    assert used.actor_id == chief.pk
    proposal_events = AuditEvent.objects.filter(object_type="core.accessproposal")
    assert proposal_events.filter(action="create", actor=office.admin).exists()
    assert proposal_events.filter(action="update", actor=office.leader).exists()
    assert Notification.objects.filter(recipient=chief, kind="access_decided").exists()
    assert Notification.objects.filter(recipient=office.admin, kind="access_decided").exists()


def test_reset_through_the_api_gives_the_link_to_the_confirmer_only(office: Office) -> None:
    enrolled(office.secret_specialist)
    response = session_api(office.admin).post(
        "/api/v1/access-proposals/",
        {
            "staff": office.secret_specialist.pk,
            "reset_second_factor": True,
            "reset_password": True,
            "reason": "Quên mật khẩu và mất điện thoại",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    proposal = response.json()
    assert proposal["set_password_url"] is None
    assert (proposal["reset_password"], proposal["reset_second_factor"]) == (True, True)
    confirmed = session_api(office.leader_low).post(
        f"/api/v1/access-proposals/{proposal['id']}/confirm/", {"reason": "Đã xác minh"}, format="json"
    )
    assert confirmed.status_code == 200, confirmed.content
    url = confirmed.json()["set_password_url"]
    assert url and "/account/set-password/?key=" in url
    listed = session_api(office.admin).get(f"/api/v1/access-proposals/{proposal['id']}/").json()
    assert listed["status"] == "confirmed" and listed["set_password_url"] is None
    assert not TOTPDevice.objects.filter(user=office.secret_specialist).exists()
    assert not User.objects.get(pk=office.secret_specialist.pk).has_usable_password()


def test_the_one_time_link_expires(office: Office) -> None:
    proposal = services.propose_access(
        actor=office.admin, staff=office.chief, reset_password=True, reason="Quên mật khẩu"
    )
    start = timezone.now()
    with freeze_time(start):
        confirmed = services.confirm_access_proposal(actor=office.leader, proposal=proposal, reason="Đúng")
    link = f"/account/set-password/?key={confirmed.password_link.key}"
    hours = settings.CHANCERY_PASSWORD_LINK_HOURS
    with freeze_time(start + timedelta(hours=hours, minutes=1)):
        person = Client()
        page = person.get(link, follow=True)
        assert 'data-testid="password-link-invalid"' in page.content.decode()
        person.post("/account/set-password/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not User.objects.get(pk=office.chief.pk).has_usable_password()
    assert AuditEvent.objects.filter(
        object_type="core.user",
        object_id=office.chief.pk,
        message__startswith="Từ chối liên kết dùng một lần",
    ).exists()


def test_only_a_second_person_from_the_leadership_with_the_clearance_confirms_a_reset(office: Office) -> None:
    proposal = services.propose_access(
        actor=office.admin_leader, staff=office.chief, reset_password=True, reason="Quên mật khẩu"
    )
    before = password_of(office.chief)
    # the proposer, a leader below the account's clearance, the person concerned, another administrator
    for person in (office.admin_leader, office.leader_low, office.chief, office.admin2, office.specialist):
        with pytest.raises(PermissionDenied):
            services.confirm_access_proposal(actor=person, proposal=proposal, reason="Đồng ý")
    assert password_of(office.chief) == before
    with pytest.raises(ValidationError):  # a reset is confirmed with the reason (how the request was checked)
        services.confirm_access_proposal(actor=office.leader, proposal=proposal, reason=" ")
    assert password_of(office.chief) == before


def test_a_rejected_reset_changes_nothing(office: Office) -> None:
    device = enrolled(office.chief)
    proposal = services.propose_access(
        actor=office.admin, staff=office.chief, reset_password=True, reset_second_factor=True, reason="x"
    )
    with pytest.raises(ValidationError):
        services.reject_access_proposal(actor=office.leader, proposal=proposal, reason="")
    services.reject_access_proposal(actor=office.leader, proposal=proposal, reason="Đồng chí không yêu cầu")
    assert User.objects.get(pk=office.chief.pk).check_password(PASSWORD)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_a_reset_proposal_needs_a_reason_and_a_protected_account(office: Office) -> None:
    with pytest.raises(ValidationError):
        services.propose_access(actor=office.admin, staff=office.chief, reset_password=True, reason=" ")
    with pytest.raises(ValidationError):  # not protected: one administrator resets it
        services.propose_access(actor=office.admin, staff=office.specialist, reset_password=True, reason="x")
    with pytest.raises(PermissionDenied):  # nobody proposes for themself, nobody but an administrator
        services.propose_access(
            actor=office.admin_leader, staff=office.admin_leader, reset_password=True, reason="x"
        )
    with pytest.raises(PermissionDenied):
        services.propose_access(actor=office.leader, staff=office.chief, reset_password=True, reason="x")


def test_the_grant_of_an_account_whose_password_an_administrator_set_ends_that_password(
    office: Office,
) -> None:
    """An administrator opens an account with a password of their choosing, then proposes Tuyệt mật for it:
    once confirmed, that password no longer opens the account; the person sets one through the link."""
    newcomer = services.create_staff(
        actor=office.admin,
        username="moi",
        full_name="Người Mới",
        unit=office.admin.unit,
        password=ADMINS_PASSWORD,
    )
    proposal = services.propose_access(actor=office.admin, staff=newcomer, clearance=TUM, reason="Bổ nhiệm")
    confirmed = services.confirm_access_proposal(actor=office.leader, proposal=proposal)
    assert confirmed.password_link is not None
    assert not User.objects.get(pk=newcomer.pk).has_usable_password()
    assert not logs_in("moi", ADMINS_PASSWORD)
    # a person who chose their own password keeps it when granted
    services.set_staff_password(actor=office.specialist, staff=office.specialist, password=NEW_PASSWORD)
    own = services.propose_access(actor=office.admin, staff=office.specialist, clearance=TM, reason="Cần")
    assert services.confirm_access_proposal(actor=office.leader, proposal=own).password_link is None
    assert User.objects.get(pk=office.specialist.pk).check_password(NEW_PASSWORD)


def test_the_reset_page_is_for_administrators_and_sends_unprotected_accounts_to_the_admin_screen(
    office: Office,
) -> None:
    admin = signed_in(office.admin)
    page = admin.get(f"/staff/{office.specialist.pk}/reset/").content.decode()
    assert 'data-testid="reset-alone"' in page
    assert f"/admin/core/user/{office.specialist.pk}/password/" in page
    refused = admin.post(f"/staff/{office.chief.pk}/reset/", {"reason": "Quên"})  # nothing chosen
    assert refused.status_code == 200
    assert not AccessProposal.objects.exists()
    for person in (office.leader, office.specialist):
        assert signed_in(person).get(f"/staff/{office.chief.pk}/reset/").status_code == 403
    assert signed_in(office.admin_leader).get(f"/staff/{office.admin_leader.pk}/reset/").status_code == 403


def test_an_administrator_does_not_set_their_own_password_through_the_api(office: Office) -> None:
    """A stolen token or session must not replace its owner's password: the account page asks for the old
    one."""
    response = token_client(office.admin).post(
        f"/api/v1/staff/{office.admin.pk}/set-password/", {"password": NEW_PASSWORD}, format="json"
    )
    assert response.status_code == 403
    assert User.objects.get(pk=office.admin.pk).check_password(PASSWORD)


# --- what stays as it was -----------------------------------------------------------------------------------


def test_accounts_that_are_not_protected_keep_the_one_administrator_reset(office: Office) -> None:
    services.set_staff_password(actor=office.admin, staff=office.specialist, password=ADMINS_PASSWORD)
    assert User.objects.get(pk=office.specialist.pk).check_password(ADMINS_PASSWORD)
    device = enrolled(office.specialist)
    security.remove_second_factor(actor=office.admin, user=office.specialist)
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    client = admin_client(office.admin)
    assert client.get(f"/admin/core/user/{office.specialist.pk}/password/").status_code == 200
    response = client.post(
        f"/admin/core/user/{office.specialist.pk}/password/",
        {"password1": ADMINS_PASSWORD, "password2": ADMINS_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert User.objects.get(pk=office.specialist.pk).check_password(ADMINS_PASSWORD)
    assert AuditEvent.objects.filter(
        object_type="core.user",
        object_id=office.specialist.pk,
        actor=office.admin,
        message__contains="mật khẩu",
    ).exists()
    api = session_api(office.admin)
    answer = api.post(
        f"/api/v1/staff/{office.specialist.pk}/set-password/", {"password": NEW_PASSWORD}, format="json"
    )
    assert answer.status_code == 204, answer.content
    assert User.objects.get(pk=office.specialist.pk).check_password(NEW_PASSWORD)
    enrolled(office.specialist)
    answer = api.post(f"/api/v1/staff/{office.specialist.pk}/reset-second-factor/", {}, format="json")
    assert answer.status_code == 204
    assert not TOTPDevice.objects.filter(user=office.specialist).exists()


def test_a_leader_still_changes_their_own_password(office: Office) -> None:
    client = signed_in(office.chief)
    response = client.post(
        "/account/",
        {
            "form": "password",
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=office.chief.pk).check_password(NEW_PASSWORD)


def test_the_system_still_sets_up_protected_accounts() -> None:
    """Set-up commands act as the system (actor None)."""
    chief = make_staff("chunhiem", unit=UnitFactory.create(), roles=(L,), clearance=TUM)
    services.set_staff_password(actor=None, staff=chief, password=NEW_PASSWORD)
    enrolled(chief)
    security.remove_second_factor(actor=None, user=chief)
    assert User.objects.get(pk=chief.pk).check_password(NEW_PASSWORD)
    assert not TOTPDevice.objects.filter(user=chief).exists()


# --- every use of an API token is attributable -------------------------------------------------------------


def test_audit_events_written_under_an_api_token_name_the_token(office: Office) -> None:
    from chancery.core.models import ApiToken

    client = token_client(office.admin)
    token = ApiToken.objects.get(user=office.admin, revoked_at__isnull=True)
    unit = office.admin.unit
    assert unit is not None
    response = client.patch(f"/api/v1/units/{unit.pk}/", {"short_name": "VP"}, format="json")
    assert response.status_code == 200, response.content
    event = AuditEvent.objects.get(object_type="core.unit", object_id=unit.pk, action="update")
    assert token.prefix in event.message
    assert event.actor == office.admin
    # an event written from a session names no token
    signed_in_api = session_api(office.admin)
    signed_in_api.patch(f"/api/v1/units/{unit.pk}/", {"short_name": "VPCTN"}, format="json")
    latest = AuditEvent.objects.filter(object_type="core.unit", object_id=unit.pk, action="update").latest(
        "id"
    )
    assert "token" not in latest.message
