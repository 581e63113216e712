"""Demo honours: a year of batches at the 2013 volume (76,520 nominees), with the award mix the Office sees
(mostly Huân chương Lao động and the armed forces' orders and medals, Bà mẹ Việt Nam anh hùng, a few
Huân chương Hữu nghị), honours histories that the criteria read (the Prime Minister's certificates of merit,
earlier classes, a few awards already held and a few revoked), and batches in every state: decided ones with
their awards in the history, appraised ones awaiting the decision, and the last weeks' batches still to
appraise.

The verdicts are the engine's own (services.appraise_nominations), not made up. Rows are written in bulk."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from chancery.appraisal import decision as president
from chancery.core import selectors as core_selectors
from chancery.core.models import Agency, Unit, User
from chancery.core.services import take_number
from chancery.core.text import fold
from chancery.documents.demo import is_office_day, issued_document, number_decisions_by_date
from chancery.petitions.demo import GIVEN, MIDDLE, SURNAMES

from . import decision as drawn
from . import intake, rules, services
from .models import AwardRecord, Honoree, HonoursBatch, Nomination, Verdict

YEAR_VOLUME = 76_520
BODIES = [
    ("Bộ Quốc phòng", "BQP", 18),
    ("Bộ Công an", "BCA", 12),
    ("Bộ Giáo dục và Đào tạo", "BGDĐT", 8),
    ("Bộ Y tế", "BYT", 6),
    ("Bộ Nội vụ", "BNV", 4),
    ("Bộ Tài chính", "BTC", 4),
    ("Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL", 3),
    ("Bộ Ngoại giao", "BNG", 2),
    ("Tổng Liên đoàn Lao động Việt Nam", "TLĐLĐVN", 4),
    ("Ủy ban nhân dân Thành phố Hà Nội", "UBND TP Hà Nội", 7),
    ("Ủy ban nhân dân Thành phố Hồ Chí Minh", "UBND TP HCM", 7),
    ("Ủy ban nhân dân tỉnh Nghệ An", "UBND Nghệ An", 6),
    ("Ủy ban nhân dân tỉnh Quảng Trị", "UBND Quảng Trị", 5),
    ("Ủy ban nhân dân tỉnh Thanh Hóa", "UBND Thanh Hóa", 5),
    ("Ủy ban nhân dân Thành phố Đà Nẵng", "UBND TP Đà Nẵng", 4),
    ("Ủy ban nhân dân tỉnh Quảng Ngãi", "UBND Quảng Ngãi", 5),
]
# (award, subject, weight) of what the bodies propose
MIX = [
    ("hcld-3", rules.INDIVIDUAL, 30),
    ("hcld-3", rules.COLLECTIVE, 6),
    ("hcld-2", rules.INDIVIDUAL, 6),
    ("hcld-1", rules.INDIVIDUAL, 2),
    ("hcbvtq-3", rules.INDIVIDUAL, 10),
    ("hccsvv-3", rules.INDIVIDUAL, 12),
    ("hccsvv-2", rules.INDIVIDUAL, 6),
    ("hccsvv-1", rules.INDIVIDUAL, 4),
    ("hcqkqt", rules.INDIVIDUAL, 4),
    ("hcvantq", rules.INDIVIDUAL, 4),
    ("bmvnah", rules.INDIVIDUAL, 10),
    ("hcdl-3", rules.INDIVIDUAL, 1),
    ("ngut", rules.INDIVIDUAL, 2),
    ("ttut", rules.INDIVIDUAL, 2),
    ("hchn", rules.INDIVIDUAL, 1),
]
# where the people a body proposes work, by the body (the examiner of issue 26 found a ministry proposing
# the staff of a province's schools): "{province}" is the body's own province, or for a national body one of
# PLACES by its level ("tỉnh Nghệ An", "thành phố Hà Nội"); "{commune}" a commune; "{n}" a number
WORKPLACES: dict[str, list[str]] = {
    "Bộ Quốc phòng": [
        "Bộ Chỉ huy Quân sự {province}",
        "Sư đoàn {n}, Quân khu 4",
        "Trung đoàn {n}, Quân khu 3",
        "Bộ đội Biên phòng {province}",
        "Bệnh viện Trung ương Quân đội 108",
    ],
    "Bộ Công an": [
        "Công an {province}",
        "Cục Cảnh sát giao thông, Bộ Công an",
        "Công an xã {commune}, {province}",
    ],
    "Bộ Giáo dục và Đào tạo": [
        "Trường Đại học Sư phạm Hà Nội",
        "Đại học Bách khoa Hà Nội",
        "Trường Đại học Vinh",
        "Cục Quản lý chất lượng, Bộ Giáo dục và Đào tạo",
        "Vụ Giáo dục phổ thông, Bộ Giáo dục và Đào tạo",
    ],
    "Bộ Y tế": [
        "Bệnh viện Bạch Mai",
        "Bệnh viện Chợ Rẫy",
        "Bệnh viện Trung ương Huế",
        "Viện Vệ sinh dịch tễ Trung ương",
        "Cục Quản lý Khám, chữa bệnh, Bộ Y tế",
    ],
    "Bộ Nội vụ": [
        "Vụ Tổ chức cán bộ, Bộ Nội vụ",
        "Cục Văn thư và Lưu trữ nhà nước",
        "Ban Thi đua - Khen thưởng Trung ương",
        "Vụ Công chức - Viên chức, Bộ Nội vụ",
    ],
    "Bộ Tài chính": [
        "Thuế {province}",
        "Kho bạc Nhà nước khu vực {n}",
        "Cục Hải quan",
        "Vụ Ngân sách nhà nước",
    ],
    "Bộ Văn hóa, Thể thao và Du lịch": [
        "Nhà hát Chèo Việt Nam",
        "Bảo tàng Lịch sử quốc gia",
        "Cục Di sản văn hóa",
        "Nhà hát Tuồng Việt Nam",
    ],
    "Bộ Ngoại giao": [
        "Cục Lãnh sự, Bộ Ngoại giao",
        "Cục Lễ tân Nhà nước",
        "Vụ Đông Nam Á - Nam Á - Nam Thái Bình Dương",
    ],
    "Tổng Liên đoàn Lao động Việt Nam": ["Liên đoàn Lao động {province}", "Công đoàn Giáo dục Việt Nam"],
}
# what a province's (or a city's) people's committee proposes: its own departments, schools, hospitals, communes
PROVINCIAL = [
    "Sở Giáo dục và Đào tạo {province}",
    "Bệnh viện Đa khoa {province}",
    "Trường THPT {commune}, {province}",
    "Ủy ban nhân dân xã {commune}, {province}",
    "Trung tâm Y tế khu vực {commune}, {province}",
    "Sở Tài chính {province}",
    "Công ty Cổ phần Xây dựng {commune}, {province}",
]
# given names of the heroic mothers (Bà mẹ Việt Nam anh hùng): women of their generation
MOTHERS_GIVEN = ["Lan", "Hoa", "Nhung", "Tư", "Hai", "Ba", "Mận", "Đào", "Lựu", "Thắm", "Xuân", "Nga"]
# a team within a workplace ("Phòng 2, Sở Tài chính tỉnh Nghệ An", "Khoa 3, Bệnh viện Bạch Mai"); else
# the workplace itself is the collective
TEAMS = [
    ("Bệnh viện", "Khoa"),
    ("Sở ", "Phòng"),
    ("Cục ", "Phòng"),
    ("Vụ ", "Phòng"),
    ("Bộ Chỉ huy", "Phòng"),
    ("Công an tỉnh", "Phòng"),
    ("Công an thành phố", "Phòng"),
    ("Thuế ", "Phòng"),
]
PLACES = [
    "Hà Nội",
    "Nghệ An",
    "Thanh Hóa",
    "Quảng Trị",
    "Đà Nẵng",
    "Cần Thơ",
    "Hải Phòng",
    "Huế",
    "Lâm Đồng",
    "Sơn La",
]
# the centrally governed cities among them: "Công an thành phố Hà Nội", never "Công an tỉnh Hà Nội"
CITIES = {"Hà Nội", "Đà Nẵng", "Cần Thơ", "Hải Phòng", "Huế"}
COMMUNES = ["Quang Trung", "Tân Lập", "Thống Nhất", "Hòa Bình", "Đông Sơn", "Xuân Lâm"]
FOREIGN = ["FR", "JP", "LA", "KH", "RU", "CU", "DE", "KR", "IN", "US"]
# the Friendship Order (Huân chương Hữu nghị) goes to foreigners: their names and where they work, by country
FOREIGN_PEOPLE = {
    "FR": (
        ["Jean", "Marie", "Pierre", "Claire"],
        ["Dupont", "Martin", "Bernard", "Lefèvre"],
        "Cộng hòa Pháp",
    ),
    "JP": (["Hiroshi", "Yuki", "Kenji", "Akiko"], ["Tanaka", "Suzuki", "Sato", "Watanabe"], "Nhật Bản"),
    "LA": (
        ["Bounmy", "Khamla", "Somsak", "Vilay"],
        ["Phommachanh", "Sisouk", "Keomany", "Vongsa"],
        "Cộng hòa Dân chủ Nhân dân Lào",
    ),
    "KH": (["Sok", "Chan", "Dara", "Sophea"], ["Heng", "Chea", "Kim", "Meas"], "Vương quốc Campuchia"),
    "RU": (["Ivan", "Olga", "Sergei", "Anna"], ["Petrov", "Ivanova", "Smirnov", "Volkova"], "Liên bang Nga"),
    "CU": (["José", "María", "Carlos", "Ana"], ["Martínez", "García", "Rodríguez", "Pérez"], "Cộng hòa Cuba"),
    "DE": (
        ["Hans", "Anna", "Peter", "Julia"],
        ["Müller", "Schmidt", "Schneider", "Fischer"],
        "Cộng hòa Liên bang Đức",
    ),
    "KR": (["Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun"], ["Kim", "Lee", "Park", "Choi"], "Đại Hàn Dân quốc"),
    "IN": (["Rajesh", "Priya", "Amit", "Sunita"], ["Kumar", "Sharma", "Singh", "Patel"], "Cộng hòa Ấn Độ"),
    "US": (
        ["John", "Mary", "Robert", "Linda"],
        ["Smith", "Johnson", "Brown", "Miller"],
        "Hợp chúng quốc Hoa Kỳ",
    ),
}
# who proposes an award, where it is not any body: the armed forces' medals by the Ministries of Defence and
# of Public Security, the Friendship Order by Foreign Affairs, the heroic mothers by the provinces (the examiner
# of issue 26 found a "Quân kỳ quyết thắng" medal for the staff of a provincial health centre)
AWARD_BODIES = {
    "hcbvtq-3": ("Bộ Quốc phòng", "Bộ Công an"),
    "hccsvv-3": ("Bộ Quốc phòng", "Bộ Công an"),
    "hccsvv-2": ("Bộ Quốc phòng", "Bộ Công an"),
    "hccsvv-1": ("Bộ Quốc phòng", "Bộ Công an"),
    "hcqkqt": ("Bộ Quốc phòng",),
    "hcvantq": ("Bộ Công an",),
    "hchn": ("Bộ Ngoại giao",),
    "bmvnah": ("Ủy ban nhân dân",),
    "ngut": ("Bộ Giáo dục và Đào tạo", "Ủy ban nhân dân"),
    "ttut": ("Bộ Y tế", "Ủy ban nhân dân"),
}
# and where its people work: teachers in schools, doctors in hospitals and health centres
AWARD_WORKPLACES = {"ngut": ("Trường", "Đại học"), "ttut": ("Bệnh viện", "Trung tâm Y tế", "Viện Vệ sinh")}


def awards_of(body: Agency) -> list[tuple[str, str, int]]:
    """The part of MIX a body proposes."""
    return [m for m in MIX if any(part in body.name for part in AWARD_BODIES.get(m[0], ("",)))]


def _province(place: str) -> str:
    """A province or a centrally governed city by its level: "tỉnh Nghệ An", "thành phố Hà Nội"."""
    return f"{'thành phố' if place in CITIES else 'tỉnh'} {place}"


def _body_province(body: Agency) -> str:
    """The province or city a people's committee governs, by its level ("tỉnh Nghệ An", "thành phố Hà
    Nội"), from its name; "" for a national body."""
    name = body.name.removeprefix("Ủy ban nhân dân ").strip()
    if name == body.name:
        return ""
    level, _, place = name.partition(" ")
    return f"{level.lower()} {place}"


