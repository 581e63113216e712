"""Honours rules off the ladder: a long contribution (the post held and the years in it), Bà mẹ Việt Nam anh
hùng, Huân chương Hữu nghị, the highest orders, and the medals for years of service."""

from __future__ import annotations

from chancery.appraisal.engine import (
    Criterion,
    Facts,
    Parameter,
    Params,
    Result,
    RuleSet,
    failed,
    passed,
    review,
)
from chancery.honours.rules.base import AWARDS, INDIVIDUAL, LAW_2022, Award
from chancery.honours.rules.shared import (
    CLEAN_RECORD,
    POSTHUMOUS,
    PROPOSED_ONCE,
    _not_already_held,
    _subject_is,
)

# --- a long contribution: the post held and the years in it -------------------------------------------------

POST_GENERAL_DIRECTOR = "tong-cuc-truong"
POST_DEPUTY_GENERAL_DIRECTOR = "pho-tong-cuc-truong"
POST_DIRECTOR = "vu-truong"
POST_DEPUTY_DIRECTOR = "pho-vu-truong"
POSTS: dict[str, str] = {
    POST_GENERAL_DIRECTOR: "Tổng cục trưởng và tương đương",
    POST_DEPUTY_GENERAL_DIRECTOR: "Phó Tổng cục trưởng và tương đương",
    POST_DIRECTOR: "Vụ trưởng và tương đương",
    POST_DEPUTY_DIRECTOR: "Phó Vụ trưởng và tương đương",
}


def _contribution(facts: Facts, params: Params) -> Result:
    """Nghị định 152/2025/NĐ-CP, Điều 21 khoản 1 điểm b (Luật TĐKT 2022, Điều 44.1.g): a person who worked
    without a break in the resistance against the US or in building and defending the country and held a post
    for a span of years, `posts` giving [from, below) per post. More years than the span belong to a higher
    class; a post the table does not name (an equivalent post, or the two resistance wars of point a) is for a
    person to place."""
    if (facts.get("ground") or "achievement") != "contribution":
        return passed("Không áp dụng với căn cứ đề nghị này.")
    post, years = facts.get("post") or "", facts.get("post_years")
    if not post or years is None or years == "":
        return review("Đề nghị theo quá trình cống hiến nhưng hồ sơ không ghi chức vụ và số năm giữ chức vụ.")
    span = params["posts"].get(post)
    if span is None:
        return review(f"Chức vụ “{post}”: đối chiếu chức vụ tương đương theo Điều 21.", post=post)
    low, high = span
    label, years = POSTS[post], int(years)
    used = {"post": post, "years": years}
    if years < low:
        return failed(f"{label}: {years} năm (cần từ {low} năm).", **used)
    if years >= high:
        return review(
            f"{label}: {years} năm; từ {high} năm trở lên thuộc tiêu chuẩn hạng cao hơn: xem xét hạng "
            "đề nghị.",
            **used,
        )
    return passed(f"{label}: {years} năm (từ {low} đến dưới {high} năm).", **used)


CONTRIBUTION = Criterion(
    "contribution", "Chức vụ và thời gian giữ chức vụ", "Nghị định 152/2025/NĐ-CP, Điều 21.1.b", _contribution
)
# Huân chương Lao động hạng Ba for a long contribution, Nghị định 152/2025/NĐ-CP, Điều 21.1.b.
LABOUR_THIRD_POSTS = {
    POST_GENERAL_DIRECTOR: (3, 5),
    POST_DEPUTY_GENERAL_DIRECTOR: (5, 8),
    POST_DIRECTOR: (6, 10),
    POST_DEPUTY_DIRECTOR: (10, 15),
}


# --- Bà mẹ Việt Nam anh hùng --------------------------------------------------------------------------------


