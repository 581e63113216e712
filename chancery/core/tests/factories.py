"""factory_boy factories for the organisation; staff are made through the service, as in production."""

from typing import Any

import factory

from chancery.core import services
from chancery.core.models import SecrecyLevel, Unit, UnitKind, User
from chancery.core.tests.protected.models import Memo

PASSWORD = "Correct-Horse-42!"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Vụ số {n}")
    kind = UnitKind.DEPARTMENT


def make_staff(
    username: str,
    *,
    unit: Unit | None,
    roles: tuple[str, ...] = (),
    clearance: int = SecrecyLevel.NONE,
    full_name: str | None = None,
    **extra: Any,
) -> User:
    return services.create_staff(
        actor=None,
        username=username,
        full_name=full_name or f"Cán bộ {username}",
        unit=unit,
        password=PASSWORD,
        roles=roles,
        clearance=clearance,
        **extra,
    )


class MemoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Memo

    title = factory.Sequence(lambda n: f"Tờ trình {n}")
    owning_unit = factory.SubFactory(UnitFactory)
    secrecy = SecrecyLevel.NONE


def signed_in(user: User) -> Any:
    """A test client logged in as the user, past the second factor when the user's clearance requires one."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from chancery.core.security import needs_second_factor

    client = Client()
    client.force_login(user)
    if needs_second_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="test", confirmed=True
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def token_client(user: User, *, second_factor_verified: bool = True) -> Any:
    """An API client presenting a token of the user's, issued as from the user's own (verified) session."""
    from rest_framework.test import APIClient

    from chancery.core.tokens import issue_api_token

    client = APIClient()
    key = issue_api_token(user=user, second_factor_verified=second_factor_verified).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client
