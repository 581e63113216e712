"""An address as a petitioner writes it, matched to today's province and commune (the two levels after the
2025 reform, `chancery.core.provinces`): written the old way, with a district ("xã Nhật Tân, huyện Kim Bảng,
tỉnh Hà Nam"), it gives the new unit the old commune went to; written the new way ("phường Ba Đình, Thành
phố Hà Nội"), the province by its name or the name of a province merged into it, the commune by its name or
the name of an old commune merged into it. OCR's slips (missing diacritics, a letter misread) are forgiven;
an address that names no unit clearly gives no match, with a note saying so. No database: the units are the
packages' data."""

from __future__ import annotations

import re
from dataclasses import dataclass

from chancery.core import provinces
from chancery.core.text import fold
from chancery.documents.scanning.register_line import similar

# how alike (0..1, diacritics aside) a unit's name as read must be to one of the list to be taken for it
NEAR = 0.86

_PROVINCE_WORDS = re.compile(r"^(?:tinh|thanh\s*pho|tp)\b\.?\s*")
_WARD_WORDS = re.compile(r"^(?:xa|phuong|thi\s*tran|dac\s*khu|p|x|tt)\b\.?\s*")


@dataclass(frozen=True)
class PlaceMatch:
    """Today's province and commune (None when not found), how sure the match is (0..1) and a note for the
    clerk (the units' names, or why nothing matched)."""

    province_code: int | None
    ward_code: int | None
    score: float
    note: str
    former: bool = False  # written with the units before July 2025


def _bare(text: str, words: re.Pattern[str]) -> str:
    folded = " ".join(re.sub(r"[^a-z0-9 ]", " ", fold(text)).split())
    return words.sub("", folded).strip()


def _best(wanted: str, names: list[tuple[int, str]]) -> tuple[int | None, float]:
    """The code whose bare name is `wanted`, or within OCR's slips of it."""
    if not wanted:
        return None, 0.0
    exact = [code for code, name in names if name == wanted]
    if exact:
        return exact[0], 1.0
    scored = [(similar(wanted, name), code) for code, name in names if abs(len(name) - len(wanted)) <= 3]
    if not scored:
        return None, 0.0
    score, code = max(scored)
    return (code, score) if score >= NEAR else (None, 0.0)


def _province_names() -> list[tuple[int, str]]:
    names = []
    for province in provinces.provinces():
        code = int(province.code)
        names.append((code, _bare(province.name, _PROVINCE_WORDS)))
        names.extend((code, _bare(old, _PROVINCE_WORDS)) for old in provinces.former_names(code))
    return names


def _ward_names(province_code: int) -> list[tuple[int, str]]:
    names = []
    for ward in provinces.wards_of(province_code):
        code = int(ward.code)
        names.append((code, _bare(ward.name, _WARD_WORDS)))
    return names


def _former_ward_names(province_code: int) -> list[tuple[int, str]]:
    return [
        (int(ward.code), _bare(old.split(",")[0], _WARD_WORDS))
        for ward in provinces.wards_of(province_code)
        for old in provinces.former_wards(int(ward.code))
    ]


def match_place(address: str) -> PlaceMatch:
    """Today's province and commune of an address as written (its last parts: commune, district, province;
    a street or a hamlet before them is not read)."""
    parts = [p.strip(" .;") for p in re.split(r"[,;]", address) if p.strip(" .;")]
    if not parts:
        return PlaceMatch(None, None, 0.0, "")
    former = provinces.place_of_former_address(", ".join(parts))
    if former is not None:
        return PlaceMatch(
            former.province_code,
            former.ward_code,
            0.9 if former.ward_code else 0.7,
            "theo địa giới trước 01/7/2025, nay là "
            + provinces.place_text(former.province_code, former.ward_code),
            former=True,
        )
    province_code, province_score = _best(_bare(parts[-1], _PROVINCE_WORDS), _province_names())
    if province_code is None:
        return PlaceMatch(None, None, 0.0, "không khớp tỉnh, thành phố nào (sau sắp xếp năm 2025)")
    ward_code, ward_score, former_ward = None, 0.0, False
    if len(parts) >= 2:
        wanted = _bare(parts[-2], _WARD_WORDS)
        ward_code, ward_score = _best(wanted, _ward_names(province_code))
        if ward_code is None:
            ward_code, ward_score = _best(wanted, _former_ward_names(province_code))
            former_ward = ward_code is not None
    place = provinces.place_text(province_code, ward_code)
    if ward_code is None:
        return PlaceMatch(
            province_code, None, province_score * 0.8, f"{place}; không khớp xã, phường nào của tỉnh"
        )
    note = f"xã, phường cũ, nay là {place}" if former_ward else place
    return PlaceMatch(province_code, ward_code, min(province_score, ward_score), note, former=former_ward)