def _heroic_mother_2012(facts: Facts, params: Params) -> Result:
    """Pháp lệnh "Bà mẹ Việt Nam anh hùng" as amended by Pháp lệnh 05/2012/UBTVQH13, Điều 2: one of
    1. two or more children martyrs; 2. only two children, one a martyr and one a war invalid with 81% or more
    loss of working capacity; 3. an only child, a martyr; 4. one child a martyr and the husband or herself a
    martyr; 5. one child a martyr and herself a war invalid with 81% or more."""
    m = facts["martyrs"]
    children, martyrs = int(m.get("children", 0)), int(m.get("children_martyrs", 0))
    threshold = params["invalid_percent"]
    cases = [
        (martyrs >= 2, f"có {martyrs} con là liệt sĩ (khoản 1)"),
        (
            children == 2 and martyrs == 1 and int(m.get("children_invalid_81", 0)) >= 1,
            f"chỉ có 2 con, 1 con là liệt sĩ và 1 con là thương binh suy giảm {threshold}% trở lên (khoản 2)",
        ),
        (children == 1 and martyrs == 1, "chỉ có 1 con và người con đó là liệt sĩ (khoản 3)"),
        (
            martyrs >= 1 and bool(m.get("husband_martyr") or m.get("self_martyr")),
            "có 1 con là liệt sĩ và chồng hoặc bản thân là liệt sĩ (khoản 4)",
        ),
        (
            martyrs >= 1 and bool(m.get("self_invalid_81")),
            f"có 1 con là liệt sĩ và bản thân là thương binh suy giảm {threshold}% trở lên (khoản 5)",
        ),
    ]
    for met, text in cases:
        if met:
            return passed(f"Bà mẹ {text}.", children=children, martyrs=martyrs)
    return failed(
        f"Không thuộc trường hợp nào của Điều 2: {children} con, {martyrs} con là liệt sĩ.",
        children=children,
        martyrs=martyrs,
    )


def _heroic_mother_1994(facts: Facts, params: Params) -> Result:
    """Pháp lệnh "Bà mẹ Việt Nam anh hùng" 1994, Điều 2 (proposals before the 2012 amendment took effect):
    three or more children martyrs; two children, both martyrs, or an only child, a martyr; two children
    martyrs and the husband or herself a martyr; one child a martyr and the husband and herself martyrs."""
    m = facts["martyrs"]
    children, martyrs = int(m.get("children", 0)), int(m.get("children_martyrs", 0))
    husband, herself = bool(m.get("husband_martyr")), bool(m.get("self_martyr"))
    if (
        martyrs >= 3
        or (children == martyrs and martyrs in (1, 2))
        or (martyrs >= 2 and (husband or herself))
        or (martyrs >= 1 and husband and herself)
    ):
        return passed(f"{children} con, {martyrs} con là liệt sĩ: thuộc trường hợp của Điều 2.")
    return failed(f"Không thuộc trường hợp nào của Điều 2 (1994): {children} con, {martyrs} con là liệt sĩ.")


# --- Huân chương Hữu nghị -----------------------------------------------------------------------------------


def _foreigner(facts: Facts, params: Params) -> Result:
    """Luật Thi đua, khen thưởng 2022, Điều 53 (Huân chương Hữu nghị): for foreigners and foreign
    organisations; proposed through the foreign-affairs channel (the Ministry of Foreign Affairs or the
    mission), the contribution weighed by a person."""
    nationality = (facts.get("nationality") or "VN").upper()
    if nationality == "VN":
        return failed("Huân chương Hữu nghị chỉ tặng người nước ngoài, tổ chức nước ngoài.")
    return review(
        f"Quốc tịch {nationality}: đánh giá đóng góp cho quan hệ hữu nghị với Việt Nam theo hồ sơ.",
        nationality=nationality,
    )


# --- the highest orders: a ladder above Huân chương Lao động hạng Nhất -----------------------------------
# Huân chương Độc lập, Hồ Chí Minh and Sao vàng (Luật Thi đua, khen thưởng 2022, Điều 34–38): the order below,
# then long further periods of contribution. The law's periods were not confirmed from a published copy here:
# their parameters are marked to be checked, so every verdict under them goes to a person.


HIGHER_ORDERS = [
    ("hcdl-3", "hcld-1", "Điều 38"),
    ("hcdl-2", "hcdl-3", "Điều 37"),
    ("hcdl-1", "hcdl-2", "Điều 36"),
    ("hchcm", "hcdl-1", "Điều 35"),
    ("hcsv", "hchcm", "Điều 34"),
]


# --- medals for years of service --------------------------------------------------------------------------

