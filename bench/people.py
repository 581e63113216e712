"""The units and people a benchmark measures with, made once and kept with the seeded data."""

from chancery.core import services
from chancery.core.models import SecrecyLevel, Unit, UnitKind, User


def units(prefix: str, name: str, count: int) -> list[Unit]:
    found = list(Unit.objects.filter(code__startswith=prefix).order_by("pk"))
    for n in range(len(found), count):
        found.append(
            services.create_unit(
                actor=None, code=f"{prefix}{n}", name=f"{name} {n}", kind=UnitKind.DEPARTMENT
            )
        )
    return found


def person(
    username: str,
    full_name: str,
    unit: Unit | None,
    roles: tuple[str, ...],
    clearance: int = SecrecyLevel.NONE,
) -> User:
    return User.objects.filter(username=username).first() or services.create_staff(
        actor=None, username=username, full_name=full_name, unit=unit, roles=roles, clearance=clearance
    )
