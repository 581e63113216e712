"""A realistic office for demonstration and browser tests: units of the Office of the State President and
their staff with Vietnamese names, positions, roles and clearances. Re-running changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from chancery.core import services
from chancery.core.models import RoleCode, SecrecyLevel, Unit, UnitKind, User

DEMO_PASSWORD = "ChanceryDemo!2026"

# (code, name, short name, kind, parent code)
UNITS: list[tuple[str, str, str, str, str | None]] = [
    ("vpctn", "Văn phòng Chủ tịch nước", "VPCTN", UnitKind.OFFICE, None),
    ("lanh-dao", "Lãnh đạo Văn phòng", "LĐVP", UnitKind.LEADERSHIP, "vpctn"),
    # the State President and the Vice President, whom the Office serves: not of the Office's leadership
    ("lanh-dao-nha-nuoc", "Lãnh đạo Nhà nước", "LĐNN", UnitKind.LEADERSHIP, None),
    ("vu-tong-hop", "Vụ Tổng hợp", "TH", UnitKind.DEPARTMENT, "vpctn"),
    ("vu-phap-luat", "Vụ Pháp luật", "PL", UnitKind.DEPARTMENT, "vpctn"),
    ("vu-tu-phap", "Vụ Tư pháp", "TP", UnitKind.DEPARTMENT, "vpctn"),
    ("phong-don-thu", "Phòng Tiếp công dân và Xử lý đơn thư", "ĐT", UnitKind.DIVISION, "vu-tu-phap"),
    ("phong-dac-xa", "Phòng Đặc xá", "ĐX", UnitKind.DIVISION, "vu-tu-phap"),
    ("vu-khen-thuong", "Vụ Thi đua - Khen thưởng", "TĐKT", UnitKind.DEPARTMENT, "vpctn"),
    ("phong-huan-chuong", "Phòng Huân chương, Huy chương", "HC", UnitKind.DIVISION, "vu-khen-thuong"),
    ("phong-danh-hieu", "Phòng Danh hiệu vinh dự Nhà nước", "DH", UnitKind.DIVISION, "vu-khen-thuong"),
    ("vu-doi-ngoai", "Vụ Đối ngoại", "ĐN", UnitKind.DEPARTMENT, "vpctn"),
    ("phong-le-tan", "Phòng Lễ tân", "LT", UnitKind.DIVISION, "vu-doi-ngoai"),
    ("vu-to-chuc-hanh-chinh", "Vụ Tổ chức - Hành chính", "TCHC", UnitKind.DEPARTMENT, "vpctn"),
    ("phong-van-thu", "Phòng Văn thư - Lưu trữ", "VT", UnitKind.DIVISION, "vu-to-chuc-hanh-chinh"),
    ("vu-phia-nam", "Vụ Công tác phía Nam", "PN", UnitKind.DEPARTMENT, "vpctn"),
    ("cuc-quan-tri", "Cục Quản trị - Tài vụ", "QTTV", UnitKind.DEPARTMENT, "vpctn"),
]


@dataclass(frozen=True)
class DemoPerson:
    username: str
    full_name: str
    unit: str
    position: str
    roles: tuple[str, ...]
    clearance: int = SecrecyLevel.NONE


C, S, H, L, A = (
    RoleCode.CLERK,
    RoleCode.SPECIALIST,
    RoleCode.HEAD_OF_UNIT,
    RoleCode.LEADERSHIP,
    RoleCode.ADMINISTRATOR,
)
PEOPLE: list[DemoPerson] = [
    DemoPerson("chunhiem", "Lê Khánh Hải", "lanh-dao", "Chủ nhiệm Văn phòng", (L,), SecrecyLevel.TOP_SECRET),
    DemoPerson(
        "phochunhiem", "Phạm Thanh Hà", "lanh-dao", "Phó Chủ nhiệm Văn phòng", (L,), SecrecyLevel.CONFIDENTIAL
    ),
    DemoPerson(
        "vutruong.th", "Nguyễn Văn Thắng", "vu-tong-hop", "Vụ trưởng", (H,), SecrecyLevel.CONFIDENTIAL
    ),
    DemoPerson("chuyenvien.th", "Trần Thị Thu Trang", "vu-tong-hop", "Chuyên viên chính", (S,)),
    DemoPerson("vutruong.pl", "Đỗ Minh Tuấn", "vu-phap-luat", "Vụ trưởng", (H,), SecrecyLevel.CONFIDENTIAL),
    DemoPerson("chuyenvien.pl", "Vũ Hoàng Nam", "vu-phap-luat", "Chuyên viên", (S,)),
    DemoPerson("vutruong.tp", "Hoàng Đức Dũng", "vu-tu-phap", "Vụ trưởng", (H,), SecrecyLevel.CONFIDENTIAL),
    DemoPerson(
        "truongphong.dt", "Bùi Thị Lan", "phong-don-thu", "Trưởng phòng", (H, S), SecrecyLevel.CONFIDENTIAL
    ),
    DemoPerson("chuyenvien.dt", "Đặng Quốc Bảo", "phong-don-thu", "Chuyên viên", (S,)),
    DemoPerson("vanthu.dt", "Ngô Thị Hồng", "phong-don-thu", "Văn thư", (C,)),
    DemoPerson(
        "truongphong.dx", "Phan Văn Lực", "phong-dac-xa", "Trưởng phòng", (H, S), SecrecyLevel.CONFIDENTIAL
    ),
    DemoPerson("chuyenvien.dx", "Lý Thị Mai", "phong-dac-xa", "Chuyên viên", (S,)),
    DemoPerson(
        "vutruong.kt", "Trịnh Xuân Trường", "vu-khen-thuong", "Vụ trưởng", (H,), SecrecyLevel.CONFIDENTIAL
    ),
    DemoPerson("chuyenvien.hc", "Dương Thị Ngọc Ánh", "phong-huan-chuong", "Chuyên viên", (S,)),
    DemoPerson("chuyenvien.dh", "Tạ Quang Huy", "phong-danh-hieu", "Chuyên viên", (S,)),
    DemoPerson("vutruong.dn", "Mai Anh Tuấn", "vu-doi-ngoai", "Vụ trưởng", (H,), SecrecyLevel.CONFIDENTIAL),
    DemoPerson("chuyenvien.dn", "Nguyễn Thị Thanh Bình", "vu-doi-ngoai", "Chuyên viên", (S,)),
    DemoPerson("chuyenvien.lt", "Kiều Thị Phương", "phong-le-tan", "Chuyên viên", (S,)),
    DemoPerson("vanthu", "Lương Thị Hạnh", "phong-van-thu", "Văn thư", (C,), SecrecyLevel.CONFIDENTIAL),
    DemoPerson("quantri", "Châu Minh Khoa", "vu-to-chuc-hanh-chinh", "Chuyên viên công nghệ thông tin", (A,)),
    DemoPerson("chuyenvien.pn", "Huỳnh Thị Kim Ngân", "vu-phia-nam", "Chuyên viên", (S,)),
    # who signs what is issued in the President's name (documents.rules.signs_for_president), last so that
    # the Office's head stays its first leader; the names are made up for the demonstration
    DemoPerson(
        "chutich", "Nguyễn Quốc Trung", "lanh-dao-nha-nuoc", "Chủ tịch nước", (L,), SecrecyLevel.TOP_SECRET
    ),
    DemoPerson(
        "phochutich",
        "Trần Thị Mai Anh",
        "lanh-dao-nha-nuoc",
        "Phó Chủ tịch nước",
        (L,),
        SecrecyLevel.CONFIDENTIAL,
    ),
]

LOGINS_SHOWN = [
    "chunhiem",
    "vutruong.tp",
    "chuyenvien.dt",
    "vanthu.dt",
    "vanthu",
    "chuyenvien.th",
    "chuyenvien.dn",
    "quantri",
]


@transaction.atomic
def load_demo() -> list[User]:
    """Create the demo office if it is not there yet; returns the people shown on the console."""
    units: dict[str, Unit] = {}
    for order, (code, name, short, kind, parent) in enumerate(UNITS):
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            unit = services.create_unit(
                actor=None,
                code=code,
                name=name,
                short_name=short,
                kind=kind,
                parent=units.get(parent or ""),
                sort_order=order,
            )
        units[code] = unit
    for person in PEOPLE:
        if User.objects.filter(username=person.username).exists():
            continue
        services.create_staff(
            actor=None,
            username=person.username,
            full_name=person.full_name,
            unit=units[person.unit],
            password=DEMO_PASSWORD,
            roles=person.roles,
            position=person.position,
            clearance=person.clearance,
            email=f"{person.username}@vpctn.demo",
        )
    return list(User.objects.filter(username__in=LOGINS_SHOWN).select_related("unit"))
