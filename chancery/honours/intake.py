"""The list of nominees a proposing body sends (Excel): its columns, and one row read into the facts the
criteria use (chancery.honours.rules). A row with a problem raises a ValidationError naming the column."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from chancery.appraisal.sheets import Column, day, flag, parsed_cell, quoted, text, whole_number, years
from chancery.core.text import fold

from . import rules


def _c(field: str, label: str, *aliases: str, required: bool = False) -> Column:
    return Column(field, label, tuple({fold(label), *aliases}), required)


COLUMNS: list[Column] = [
    _c("name", "Họ và tên (tên tập thể)", "ho va ten", "ho ten", "ten tap the", "ten", required=True),
    _c("award", "Hình thức khen thưởng", "hinh thuc", "hinh thuc de nghi", "de nghi", required=True),
    _c("subject", "Cá nhân/Tập thể", "doi tuong", "loai"),
    _c("birth_year", "Năm sinh", "nam sinh", "ngay sinh"),
    _c("id_number", "Số định danh", "so cccd", "cccd", "so dinh danh ca nhan"),
    _c("position", "Chức vụ", "chuc vu"),
    _c("organisation", "Đơn vị công tác", "don vi", "co quan", "noi cong tac", "don vi cong tac"),
    _c("nationality", "Quốc tịch", "quoc tich"),
    _c("ground", "Căn cứ đề nghị", "can cu", "loai thanh tich"),
    _c("posthumous", "Truy tặng", "truy tang"),
    _c("died_on", "Ngày mất (hy sinh)", "ngay mat", "ngay hy sinh", "ngay tu tran"),
    _c("post", "Chức vụ tính cống hiến", "chuc vu da giu", "chuc vu cong hien"),
    _c("post_years", "Số năm giữ chức vụ", "so nam giu chuc vu", "thoi gian giu chuc vu"),
    _c("prior_number", "Số quyết định khen thưởng trước", "so quyet dinh", "qd khen thuong truoc"),
    _c("prior_date", "Ngày quyết định khen thưởng trước", "ngay quyet dinh"),
    _c(
        "prior_period",
        "Giai đoạn thành tích của khen thưởng trước",
        "giai doan thanh tich",
        "thoi gian lap thanh tich",
        "giai doan thanh tich khen thuong truoc",
    ),
    _c("excellent_years", "Năm hoàn thành xuất sắc nhiệm vụ", "htxsnv", "hoan thanh xuat sac"),
    _c("good_years", "Năm hoàn thành tốt nhiệm vụ", "httnv", "hoan thanh tot"),
    _c("completed_years", "Năm hoàn thành nhiệm vụ", "htnv"),
    _c("grassroots_years", "Chiến sĩ thi đua cơ sở (năm)", "cstdcs", "chien si thi dua co so"),
    _c("ministry_fighter_years", "Chiến sĩ thi đua cấp bộ, tỉnh (năm)", "cstd cap bo", "cstd cap tinh"),
    _c("national_fighter_years", "Chiến sĩ thi đua toàn quốc (năm)", "cstdtq", "chien si thi dua toan quoc"),
    _c("initiative_years", "Sáng kiến cấp bộ, tỉnh (năm)", "sang kien"),
    _c("flag_years", "Cờ thi đua cấp bộ, tỉnh (năm)", "co thi dua"),
    _c("merit_years", "Bằng khen cấp bộ, tỉnh (năm)", "bang khen"),
    _c("service_years", "Số năm công tác liên tục", "so nam cong tac", "nam cong tac"),
    _c("force", "Lực lượng (Quân đội nhân dân, Công an nhân dân)", "luc luong", "luc luong vu trang"),
    _c("discipline_years", "Kỷ luật (năm)", "ky luat"),
    _c("under_investigation", "Đang bị điều tra, thanh tra", "dang bi dieu tra"),
    _c("is_enterprise", "Doanh nghiệp", "la doanh nghiep"),
    _c("tax_debt", "Nợ thuế", "no thue"),
    _c("insurance_debt", "Nợ bảo hiểm xã hội", "no bhxh", "no bao hiem"),
    _c("children", "Số con", "so con"),
    _c("children_martyrs", "Số con liệt sĩ", "con liet si"),
    _c("children_invalid_81", "Số con thương binh từ 81%", "con thuong binh"),
    _c("husband_martyr", "Chồng là liệt sĩ", "chong liet si"),
    _c("self_martyr", "Bản thân là liệt sĩ", "ban than liet si"),
    _c("self_invalid_81", "Bản thân là thương binh từ 81%", "ban than thuong binh"),
]
LABELS = {c.field: c.label for c in COLUMNS}
_TITLE_COLUMNS = {
    "grassroots_years": rules.TITLE_GRASSROOTS_FIGHTER,
    "ministry_fighter_years": rules.TITLE_MINISTRY_FIGHTER,
    "national_fighter_years": rules.TITLE_NATIONAL_FIGHTER,
    "initiative_years": rules.TITLE_MINISTRY_INITIATIVE,
    "flag_years": rules.TITLE_MINISTRY_FLAG,
    "merit_years": rules.TITLE_MINISTRY_MERIT,
}
_GROUNDS = {
    "": "achievement",
    "thanh tich": "achievement",
    "qua trinh": "achievement",
    "dot xuat": "exceptional",
    "thanh tich dot xuat": "exceptional",
    "cong hien": "contribution",
    "qua trinh cong hien": "contribution",
}
# The posts of a long contribution in the body's words (folded), most specific first.
_POSTS = [
    ("pho tong cuc truong", rules.POST_DEPUTY_GENERAL_DIRECTOR),
    ("tong cuc truong", rules.POST_GENERAL_DIRECTOR),
    ("pho vu truong", rules.POST_DEPUTY_DIRECTOR),
    ("pho cuc truong", rules.POST_DEPUTY_DIRECTOR),
    ("vu truong", rules.POST_DIRECTOR),
    ("cuc truong", rules.POST_DIRECTOR),
]
_CLASSES = {"ba": 3, "3": 3, "iii": 3, "nhi": 2, "2": 2, "ii": 2, "nhat": 1, "1": 1, "i": 1}
# Membership of the armed forces, for the years-of-service medals (Luật TĐKT 2022, Điều 54.1, 55, 56).
_FORCES = {
    "quan doi nhan dan": rules.ARMY,
    "quan doi": rules.ARMY,
    "qdnd": rules.ARMY,
    "quan nhan": rules.ARMY,
    "cong an nhan dan": rules.POLICE,
    "cong an": rules.POLICE,
    "cand": rules.POLICE,
    "khong": rules.NO_FORCE,
    "khong thuoc": rules.NO_FORCE,
}


def _award_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for award in rules.AWARDS.values():
        aliases[award.code] = award.code
        aliases[fold(award.name)] = award.code
        if "-" in award.code and award.code.rsplit("-", 1)[1].isdigit():
            family, number = award.code.rsplit("-", 1)
            base = fold(award.name).rsplit(" hang ", 1)[0]
            for word, n in _CLASSES.items():
                if str(n) == number:
                    aliases[f"{family} hang {word}"] = award.code
                    aliases[f"{base} hang {word}"] = award.code
    return aliases


AWARD_ALIASES = _award_aliases()


def post_code(value: Any) -> str:
    """A post of the table of Nghị định 152/2025, Điều 21 (by its leading words, "Vụ trưởng Vụ Tổ chức" is
    a Vụ trưởng), or the body's own words, for a person to place."""
    raw = text(value)
    folded = fold(raw)
    return next((code for words, code in _POSTS if folded.startswith(words)), raw)


