"""The rule book: each award's rule set, its criteria and its parameters, and the appraisal of a
nomination."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from chancery.appraisal.engine import (
    Criterion,
    Parameter,
    RuleBook,
    RuleSet,
)
from chancery.honours.rules.base import (
    AWARDS,
    COLLECTIVE,
    DECREE_91_2017,
    DECREE_152_2025,
    INDIVIDUAL,
    LAW_2022,
    RATING_LABELS,
    TITLE_GRASSROOTS_FIGHTER,
    TITLE_MINISTRY_FIGHTER,
    TITLE_MINISTRY_FLAG,
    TITLE_MINISTRY_INITIATIVE,
    TITLE_MINISTRY_MERIT,
    TITLE_NATIONAL_FIGHTER,
    TITLES,
    award_name,
)
from chancery.honours.rules.ladder import PERIOD_RULE, ladder
from chancery.honours.rules.shared import (
    CLEAN_RECORD,
    POSTHUMOUS,
    PROPOSED_ONCE,
    _ground_is,
    _not_already_held,
    _subject_is,
    _subject_label,
)
from chancery.honours.rules.special import (
    CONTRIBUTION,
    HIGHER_ORDERS,
    LABOUR_THIRD_POSTS,
    POSTS,
    _foreigner,
    _heroic_mother_1994,
    _heroic_mother_2012,
    _medal,
)

# --- the rule book ------------------------------------------------------------------------------------------


def show(name: str, value: Any) -> str:
    """A parameter of the ladder in words, for the page that shows the rule book."""
    if name == "floor":
        return RATING_LABELS[value]
    if name == "titles":
        options = [
            " và ".join(f"{count} lần {' hoặc '.join(TITLES[c] for c in codes)}" for codes, count in option)
            for option in value
            if option
        ]
        return "; hoặc ".join(options) or "Không đòi hỏi"
    if name == "posts":
        spans = value.items()
        return "; ".join(f"{POSTS[post]}: từ {low} đến dưới {high} năm" for post, (low, high) in spans)
    return str(value)


LADDER_PARAMETERS = frozenset({"years", "floor", "excellent", "titles"})
ALL_GROUNDS = ("achievement", "exceptional", "contribution")


def _ladder_set(
    code: str,
    subject: str,
    *,
    prior: str,
    article: str,
    basis: str,
    version: str = "2024",
    valid_from: date = LAW_2022,
    valid_to: date | None = None,
    years: int = 5,
    floor: str = "excellent",
    excellent: int = 5,
    titles: list[Any],
    titles_label: str,
    grounds: tuple[str, ...] = ALL_GROUNDS,
    unverified: frozenset[str] = frozenset(),
    posts: Mapping[str, tuple[int, int]] | None = None,
) -> RuleSet:
    """A rule set of the ladder: the prior award, then `years` consecutive years rated `floor` or better
    (`excellent` of them excellent) and the `titles` within them, with the checks every rule set shares.
    The parameters named in `unverified` are the Office's reading pending a check against the published text:
    every verdict under them asks a person to confirm. With `posts`, a long contribution is counted by its
    post and years (CONTRIBUTION) instead of going to a person."""
    award = AWARDS[code]
    counted = ("achievement", "contribution") if posts else ("achievement",)
    return RuleSet(
        code=f"{code}/{subject}",
        version=version,
        title=f"{award.name} — {_subject_label(subject)}",
        basis=basis,
        valid_from=valid_from,
        valid_to=valid_to,
        criteria=(
            _subject_is(subject),
            POSTHUMOUS,
            _ground_is(grounds, counted=counted),
            *ladder(prior, article, period_article="" if version == "2017" else PERIOD_RULE),
            *((CONTRIBUTION,) if posts else ()),
            _not_already_held(award),
            PROPOSED_ONCE,
            CLEAN_RECORD,
        ),
        parameters=tuple(
            Parameter(name, value, label, article, verified=name not in unverified, display=show(name, value))
            for name, value, label in (
                ("years", years, f"Số năm liên tục sau {award_name(prior)}"),
                ("floor", floor, f"Xếp loại tối thiểu mỗi năm ({RATING_LABELS[floor].lower()})"),
                ("excellent", excellent, "Số năm hoàn thành xuất sắc trong thời gian đó"),
                ("titles", titles, titles_label),
            )
        )
        + (
            (
                Parameter(
                    "posts",
                    dict(posts),
                    "Chức vụ và số năm giữ chức vụ khi đề nghị theo quá trình cống hiến",
                    CONTRIBUTION.article,
                    display=show("posts", posts),
                ),
            )
            if posts
            else ()
        ),
    )


def _heroic_mother(version: str, valid_from: date, valid_to: date | None) -> RuleSet:
    check = _heroic_mother_2012 if version == "2013" else _heroic_mother_1994
    ordinance = (
        "Pháp lệnh Bà mẹ Việt Nam anh hùng 1994, sửa đổi bởi Pháp lệnh 05/2012/UBTVQH13"
        if version == "2013"
        else "Pháp lệnh Bà mẹ Việt Nam anh hùng 1994"
    )
    return RuleSet(
        code="bmvnah/individual",
        version=version,
        title="Danh hiệu Bà mẹ Việt Nam anh hùng",
        basis=ordinance,
        valid_from=valid_from,
        valid_to=valid_to,
        criteria=(
            _subject_is(INDIVIDUAL),
            POSTHUMOUS,
            Criterion("cases", "Trường hợp được tặng, truy tặng", f"{ordinance}, Điều 2", check),
            _not_already_held(AWARDS["bmvnah"]),
            PROPOSED_ONCE,
        ),
        parameters=(
            Parameter("invalid_percent", 81, "Tỷ lệ suy giảm khả năng lao động của thương binh", ordinance),
        ),
    )


def _friendship(subject: str) -> RuleSet:
    return RuleSet(
        code=f"hchn/{subject}",
        version="2024",
        title=f"Huân chương Hữu nghị — {'cá nhân' if subject == INDIVIDUAL else 'tổ chức'}",
        basis="Luật Thi đua, khen thưởng 2022, Điều 53",
        valid_from=LAW_2022,
        valid_to=None,
        criteria=(
            _subject_is(subject),
            POSTHUMOUS,
            Criterion(
                "foreigner", "Người nước ngoài, tổ chức nước ngoài", "Luật TĐKT 2022, Điều 53", _foreigner
            ),
            _not_already_held(AWARDS["hchn"]),
            PROPOSED_ONCE,
        ),
    )


RULE_BOOK = RuleBook(
    [
        _ladder_set(
            "hcld-3",
            INDIVIDUAL,
            prior="bk-ttg",
            version="2017",
            valid_from=DECREE_91_2017,
            valid_to=date(2023, 12, 31),
            article="Nghị định 91/2017/NĐ-CP, Điều 24 khoản 1 điểm a",
            basis="Luật Thi đua, khen thưởng 2003, sửa đổi 2013, Điều 44; Nghị định 91/2017/NĐ-CP, Điều 24",
            titles=[[([TITLE_MINISTRY_INITIATIVE], 2)]],
            titles_label="2 sáng kiến cấp bộ, ngành, tỉnh",
        ),
        *(
            _ladder_set(
                "hcld-3",
                INDIVIDUAL,
                prior="bk-ttg",
                article="Luật TĐKT 2022, Điều 44 khoản 1 điểm e",
                basis="Luật Thi đua, khen thưởng 2022 (06/2022/QH15), Điều 44 khoản 1; " + decree,
                version=version,
                valid_from=valid_from,
                valid_to=valid_to,
                floor="good",
                excellent=1,
                titles=[[([TITLE_GRASSROOTS_FIGHTER], 3)]],
                titles_label="3 lần Chiến sĩ thi đua cơ sở",
                posts=posts,
            )
            for version, valid_from, valid_to, decree, posts in (
                ("2024", LAW_2022, date(2025, 6, 30), "Nghị định 98/2023/NĐ-CP", None),
                ("2025", DECREE_152_2025, None, "Nghị định 152/2025/NĐ-CP", LABOUR_THIRD_POSTS),
            )
        ),
        _ladder_set(
            "hcld-3",
            COLLECTIVE,
            prior="bk-ttg",
            article="Luật TĐKT 2022, Điều 44",
            basis="Luật Thi đua, khen thưởng 2022, Điều 44 (tập thể); Nghị định 98/2023/NĐ-CP",
            titles=[[([TITLE_MINISTRY_FLAG], 1)], [([TITLE_MINISTRY_MERIT], 2)]],
            titles_label="1 Cờ thi đua hoặc 2 Bằng khen cấp bộ, ban, ngành, tỉnh",
            grounds=("achievement", "exceptional"),
            unverified=frozenset({"floor", "excellent", "titles"}),
        ),
        _ladder_set(
            "hcld-2",
            INDIVIDUAL,
            prior="hcld-3",
            article="Luật TĐKT 2022, Điều 43 khoản 1",
            basis="Luật Thi đua, khen thưởng 2022, Điều 43 khoản 1",
            floor="good",
            excellent=2,
            titles=[[([TITLE_MINISTRY_FIGHTER], 1)]],
            titles_label="1 lần Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
        ),
        _ladder_set(
            "hcld-1",
            INDIVIDUAL,
            prior="hcld-2",
            article="Luật TĐKT 2022, Điều 42",
            basis="Luật Thi đua, khen thưởng 2022, Điều 42",
            titles=[[([TITLE_NATIONAL_FIGHTER], 1)], [([TITLE_MINISTRY_FIGHTER], 3)]],
            titles_label="1 lần Chiến sĩ thi đua toàn quốc, hoặc 3 lần Chiến sĩ thi đua cấp bộ",
            unverified=LADDER_PARAMETERS,
        ),
        *(
            _ladder_set(
                code,
                subject,
                prior=prior,
                article=f"Luật TĐKT 2022, {article}",
                basis=f"Luật Thi đua, khen thưởng 2022, {article}",
                titles=[[]],
                titles_label="Không đòi hỏi danh hiệu thêm (chờ đối chiếu)",
                unverified=LADDER_PARAMETERS,
            )
            for code, prior, article in HIGHER_ORDERS
            for subject in (INDIVIDUAL, COLLECTIVE)
        ),
        _heroic_mother("1994", date(1994, 9, 1), date(2012, 12, 31)),
        _heroic_mother("2013", date(2013, 1, 1), None),
        _friendship(INDIVIDUAL),
        _friendship(COLLECTIVE),
        _medal("hcqkqt", "Điều 55", 25, verified=True),
        _medal("hcvantq", "Điều 56", 25, verified=False),
        # Chiến sĩ vẻ vang: the years of the 2003 law as amended in 2013 (khoản 28 Điều 1 Luật sửa đổi 2013:
        # hạng Nhất 20, hạng Nhì 15, hạng Ba 10); the 2022 law's Điều 57 was not read here.
        *(
            _medal(
                f"hccsvv-{n}",
                "Điều 57",
                years,
                verified=False,
                source="Luật TĐKT 2022, Điều 57 (chưa đối chiếu; số năm theo Luật sửa đổi 2013)",
            )
            for n, years in ((3, 10), (2, 15), (1, 20))
        ),
    ]
)


def rule_set_code(award: str, subject: str) -> str:
    return f"{award}/{subject}"
