"""API tokens (issue 23, item 3): they expire, they are revoked when the password or the access changes, a
person who must use two-step login gets one only after it and only to read, every use is in the audit trail,
and the database keeps only a digest. The tokens are issued the way a person does it, on the account page."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time
from rest_framework.test import APIClient

from chancery.core import services
from chancery.core.models import AuditEvent, RoleCode, SecrecyLevel, User
from chancery.core.tests.factories import PASSWORD, UnitFactory, make_staff, signed_in

pytestmark = pytest.mark.django_db


def token_from_account_page(client: Client) -> str:
    client.post("/account/token/", {"action": "issue"})
    page = client.get("/account/").content.decode()
    found = re.search(r'data-testid="api-token">([^<]+)<', page)
    assert found, page
    return found.group(1).strip()


def api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def clerk() -> User:
    return make_staff("vanthu", unit=UnitFactory.create(), roles=(RoleCode.CLERK,))


@pytest.fixture
def chief() -> User:
    return make_staff(
        "chunhiem", unit=UnitFactory.create(), roles=(RoleCode.LEADERSHIP,), clearance=SecrecyLevel.TOP_SECRET
    )


def test_a_token_stops_working_at_the_end_of_its_lifetime(clerk: User) -> None:
    start = timezone.now()
    with freeze_time(start):
        key = token_from_account_page(signed_in(clerk))
    for day in range(0, settings.CHANCERY_API_TOKEN_DAYS, 5):  # used every few days: never idle
        with freeze_time(start + timedelta(days=day)):
            assert api(key).get("/api/v1/staff/me/").status_code == 200, day
    with freeze_time(start + timedelta(days=settings.CHANCERY_API_TOKEN_DAYS, minutes=1)):
        response = api(key).get("/api/v1/staff/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "token_expired"


def test_a_token_left_unused_stops_working(clerk: User) -> None:
    start = timezone.now()
    with freeze_time(start):
        key = token_from_account_page(signed_in(clerk))
        assert api(key).get("/api/v1/staff/me/").status_code == 200
    with freeze_time(start + timedelta(days=settings.CHANCERY_API_TOKEN_IDLE_DAYS, hours=1)):
        assert api(key).get("/api/v1/staff/me/").status_code == 401


def test_a_password_change_revokes_the_token(clerk: User) -> None:
    client = signed_in(clerk)
    key = token_from_account_page(client)
    assert api(key).get("/api/v1/staff/me/").status_code == 200
    new = "Mat-khau-moi-2026"
    changed = client.post(
        "/account/",
        {"form": "password", "old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert changed.status_code == 302
    assert api(key).get("/api/v1/staff/me/").status_code == 401


def test_a_password_reset_by_an_administrator_revokes_the_token(clerk: User) -> None:
    key = token_from_account_page(signed_in(clerk))
    admin = make_staff("quantri", unit=clerk.unit, roles=(RoleCode.ADMINISTRATOR,))
    client = Client()
    client.force_login(admin)
    new = "Mat-khau-moi-2026"
    reset = client.post(
        f"/admin/core/user/{clerk.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert reset.status_code == 302
    assert api(key).get("/api/v1/staff/me/").status_code == 401


def test_a_change_of_roles_or_clearance_revokes_the_token(clerk: User) -> None:
    admin = make_staff("quantri", unit=clerk.unit, roles=(RoleCode.ADMINISTRATOR,))
    key = token_from_account_page(signed_in(clerk))
    services.update_staff(actor=admin, staff=clerk, roles=[RoleCode.CLERK, RoleCode.SPECIALIST])
    assert api(key).get("/api/v1/staff/me/").status_code == 401
    key = token_from_account_page(signed_in(clerk))
    services.update_staff(
        actor=None, staff=clerk, clearance=SecrecyLevel.CONFIDENTIAL
    )  # set up at the console
    assert api(key).get("/api/v1/staff/me/").status_code == 401
    key = token_from_account_page(signed_in(clerk))
    services.update_staff(actor=admin, staff=clerk, phone="0912345678")  # not access: the token keeps working
    assert api(key).get("/api/v1/staff/me/").status_code == 200


def test_a_change_made_outside_the_services_still_revokes_the_token(clerk: User) -> None:
    """A password set from the console (`chancery changepassword`) or any other path: the token is bound to
    the password hash and the access it was issued under."""
    key = token_from_account_page(signed_in(clerk))
    clerk.set_password("Mot-mat-khau-khac-2026")
    clerk.save()
    assert api(key).get("/api/v1/staff/me/").status_code == 401


def test_a_two_step_person_gets_a_short_lived_token_that_only_reads(chief: User) -> None:
    start = timezone.now()
    with freeze_time(start):
        key = token_from_account_page(signed_in(chief))  # the session passed the second factor
        assert api(key).get("/api/v1/staff/me/").status_code == 200
        write = api(key).post("/api/v1/agencies/", {"name": "Bộ Ngoại giao"}, format="json")
    assert write.status_code == 403
    assert write.json()["code"] == "token_read_only"
    with freeze_time(start + timedelta(hours=settings.CHANCERY_API_TOKEN_SECOND_FACTOR_HOURS, minutes=1)):
        assert api(key).get("/api/v1/staff/me/").status_code == 401


def test_a_two_step_person_gets_no_token_without_passing_the_second_factor(chief: User) -> None:
    from django.core.exceptions import PermissionDenied

    from chancery.core.tokens import issue_api_token

    with pytest.raises(PermissionDenied):
        issue_api_token(user=chief, second_factor_verified=False)


def test_turning_on_two_step_login_ends_tokens_issued_before(clerk: User) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = token_from_account_page(signed_in(clerk))
    TOTPDevice.objects.create(user=clerk, name="phone", confirmed=True)
    assert api(key).get("/api/v1/staff/me/").status_code == 401


def test_every_token_use_is_attributable_in_the_audit_trail(clerk: User) -> None:
    key = token_from_account_page(signed_in(clerk))
    api(key).get("/api/v1/staff/me/", REMOTE_ADDR="198.51.100.7")
    used = AuditEvent.objects.filter(
        action="login", actor=clerk, message__startswith="Dùng mã truy cập API"
    ).get()
    assert used.ip_address == "198.51.100.7"
    assert key[:10] in used.message and key not in used.message
    api(key).get("/api/v1/staff/me/", REMOTE_ADDR="203.0.113.50")  # another address: recorded again
    assert AuditEvent.objects.filter(action="login", actor=clerk, ip_address="203.0.113.50").exists()


def test_only_a_digest_of_the_token_is_stored(clerk: User) -> None:
    from chancery.core.models import ApiToken

    key = token_from_account_page(signed_in(clerk))
    stored = ApiToken.objects.get(user=clerk)
    assert stored.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {stored.digest, stored.prefix, stored.bound_to}
    assert "rest_framework.authtoken" not in settings.INSTALLED_APPS


def test_the_console_issues_a_token_but_never_one_that_skips_the_second_factor(
    clerk: User, chief: User
) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("api_token", "vanthu", stdout=out)
    key = out.getvalue().split()[2]
    assert api(key).get("/api/v1/staff/me/").json()["username"] == "vanthu"
    with pytest.raises(CommandError):
        call_command("api_token", "chunhiem", stdout=StringIO())
