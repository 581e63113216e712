"""Login security: Argon2, lockout, the second factor, session expiry, CSRF and security headers."""

import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from chancery import settings as production_settings
from chancery.core.models import AuditEvent, RoleCode, SecrecyLevel
from chancery.core.tests.factories import PASSWORD, UnitFactory, make_staff

pytestmark = pytest.mark.django_db


def login(client: Client, username: str, password: str = PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_passwords_are_hashed_with_argon2() -> None:
    user = make_staff("an", unit=UnitFactory.create())
    assert user.password.startswith("argon2$")
    # production hashes at Django's own Argon2 cost; the suite at the lowest (chancery/core/tests/hashers.py)
    assert production_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_good_password_logs_in_and_is_audited(client: Client) -> None:
    user = make_staff("an", unit=UnitFactory.create())
    response = login(client, "an")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert AuditEvent.objects.filter(action="login", actor=user).exists()


def test_wrong_password_gives_a_vietnamese_error_and_is_audited(client: Client) -> None:
    make_staff("an", unit=UnitFactory.create())
    response = login(client, "an", "wrong-password")
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()  # Django's own Vietnamese message
    assert AuditEvent.objects.filter(action="login_failed", message__contains="an").exists()


def test_the_guessing_address_is_locked_after_repeated_failures_even_with_the_right_password(
    client: Client,
) -> None:
    make_staff("an", unit=UnitFactory.create())
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "an", "wrong-password")
    response = login(client, "an")
    assert response.status_code == 429
    assert "Đăng nhập tạm thời bị chặn" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_from_elsewhere_do_not_lock_the_person_out() -> None:
    """Anyone could lock any named account, the President's included, with 5 wrong passwords (issue 23,
    item 8): now the guesser's address is locked for that name, not the person."""
    make_staff("chutich", unit=UnitFactory.create(), roles=(RoleCode.LEADERSHIP,))
    outsider, person = Client(REMOTE_ADDR="203.0.113.66"), Client(REMOTE_ADDR="10.1.2.3")
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        login(outsider, "chutich", "doan-mat-khau")
    assert login(outsider, "chutich").status_code == 429
    assert login(person, "chutich").status_code == 302


def test_each_further_lockout_of_the_same_address_lasts_longer() -> None:
    from datetime import timedelta

    from django.utils import timezone
    from freezegun import freeze_time

    make_staff("an", unit=UnitFactory.create())
    guesser = Client(REMOTE_ADDR="203.0.113.66")
    start = timezone.now()
    with freeze_time(start):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            first = login(guesser, "an", "wrong-password")
    assert first.status_code == 429
    assert "15 phút" in first.content.decode()
    with freeze_time(start + timedelta(minutes=16)):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            second = login(guesser, "an", "wrong-password")
    assert second.status_code == 429
    assert "30 phút" in second.content.decode()
    with freeze_time(start + timedelta(minutes=16 + 20)):
        assert login(guesser, "an").status_code == 429  # 20 minutes into a 30-minute lockout


def test_a_lockout_alerts_the_administrators_and_is_audited() -> None:
    from chancery.core.models import Notification

    unit = UnitFactory.create()
    admin = make_staff("quantri", unit=unit, roles=(RoleCode.ADMINISTRATOR,))
    target = make_staff("an", unit=unit)
    guesser = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(settings.AXES_FAILURE_LIMIT + 4):
        login(guesser, "an", "wrong-password")
    alerts = Notification.objects.filter(recipient=admin, kind="security_alert")
    assert alerts.count() == 1  # once, however often the guesser goes on
    assert "203.0.113.66" in alerts.get().title
    assert AuditEvent.objects.filter(
        action="security", object_id=target.pk, message__startswith="Tạm khóa đăng nhập"
    ).exists()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(guesser, "khong-co-ai", "wrong-password")  # no such account: audited, no notice
    assert alerts.count() == 1


def test_lockout_of_one_account_does_not_lock_a_colleague(client: Client) -> None:
    unit = UnitFactory.create()
    make_staff("an", unit=unit)
    make_staff("binh", unit=unit)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "an", "wrong-password")
    assert login(client, "binh").status_code == 302


