"""Guessing the second factor (examiner's low finding): someone holding a leader's password types wrong
codes at the second step. django-otp's device throttle then refuses every code for a while, the right one
included: the person is told so in plain words, with the time to wait, rather than "the code is wrong"; and
after repeated wrong codes the administrators are alerted (once an hour per person) and the alert is in the
audit trail, as the password lockout does (chancery.core.lockout)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from chancery.core.models import AuditEvent, Notification, NotificationKind, RoleCode, SecrecyLevel, User
from chancery.core.tests.factories import PASSWORD, UnitFactory, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader() -> User:
    unit = UnitFactory.create()
    make_staff("quantri", unit=unit, roles=(RoleCode.ADMINISTRATOR,))
    return make_staff("chunhiem", unit=unit, roles=(RoleCode.LEADERSHIP,), clearance=SecrecyLevel.TOP_SECRET)


def right_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(right_code(device)) + 1) % 1_000_000:06d}"


def past_the_password(user: User) -> Client:
    client = Client()
    assert client.post("/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


NOW = "2026-03-02 09:10:00+07:00"


@freeze_time(NOW)
def test_the_throttle_says_to_wait_rather_than_that_the_code_is_wrong(leader: User) -> None:
    device = TOTPDevice.objects.create(user=leader, name="phone", confirmed=True)
    guesser = past_the_password(leader)
    for _ in range(3):
        guesser.post("/login/otp/", {"token": wrong_code(device)})
    person = past_the_password(leader)
    page = person.post("/login/otp/", {"token": right_code(device)})
    assert page.status_code == 200  # refused while the throttle runs
    text = page.content.decode()
    assert "Mã không đúng" not in text
    assert "Nhập sai mã quá nhiều lần" in text
    assert "giây" in text
    # once the wait is over, the right code lets the person in
    device.refresh_from_db()
    assert device.throttling_failure_timestamp is not None
    with freeze_time(timezone.now() + timedelta(minutes=5)):
        done = person.post("/login/otp/", {"token": right_code(device)})
    assert done.status_code == 302


@freeze_time(NOW)
def test_repeated_wrong_codes_alert_the_administrators_once_an_hour_and_are_audited(leader: User) -> None:
    device = TOTPDevice.objects.create(user=leader, name="phone", confirmed=True)
    guesser = past_the_password(leader)
    for _ in range(38):
        guesser.post("/login/otp/", {"token": wrong_code(device)}, REMOTE_ADDR="203.0.113.9")
    admin = User.objects.get(username="quantri")
    alerts = Notification.objects.filter(recipient=admin, kind=NotificationKind.SECURITY_ALERT)
    assert alerts.count() == 1
    assert "203.0.113.9" in alerts.get().title
    assert not Notification.objects.filter(recipient=leader, kind=NotificationKind.SECURITY_ALERT).exists()
    audited = AuditEvent.objects.filter(
        object_type="core.user",
        object_id=leader.pk,
        action="security",
        message__startswith="Nghi có người dò mã đăng nhập hai bước",
    )
    assert audited.count() == 1
    failures = AuditEvent.objects.filter(object_type="core.user", object_id=leader.pk, action="login_failed")
    assert failures.count() == 38  # every refused code, once each
    assert settings.AXES_FAILURE_LIMIT < 38
