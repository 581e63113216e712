"""Honours rules, the vocabulary: subjects, awards, the facts a nomination carries, and the parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

INDIVIDUAL = "individual"
COLLECTIVE = "collective"

# Emulation titles and recognitions counted by the criteria (danh hiệu thi đua, hình thức khen thưởng).
TITLE_GRASSROOTS_FIGHTER = "cstd-co-so"  # Chiến sĩ thi đua cơ sở
TITLE_MINISTRY_FIGHTER = "cstd-bo"  # Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh
TITLE_NATIONAL_FIGHTER = "cstd-toan-quoc"  # Chiến sĩ thi đua toàn quốc
TITLE_MINISTRY_INITIATIVE = "sang-kien-bo"  # sáng kiến công nhận phạm vi cấp bộ, ban, ngành, tỉnh
TITLE_MINISTRY_FLAG = "co-thi-dua-bo"  # Cờ thi đua cấp bộ, ban, ngành, tỉnh
TITLE_GOVERNMENT_FLAG = "co-thi-dua-cp"  # Cờ thi đua của Chính phủ
TITLE_MINISTRY_MERIT = "bang-khen-bo"  # Bằng khen cấp bộ, ban, ngành, tỉnh
TITLE_EXCELLENT_COLLECTIVE = "tt-ldxs"  # Tập thể lao động xuất sắc

TITLES: dict[str, str] = {
    TITLE_GRASSROOTS_FIGHTER: "Chiến sĩ thi đua cơ sở",
    TITLE_MINISTRY_FIGHTER: "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
    TITLE_NATIONAL_FIGHTER: "Chiến sĩ thi đua toàn quốc",
    TITLE_MINISTRY_INITIATIVE: "Sáng kiến cấp bộ, ban, ngành, tỉnh",
    TITLE_MINISTRY_FLAG: "Cờ thi đua cấp bộ, ban, ngành, tỉnh",
    TITLE_GOVERNMENT_FLAG: "Cờ thi đua của Chính phủ",
    TITLE_MINISTRY_MERIT: "Bằng khen cấp bộ, ban, ngành, tỉnh",
    TITLE_EXCELLENT_COLLECTIVE: "Tập thể lao động xuất sắc",
}

RATINGS = {"excellent": 3, "good": 2, "completed": 1, "not_completed": 0}
RATING_LABELS = {
    "excellent": "Hoàn thành xuất sắc nhiệm vụ",
    "good": "Hoàn thành tốt nhiệm vụ",
    "completed": "Hoàn thành nhiệm vụ",
    "not_completed": "Không hoàn thành nhiệm vụ",
}
GROUNDS = {
    "achievement": "Thành tích theo quá trình (đủ điều kiện về khen thưởng trước đó và số năm)",
    "exceptional": "Thành tích xuất sắc đột xuất",
    "contribution": "Quá trình cống hiến lâu dài",
}


@dataclass(frozen=True)
class Award:
    """A form of reward: `family` groups the classes of one order (its ladder), `rank` orders them (higher
    is higher); `by_president` is False for the prior awards others confer that the criteria count."""

    code: str
    name: str
    kind: str  # order, medal, title, prize, merit
    family: str
    rank: int = 1
    individual: bool = True
    collective: bool = False
    by_president: bool = True


def _orders(family: str, name: str, *, collective: bool = True) -> list[Award]:
    return [
        Award(f"{family}-{n}", f"{name} hạng {label}", "order", family, rank, True, collective)
        for n, label, rank in ((3, "Ba", 1), (2, "Nhì", 2), (1, "Nhất", 3))
    ]


AWARDS: dict[str, Award] = {
    a.code: a
    for a in [
        Award("bk-ttg", "Bằng khen của Thủ tướng Chính phủ", "merit", "bk-ttg", 1, True, True, False),
        Award("hcsv", "Huân chương Sao vàng", "order", "hcsv", 1, True, True),
        Award("hchcm", "Huân chương Hồ Chí Minh", "order", "hchcm", 1, True, True),
        *_orders("hcdl", "Huân chương Độc lập"),
        *_orders("hcqc", "Huân chương Quân công"),
        *_orders("hcld", "Huân chương Lao động"),
        *_orders("hcbvtq", "Huân chương Bảo vệ Tổ quốc"),
        *_orders("hccc", "Huân chương Chiến công"),
        Award("hcdc", "Huân chương Dũng cảm", "order", "hcdc"),
        Award("hcddkdt", "Huân chương Đại đoàn kết dân tộc", "order", "hcddkdt"),
        Award("hchn", "Huân chương Hữu nghị", "order", "hchn", 1, True, True),
        Award("hcqkqt", "Huy chương Quân kỳ quyết thắng", "medal", "hcqkqt"),
        Award("hcvantq", "Huy chương Vì an ninh Tổ quốc", "medal", "hcvantq"),
        Award("hccsvv-3", "Huy chương Chiến sĩ vẻ vang hạng Ba", "medal", "hccsvv", 1),
        Award("hccsvv-2", "Huy chương Chiến sĩ vẻ vang hạng Nhì", "medal", "hccsvv", 2),
        Award("hccsvv-1", "Huy chương Chiến sĩ vẻ vang hạng Nhất", "medal", "hccsvv", 3),
        Award("hchn-hc", "Huy chương Hữu nghị", "medal", "hchn-hc"),
        Award("bmvnah", "Bà mẹ Việt Nam anh hùng", "title", "bmvnah"),
        Award("ahllvtnd", "Anh hùng Lực lượng vũ trang nhân dân", "title", "ahllvtnd", 1, True, True),
        Award("ahld", "Anh hùng Lao động", "title", "ahld", 1, True, True),
        Award("ngnd", "Nhà giáo Nhân dân", "title", "nhagiao", 2),
        Award("ngut", "Nhà giáo Ưu tú", "title", "nhagiao", 1),
        Award("ttnd", "Thầy thuốc Nhân dân", "title", "thaythuoc", 2),
        Award("ttut", "Thầy thuốc Ưu tú", "title", "thaythuoc", 1),
        Award("nsnd", "Nghệ sĩ Nhân dân", "title", "nghesi", 2),
        Award("nsut", "Nghệ sĩ Ưu tú", "title", "nghesi", 1),
        Award("nnnd", "Nghệ nhân Nhân dân", "title", "nghenhan", 2),
        Award("nnut", "Nghệ nhân Ưu tú", "title", "nghenhan", 1),
        Award("gthcm", "Giải thưởng Hồ Chí Minh", "prize", "gthcm", 2),
        Award("gtnn", "Giải thưởng Nhà nước", "prize", "gtnn", 1),
    ]
}

# The order of the annex of a decision: the highest forms first (Luật Thi đua, khen thưởng 2022, Điều 33,
# 54, 59: orders in the order the law lists them, then medals, titles, prizes), then class, then name.
_FAMILIES = list(dict.fromkeys(a.family for a in AWARDS.values()))
ANNEX_ORDER = {a.code: _FAMILIES.index(a.family) * 10 + (9 - a.rank) for a in AWARDS.values()}


def award_name(code: str) -> str:
    award = AWARDS.get(code)
    return award.name if award else code


LAW_2022 = date(2024, 1, 1)
DECREE_91_2017 = date(2017, 10, 1)
DECREE_152_2025 = date(2025, 7, 1)
