"""The list of prisoners a facility sends (Excel): its columns, and one row read into the facts the
conditions use (chancery.amnesty.rules). A row with a problem raises a ValidationError naming the column."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from chancery.appraisal.sheets import Column, day, flag, parsed_cell, quoted, text, whole_number
from chancery.core.text import fold

from . import rules


def _c(field: str, label: str, *aliases: str, required: bool = False) -> Column:
    return Column(field, label, tuple({fold(label), *aliases}), required)


COLUMNS: list[Column] = [
    _c("name", "Họ và tên", "ho ten", "ten pham nhan", required=True),
    _c("birth", "Ngày sinh", "nam sinh", "sinh ngay"),
    _c("id_number", "Số định danh", "so cccd", "cccd", "so cmnd"),
    _c("home", "Nơi cư trú", "noi dktt", "que quan", "noi thuong tru", "dia chi"),
    _c("articles", "Điều luật", "toi danh", "dieu luat bi ket an", "dieu", required=True),
    _c("kind", "Loại án", "loai hinh phat"),
    _c("term", "Mức án", "muc an", "thoi han tu", "an phat", required=True),
    _c("start", "Ngày bắt đầu chấp hành án", "ngay bat", "ngay bat dau", "tinh tu ngay", required=True),
    _c("pretrial_days", "Tạm giữ, tạm giam (ngày)", "tam giu tam giam", "so ngay tam giam"),
    _c("reduction", "Đã được giảm", "da duoc giam", "giam thoi han", "thoi gian duoc giam"),
    _c("offence_date", "Ngày phạm tội", "ngay pham toi"),
    _c("bad_quarters", "Số quý xếp loại dưới khá", "quy xep loai duoi kha", "quy kem"),
    _c(
        "good_quarters",
        "Số quý liên tục xếp loại khá, tốt liền kề thời điểm xét",
        "so quy lien tuc kha tot",
        "quy lien tuc kha tot",
        "so quy kha tot lien tuc",
    ),
    _c(
        "rated_since",
        "Từ sau quý xếp loại gần nhất đến ngày họp xét đạt khá, tốt",
        "den ngay hop xet",
        "nhan xet den ngay hop xet",
        "tu sau quy gan nhat den ngay hop xet",
    ),
    _c("civil", "Nghĩa vụ dân sự", "boi thuong", "nghia vu dan su", "thi hanh nghia vu dan su"),
    _c("fines_paid", "Đã nộp phạt tiền", "nop phat", "phat tien"),
    _c("fees_paid", "Đã nộp án phí", "an phi"),
    _c("residence", "Có nơi cư trú rõ ràng", "noi cu tru ro rang"),
    _c("special", "Trường hợp đặc biệt", "dien dac biet", "truong hop dac biet"),
    _c("prior_convictions", "Số tiền án", "tien an"),
    _c("cassation_protest", "Bị kháng nghị giám đốc thẩm, tái thẩm", "khang nghi"),
    _c("prosecuted", "Đang bị truy cứu trách nhiệm hình sự", "dang bi truy cuu"),
    _c("amnestied_before", "Đã được đặc xá", "da duoc dac xa"),
]
LABELS = {c.field: c.label for c in COLUMNS}

_KINDS = {
    "": rules.FIXED,
    "co thoi han": rules.FIXED,
    "tu co thoi han": rules.FIXED,
    "chung than da giam": rules.LIFE_COMMUTED,
    "chung than": rules.LIFE_COMMUTED,
    "tu chung than da giam": rules.LIFE_COMMUTED,
    "tam dinh chi": rules.SUSPENDED,
    "dang tam dinh chi": rules.SUSPENDED,
    "hoan": rules.POSTPONED,
    "hoan chap hanh an": rules.POSTPONED,
    "dang duoc hoan": rules.POSTPONED,
    "dang duoc hoan chap hanh an": rules.POSTPONED,
    "chung than chua giam": rules.LIFE,
    "tu chung than chua giam": rules.LIFE,
    "chung than chua duoc giam": rules.LIFE,
}
_CIVIL = {
    "": "",
    "khong": rules.CIVIL_NONE,
    "khong co": rules.CIVIL_NONE,
    "da thi hanh xong": rules.CIVIL_DONE,
    "xong": rules.CIVIL_DONE,
    "da xong": rules.CIVIL_DONE,
    "dinh chi": rules.CIVIL_SUSPENDED,
    "dinh chi thi hanh an": rules.CIVIL_SUSPENDED,
    "mien": rules.CIVIL_WAIVED,
    "khong yeu cau": rules.CIVIL_WAIVED,
    "kho khan": rules.CIVIL_HARDSHIP,
    "kho khan dac biet": rules.CIVIL_HARDSHIP,
    "chua": rules.CIVIL_NOT_DONE,
    "chua thi hanh": rules.CIVIL_NOT_DONE,
    "chua xong": rules.CIVIL_NOT_DONE,
}
# The special cases in the facility's words (folded) -> rules.SPECIAL_CASES codes.
_SPECIAL = {
    "lap cong": "lap-cong",
    "thuong binh": "thuong-binh",
    "benh binh": "thuong-binh",
    "co cong": "thuong-binh",
    "than nhan": "thuong-binh",
    "70 tuoi": "tu-70",
    "tren 70": "tu-70",
    "duoi 18": "duoi-18",
    "chua thanh nien": "duoi-18",
    "benh hiem ngheo": "benh-hiem-ngheo",
    "om dau": "benh-hiem-ngheo",
    "khuyet tat": "khuyet-tat",
    "nuoi con": "nuoi-con",
    "lao dong duy nhat": "nuoi-con",
    "hoan canh": "nuoi-con",
}
_SPAN = re.compile(r"(\d+)\s*(nam|thang|ngay)")
MAX_TERM_MONTHS = 360


def span(value: Any) -> tuple[int, int]:
    """A length of time as the lists write it ("5 năm 6 tháng", "18 tháng", "45 ngày"; a bare number is in
    years) as (months, days)."""
    raw = fold(text(value))
    if not raw:
        return 0, 0
    if re.fullmatch(r"\d+", raw):
        return int(raw) * 12, 0
    parts = _SPAN.findall(raw)
    if not parts or _SPAN.sub("", raw).strip(" ,;.") != "":
        raise ValidationError(
            gettext("%(cell)s is not a length of time (write it like “5 năm 6 tháng”).")
            % {"cell": quoted(value)}
        )
    months = days = 0
    for number, unit in parts:
        if unit == "nam":
            months += int(number) * 12
        elif unit == "thang":
            months += int(number)
        else:
            days += int(number)
    return months, days


def special_codes(value: Any) -> list[str]:
    raw = fold(text(value))
    if not raw:
        return []
    found = {code for words, code in _SPECIAL.items() if words in raw}
    if not found:
        raise ValidationError(
            gettext("The special case %(cell)s is not recognised.") % {"cell": quoted(value)}
        )
    return sorted(found)


@dataclass(frozen=True)
class PrisonerRow:
    name: str
    birth: date | None
    id_number: str
    home: str
    kind: str
    term_months: int
    articles: list[str]
    facts: dict[str, Any]


def _field(values: Mapping[str, Any], field: str, parse: Any, *args: Any, **kwargs: Any) -> Any:
    """A cell read by `parse`, its problem naming the column; a pure reader reads each distinct cell once
    (sheets.parsed_cell; the date of birth is checked against today's date each time)."""
    try:
        if parse is _birth:
            return parse(values.get(field), *args, **kwargs)
        return parsed_cell(parse, values.get(field), *args, **kwargs)
    except ValidationError as error:
        raise ValidationError(
            gettext("Column “%(column)s”: %(problem)s")
            % {"column": LABELS[field], "problem": " ".join(error.messages)}
        ) from error


def _birth(value: Any) -> tuple[date | None, bool]:
    """The date of birth, and whether the list gave the year only (then kept as 1 January; the age-based
    special cases read such a year in the person's favour: rules.special_cases_of); never after today."""
    today = date.today()
    if isinstance(value, int | float) or re.fullmatch(r"\d{4}", text(value)):
        year = whole_number(value, low=1900, high=min(2020, today.year))
        return (date(year, 1, 1), True) if year else (None, False)
    born = day(value)
    if born is not None and born > today:
        raise ValidationError(gettext("date of birth %(date)s after today.") % {"date": f"{born:%d/%m/%Y}"})
    return born, False


def parse_row(values: Mapping[str, Any]) -> PrisonerRow:
    """One row of the list as a proposal; a ValidationError says which column is wrong and why."""
    name = text(values.get("name"))
    if not name:
        raise ValidationError(gettext("Missing “%(column)s”.") % {"column": LABELS["name"]})
    kind = _KINDS.get(fold(text(values.get("kind"))))
    if kind is None:
        raise ValidationError(
            gettext(
                "Column “%(column)s”: write “Có thời hạn”, “Chung thân đã giảm”, “Tạm đình chỉ”, "
                "“Hoãn chấp hành án” or “Chung thân chưa giảm”."
            )
            % {"column": LABELS["kind"]}
        )
    try:
        articles = rules.articles_of(values.get("articles"))
    except rules.ArticleError as error:
        raise ValidationError(
            gettext("Column “%(column)s”: %(problem)s") % {"column": LABELS["articles"], "problem": error}
        ) from error
    if not articles:
        raise ValidationError(
            gettext(
                "Column “%(column)s”: write the articles of the Criminal Code (such as “173” or “251.2”)."
            )
            % {"column": LABELS["articles"]}
        )
    if kind == rules.LIFE:  # a life sentence not commuted has no term in months
        months, days = 0, 0
    else:
        months, days = _field(values, "term", span)
        if months <= 0 or days:
            raise ValidationError(
                gettext(
                    "Column “%(column)s”: write the sentence in years and months (such as “5 năm 6 tháng”)."
                )
                % {"column": LABELS["term"]}
            )
        if months > MAX_TERM_MONTHS:  # Bộ luật Hình sự 2015, Điều 38, 55, 63: 30 years at most
            raise ValidationError(
                gettext("Column “%(column)s”: a fixed term is at most 30 years.") % {"column": LABELS["term"]}
            )
    start = _field(values, "start", day)
    if start is None:
        raise ValidationError(gettext("Missing “%(column)s”.") % {"column": LABELS["start"]})
    birth, year_only = _field(values, "birth", _birth)
    offence = _field(values, "offence_date", day)
    if birth and offence and offence < birth:
        raise ValidationError(gettext("The offence is dated before the date of birth."))
    if birth and not year_only and birth > start:
        raise ValidationError(gettext("The date of birth is after the start of the sentence."))
    if offence and offence > start:
        raise ValidationError(gettext("The offence is dated after the start of the sentence."))
    civil = _CIVIL.get(fold(text(values.get("civil"))))
    if civil is None:
        raise ValidationError(
            gettext(
                "Column “%(column)s”: write “Đã thi hành xong”, “Không có”, “Đình chỉ”, “Miễn”, "
                "“Khó khăn” or “Chưa”."
            )
            % {"column": LABELS["civil"]}
        )
    reduction_months, reduction_days = _field(values, "reduction", span)
    if reduction_months * 30 + reduction_days > MAX_TERM_MONTHS * 30:
        raise ValidationError(
            gettext("Column “%(column)s”: the reduction is at most 30 years.")
            % {"column": LABELS["reduction"]}
        )
    bad = _field(values, "bad_quarters", whole_number, high=200)
    rated_since = values.get("rated_since")
    residence = values.get("residence")
    facts: dict[str, Any] = {
        "kind": kind,
        "term_months": months,
        "start": start.isoformat(),
        "pretrial_days": _field(values, "pretrial_days", whole_number, high=20_000) or 0,
        "reduction_months": reduction_months,
        "reduction_days": reduction_days,
        "articles": articles,
        "birth": birth.isoformat() if birth else None,
        "birth_year_only": year_only,
        "offence_date": offence.isoformat() if offence else None,
        "special": _field(values, "special", special_codes),
        "bad_quarters": bad,
        "good_quarters": _field(values, "good_quarters", whole_number, high=200),
        "rated_since": None if rated_since in (None, "") else _field(values, "rated_since", flag),
        "civil": civil,
        "fines_paid": _field(values, "fines_paid", flag),
        "fees_paid": _field(values, "fees_paid", flag),
        "residence": None if residence in (None, "") else _field(values, "residence", flag),
        "prior_convictions": _field(values, "prior_convictions", whole_number, high=50) or 0,
        "cassation_protest": _field(values, "cassation_protest", flag),
        "prosecuted": _field(values, "prosecuted", flag),
        "amnestied_before": _field(values, "amnestied_before", flag),
    }
    return PrisonerRow(
        name=name,
        birth=birth,
        id_number=text(values.get("id_number")),
        home=text(values.get("home")),
        kind=kind,
        term_months=months,
        articles=articles,
        facts=facts,
    )


def identity(name: str, *, birth: date | None, id_number: str, home: str) -> str:
    """The key that finds a person again: the identity number when known; else the folded name with the
    date of birth and the place of residence."""
    digits = "".join(ch for ch in id_number if ch.isalnum()).upper()
    if len(digits) >= 9:
        return f"id:{digits}"
    return f"{fold(name)}|{birth.isoformat() if birth else ''}|{fold(home)}"[:400]