def award_code(value: Any) -> str:
    raw = text(value)
    code = AWARD_ALIASES.get(fold(raw).replace("“", "").replace("”", "").replace('"', "").strip())
    if code is None:
        raise ValidationError(
            gettext("An award not in the list of awards: %(cell)s.") % {"cell": quoted(raw)}
        )
    if not rules.AWARDS[code].by_president:
        raise ValidationError(
            gettext("%(award)s is not within the President's power to award.")
            % {"award": rules.award_name(code)}
        )
    return code


def force(value: Any) -> str | None:
    """Quân đội nhân dân, Công an nhân dân, or neither ("Không"); empty: the list does not say."""
    folded = fold(text(value)).strip(" .")
    if not folded:
        return None
    if folded not in _FORCES:
        raise ValidationError(
            gettext("%(cell)s: write “Quân đội nhân dân”, “Công an nhân dân” or “Không”.")
            % {"cell": quoted(value)}
        )
    return _FORCES[folded]


def achievement_period(value: Any) -> tuple[int, int] | None:
    """The achievement period a decision states ("2014-2018", or one year) as (first, last year)."""
    raw = re.sub(r"\s*(?:[-–—]|đến)\s*", "-", text(value))
    found = years(raw)
    if not found:
        return None
    if found != list(range(found[0], found[-1] + 1)):
        raise ValidationError(
            gettext("%(cell)s: write a span of consecutive years (for example: 2014-2018).")
            % {"cell": quoted(value)}
        )
    return found[0], found[-1]