# Luật Thi đua, khen thưởng 2022 (Công báo số 571+572/2022, read on wikisource): Điều 54.1 gives the medals to
# "quân nhân, công nhân, công chức, viên chức quốc phòng thuộc Quân đội nhân dân; sĩ quan, hạ sĩ quan, chiến
# sĩ, công nhân làm việc trong cơ quan, đơn vị thuộc Công an nhân dân"; Điều 55 gives Huy chương Quân kỳ
# quyết thắng to those of the People's Army (25 years), Điều 56 Huy chương Vì an ninh Tổ quốc to those of the
# People's Public Security.
ARMY = "army"
POLICE = "police"
NO_FORCE = "none"
FORCES = {
    ARMY: "Quân đội nhân dân",
    POLICE: "Công an nhân dân",
    NO_FORCE: "Không thuộc Quân đội nhân dân, Công an nhân dân",
}
MEDAL_FORCES: dict[str, tuple[tuple[str, ...], str]] = {
    "hcqkqt": ((ARMY,), "Điều 54.1, 55"),
    "hcvantq": ((POLICE,), "Điều 54.1, 56"),
    "hccsvv": ((ARMY, POLICE), "Điều 54.1, 57"),
}


def _armed_forces(award: Award) -> Criterion:
    """Luật Thi đua, khen thưởng 2022, Điều 54.1, 55, 56: the years-of-service medals are for members of the
    armed forces (Quân kỳ quyết thắng: the People's Army; Vì an ninh Tổ quốc: the People's Public Security;
    Chiến sĩ vẻ vang: either), as the list's column "Lực lượng" says; a list that does not say goes to a
    person, someone outside them fails whatever the years."""
    forces, article = MEDAL_FORCES[award.family]
    wanted = " hoặc ".join(FORCES[f] for f in forces)

    def check(facts: Facts, params: Params) -> Result:
        force = facts.get("force") or ""
        if force not in FORCES:
            return review(
                f"Danh sách không ghi người được đề nghị thuộc {FORCES[ARMY]} hay {FORCES[POLICE]}: "
                "đối chiếu hồ sơ."
            )
        if force in forces:
            return passed(f"Thuộc {FORCES[force]}.", force=force)
        who = (
            f"không thuộc {FORCES[ARMY]}, {FORCES[POLICE]}" if force == NO_FORCE else f"thuộc {FORCES[force]}"
        )
        return failed(
            f"{award.name} chỉ tặng người thuộc {wanted} (Luật Thi đua, khen thưởng 2022, {article}); người "
            f"được đề nghị {who}.",
            force=force,
        )

    return Criterion("force", "Thuộc lực lượng vũ trang nhân dân", f"Luật TĐKT 2022, {article}", check)


def _service_years(facts: Facts, params: Params) -> Result:
    """Luật Thi đua, khen thưởng 2022, Mục 2 Chương III (Điều 55–57): the armed forces' medals reward years
    of continuous service with tasks completed well; the years are those the managing body confirms."""
    given = facts.get("service_years")
    if given is None or given == "":
        return review("Hồ sơ không ghi số năm công tác liên tục: đối chiếu xác nhận của cơ quan quản lý.")
    years = int(given)
    if years >= params["service_years"]:
        return passed(f"{years} năm công tác liên tục (cần {params['service_years']}).", years=years)
    return failed(f"Mới có {years} năm công tác liên tục (cần {params['service_years']}).", years=years)


def _medal(code: str, article: str, service_years: int, *, verified: bool, source: str = "") -> RuleSet:
    award = AWARDS[code]
    return RuleSet(
        code=f"{code}/individual",
        version="2024",
        title=f"{award.name} — cá nhân",
        basis=f"Luật Thi đua, khen thưởng 2022, {article}",
        valid_from=LAW_2022,
        valid_to=None,
        criteria=(
            _subject_is(INDIVIDUAL),
            POSTHUMOUS,
            _armed_forces(award),
            Criterion(
                "service_years", "Số năm công tác liên tục", f"Luật TĐKT 2022, {article}", _service_years
            ),
            _not_already_held(award),
            PROPOSED_ONCE,
            CLEAN_RECORD,
        ),
        parameters=(
            Parameter(
                "service_years",
                service_years,
                "Số năm công tác liên tục, hoàn thành tốt nhiệm vụ",
                source or f"Luật TĐKT 2022, {article}",
                verified=verified,
            ),
        ),
    )
