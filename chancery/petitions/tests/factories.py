"""Builders for petition tests: the petitions unit and its people, and petitions registered through the
service, as in production."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from chancery.core import services as core_services
from chancery.core.models import Agency, RoleCode, SecrecyLevel, Unit, UnitKind, User
from chancery.core.tests.factories import make_staff
from chancery.petitions import services
from chancery.petitions.models import Channel, Field, Petition, PetitionKind

LAND_TEXT = (
    "Gia đình tôi bị Ủy ban nhân dân huyện Phú Xuyên thu hồi 1.200 m2 đất nông nghiệp tại thôn Đông theo "
    "Quyết định số 318/QĐ-UBND ngày 12/3/2026 nhưng mức bồi thường chỉ bằng một nửa giá thị trường, không "
    "được bố trí tái định cư, đề nghị xem xét lại quyết định thu hồi đất và bồi thường thỏa đáng."
)
DENUNCIATION_TEXT = (
    "Tôi tố cáo ông Trần Văn Bình, Chủ tịch Ủy ban nhân dân xã Hòa Bình, đã nhận tiền của các hộ dân để "
    "hợp thức hóa đất lấn chiếm ven sông, tổng số tiền khoảng 800 triệu đồng, có biên nhận kèm theo."
)


@dataclass
class Office:
    unit: Unit
    other_unit: Unit
    clerk: User
    specialist: User
    handler: User
    head: User
    leader: User
    admin: User
    outsider: User
    agency: Agency
    other_agency: Agency


def make_office() -> Office:
    office = Unit.objects.create(code="vpctn", name="Văn phòng Chủ tịch nước", kind=UnitKind.OFFICE)
    unit = Unit.objects.create(
        code="phong-don-thu",
        name="Phòng Tiếp công dân và Xử lý đơn thư",
        kind=UnitKind.DIVISION,
        parent=office,
    )
    other = Unit.objects.create(
        code="vu-doi-ngoai", name="Vụ Đối ngoại", kind=UnitKind.DEPARTMENT, parent=office
    )
    leaders = Unit.objects.create(
        code="lanh-dao", name="Lãnh đạo Văn phòng", kind=UnitKind.LEADERSHIP, parent=office
    )
    return Office(
        unit=unit,
        other_unit=other,
        clerk=make_staff("vanthu", unit=unit, roles=(RoleCode.CLERK,), full_name="Ngô Thị Hồng"),
        specialist=make_staff(
            "chuyenvien", unit=unit, roles=(RoleCode.SPECIALIST,), full_name="Đặng Quốc Bảo"
        ),
        handler=make_staff("xuly", unit=unit, roles=(RoleCode.SPECIALIST,), full_name="Lê Minh Tâm"),
        head=make_staff(
            "truongphong", unit=unit, roles=(RoleCode.HEAD_OF_UNIT,), clearance=SecrecyLevel.CONFIDENTIAL
        ),
        leader=make_staff(
            "lanhdao", unit=leaders, roles=(RoleCode.LEADERSHIP,), clearance=SecrecyLevel.CONFIDENTIAL
        ),
        admin=make_staff("quantri", unit=other, roles=(RoleCode.ADMINISTRATOR,)),
        outsider=make_staff("doingoai", unit=other, roles=(RoleCode.SPECIALIST,)),
        agency=core_services.create_agency(
            actor=None, name="Ủy ban nhân dân Thành phố Hà Nội", short_name="UBND TP Hà Nội", province_code=1
        ),
        other_agency=core_services.create_agency(actor=None, name="Thanh tra Chính phủ", short_name="TTCP"),
    )


def petition_data(**overrides: Any) -> services.PetitionData:
    values: dict[str, Any] = {
        "channel": Channel.POST,
        "received_on": date(2026, 11, 2),
        "summary": "Khiếu nại quyết định thu hồi đất, bồi thường không thỏa đáng",
        "content": LAND_TEXT,
        "kind": PetitionKind.COMPLAINT,
        "field": Field.LAND,
        "petitioners": [
            services.PersonData(
                full_name="Nguyễn Văn An",
                id_number="001080012345",
                phone="0912345678",
                address="Thôn Đông",
                province_code=1,
            )
        ],
    }
    values.update(overrides)
    return services.PetitionData(**values)


def register(actor: User | None, **overrides: Any) -> Petition:
    return services.register_petition(actor=actor, data=petition_data(**overrides))


def denunciation(actor: User | None, **overrides: Any) -> Petition:
    values: dict[str, Any] = {
        "summary": "Tố cáo Chủ tịch UBND xã nhận tiền hợp thức hóa đất lấn chiếm",
        "content": DENUNCIATION_TEXT,
        "kind": PetitionKind.DENUNCIATION,
        "field": Field.CORRUPTION,
        "petitioners": [
            services.PersonData(
                full_name="Phạm Thị Tố Nga",
                id_number="036190001122",
                phone="0987000111",
                address="Xóm Bãi, xã Hòa Bình",
                province_code=37,
            )
        ],
    }
    values.update(overrides)
    return register(actor, **values)


def clocks(petition: Petition) -> dict[str, Any]:
    """The petition's legal clocks by kind."""
    from chancery.casework.models import LegalClock

    return {
        c.kind: c for c in LegalClock.objects.filter(object_type="petitions.petition", object_id=petition.pk)
    }