def _workplace(rng: random.Random, body: Agency, award: str = "") -> tuple[str, str]:
    """A nominee's workplace among those the body proposes for (those the award is for: a school for a
    teacher), its level named as it is ("Công an thành phố Hà Nội", "Ủy ban nhân dân xã Tân Lập, tỉnh Nghệ
    An"), and the province it is in."""
    province = _body_province(body) or _province(rng.choice(PLACES))
    templates = WORKPLACES.get(body.name, PROVINCIAL) if not _body_province(body) else PROVINCIAL
    kinds = AWARD_WORKPLACES.get(award)
    if kinds:
        templates = [t for t in templates if t.startswith(kinds)] or templates
    template = rng.choice(templates)
    return template.format(province=province, commune=rng.choice(COMMUNES), n=rng.randint(1, 9)), province


def ensure_bodies() -> list[tuple[Agency, int]]:
    found = []
    for name, short, weight in BODIES:
        agency = Agency.objects.filter(name=name).first()
        if agency is None:
            from chancery.core.services import create_agency

            agency = create_agency(actor=None, name=name, short_name=short)
        found.append((agency, weight))
    return found


def _person(rng: random.Random, award: str, subject: str, year: int, body: Agency) -> dict[str, Any]:
    """A nominee's row: who, where they work among those `body` proposes for, and the facts the criteria
    read, mostly meeting them."""
    if subject == rules.COLLECTIVE:  # a team of one of the body's workplaces
        workplace, province = _workplace(rng, body)
        located = workplace.endswith(f", {province}")
        head = workplace.removesuffix(f", {province}")
        team = next((t for starts, t in TEAMS if head.startswith(starts)), "") if rng.random() < 0.6 else ""
        return {
            "kind": subject,
            "name": f"{team} {rng.randint(1, 9)}, {head}" if team else head,
            "birth_year": None,
            "organisation": province if located else body.name,
            "id_number": "",
        }
    province = _body_province(body) or _province(rng.choice(PLACES))
    nationality = "VN"
    if award == "bmvnah":  # a heroic mother: a woman's name, and the commune where she lived
        name = f"{rng.choice(SURNAMES)} Thị {rng.choice(MOTHERS_GIVEN)}"
        organisation = f"xã {rng.choice(COMMUNES)}, {province}"
    elif award == "hchn":  # a foreigner, at their country's embassy
        nationality = rng.choice(FOREIGN)
        given, family, country = FOREIGN_PEOPLE[nationality]
        name = f"{rng.choice(given)} {rng.choice(family)}"
        organisation = f"Đại sứ quán {country} tại Việt Nam"
    else:
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        organisation = _workplace(rng, body, award)[0]
    birth = rng.randint(1920, 1945) if award == "bmvnah" else rng.randint(1958, 1990)
    return {
        "kind": subject,
        "name": name,
        "birth_year": birth,
        "organisation": organisation,
        "id_number": f"{rng.randint(1, 96):03d}{rng.randint(0, 999_999_999):09d}"
        if rng.random() < 0.7 and nationality == "VN"
        else "",
        "nationality": nationality,
    }


