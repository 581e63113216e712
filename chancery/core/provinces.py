"""Vietnam's provinces and communes as of the 2025 reform (two levels: 34 provinces and centrally-run cities,
3,321 communes, wards and special zones), from the maintained `vietnam-provinces` package, with the names of
the 63 provinces before 1 July 2025 kept searchable: people still write the old name on their letters.

The old-to-new mapping is Nghị quyết 202/2025/QH15 on the rearrangement of provincial-level units; the package
gives only today's units. Old communes (before the 2025 rearrangement of commune-level units) are not mapped:
an address keeps the text the petitioner wrote, which the search reads.
"""

from __future__ import annotations

from functools import cache

from django.utils.translation import gettext as _
from vietnam_provinces import Province, Ward

from chancery.core.text import fold

# New province code -> the provinces merged into it on 1 July 2025 (Nghị quyết 202/2025/QH15), and the old
# name of an unmerged one that changed its name (Thừa Thiên Huế became Thành phố Huế on 1 January 2025).
FORMER_NAMES: dict[int, tuple[str, ...]] = {
    8: ("Tuyên Quang", "Hà Giang"),
    15: ("Lào Cai", "Yên Bái"),
    19: ("Thái Nguyên", "Bắc Kạn"),
    25: ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình"),
    24: ("Bắc Ninh", "Bắc Giang"),
    33: ("Hưng Yên", "Thái Bình"),
    31: ("Hải Phòng", "Hải Dương"),
    37: ("Ninh Bình", "Hà Nam", "Nam Định"),
    44: ("Quảng Trị", "Quảng Bình"),
    46: ("Thừa Thiên Huế",),
    48: ("Đà Nẵng", "Quảng Nam"),
    51: ("Quảng Ngãi", "Kon Tum"),
    52: ("Gia Lai", "Bình Định"),
    56: ("Khánh Hòa", "Ninh Thuận"),
    66: ("Đắk Lắk", "Phú Yên"),
    68: ("Lâm Đồng", "Đắk Nông", "Bình Thuận"),
    79: ("Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"),
    75: ("Đồng Nai", "Bình Phước"),
    80: ("Tây Ninh", "Long An"),
    92: ("Cần Thơ", "Sóc Trăng", "Hậu Giang"),
    86: ("Vĩnh Long", "Bến Tre", "Trà Vinh"),
    82: ("Đồng Tháp", "Tiền Giang"),
    96: ("Cà Mau", "Bạc Liêu"),
    91: ("An Giang", "Kiên Giang"),
}


@cache
def provinces() -> list[Province]:
    return sorted(Province.iter_all(), key=lambda p: fold(_bare(p.name)))


def _bare(name: str) -> str:
    return name.removeprefix("Thành phố ").removeprefix("Tỉnh ")


def province_choices() -> list[tuple[int, str]]:
    return [(int(p.code), p.name) for p in provinces()]


def province_name(code: int | None) -> str:
    if not code:
        return ""
    try:
        return Province.from_code(code).name  # type: ignore[arg-type]
    except ValueError:
        return ""


def former_names(code: int) -> tuple[str, ...]:
    """The provinces merged into this one (their names before 1 July 2025), itself excluded."""
    own = fold(_bare(province_name(code)))
    return tuple(n for n in FORMER_NAMES.get(code, ()) if fold(n) != own)


@cache
def _wards_by_province() -> dict[int, list[Ward]]:
    grouped: dict[int, list[Ward]] = {}
    for ward in Ward.iter_all():
        grouped.setdefault(int(ward.province_code), []).append(ward)
    for wards in grouped.values():
        wards.sort(key=lambda w: fold(w.name))
    return grouped


def wards_of(province_code: int) -> list[Ward]:
    return _wards_by_province().get(province_code, [])


def ward_name(code: int | None) -> str:
    if not code:
        return ""
    try:
        return Ward.from_code(code).name  # type: ignore[arg-type]
    except ValueError:
        return ""


def find_provinces(text: str) -> list[tuple[int, str]]:
    """Provinces whose current or former name contains the text, folded ("nam dinh" finds Ninh Bình, into
    which Nam Định was merged); each with the name to show."""
    wanted = fold(text)
    if not wanted:
        return province_choices()
    found = []
    for province in provinces():
        code = int(province.code)
        if wanted in fold(province.name):
            found.append((code, province.name))
            continue
        old = next((n for n in former_names(code) if wanted in fold(n)), None)
        if old:
            found.append((code, _("%(name)s (formerly %(old)s)") % {"name": province.name, "old": old}))
    return found


def find_wards(province_code: int, text: str, limit: int = 30) -> list[tuple[int, str]]:
    wanted = fold(text)
    return [(int(w.code), w.name) for w in wards_of(province_code) if not wanted or wanted in fold(w.name)][
        :limit
    ]


def check_address(province_code: int | None, ward_code: int | None) -> str | None:
    """Why a province and commune do not go together, or None."""
    if province_code is not None and not province_name(province_code):
        return _("Unknown province code %(code)s.") % {"code": province_code}
    if ward_code is not None:
        if province_code is None:
            return _("Choose the province of the commune.")
        try:
            ward = Ward.from_code(ward_code)  # type: ignore[arg-type]
        except ValueError:
            return _("Unknown commune code %(code)s.") % {"code": ward_code}
        if int(ward.province_code) != province_code:
            return _("%(ward)s is not in %(province)s.") % {
                "ward": ward.name,
                "province": province_name(province_code),
            }
    return None


def place_text(province_code: int | None, ward_code: int | None = None) -> str:
    """ "Phường Ba Đình, Thành phố Hà Nội", with the province's former names for the search index."""
    parts = [ward_name(ward_code), province_name(province_code)]
    return ", ".join(p for p in parts if p)