def _birth_year(values: Mapping[str, Any]) -> int | None:
    """The year of birth, from a year or a full date; never after today."""
    today = date.today()
    birth = values.get("birth_year")
    if not isinstance(birth, date | int | float) and re.search(r"\d[/.-]\d{1,2}[/.-]\d", text(birth)):
        birth = _field(values, "birth_year", day)
    if isinstance(birth, date):
        if birth > today:
            raise ValidationError(
                gettext("Column “%(column)s”: date of birth %(date)s after today.")
                % {"column": LABELS["birth_year"], "date": f"{birth:%d/%m/%Y}"}
            )
        return birth.year
    year: int | None = _field(values, "birth_year", whole_number, low=1880, high=today.year)
    return year


@dataclass(frozen=True)
class NomineeRow:
    name: str
    award: str
    subject: str
    ground: str
    posthumous: bool
    birth_year: int | None
    id_number: str
    position: str
    organisation: str
    nationality: str
    is_enterprise: bool
    facts: dict[str, Any]


def _field(values: Mapping[str, Any], field: str, parse: Any, *args: Any, **kwargs: Any) -> Any:
    """A cell read by a pure reader (`parse`: once per distinct cell, sheets.parsed_cell), its problem
    naming the column."""
    try:
        return parsed_cell(parse, values.get(field), *args, **kwargs)
    except ValidationError as error:
        raise ValidationError(
            gettext("Column “%(column)s”: %(problem)s")
            % {"column": LABELS[field], "problem": " ".join(error.messages)}
        ) from error


