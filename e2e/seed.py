"""Cases for the browser tests: 120 complaints of the demo's department of the specialist, some accepted
(with their time limit running), a few of another unit, one secret."""

from datetime import timedelta

from django.utils import timezone

from chancery.casework import services
from chancery.core.models import SecrecyLevel, User
from chancery.core.tests.protected.models import Complaint
from e2e.data import E2E_PETITION


def seed() -> None:
    specialist = User.objects.get(username="chuyenvien.dt")
    other = User.objects.exclude(unit=specialist.unit).exclude(unit=None).first()
    assert specialist.unit is not None
    assert other is not None
    assert other.unit is not None
    now = timezone.now()
    for n in range(120):
        case = Complaint.objects.create(
            title=f"Đơn khiếu nại số {n + 1:03d} của ông Lương Văn Hoà",
            body=f"Về việc bồi thường khi thu hồi đất, lần {n + 1}",
            owning_unit=specialist.unit,
        )
        Complaint.objects.filter(pk=case.pk).update(created_at=now - timedelta(days=120 - n))
        if n % 4 == 0:
            services.transition(actor=specialist, case=case, name="accept")
    Complaint.objects.create(title="Đơn của đơn vị khác", owning_unit=other.unit)
    Complaint.objects.create(
        title="Đơn mật của đơn vị", owning_unit=specialist.unit, secrecy=SecrecyLevel.CONFIDENTIAL
    )


def seed_petition() -> None:
    """A petition on file that the browser test registers again, to see the duplicate warning."""
    from chancery.petitions import services as petitions
    from chancery.petitions.models import Channel, Field, PetitionKind

    clerk = User.objects.get(username="vanthu.dt")
    petitions.register_petition(
        actor=clerk,
        data=petitions.PetitionData(
            channel=Channel.POST,
            received_on=timezone.localdate() - timedelta(days=20),
            summary="Kiến nghị về cấp nước sạch cho thôn Yên Lạc",
            content=E2E_PETITION,
            kind=PetitionKind.RECOMMENDATION,
            field=Field.OTHER,
            petitioners=[petitions.PersonData("Đinh Văn Tùng", province_code=37, address="Thôn Yên Lạc")],
        ),
    )


def seed_second_factors() -> None:
    """Known authenticator keys for the cleared people of the documents journey, so that the browser test
    can type their codes (the leadership's own enrolment is tested with chunhiem)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from e2e.data import E2E_TOTP_KEY, E2E_TOTP_USERS

    for username in E2E_TOTP_USERS:
        user = User.objects.get(username=username)
        TOTPDevice.objects.get_or_create(
            user=user, name="e2e", defaults={"key": E2E_TOTP_KEY, "confirmed": True}
        )


seed()
seed_petition()
seed_second_factors()