def _facts(rng: random.Random, award: str, subject: str, prior_year: int, year: int) -> dict[str, Any]:
    start = prior_year + 1
    end = year - 1
    excellent = 1.0 if award in ("hcld-2", "hcld-1") or subject == rules.COLLECTIVE else 0.5
    ratings = {str(y): ("excellent" if rng.random() < excellent else "good") for y in range(start, end + 1)}
    if rng.random() < 0.03 and ratings:  # a gap in the years
        ratings[rng.choice(list(ratings))] = "completed"
    years = sorted(int(y) for y in ratings)
    titles_needed = 3 if rng.random() < 0.95 else 2
    titles = [[y, rules.TITLE_GRASSROOTS_FIGHTER] for y in rng.sample(years, min(titles_needed, len(years)))]
    if award in ("hcld-2", "hcld-1"):
        titles += [[y, rules.TITLE_MINISTRY_FIGHTER] for y in rng.sample(years, min(3, len(years)))]
    if subject == rules.COLLECTIVE:
        titles = [[rng.choice(years), rules.TITLE_MINISTRY_FLAG]] if rng.random() < 0.95 else []
    facts: dict[str, Any] = {
        "ratings": ratings,
        "titles": sorted(titles),
        "claimed_prior": None,
        "discipline_years": [end] if rng.random() < 0.01 else [],
        "under_investigation": rng.random() < 0.005,
        "tax_debt": False,
        "insurance_debt": False,
        "service_years": rng.choice([16, 19, 21, 22, 24, 25, 26, 27, 28, 30, 31, 33])
        if award.startswith(("hccsvv", "hcqkqt", "hcvantq"))
        else None,
    }
    if award == "bmvnah":
        children = rng.randint(1, 8)
        facts["martyrs"] = {
            "children": children,
            "children_martyrs": min(children, rng.choice([1, 1, 2, 2, 3])),
            "children_invalid_81": 0,
            "husband_martyr": rng.random() < 0.3,
            "self_martyr": False,
            "self_invalid_81": False,
        }
    return facts