def parse_row(values: Mapping[str, Any]) -> NomineeRow:
    """One row of the list as a nominee; a ValidationError says which column is wrong and why."""
    name = text(values.get("name"))
    if not name:
        raise ValidationError(gettext("Missing “%(column)s”.") % {"column": LABELS["name"]})
    if not text(values.get("award")):
        raise ValidationError(gettext("Missing “%(column)s”.") % {"column": LABELS["award"]})
    award = _field(values, "award", award_code)
    subject_text = fold(text(values.get("subject")))
    if subject_text in ("", "ca nhan", "cn"):
        subject = rules.INDIVIDUAL
    elif subject_text in ("tap the", "tt", "to chuc"):
        subject = rules.COLLECTIVE
    else:
        raise ValidationError(
            gettext("Column “%(column)s”: write “Cá nhân” or “Tập thể”.") % {"column": LABELS["subject"]}
        )
    ground = _GROUNDS.get(fold(text(values.get("ground"))))
    if ground is None:
        raise ValidationError(
            gettext("Column “%(column)s”: write “Thành tích”, “Đột xuất” or “Cống hiến”.")
            % {"column": LABELS["ground"]}
        )
    birth_year = _birth_year(values)
    nationality = (text(values.get("nationality")) or "VN").upper()
    if fold(nationality) in ("viet nam", "vn", "vietnam"):
        nationality = "VN"
    if len(nationality) != 2:
        raise ValidationError(
            gettext("Column “%(column)s”: a two-letter country code (VN, FR, ...).")
            % {"column": LABELS["nationality"]}
        )
    ratings: dict[int, str] = {}
    for field, rating in (
        ("completed_years", "completed"),
        ("good_years", "good"),
        ("excellent_years", "excellent"),
    ):
        for year in _field(values, field, years):
            if year in ratings:
                raise ValidationError(gettext("The year %(year)s has two ratings.") % {"year": year})
            ratings[year] = rating
    titles = [(year, code) for field, code in _TITLE_COLUMNS.items() for year in _field(values, field, years)]
    prior_number = text(values.get("prior_number"))
    prior_date = _field(values, "prior_date", day)
    prior_period = _field(values, "prior_period", achievement_period)
    if bool(prior_number) != bool(prior_date) or (prior_period and not prior_number):
        raise ValidationError(gettext("Earlier award: give both the number and the date of the decision."))
    if prior_period and prior_date and prior_period[1] > prior_date.year:
        raise ValidationError(
            gettext(
                "Column “%(column)s”: the period %(first)s–%(last)s ends after the year of the decision "
                "(%(date)s)."
            )
            % {
                "column": LABELS["prior_period"],
                "first": prior_period[0],
                "last": prior_period[1],
                "date": f"{prior_date:%d/%m/%Y}",
            }
        )
    is_enterprise = _field(values, "is_enterprise", flag)
    died_on = _field(values, "died_on", day)
    posthumous = _field(values, "posthumous", flag) or died_on is not None
    if died_on and subject == rules.COLLECTIVE:
        raise ValidationError(
            gettext("Column “%(column)s”: a collective has no date of death.") % {"column": LABELS["died_on"]}
        )
    post = post_code(values.get("post"))
    post_years = _field(values, "post_years", whole_number, high=70)
    if ground == "contribution" and not (post and post_years is not None):
        raise ValidationError(
            gettext("A nomination for a long contribution: fill in “%(post)s” and “%(years)s”.")
            % {"post": LABELS["post"], "years": LABELS["post_years"]}
        )
    facts: dict[str, Any] = {
        "ratings": {str(y): r for y, r in sorted(ratings.items())},
        "titles": sorted(titles),
        "claimed_prior": {
            "decision_number": prior_number,
            "decided_on": prior_date.isoformat(),
            "period": list(prior_period) if prior_period else None,
        }
        if prior_number and prior_date
        else None,
        "discipline_years": _field(values, "discipline_years", years),
        "service_years": _field(values, "service_years", whole_number, high=80),
        "force": _field(values, "force", force),
        "under_investigation": _field(values, "under_investigation", flag),
        "tax_debt": _field(values, "tax_debt", flag),
        "insurance_debt": _field(values, "insurance_debt", flag),
        "died_on": died_on.isoformat() if died_on else None,
        "post": post,
        "post_years": post_years,
    }
    if award == "bmvnah":
        facts["martyrs"] = {
            "children": _field(values, "children", whole_number, high=30) or 0,
            "children_martyrs": _field(values, "children_martyrs", whole_number, high=30) or 0,
            "children_invalid_81": _field(values, "children_invalid_81", whole_number, high=30) or 0,
            "husband_martyr": _field(values, "husband_martyr", flag),
            "self_martyr": _field(values, "self_martyr", flag),
            "self_invalid_81": _field(values, "self_invalid_81", flag),
        }
        if facts["martyrs"]["children_martyrs"] > facts["martyrs"]["children"]:
            raise ValidationError(gettext("More children are martyrs than there are children."))
    return NomineeRow(
        name=name,
        award=award,
        subject=subject,
        ground=ground,
        posthumous=posthumous,
        birth_year=birth_year,
        id_number=text(values.get("id_number")),
        position=text(values.get("position")),
        organisation=text(values.get("organisation")),
        nationality=nationality,
        is_enterprise=is_enterprise,
        facts=facts,
    )


def identity(kind: str, name: str, *, birth_year: int | None, id_number: str, organisation: str) -> str:
    """The key that finds a person or collective again: the identity number when known; else the folded
    name with the year of birth and the workplace (a collective: its name and parent body)."""
    digits = "".join(ch for ch in id_number if ch.isalnum()).upper()
    if kind == rules.INDIVIDUAL and len(digits) >= 9:
        return f"id:{digits}"
    return f"{kind}:{fold(name)}|{birth_year or ''}|{fold(organisation)}"[:400]