def test_top_secret_clearance_must_enrol_a_second_factor_before_anything_else(client: Client) -> None:
    make_staff(
        "lanhdao", unit=UnitFactory.create(), roles=(RoleCode.LEADERSHIP,), clearance=SecrecyLevel.SECRET
    )
    login(client, "lanhdao")
    for path in ("/", "/staff/", "/audit/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == "/login/otp/"
    assert client.get("/login/otp/").headers["Location"] == "/account/two-step/"
    assert client.get("/api/v1/units/").status_code == 403


def test_enrolment_then_login_with_a_code(client: Client) -> None:
    user = make_staff(
        "lanhdao", unit=UnitFactory.create(), roles=(RoleCode.LEADERSHIP,), clearance=SecrecyLevel.TOP_SECRET
    )
    login(client, "lanhdao")
    assert client.get("/account/two-step/").status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/account/two-step/", {"token": "000000"}).status_code == 200  # wrong code: stays
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next try wait (django-otp's throttling)
    response = client.post("/account/two-step/", {"token": current_code(device)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/logout/")
    login(client, "lanhdao")
    assert client.get("/").headers["Location"] == "/login/otp/"
    device.refresh_from_db()
    response = client.post("/login/otp/", {"token": "123"})
    assert "6 chữ số" in response.content.decode()
    device.refresh_from_db()
    device.last_t = -1  # the code just used may not be used twice; allow the same 30 s window again
    device.save()
    device.throttle_reset()
    assert client.post("/login/otp/", {"token": current_code(device)}).status_code == 302
    assert client.get("/").status_code == 200


def test_user_with_low_clearance_logs_in_without_second_factor(client: Client) -> None:
    make_staff("an", unit=UnitFactory.create(), clearance=SecrecyLevel.CONFIDENTIAL)
    login(client, "an")
    assert client.get("/").status_code == 200


def test_sessions_expire_when_idle_and_when_the_browser_closes() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY


def test_expired_session_sends_the_user_back_to_login(client: Client) -> None:
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    make_staff("an", unit=UnitFactory.create())
    login(client, "an")
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login/")


def test_login_form_without_csrf_token_is_refused() -> None:
    make_staff("an", unit=UnitFactory.create())
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/login/", {"username": "an", "password": PASSWORD})
    assert response.status_code == 403


def test_security_headers_and_a_csp_allowing_no_other_origin(client: Client) -> None:
    response = client.get("/login/")
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    for value in directives.values():
        assert "http" not in value and "*" not in value and "unsafe" not in value
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_production_settings_pass_djangos_deployment_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """`chancery check --deploy` with production environment variables reports nothing."""
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "CHANCERY_SECRET_KEY": "x" * 64 + "production-like-secret-key-with-enough-entropy",
        "DJANGO_SETTINGS_MODULE": "chancery.settings",
    }
    env.pop("CHANCERY_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "chancery", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_wrong_second_factor_code_is_a_failed_login_in_the_audit_trail() -> None:
    from chancery.core import security

    user = make_staff("lanhdao", unit=UnitFactory.create(), clearance=SecrecyLevel.SECRET)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    assert security.verify_token(user, "000000" if current_code(device) != "000000" else "111111") is None
    assert AuditEvent.objects.filter(
        action="login_failed", actor=user, message="Sai mã đăng nhập hai bước"
    ).exists()


def test_administrator_resets_a_lost_second_factor_from_the_staff_screen(client: Client) -> None:
    """An account that is not protected (no clearance, not the leadership); a protected one takes a second
    person (test_account_resets.py)."""
    unit = UnitFactory.create()
    admin_user = make_staff("quantri", unit=unit, roles=(RoleCode.ADMINISTRATOR,))
    user = make_staff("lanhdao", unit=unit)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(admin_user)
    response = client.post(
        "/admin/core/user/", {"action": "reset_second_factor", "_selected_action": [str(user.pk)]}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(
        action="security", object_id=user.pk, message="Đặt lại đăng nhập hai bước"
    ).exists()


def test_a_guesser_gets_no_fresh_tries_by_changing_address_within_its_ipv6_network() -> None:
    make_staff("an", unit=UnitFactory.create())
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(Client(REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}"), "an", "wrong-password")
    assert login(Client(REMOTE_ADDR="2001:db8:1:2::ff"), "an").status_code == 429
    assert login(Client(REMOTE_ADDR="2001:db8:9:9::1"), "an").status_code == 302