PRIOR = {"hcld-3": "bk-ttg", "hcld-2": "hcld-3", "hcld-1": "hcld-2"}


@transaction.atomic
def _batch(
    rng: random.Random,
    *,
    body: Agency,
    unit: Unit,
    actor: User | None,
    size: int,
    received: date,
    state: str,
    year: int,
) -> int:
    number, _text = take_number(code=services.BATCH_REGISTER, on=received, name="Sổ đợt đề nghị khen thưởng")
    batch = HonoursBatch.objects.create(
        owning_unit=unit,
        year=received.year,
        number=number,
        title=f"Đề nghị khen thưởng của {body.name}",
        proposing_body=body,
        submission_reference=f"{rng.randint(100, 9999)}/TTr-{_abbreviation(body)}",
        proposed_on=received - timedelta(days=rng.randint(5, 20)),
        received_on=received,
        created_by=actor,
        state="received" if state == "received" else "appraised",
    )
    honorees, nominations, history = [], [], []
    mix = awards_of(body)
    for row in range(2, size + 2):
        award, subject, _w = rng.choices(mix, weights=[m[2] for m in mix])[0]
        who = _person(rng, award, subject, year, body)
        key = intake.identity(
            subject,
            who["name"],
            birth_year=who["birth_year"],
            id_number=who["id_number"],
            organisation=who["organisation"],
        )
        honoree = Honoree(
            kind=subject,
            name=who["name"],
            folded_name=fold(who["name"]),
            identity=f"{key}|{batch.pk}-{row}" if not who["id_number"] else key,
            birth_year=who["birth_year"],
            id_number=who["id_number"],
            organisation=who["organisation"],
            nationality=who.get("nationality", "VN"),
            is_enterprise=subject == rules.COLLECTIVE and rng.random() < 0.3,
        )
        honorees.append(honoree)
        prior_year = rng.randint(year - 9, year - 6)
        facts = _facts(rng, award, subject, prior_year, year)
        prior = PRIOR.get(award)
        if prior and rng.random() < 0.93:
            history.append(
                (
                    len(honorees) - 1,
                    prior,
                    f"{rng.randint(100, 2999)}/QĐ-{'TTg' if prior == 'bk-ttg' else 'CTN'}",
                    date(prior_year, rng.randint(1, 12), rng.randint(1, 28)),
                )
            )
            facts["claimed_prior"] = {
                "decision_number": history[-1][2],
                "decided_on": history[-1][3].isoformat(),
            }
        elif prior:
            facts["claimed_prior"] = {
                "decision_number": f"{rng.randint(100, 2999)}/QĐ-TTg",
                "decided_on": date(prior_year, 6, 1).isoformat(),
            }
        if rng.random() < 0.01:  # already holds the class proposed
            history.append(
                (len(honorees) - 1, award, f"{rng.randint(100, 2999)}/QĐ-CTN", date(year - 3, 5, 2))
            )
        ground, posthumous = "achievement", False
        if award == "bmvnah" and rng.random() < 0.6:  # most heroic mothers are honoured after their death
            posthumous = True
            facts["died_on"] = date(
                rng.randint(1975, year - 1), rng.randint(1, 12), rng.randint(1, 28)
            ).isoformat()
        elif award == "hcld-3" and subject == rules.INDIVIDUAL and rng.random() < 0.04:
            ground = "contribution"
            facts["post"], low_high = rng.choice(list(rules.LABOUR_THIRD_POSTS.items()))
            facts["post_years"] = rng.randint(low_high[0] - 1, low_high[1])
        nominations.append(
            Nomination(
                batch=batch,
                row=row,
                award=award,
                subject=subject,
                ground=ground,
                posthumous=posthumous,
                facts=facts,
            )
        )
    Honoree.objects.bulk_create(honorees, batch_size=2000, ignore_conflicts=True)
    by_identity = dict(
        Honoree.objects.filter(identity__in=[h.identity for h in honorees]).values_list("identity", "pk")
    )
    for nomination, honoree in zip(nominations, honorees, strict=True):
        nomination.honoree_id = by_identity[honoree.identity]
    Nomination.objects.bulk_create(nominations, batch_size=2000, ignore_conflicts=True)
    AwardRecord.objects.bulk_create(
        [
            AwardRecord(
                honoree_id=by_identity[honorees[i].identity],
                award=award,
                decision_number=number,
                decided_on=day,
            )
            for i, award, number, day in history
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    if state == "received":
        return size
    rows = list(Nomination.objects.filter(batch=batch).select_related("honoree").order_by("pk"))
    for start in range(0, len(rows), 1000):
        services.appraise_nominations(rows[start : start + 1000], batch)
    HonoursBatch.objects.filter(pk=batch.pk).update(
        appraised_at=timezone.now(), appraisal_seconds=round(size / 4000, 2)
    )
    if state == "decided":
        # the specialists' review: most doubtful cases settled one way or the other, with the reason
        doubtful = Nomination.objects.filter(batch=batch, outcome=Verdict.REVIEW)
        doubtful.update(
            override=Verdict.PASS,
            override_reason="Đã đối chiếu bản sao quyết định khen thưởng trước",
            outcome=Verdict.PASS,
            overridden_by=actor,
        )
        decided_on = min(received + timedelta(days=rng.randint(30, 60)), timezone.localdate())
        passing = Nomination.objects.filter(batch=batch, outcome=Verdict.PASS).select_related("honoree")
        decision = issued_document(
            f"Về việc khen thưởng theo Tờ trình số {batch.submission_reference}"
            if batch.submission_reference
            else f"Về việc khen thưởng (đợt {batch.number}/{batch.year})",
            on=decided_on,
            owning_unit=batch.owning_unit,
            drafter=actor,
            fields=president.draft_fields(drawn.decision_of(batch, drawn.annex(passing))),
        )
        decision_number, decided_on = decision.number_text, decision.issued_on or decided_on
        # the Office's reply to the proposing body, with each nominee not proposed and why, signed the same day
        refused = list(
            Nomination.objects.filter(batch=batch, outcome=Verdict.FAIL)
            .select_related("honoree")
            .order_by("row")
        )
        reply = None
        if refused:
            values = drawn.reply_values(batch, refused)
            reply = issued_document(
                "kết quả thẩm định hồ sơ đề nghị khen thưởng",
                on=decided_on,
                owning_unit=batch.owning_unit,
                drafter=actor,
                doc_type="cong_van",
                issuer="office",
                addressee=batch.proposing_body.name,
                fields={
                    "summary": "kết quả thẩm định hồ sơ đề nghị khen thưởng",
                    "body": values["body"],
                    "copies_to": "\n".join(values["copies"]),
                },
            )
        AwardRecord.objects.bulk_create(
            [
                AwardRecord(
                    honoree_id=h,
                    award=a,
                    decision_number=decision_number,
                    decided_on=decided_on,
                    nomination_id=pk,
                )
                for pk, h, a in Nomination.objects.filter(batch=batch, outcome=Verdict.PASS).values_list(
                    "pk", "honoree_id", "award"
                )
            ],
            batch_size=2000,
            ignore_conflicts=True,
        )
        HonoursBatch.objects.filter(pk=batch.pk).update(
            state="decided",
            decision_number=decision_number,
            decided_on=decided_on,
            decision_document=decision,
            reply_document=reply,
        )
    return size


def load(
    count: int = YEAR_VOLUME,
    *,
    year: int | None = None,
    seed: int = 2013,
    progress: Callable[[int], Any] | None = None,
) -> int:
    """`count` nominees over the year up to today, in batches of the proposing bodies."""
    today = timezone.localdate()
    year = year or today.year
    until = min(today, date(year, 12, 31))
    rng = random.Random(seed)
    bodies = ensure_bodies()
    unit = Unit.objects.filter(code="phong-huan-chuong").first() or Unit.objects.order_by("pk").first()
    assert unit is not None
    actor = User.objects.filter(unit=unit).order_by("pk").first()
    added = 0
    calendar = core_selectors.office_calendar(year - 1, year)
    start = date(year, 1, 5)
    span = max(1, (until - start).days)
    while added < count:
        tail = count - count // 8  # the last weeks: smaller batches, still being worked on
        if added < tail:
            size = min(rng.choice([40, 80, 150, 300, 300, 600, 1200, 2500]), tail - added)
        else:
            size = min(count - added, max(20, count // 60))
        received = start + timedelta(days=int(span * (added + size) / count))
        while not is_office_day(calendar, received):  # registered by a clerk on an office day
            received -= timedelta(days=1)
        age = (until - received).days
        state = "decided" if age > 45 else "appraised" if age > 14 else "received"
        body = rng.choices([b for b, _ in bodies], weights=[w for _, w in bodies])[0]
        added += _batch(
            rng, body=body, unit=unit, actor=actor, size=size, received=received, state=state, year=year
        )
        if progress:
            progress(added)
    # the batches' decisions were numbered after the year's bulk documents: in date order now, as the
    # register is kept (the examiner of issue 26)
    number_decisions_by_date()
    return added


def _abbreviation(body: Any) -> str:
    """A proposing body's letters in a document symbol, from its short name, else its name: "UBND TP Hà Nội"
    gives "UBNDTPHN", "Ủy ban nhân dân tỉnh Nghệ An" gives "UBNDTNA"; never empty (the examiner of issue 30
    read "5973/TTr-")."""
    words = [w for w in (body.short_name or body.name).split() if w.lower() not in {"và", "của"}]
    # a word in capitals stays whole ("UBND", "TP"), another gives its initial ("Hà Nội" gives "HN")
    return "".join(w if w.isupper() else _initial(w) for w in words) or "CQ"


def _initial(word: str) -> str:
    """A word's first letter in a symbol: in capitals, without its tone and vowel marks ("Ủy" gives "U", as
    "UBND" is written), Đ kept (the examiner of issue 26 read "TTr-ỦBNDTPHN")."""
    letter = word[0].upper()
    return letter if letter == "Đ" else unicodedata.normalize("NFD", letter)[0]
