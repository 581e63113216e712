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
