"""Vietnam's provinces and communes as of the 2025 reform (two levels: 34 provinces and centrally-run cities,
3,321 communes, wards and special zones), from the maintained `vietnam-provinces` package, with the names of
the 63 provinces before 1 July 2025 kept searchable: people still write the old name on their letters.

The old-to-new mapping of provinces is Nghị quyết 202/2025/QH15 on the rearrangement of provincial-level
units; the package gives only today's units. The communes before the 2025 rearrangement (about 10,000 under
three levels: commune, district, province) come from the maintained `vietnamadminunits` package: an address
written the old way ("xã Nhật Tân, huyện Kim Bảng, tỉnh Hà Nam") gives today's commune and province
(`place_of_former_address`), and each of today's communes knows the old ones merged into it (`former_wards`)
so that a search by the old name finds it. A commune split between several new ones goes to the one the
package names as its default; the address text the petitioner wrote is kept as written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

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


def province_choices(*, former: bool = False) -> list[tuple[int, str]]:
    """(code, name) of the 34 provinces; with `former`, each name followed by the provinces merged into it,
    for the pickers a clerk fills from a letter that still says "Hà Nam"."""
    choices = []
    for province in provinces():
        code, name = int(province.code), province.name
        old = former_names(code) if former else ()
        if old:
            name = _("%(name)s (formerly also %(old)s)") % {"name": name, "old": ", ".join(old)}
        choices.append((code, name))
    return choices


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
    """Communes of the province whose name, or the name of an old commune merged into them, contains the
    text, folded; each with the name to show."""
    wanted = fold(text)
    found = []
    for ward in wards_of(province_code):
        code = int(ward.code)
        if not wanted or wanted in fold(ward.name):
            found.append((code, ward.name))
        else:
            old = next((n for n in former_wards(code) if wanted in fold(n.split(",")[0])), None)
            if old:
                found.append((code, _("%(name)s (formerly %(old)s)") % {"name": ward.name, "old": old}))
        if len(found) >= limit:
            break
    return found


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


@dataclass(frozen=True)
class Place:
    province_code: int
    ward_code: int | None


# A district-level word: an address that names one was written under the three levels before July 2025.
_DISTRICT_WORD = re.compile(r"\b(huyen|quan|thi xa|h\.|q\.|tx\.?)\s", re.IGNORECASE)


def place_of_former_address(address: str) -> Place | None:
    """Today's province and commune of an address written with the units before July 2025, or None when the
    address does not name an old commune and district clearly. Only the last three parts (commune, district,
    province) are read, never a street: the package looks a street up on the internet, and the office's
    servers do not."""
    from vietnamadminunits import ParseMode, convert_address, parse_address

    parts = [p.strip() for p in address.split(",") if p.strip()]
    if len(parts) < 3 or not _DISTRICT_WORD.search(fold(parts[-2]) + " "):
        return None
    tail = ", ".join(parts[-3:])
    try:
        old = parse_address(tail, mode=ParseMode.LEGACY, level=3)
        if not (old.ward_key and old.district_key):
            return None
        new = convert_address(tail)
    except Exception:  # the package raises bare exceptions on text it cannot read
        return None
    if not new.province_code or not province_name(int(new.province_code)):
        return None
    province = int(new.province_code)
    return Place(province, _ward_code(province, new.ward) if new.ward else None)


@cache
def _codes_by_name() -> dict[tuple[int, str], int]:
    return {(int(w.province_code), fold(w.name)): int(w.code) for w in Ward.iter_all()}


def _ward_code(province_code: int, name: str) -> int | None:
    """Our code of a commune the other package names: the two give a few merged communes (114 of 3,321)
    different codes, and `vietnam-provinces` is the one the records keep."""
    return _codes_by_name().get((province_code, fold(name)))


@cache
def _former_wards() -> dict[int, tuple[str, ...]]:
    """Today's commune code -> "Xã Nhật Tân, Huyện Kim Bảng, Tỉnh Hà Nam" for each old commune merged into it
    (or part of which went to it), from the package's data."""
    from vietnamadminunits.database import query

    data = json.loads(
        (resources.files("vietnamadminunits") / "data" / "converter_2025.json").read_text("utf-8")
    )
    codes = {
        (row["provinceKey"], row["wardKey"]): _ward_code(int(row["provinceCode"]), row["ward"])
        for row in query("SELECT provinceKey, wardKey, provinceCode, ward FROM admin_units")
    }
    names = {
        # An island district has no communes: its key ends in "_" and its name starts at the district.
        "_".join((row["provinceKey"], row["districtKey"], row["wardKey"] or "")): ", ".join(
            n for n in (row["ward"], row["district"], row["province"]) if n
        )
        for row in query(
            "SELECT province, district, ward, provinceKey, districtKey, wardKey FROM admin_units_legacy"
        )
    }
    merged: dict[int, list[str]] = {}
    for province_key, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            code = codes.get((province_key, ward_key))
            if code:
                merged.setdefault(code, []).extend(names[k] for k in old_keys if k in names)
    for province_key, divided in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in divided.items():
            for part in parts:
                code = codes.get((province_key, part["newWardKey"]))
                if code and old_key in names:
                    merged.setdefault(code, []).append(names[old_key])
    return {code: tuple(dict.fromkeys(old)) for code, old in merged.items()}


def former_wards(ward_code: int | None) -> tuple[str, ...]:
    """The communes before July 2025 that make up today's commune, each as "commune, district, province"."""
    return _former_wards().get(ward_code, ()) if ward_code else ()
