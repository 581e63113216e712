"""A foreign-affairs department beside the office of the documents tests, and builders through the
services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chancery.core.models import RoleCode, SecrecyLevel, Unit, UnitKind, User
from chancery.core.tests.factories import make_staff
from chancery.diplomacy import services
from chancery.diplomacy.models import Country, Event
from chancery.documents.tests.factories import Office, make_office


@dataclass
class ForeignOffice:
    office: Office
    foreign: Unit
    protocol: Unit
    foreign_head: User
    foreign_specialist: User
    protocol_specialist: User


def make_foreign_office() -> ForeignOffice:
    office = make_office()
    parent = office.general.parent
    foreign = Unit.objects.create(
        code="vu-doi-ngoai", name="Vụ Đối ngoại", short_name="ĐN", kind=UnitKind.DEPARTMENT, parent=parent
    )
    protocol = Unit.objects.create(
        code="phong-le-tan", name="Phòng Lễ tân", short_name="LT", kind=UnitKind.DIVISION, parent=foreign
    )
    return ForeignOffice(
        office=office,
        foreign=foreign,
        protocol=protocol,
        foreign_head=make_staff(
            "vutruong.dn",
            unit=foreign,
            roles=(RoleCode.HEAD_OF_UNIT,),
            clearance=SecrecyLevel.CONFIDENTIAL,
            full_name="Mai Anh Tuấn",
        ),
        foreign_specialist=make_staff(
            "chuyenvien.dn", unit=foreign, roles=(RoleCode.SPECIALIST,), full_name="Kiều Văn Minh"
        ),
        protocol_specialist=make_staff(
            "chuyenvien.lt", unit=protocol, roles=(RoleCode.SPECIALIST,), full_name="Kiều Thị Phương"
        ),
    )


def country(code: str) -> Country:
    return Country.objects.get(alpha2=code)


def make_event(
    actor: User, *, kind: str = "state_visit", starts: date, ends: date | None = None, **extra
) -> Event:
    data = {
        "kind": kind,
        "title": extra.pop("title", "Tổng thống Pháp thăm cấp Nhà nước Việt Nam"),
        "starts_on": starts,
        "ends_on": ends or starts,
        "country": extra.pop("country", country("FR")),
        **extra,
    }
    return services.create_event(actor=actor, data=services.EventData(**data))
