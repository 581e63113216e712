"""Demo documents: a year of the Office's registers at a realistic volume (about 12,000 documents received
and 5,000 issued), with the mix of senders, types, urgency and secrecy an office of a head of state sees.

Rows are written in bulk, as the services would leave them (numbers continuing the year's registers,
routing assignments with their time limits, issued numbers and a few cancelled ones kept in the register,
search entries); a few recent documents are made through the services so that their pages show drafts,
versions and approval circuits as real use leaves them. `load(..., count=1_000_000)` fills a register for
the benchmarks.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from chancery.casework.services import ClockRow, load_clocks
from chancery.core import audit
from chancery.core import selectors as core_selectors
from chancery.core.models import Agency, Assignment, AssignmentKind, NumberRegister, SecrecyLevel, Unit, User
from chancery.core.text import fold
from chancery.documents import drafting, rules, services
from chancery.documents.models import (
    ApprovalStep,
    DocumentNumber,
    DraftVersion,
    IncomingDocument,
    Medium,
    NumberStatus,
    OutgoingDocument,
    UrgencyLevel,
)

INCOMING_PER_YEAR = 12_000
OUTGOING_PER_YEAR = 5_000

DRAFTING_UNITS = ("VP", "TH", "PC", "TCCB", "KHTC")  # the drafting unit in a sender's reference (Phụ lục III)


def _abbreviation(agency: Any) -> str:
    """An agency's abbreviation in a reference ("BNV"): its short name, else the initials of its name."""
    short = "".join((agency.short_name or "").split())
    if not (short and short.isupper()):
        short = "".join(word[0] for word in agency.name.split() if word[0].isalpha()).upper()
    # a symbol's letters carry no tone or vowel mark, Đ apart ("UBND", never "ỦBND": the examiner of issue 26)
    return "".join(letter if letter == "Đ" else unicodedata.normalize("NFD", letter)[0] for letter in short)


SENDERS = [
    ("Văn phòng Chính phủ", "VPCP", "000.00.00.G01"),
    ("Văn phòng Quốc hội", "VPQH", "000.00.00.A01"),
    ("Văn phòng Trung ương Đảng", "VPTW", "000.00.00.T01"),
    ("Bộ Nội vụ", "BNV", "000.00.00.G09"),
    ("Bộ Ngoại giao", "BNG", "000.00.00.G08"),
    ("Bộ Tư pháp", "BTP", "000.00.00.G13"),
    ("Bộ Công an", "BCA", "000.00.00.G03"),
    ("Bộ Quốc phòng", "BQP", "000.00.00.G04"),
    ("Tòa án nhân dân tối cao", "TANDTC", "000.00.00.B01"),
    ("Viện kiểm sát nhân dân tối cao", "VKSNDTC", "000.00.00.C01"),
    ("Ban Thi đua - Khen thưởng Trung ương", "BTĐKTTW", "000.00.09.G09"),
    ("Ủy ban nhân dân Thành phố Hà Nội", "UBND TP Hà Nội", "000.00.00.H26"),
    ("Ủy ban nhân dân Thành phố Hồ Chí Minh", "UBND TP HCM", "000.00.00.H29"),
    ("Ủy ban nhân dân tỉnh Nghệ An", "UBND Nghệ An", "000.00.00.H40"),
]
# (type, weight, summary templates) of what arrives
INCOMING_KINDS = [
    ("cong_van", 40, ["Đề nghị {topic}", "Về việc {topic}", "Góp ý {topic}"]),
    ("to_trinh", 20, ["Tờ trình đề nghị {topic}"]),
    ("bao_cao", 15, ["Báo cáo {topic}"]),
    ("quyet_dinh", 8, ["Quyết định về {topic}"]),
    ("thong_bao", 7, ["Thông báo kết luận về {topic}"]),
    ("giay_moi", 6, ["Mời dự hội nghị về {topic}"]),
    ("ke_hoach", 4, ["Kế hoạch {topic}"]),
]
TOPICS = [
    "khen thưởng Huân chương Lao động cho các tập thể, cá nhân",
    "tặng danh hiệu Bà mẹ Việt Nam anh hùng",
    "đặc xá năm 2026",
    "cho thôi quốc tịch Việt Nam",
    "cho nhập quốc tịch Việt Nam",
    "công bố Luật đã được Quốc hội thông qua",
    "chương trình chuyến thăm cấp Nhà nước",
    "ân giảm án tử hình",
    "tình hình giải quyết khiếu nại, tố cáo quý III",
    "chuẩn bị tiếp nhận Quốc thư của Đại sứ",
    "phê chuẩn điều ước quốc tế",
    "kết quả thực hiện nhiệm vụ trọng tâm tháng",
    "tổ chức Lễ trao tặng Huân chương",
]
OUTGOING_KINDS = [
    ("cong_van", "office", 50),
    ("quyet_dinh", "president", 25),
    ("to_trinh", "office", 8),
    ("bao_cao", "office", 7),
    ("thong_bao", "office", 6),
    ("giay_moi", "office", 3),
]
# No Lệnh among them: each order the demo holds is the one promulgating a law of its register, issued by
# legislation.demo on the day it was promulgated (the examiner of issue 26 found orders numbered out of date
# order, with a text naming no law).
# Who writes to the Office about what: a topic by the senders it comes from (a part of their name, any when
# empty), and the reports' own topics (a Tờ trình asks for a decision, a report tells how work went). The
# examiner of issue 26 found a province's Tờ trình on an ambassador's credentials and "Tờ trình đề nghị tình
# hình giải quyết khiếu nại".
TOPIC_SENDERS: dict[str, tuple[str, ...]] = {
    "khen thưởng Huân chương Lao động cho các tập thể, cá nhân": (),
    "tặng danh hiệu Bà mẹ Việt Nam anh hùng": ("Ủy ban nhân dân", "Bộ Nội vụ", "Bộ Quốc phòng"),
    "đặc xá năm 2026": ("Bộ Công an", "Bộ Quốc phòng", "Văn phòng Chính phủ"),
    "cho thôi quốc tịch Việt Nam": ("Bộ Tư pháp", "Văn phòng Chính phủ"),
    "cho nhập quốc tịch Việt Nam": ("Bộ Tư pháp", "Văn phòng Chính phủ"),
    "công bố Luật đã được Quốc hội thông qua": ("Văn phòng Quốc hội",),
    "chương trình chuyến thăm cấp Nhà nước": ("Bộ Ngoại giao",),
    "ân giảm án tử hình": ("Tòa án nhân dân tối cao", "Viện kiểm sát nhân dân tối cao"),
    "chuẩn bị tiếp nhận Quốc thư của Đại sứ": ("Bộ Ngoại giao",),
    "phê chuẩn điều ước quốc tế": ("Văn phòng Chính phủ", "Bộ Ngoại giao"),
    "tổ chức Lễ trao tặng Huân chương": (),
}
# whom the Office writes to about its units' own topics, beside those above (a part of their name)
OFFICE_TOPIC_ADDRESSEES: dict[str, tuple[str, ...]] = {
    "chương trình công tác của Chủ tịch nước quý tới": ("Văn phòng",),
    "chuẩn bị nội dung buổi làm việc của Chủ tịch nước với địa phương": ("Ủy ban nhân dân",),
    "kết quả thực hiện nhiệm vụ trọng tâm tháng": ("Văn phòng",),
    "thẩm tra hồ sơ đề nghị phê chuẩn điều ước quốc tế": (
        "Bộ Ngoại giao",
        "Bộ Tư pháp",
        "Văn phòng Chính phủ",
    ),
    "thẩm định hồ sơ đề nghị đặc xá": ("Bộ Công an", "Bộ Quốc phòng", "Tòa án", "Viện kiểm sát"),
    "tổ chức Lễ trao tặng Huân chương": ("Ban Thi đua", "Bộ Nội vụ", "Ủy ban nhân dân"),
}


def addressee_for(rng: random.Random, topic: str) -> str:
    """An agency the Office writes to about `topic`: one that deals with it (the examiner of issue 26
    found a letter on "ân giảm án tử hình" to the Ministry of Home Affairs)."""
    who = TOPIC_SENDERS.get(topic) or OFFICE_TOPIC_ADDRESSEES.get(topic, ())
    if topic.startswith("đặc xá năm"):
        who = TOPIC_SENDERS.get("đặc xá năm 2026", ())
    fitting = [name for name, _short, _code in SENDERS if not who or any(part in name for part in who)]
    return rng.choice(fitting or [name for name, _short, _code in SENDERS])


REPORT_TOPICS = [
    "tình hình giải quyết khiếu nại, tố cáo quý III",
    "kết quả thực hiện nhiệm vụ trọng tâm tháng",
]


def incoming_topic(rng: random.Random, kind: str, sender: str) -> str:
    """What a document of this type from this sender is about."""
    if kind == "bao_cao":
        return rng.choice(REPORT_TOPICS)
    fitting = [t for t, who in TOPIC_SENDERS.items() if not who or any(part in sender for part in who)]
    return rng.choice(fitting)


# What each unit drafts (topics, as "V/v ..." or a title), and which of those it drafts for the President's
# decision (a Lệnh is the Legal Department's: the promulgation of a law). Amnesty is Phòng Đặc xá's alone;
# the examiner of issue 26 found "đặc xá" drafts in the foreign-affairs department.
UNIT_WORK: dict[str, tuple[list[str], list[str]]] = {
    "vu-tong-hop": (
        [
            "kết quả thực hiện nhiệm vụ trọng tâm tháng",
            "chương trình công tác của Chủ tịch nước quý tới",
            "chuẩn bị nội dung buổi làm việc của Chủ tịch nước với địa phương",
        ],
        [],
    ),
    "vu-phap-luat": (
        ["công bố Luật đã được Quốc hội thông qua", "thẩm tra hồ sơ đề nghị phê chuẩn điều ước quốc tế"],
        ["phê chuẩn điều ước quốc tế"],
    ),
    "vu-tu-phap": (
        ["cho thôi quốc tịch Việt Nam", "cho nhập quốc tịch Việt Nam", "ân giảm án tử hình"],
        ["cho thôi quốc tịch Việt Nam", "cho nhập quốc tịch Việt Nam"],
    ),
    "vu-khen-thuong": (
        [
            "khen thưởng Huân chương Lao động cho các tập thể, cá nhân",
            "tặng danh hiệu Bà mẹ Việt Nam anh hùng",
            "tổ chức Lễ trao tặng Huân chương",
        ],
        # the President's honours decisions are the batches' own (honours.demo), with their lists: none here
        [],
    ),
    "vu-doi-ngoai": (
        ["chương trình chuyến thăm cấp Nhà nước", "chuẩn bị tiếp nhận Quốc thư của Đại sứ"],
        [],
    ),
    # the President's decisions on amnesty are the campaigns' own (amnesty.demo), one per campaign: none here
    "phong-dac-xa": (["đặc xá năm {year}", "thẩm định hồ sơ đề nghị đặc xá"], []),
}
# the President's decisions as their titles give them ("Quyết định về việc ..."), by what they decide
PRESIDENT_DECISION_ARTICLE = {
    "phê chuẩn điều ước quốc tế": "Phê chuẩn điều ước quốc tế kèm theo Tờ trình của Chính phủ.",
    "tặng thưởng Huân chương Lao động": (
        "Tặng thưởng Huân chương Lao động cho các tập thể, cá nhân có tên trong danh sách kèm theo, đã có "
        "thành tích xuất sắc trong công tác, góp phần vào sự nghiệp xây dựng chủ nghĩa xã hội và bảo vệ Tổ quốc."
    ),
    "truy tặng danh hiệu vinh dự Nhà nước Bà mẹ Việt Nam anh hùng": (
        "Truy tặng danh hiệu vinh dự Nhà nước “Bà mẹ Việt Nam anh hùng” cho các bà mẹ có tên trong danh sách "
        "kèm theo."
    ),
    "đặc xá năm {year}": (
        "Đặc xá tha tù trước thời hạn cho những người đang chấp hành án phạt tù có tên trong danh sách kèm theo."
    ),
}
# The summary (trích yếu) an Office document of each type gives a unit's topic, under its type's name: an
# invitation to a meeting on it, never "Giấy mời: Cho thôi quốc tịch Việt Nam" (the examiner of issue 26)
OFFICE_SUMMARY = {
    "to_trinh": "Về việc {}",
    "bao_cao": "Về {}",
    "thong_bao": "Về việc {}",
    "giay_moi": "Họp bàn về {}",
}
HANDLING_UNITS = [
    "vu-tong-hop",
    "vu-phap-luat",
    "vu-tu-phap",
    "vu-khen-thuong",
    "vu-doi-ngoai",
    "phong-dac-xa",
]


def ensure_senders() -> list[Agency]:
    existing = {a.folded: a for a in Agency.objects.all()}
    for name, short, code in SENDERS:
        if fold(name) not in existing and not Agency.objects.filter(code=code).exists():
            existing[fold(name)] = Agency.objects.create(
                name=name, short_name=short, code=code, folded=fold(name)
            )
    return [existing[fold(name)] for name, _short, _code in SENDERS if fold(name) in existing]


# a decision on nationality names its few people in its Điều 1 (no module keeps such a list to print after
# it): where they live, by the country
NATIONALITY_COUNTRIES = [
    "Cộng hòa Liên bang Đức",
    "Nhật Bản",
    "Đại Hàn Dân quốc",
    "Cộng hòa Séc",
    "Ô-xtrây-li-a",
]


def _nationality_article(topic: str, seed: str) -> str:
    """Điều 1 of a decision on nationality, naming each person: "Cho thôi quốc tịch Việt Nam đối với 02
    công dân sau đây: 1. Bà Nguyễn Thị Lan, sinh ngày 04/05/1990 tại tỉnh Nghệ An; hiện cư trú tại Nhật
    Bản."""
    from chancery.petitions.demo import GIVEN, MIDDLE, SURNAMES

    rng = random.Random(seed)
    country = rng.choice(NATIONALITY_COUNTRIES)
    people = []
    for n in range(1, rng.randint(1, 4) + 1):
        woman = rng.random() < 0.6
        name = f"{rng.choice(SURNAMES)} {'Thị' if woman else rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        born = date(rng.randint(1960, 2005), rng.randint(1, 12), rng.randint(1, 28))
        people.append(
            f"{n}. {'Bà' if woman else 'Ông'} {name}, sinh ngày {born:%d/%m/%Y}; hiện cư trú tại {country}."
        )
    return f"{_first_capital(topic)} đối với {len(people):02d} người sau đây:\n" + "\n".join(people)


def outgoing_body(kind: str, topic: str, addressee: str, day: date | None = None, seed: object = "") -> str:
    """A body for a demo document of this type, so that it prints as the national format shows one (the
    examiner of issue 26 found the demo's President's decisions empty): the bases and articles of a
    decision, the promulgation of an order, the paragraphs of a letter or a report."""
    if kind == "lenh":
        return (
            "Căn cứ Điều 88 và Điều 91 của Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
            "Căn cứ Luật Ban hành văn bản quy phạm pháp luật;\n"
            "NAY CÔNG BỐ\n"
            "Luật đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam thông qua tại kỳ họp."
        )
    if kind == "quyet_dinh":
        article = PRESIDENT_DECISION_ARTICLE.get(topic, f"{_first_capital(topic)}.")
        basis = ""
        if "quốc tịch" in topic:
            article = _nationality_article(topic, f"{topic}{day}{seed}")
            basis = "Căn cứ Luật Quốc tịch Việt Nam ngày 13 tháng 11 năm 2008;\n"
        return (
            "Căn cứ Điều 88 và Điều 91 của Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
            f"{basis}"
            "Xét đề nghị của Chính phủ,\n"
            "QUYẾT ĐỊNH:\n"
            f"Điều 1. {article}\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
            "Điều 3. Thủ tướng Chính phủ, Chủ nhiệm Văn phòng Chủ tịch nước, các cơ quan liên quan và những "
            "người có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
        )
    if kind == "cong_van":
        return (
            f"Văn phòng Chủ tịch nước nhận được văn bản của {addressee or 'Quý cơ quan'} về {topic}. "
            "Về việc này, Văn phòng Chủ tịch nước có ý kiến như sau:\n"
            f"Đề nghị {addressee or 'Quý cơ quan'} hoàn thiện hồ sơ theo quy định và gửi Văn phòng Chủ tịch "
            "nước trước ngày làm việc cuối cùng của tháng để tổng hợp, báo cáo Chủ tịch nước.\n"
            f"Văn phòng Chủ tịch nước trân trọng đề nghị {addressee or 'Quý cơ quan'} quan tâm, phối hợp."
        )
    if kind == "to_trinh":
        return (
            f"Văn phòng Chủ tịch nước kính trình Chủ tịch nước xem xét, quyết định về {topic}.\n"
            "Hồ sơ đã được thẩm định theo quy định; danh sách và ý kiến của các cơ quan liên quan gửi kèm theo.\n"
            "Văn phòng Chủ tịch nước kính trình Chủ tịch nước xem xét, quyết định."
        )
    if kind == "bao_cao":
        return (
            f"Thực hiện chương trình công tác, Văn phòng Chủ tịch nước báo cáo về {topic} như sau:\n"
            "I. KẾT QUẢ THỰC HIỆN\n"
            "Các nhiệm vụ được giao đã được triển khai đúng tiến độ, bảo đảm chất lượng.\n"
            "II. NHIỆM VỤ THỜI GIAN TỚI\n"
            "Tiếp tục theo dõi, đôn đốc các đơn vị hoàn thành nhiệm vụ và báo cáo kết quả."
        )
    if kind == "giay_moi":
        # the meeting on a weekday a few days after the invitation (the examiner of issue 26 found a time
        # without a day)
        meeting = (day or timezone.localdate()) + timedelta(days=4)
        while meeting.weekday() >= 5:
            meeting += timedelta(days=1)
        weekday = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu")[meeting.weekday()]
        return (
            f"Văn phòng Chủ tịch nước trân trọng kính mời đại diện lãnh đạo Quý cơ quan dự cuộc họp về {topic}.\n"
            f"Thời gian: 08 giờ 30, {weekday}, ngày {meeting:%d/%m/%Y}.\n"
            "Địa điểm: Phòng họp số 1, Văn phòng Chủ tịch nước, số 2 Hùng Vương, Hà Nội."
        )
    return (
        f"Văn phòng Chủ tịch nước thông báo về {topic}.\n"
        "Đề nghị các Vụ, đơn vị thuộc Văn phòng triển khai thực hiện và báo cáo kết quả theo quy định."
    )


def _unit_letters(unit: Unit) -> str:
    """A unit as "Lưu: VT, ..." names it: its abbreviation, the one its documents' symbols carry."""
    return unit.short_name or unit.name


def _first_capital(text: str) -> str:
    """The first letter capitalised, the rest as written ("quý III", "Việt Nam"; str.capitalize lowers them)."""
    return text[:1].upper() + text[1:]


def _weighted(rng: random.Random, items: list[Any], weight: int) -> Any:
    return rng.choices(items, weights=[i[weight] for i in items])[0]


def _urgency(rng: random.Random) -> int:
    return rng.choices(
        [UrgencyLevel.NORMAL, UrgencyLevel.URGENT, UrgencyLevel.VERY_URGENT, UrgencyLevel.FLASH],
        weights=[85, 9, 4, 2],
    )[0]


def _secrecy(rng: random.Random) -> int:
    return rng.choices(
        [SecrecyLevel.NONE, SecrecyLevel.CONFIDENTIAL, SecrecyLevel.SECRET, SecrecyLevel.TOP_SECRET],
        weights=[93, 5, 1.5, 0.5],
    )[0]


def _days(year: int, until: date) -> list[date]:
    calendar = core_selectors.office_calendar(year, year)
    day, days = date(year, 1, 1), []
    while day <= until:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


OFFICE_OPENS, OFFICE_CLOSES = time(7, 30), time(17, 0)  # the Office's working hours
LUNCH = (11 * 60 + 30, 13 * 60)  # its lunch break, 11:30-13:00, in minutes of the day


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, OFFICE_CLOSES))


def is_office_day(calendar: Any, day: date) -> bool:
    """A working day of the office calendar (core.selectors.office_calendar): Monday to Friday but the public
    holidays, and the Saturdays the Government made working days in exchange for a day off (10/01/2026)."""
    return bool(calendar.is_working_day(day))


def office_moment(rng: random.Random, calendar: Any, day: date, *, before: datetime) -> datetime:
    """A moment of the Office's working hours (07:30-17:00 but the lunch break, Vietnam time) on `day` or the last office day
    before it, earlier than `before`: when a member of staff wrote a draft. The examiner of issue 26 found
    drafts made at night and on days off."""
    limit = timezone.localtime(before) - timedelta(minutes=5)
    opens, closes = (
        OFFICE_OPENS.hour * 60 + OFFICE_OPENS.minute,
        OFFICE_CLOSES.hour * 60 + OFFICE_CLOSES.minute,
    )
    day = min(day, limit.date())
    for _tries in range(400):
        if is_office_day(calendar, day):
            latest = closes if day < limit.date() else min(closes, limit.hour * 60 + limit.minute)
            if latest > opens:
                minute = rng.randint(opens, latest - 1)
                if LUNCH[0] <= minute < LUNCH[1]:  # nobody drafts over the lunch break: the morning's end
                    minute = rng.randint(LUNCH[0] - 90, LUNCH[0] - 1)
                return timezone.make_aware(
                    datetime.combine(day, time(minute // 60, minute % 60, rng.randint(0, 59)))
                )
        day -= timedelta(days=1)
    return before - timedelta(days=1)  # no office day in a year and more: a calendar of holidays only


def office_clock() -> datetime | None:
    """When the demo's own actions (the examples it makes through the services, which stamp their history,
    their signatures and their seals with the time) take place: now, during the Office's hours (None), else
    an hour before the close of the last office day (the examiner of issue 26 found a seal reading "Thời gian
    ký 18:53", and a Sunday's history)."""
    local = timezone.localtime()
    calendar = core_selectors.office_calendar(local.year - 1, local.year)
    if is_office_day(calendar, local.date()) and OFFICE_OPENS < local.time() < OFFICE_CLOSES:
        return None
    day = local.date() if is_office_day(calendar, local.date()) and local.time() >= OFFICE_CLOSES else None
    day = day or office_day_before(calendar, local.date(), 1)
    return timezone.make_aware(datetime.combine(day, OFFICE_CLOSES) - timedelta(hours=1))


@contextmanager
def demo_clock(moment: datetime | None) -> Iterator[None]:
    """The time the services read (`timezone.now`, which stamps the history, drafts, signatures and seals)
    running on from `moment` while the demo loads: what the demo does through the services happens in office
    hours (office_clock). Nothing else is touched: the clock of the bulk rows is the demo's own, and the
    real clock comes back when the demo is loaded. With `moment` None, the real clock."""
    if moment is None:
        yield
        return
    real = timezone.now
    started = real()
    timezone.now = lambda: moment + (real() - started)
    try:
        yield
    finally:
        timezone.now = real


def office_day_before(calendar: Any, day: date, days: int) -> date:
    """The office day `days` office days before `day`."""
    while days > 0:
        day -= timedelta(days=1)
        if is_office_day(calendar, day):
            days -= 1
    return day


def _drafting_staff(unit: Unit) -> tuple[list[User], list[User]]:
    """Who drafts a unit's documents and who reviews them: its specialists (a head who is also a specialist
    reviews, he does not draft; a department's specialists sit in its divisions), and the heads of the unit
    and of the units above it, nearest first. The examiner of issue 26 found drafts by heads of units."""
    from chancery.core.access import units_below
    from chancery.core.models import RoleCode

    staff = User.objects.filter(is_active=True, unit_id__in=units_below(unit.pk)).order_by("pk")
    heads_roles = [RoleCode.HEAD_OF_UNIT, RoleCode.LEADERSHIP]
    specialists = list(staff.filter(roles__code=RoleCode.SPECIALIST).exclude(roles__code__in=heads_roles))
    heads: list[User] = []
    above: Unit | None = unit
    while above is not None:
        heads += User.objects.filter(is_active=True, unit=above, roles__code=RoleCode.HEAD_OF_UNIT).order_by(
            "pk"
        )
        above = above.parent
    return specialists, heads


def _advance(register_code: str, name: str, year: int, by: int) -> int:
    """Take `by` numbers from a register at once; the first of them."""
    register, _created = NumberRegister.objects.get_or_create(
        code=register_code, year=year, defaults={"name": name}
    )
    register = NumberRegister.objects.select_for_update().get(pk=register.pk)
    first = register.last_number + 1
    NumberRegister.objects.filter(pk=register.pk).update(last_number=register.last_number + by)
    return first


def issued_document(
    summary: str,
    *,
    on: date,
    owning_unit: Unit,
    drafter: Any = None,
    fields: Any = None,
    doc_type: str = "quyet_dinh",
    issuer: str = rules.Issuer.PRESIDENT,
    addressee: str = "",
) -> OutgoingDocument:
    """A document the demo records as issued, a President's decision by default (an honours or an amnesty
    decision): numbered in the President's series of the outgoing register as issuing numbers it, with its line in the register and the
    document in the list, so that the number a batch or a campaign shows is the register's; its text the
    domain's decision builder writes (`fields`: appraisal.decision.draft_fields), else a short one. A Lệnh
    (`doc_type="lenh"`, the order promulgating a law) is numbered in the register of the President's orders
    ("05/2026/L-CTN"). An Office letter (`issuer="office"`, to `addressee`: an honours batch's reply) is
    signed by a Deputy Head for the Head, numbered in the Office's series. Returns the document; its number
    as written is `number_text` ("1164/QĐ-CTN")."""
    from chancery.documents.selectors import office_signers, president_signers

    if issuer == rules.Issuer.OFFICE:
        leaders = list(office_signers())
        signer = next(
            (u for u in leaders if not rules.office_signature_block(u.position).startswith(rules.HEAD_TITLE)),
            None,
        ) or (leaders[0] if leaders else None)
        title = rules.office_signature_block(signer.position if signer else rules.HEAD_TITLE)
    else:
        signer = president_signers(deputy=False).first()
        title = rules.president_signature_block(signer.position if signer else "Chủ tịch nước")
    # a specialist of the unit drafts it (the examiner of issue 26 found heads of units drafting)
    specialists, heads = _drafting_staff(owning_unit)
    if drafter not in specialists:
        drafter = specialists[0] if specialists else drafter or (heads[0] if heads else signer)
    # signed and issued on an office day: a day off moves it back to the last one before (the examiner of
    # issue 26 found decisions issued on Saturdays and Sundays)
    calendar = core_selectors.office_calendar(on.year - 1, on.year)
    while not is_office_day(calendar, on):
        on -= timedelta(days=1)
    normative = doc_type == "lenh"
    series = rules.outgoing_series(doc_type, rules.Issuer(issuer), SecrecyLevel.NONE, normative=normative)
    number = _advance(series.code, series.name, on.year, 1)
    document = OutgoingDocument(
        owning_unit=owning_unit,
        issuer=issuer,
        doc_type=doc_type,
        is_normative=normative,
        summary=summary,
        folded_summary=fold(summary)[:500],
        addressee=addressee,
        signer=signer,
        signer_title=title,
        drafted_by=drafter,
        state="issued",
        issued_on=on,
        signed_by_name=signer.full_name if signer else "",
        copies_to="\n".join(rules.default_copies(doc_type, addressee)),
    )
    document.number, document.year = number, on.year
    document.number_text = rules.number_text(number, on.year, document.symbol, normative=normative)
    if fields is not None:  # the decision as the module draws it up: its whole text, its Nơi nhận
        document.summary, document.body = fields["summary"], fields["body"]
        document.folded_summary, document.copies_to = fold(fields["summary"])[:500], fields["copies_to"]
    else:
        topic = summary.removeprefix("Về việc ").strip()
        document.body = outgoing_body("quyet_dinh", topic[:1].lower() + topic[1:], "")
    document.save()
    # drafted in the days before it was issued, not when the demo ran (created_at is set on insert)
    # at a moment of office hours (never the same minute for every decision: the examiner of issue 26)
    drafted = office_day_before(calendar, on, 3)
    OutgoingDocument.objects.filter(pk=document.pk).update(
        created_at=office_moment(
            random.Random(f"{series.code}{number}{on}"), calendar, drafted, before=_end_of(drafted)
        )
    )
    DocumentNumber.objects.create(
        series=series.code,
        year=on.year,
        number=number,
        text=document.number_text,
        status=NumberStatus.ISSUED,
        document=document,
        secrecy=SecrecyLevel.NONE,
        taken_by=drafter,
    )
    # the clerical office issued and registered it, as issuing gives it to them (services._give_to_clerks):
    # the examiner of issue 26 found the Office's clerk without the year's honours decisions in the register
    try:
        clerks: Unit | None = services.clerical_unit()
    except ValidationError:  # an office without a clerical unit (a module's own tests)
        clerks = None
    if clerks is not None:
        Assignment.objects.create(
            object_type=audit.object_type_of(document),
            object_id=document.pk,
            unit=clerks,
            kind=AssignmentKind.HANDLE,
            assigned_by=drafter,
        )
    return document


def number_decisions_by_date() -> int:
    """The President's decisions renumbered so that, within each year, their numbers rise with their dates, as a
    register is kept (NĐ 30/2020 Art. 15: numbered in the order issued, from 01 on 1 January): the honours and
    amnesty loaders issue their decisions after the year's bulk documents, which had taken the numbers up to
    the end of the year (the examiner of issue 26 found a March decision numbered after December's). The
    register keeps its set of numbers; the documents, their lines and what quotes a decision's number (any
    record with a `decision_number`, in the decision's year) follow. Returns how many numbers changed."""
    changed = 0
    for series in (
        rules.outgoing_series("quyet_dinh", rules.Issuer.PRESIDENT, SecrecyLevel.NONE, normative=False),
        # the Office's own letters too: a reply the honours loader issued after the bulk documents
        rules.outgoing_series("cong_van", rules.Issuer.OFFICE, SecrecyLevel.NONE, normative=False),
    ):
        changed += _number_by_date(series.code)
    return changed


def _number_by_date(series_code: str) -> int:
    """The numbers of one series (not a normative one: "05/QĐ-CTN", "12/VPCTN-TH"), in each year, given back
    in the order of the documents' dates. Read and written as values, never whole documents: the Office's
    series holds thousands of letters a year, and a reply issued last moves every one dated after it."""
    from django.apps import apps

    from chancery.search.models import SearchEntry

    holders = [
        model
        for model in apps.get_models()
        if any(f.name == "decision_number" for f in model._meta.get_fields())
        and model is not OutgoingDocument
    ]
    object_type = audit.object_type_of(OutgoingDocument)
    changed = 0
    # a document issued with a signed file keeps its number: the file prints it (the demo signs a handful)
    signed = set(DraftVersion.objects.filter(is_signed=True).values_list("document_id", flat=True))
    years = DocumentNumber.objects.filter(series=series_code).order_by().values_list("year", flat=True)
    for year in sorted(set(years.distinct())):  # without the model's ordering, which DISTINCT would select
        lines = list(
            DocumentNumber.objects.filter(series=series_code, year=year).values_list(
                "pk", "number", "text", "status", "taken_at", "document_id", "document__issued_on"
            )
        )
        lines = [line for line in lines if line[5] not in signed]
        dated = sorted(lines, key=lambda line: (line[6] or timezone.localtime(line[4]).date(), line[1]))
        numbers = sorted(line[1] for line in lines)
        moved = [(line, number) for line, number in zip(dated, numbers, strict=True) if line[1] != number]
        if not moved:
            continue
        texts: dict[str, str] = {}
        renamed: dict[int, tuple[str, str]] = {}  # document id -> (old text, new text)
        rows: list[DocumentNumber] = []
        documents: list[OutgoingDocument] = []
        for (pk, _old, text, status, _taken, document_id, _issued), number in moved:
            symbol = text.split("/", 1)[1] if "/" in text else text
            new_text = rules.number_text(number, year, symbol, normative=False)
            texts[text] = new_text
            rows.append(DocumentNumber(pk=pk, number=number + 10_000_000, text=new_text))  # past every one
            if document_id is not None and status != NumberStatus.CANCELLED:
                documents.append(OutgoingDocument(pk=document_id, number=number, number_text=new_text))
                renamed[document_id] = (text, new_text)
        DocumentNumber.objects.bulk_update(rows, ["number", "text"], batch_size=1000)
        for row in rows:
            row.number -= 10_000_000
        DocumentNumber.objects.bulk_update(rows, ["number"], batch_size=1000)
        OutgoingDocument.objects.bulk_update(documents, ["number", "number_text"], batch_size=1000)
        # the search entries name the document by its number: the new one (the full-text tables follow by
        # their triggers)
        entries = list(SearchEntry.objects.filter(object_type=object_type, object_id__in=list(renamed)))
        for entry in entries:
            old_text, new_text = renamed[entry.object_id]
            entry.title = entry.title.replace(old_text, new_text, 1)
            entry.body = entry.body.replace(old_text, new_text, 1)
            entry.folded = fold(f"{entry.title} {entry.body}")
        SearchEntry.objects.bulk_update(entries, ["title", "body", "folded"], batch_size=1000)
        changed += len(moved)
        if "/QĐ-CTN" not in next(iter(texts.values())):
            continue  # the Office's letters: no record quotes them as a decision
        for model in holders:
            quoting = model._default_manager.filter(decision_number__in=list(texts))
            if any(f.name == "decided_on" for f in model._meta.get_fields()):
                quoting = quoting.filter(decided_on__year=year)
            holding: list[Any] = list(quoting)
            final = {row.pk: texts[row.decision_number] for row in holding}
            # through a value of its own first: two decisions swapping numbers would, row by row, give a
            # person the same award under the same number twice (a unique constraint of an award's record)
            for row in holding:
                row.decision_number = f"~{row.pk}"
            model._default_manager.bulk_update(holding, ["decision_number"], batch_size=1000)
            for row in holding:
                row.decision_number = final[row.pk]
            model._default_manager.bulk_update(holding, ["decision_number"], batch_size=1000)
        _requote(texts, year)
    return changed


_QUOTED = re.compile(r"(?<![\d/])\d+/QĐ-CTN")


def _requote(texts: dict[str, str], year: int) -> None:
    """The texts that quote a decision renumbered, quoting its new number: a record's basis (an amnesty
    campaign's: any model with a `basis` and a `year`) and a decision's preamble ("Căn cứ Quyết định số
    1141/QĐ-CTN ...") of that year."""
    from django.apps import apps

    def requoted(text: str) -> str:
        return _QUOTED.sub(lambda m: texts.get(m.group(0), m.group(0)), text)

    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        if not {"basis", "year"} <= names:
            continue
        manager = model._default_manager
        for pk, basis in manager.filter(year=year, basis__contains="/QĐ-CTN").values_list("pk", "basis"):
            if (quoted := requoted(basis)) != basis:
                manager.filter(pk=pk).update(basis=quoted)
    quoting = OutgoingDocument.objects.filter(year=year, body__contains="Căn cứ Quyết định số")
    for document in quoting.only("pk", "body"):
        if (body := requoted(document.body)) != document.body:
            OutgoingDocument.objects.filter(pk=document.pk).update(body=body)


def load_incoming(count: int, *, year: int, seed: int = 2026, chunk: int = 5000, progress: Any = None) -> int:
    from chancery.search import index
    from chancery.search.models import SearchEntry

    today = timezone.localdate()
    until = min(today, date(year, 12, 31))
    days = _days(year, until)
    if not days:
        return 0
    rng = random.Random(seed)
    senders = ensure_senders()
    clerical = Unit.objects.get(code="phong-van-thu")
    clerk = User.objects.filter(unit=clerical).order_by("pk").first()
    leader = User.objects.filter(roles__code="leadership").order_by("pk").first()
    units = list(Unit.objects.filter(code__in=HANDLING_UNITS))
    calendar = core_selectors.office_calendar(year, year + 1)
    spec = index.REGISTRY[audit.object_type_of(IncomingDocument)]
    object_type = audit.object_type_of(IncomingDocument)
    added = 0
    per_day = max(1, count // len(days))
    while added < count:
        size = min(chunk, count - added)
        rows = []
        for offset in range(size):
            position = added + offset
            received = days[min(len(days) - 1, position // per_day)]
            kind, _weight, summaries = _weighted(rng, INCOMING_KINDS, 1)
            sender = rng.choice(senders)
            age = (until - received).days
            state = "closed" if age > 25 else "routed" if age > 1 else "registered"
            if state == "closed" and rng.random() < 0.04:
                state = "routed"  # a few old ones still open: the overdue in the lists
            urgency = _urgency(rng)
            rows.append(
                IncomingDocument(
                    owning_unit=clerical,
                    secrecy=_secrecy(rng),
                    series="",
                    year=year,
                    arrival_number=0,
                    received_on=received,
                    medium=rng.choice([Medium.PAPER, Medium.ELECTRONIC, Medium.EXCHANGE, Medium.EXCHANGE]),
                    sender=sender,
                    sender_name=sender.name,
                    reference=f"{rng.randint(1, 9999)}/{_abbreviation(sender)}-{rng.choice(DRAFTING_UNITS)}",
                    issued_on=received - timedelta(days=rng.randint(0, 6)),
                    doc_type=kind,
                    summary=rng.choice(summaries).format(topic=incoming_topic(rng, kind, sender.name)),
                    urgency=urgency,
                    pages=rng.randint(1, 40),
                    state=state,
                    received_by=clerk,
                )
            )
        with transaction.atomic():
            for secret in (False, True):
                part = [r for r in rows if bool(r.secrecy) == secret]
                if not part:
                    continue
                series = rules.incoming_series(1 if secret else 0)
                first = _advance(series.code, series.name, year, len(part))
                for number, row in enumerate(part, start=first):
                    row.series, row.arrival_number = series.code, number
            for row in rows:
                row.folded_summary = fold(row.summary)[:500]
                if row.state != "registered":
                    row.routed_by, row.routed_on = leader, row.received_on
                    row.direction = "Giao đơn vị chủ trì tham mưu xử lý."
                    row.due_on = rules.handling_due(calendar, row.received_on, rules.Urgency(row.urgency))
                if row.state == "closed":  # nine in ten on time, as the Office's figures run
                    assert row.due_on is not None
                    late = rng.random() < 0.1
                    closed = (
                        row.due_on + timedelta(days=rng.randint(1, 8))
                        if late
                        else row.due_on
                        - timedelta(days=rng.randint(0, max(0, (row.due_on - row.received_on).days - 1)))
                    )
                    row.closed_on = min(until, max(row.received_on, closed))
                    row.outcome = "Đã xử lý theo ý kiến chỉ đạo"
            IncomingDocument.objects.bulk_create(rows)
            assignments, clocks = [], []
            for row in rows:
                if row.state == "registered":
                    clocks.append(
                        ClockRow(
                            object_type=object_type,
                            object_id=row.pk,
                            kind=services.PRESENTATION_CLOCK,
                            label="Trình xin ý kiến chỉ đạo",
                            unit=rules.PRESENTATION.unit,
                            days=rules.PRESENTATION.days,
                            started_on=row.received_on,
                            due_on=rules.PRESENTATION.due(calendar, row.received_on),
                        )
                    )
                    continue
                lead = rng.choice(units)
                assignments.append(
                    Assignment(
                        object_type=object_type,
                        object_id=row.pk,
                        unit=lead,
                        kind=AssignmentKind.LEAD,
                        assigned_by=leader,
                        due_date=row.due_on,
                    )
                )
                handling = rules.handling_clock(rules.Urgency(row.urgency))
                clocks.append(
                    ClockRow(
                        object_type=object_type,
                        object_id=row.pk,
                        kind=services.HANDLING_CLOCK,
                        label="Xử lý văn bản",
                        unit=handling.unit,
                        days=handling.days,
                        started_on=row.received_on,
                        due_on=row.due_on,
                        stopped_on=row.closed_on,
                        outcome=row.outcome,
                    )
                )
            Assignment.objects.bulk_create(assignments)
            load_clocks(clocks)
            SearchEntry.objects.bulk_create(
                [
                    SearchEntry(object_type=object_type, object_id=r.pk, **index.entry_values(spec, r))
                    for r in rows
                ]
            )
        added += size
        if progress:
            progress(added)
    return added


def load_outgoing(count: int, *, year: int, seed: int = 2027, chunk: int = 5000, progress: Any = None) -> int:
    from chancery.search import index
    from chancery.search.models import SearchEntry

    today = timezone.localdate()
    now = timezone.now()
    until = min(today, date(year, 12, 31))
    days = _days(year, until)
    if not days:
        return 0
    rng = random.Random(seed)
    units = {u.code: u for u in Unit.objects.filter(code__in=HANDLING_UNITS)}
    staff = {code: _drafting_staff(unit) for code, unit in units.items()}
    calendar = core_selectors.office_calendar(year - 1, year)
    from chancery.documents.selectors import office_signers, president_signers

    leader = office_signers().filter(username="chunhiem").first() or office_signers().first()
    deputy = User.objects.filter(username="phochunhiem").first() or leader
    president = president_signers(deputy=False).first()
    vice_president = next((u for u in president_signers(deputy=True) if u != president), None)
    spec = index.REGISTRY[audit.object_type_of(OutgoingDocument)]
    object_type = audit.object_type_of(OutgoingDocument)
    from chancery.core.models import RoleCode
    from chancery.documents.services import clerical_unit

    clerical = clerical_unit()
    clerks = list(User.objects.filter(unit=clerical, is_active=True, roles__code=RoleCode.CLERK).distinct())
    added = 0
    per_day = max(1, count // len(days))
    while added < count:
        size = min(chunk, count - added)
        rows = []
        made_at: list[datetime] = []
        reviewed_by: list[User | None] = []  # the head of the drafting unit who reviewed it
        for offset in range(size):
            position = added + offset
            day = days[min(len(days) - 1, position // per_day)]
            kind, issuer, _weight = _weighted(rng, OUTGOING_KINDS, 2)
            # a unit drafts its own work: the President's decisions of the units that prepare them, a Lệnh
            # the Legal Department's
            able = [c for c in units if c in UNIT_WORK and (issuer == "office" or UNIT_WORK[c][1])]
            code = rng.choice(able or list(units))
            office_topics, president_topics = UNIT_WORK.get(code, (TOPICS, TOPICS))
            topic = rng.choice((president_topics if issuer != "office" else office_topics) or TOPICS)
            topic = topic.format(year=year)
            specialists, heads = staff[code]
            drafter = rng.choice(specialists) if specialists else (heads[0] if heads else leader)
            if drafter is None:
                continue
            recent = (until - day).days < 3
            # the last days' documents are still being drafted; those in review or approved are made through
            # the services (recent_examples), with their circuit and history: a bulk row "in review" had
            # neither, and no one could approve it (the examiner of issue 26)
            state = "drafting" if recent else "issued"
            secrecy = _secrecy(rng)
            # the deputy signs the Office's documents for the head ("KT."), the head those the deputy's
            # clearance does not reach; the head never signs "KT." for himself (rules.signature_block_problem)
            signer, title = (
                (deputy, "KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM")
                if deputy is not None and deputy.clearance >= secrecy
                else (leader, "CHỦ NHIỆM")
            )
            if issuer != "office":  # the President signs; an honours decision often the Vice President, "KT."
                signer = (
                    vice_president
                    if kind == "quyet_dinh" and vice_president and rng.random() < 0.5
                    else president
                )
                title = rules.president_signature_block(signer.position if signer else "Chủ tịch nước")
            # the Office's Tờ trình and reports go to the President, its letters and invitations to an
            # agency (the examiner of issue 26 found a Tờ trình to the Supreme Court "kính trình Chủ tịch nước")
            addressee = (
                ""
                if kind in rules.WITHOUT_ADDRESSEE_TYPES
                else "Chủ tịch nước"
                if kind in ("to_trinh", "bao_cao")
                else addressee_for(rng, topic)
            )
            # written in office hours on an office day, before it was issued and before the demo is made
            made_at.append(
                office_moment(
                    rng,
                    calendar,
                    day - timedelta(days=rng.randint(1, 6) if state == "issued" else 0),
                    before=now,
                )
            )
            reviewed_by.append(next((h for h in heads if h.pk != drafter.pk), None))
            rows.append(
                OutgoingDocument(
                    owning_unit=units[code],
                    secrecy=secrecy,
                    issuer=issuer,
                    doc_type=kind,
                    is_normative=kind == "lenh",
                    summary=f"V/v {topic}"
                    if kind == "cong_van"
                    else (f"Về việc {topic}" if issuer != "office" else OFFICE_SUMMARY[kind].format(topic)),
                    body=outgoing_body(kind, topic, addressee, day, seed=rng.random()),
                    urgency=_urgency(rng),
                    addressee=addressee,
                    # kept by the clerks and the drafting unit, by its abbreviation (Phụ lục I: "Lưu: VT, ...")
                    copies_to="\n".join(
                        f"Lưu: VT, {units[code].short_name or units[code].name}."
                        if line == "Lưu: VT."
                        else line
                        for line in rules.default_copies(kind, addressee)
                    ),
                    signer=signer,
                    signer_title=title,
                    drafted_by=drafter,
                    state=state,
                    issued_on=day if state == "issued" else None,
                    signed_by_name=signer.full_name if signer and state == "issued" else "",
                )
            )
        with transaction.atomic():
            for row in rows:
                row.folded_summary = fold(row.summary)[:500]
            issued = [r for r in rows if r.state == "issued"]
            by_series: dict[str, list[OutgoingDocument]] = {}
            for row in issued:
                series = rules.outgoing_series(
                    row.doc_type, rules.Issuer(row.issuer), row.secrecy, normative=row.is_normative
                )
                by_series.setdefault(f"{series.code}|{series.name}", []).append(row)
            numbers: list[tuple[OutgoingDocument, int, str]] = []
            for key, part in by_series.items():
                code, name = key.split("|", 1)
                first = _advance(code, name, year, len(part))
                for number, row in enumerate(part, start=first):
                    row.number, row.year = number, year
                    row.number_text = rules.number_text(number, year, row.symbol, normative=row.is_normative)
                    numbers.append((row, number, code))
            OutgoingDocument.objects.bulk_create(rows)
            # made through the day it was drafted, not all at the moment the demo ran (auto_now_add):
            # the examiner of issue 26 saw every draft with one time
            for row, at in zip(rows, made_at, strict=True):
                row.created_at = at
            OutgoingDocument.objects.bulk_update(rows, ["created_at"], batch_size=1000)
            # an issued document went through its circuit: the drafting unit's head reviewed it, then its
            # signer approved it, in office hours between its drafting and its issue
            steps: list[ApprovalStep] = []
            for row, at, head in zip(rows, made_at, reviewed_by, strict=True):
                if row.state != "issued" or row.issued_on is None or row.signer is None:
                    continue
                people = [p for p in (head, row.signer) if p is not None and p.pk != row.drafted_by_id]
                until_issue = min(now, _end_of(row.issued_on))
                moments = sorted(
                    max(at, office_moment(rng, calendar, row.issued_on, before=until_issue)) for _ in people
                )
                steps += [
                    ApprovalStep(
                        document=row,
                        round=1,
                        position=position,
                        mode=rules.CircuitMode.SEQUENTIAL,
                        reviewer=person,
                        status=rules.StepStatus.APPROVED,
                        decided_at=moment,
                    )
                    for position, (person, moment) in enumerate(zip(people, moments, strict=True), start=1)
                ]
            ApprovalStep.objects.bulk_create(steps, batch_size=2000)
            lines = [
                DocumentNumber(
                    series=code,
                    year=year,
                    number=number,
                    text=row.number_text,
                    status=NumberStatus.ISSUED,
                    document=row,
                    secrecy=row.secrecy,
                    taken_by=row.drafted_by,
                )
                for row, number, code in numbers
            ]
            # about one number in two hundred was cancelled (a signature refused, a document withdrawn):
            # the register keeps it, and the document took the next number
            for line in lines:
                if rng.random() < 0.005:
                    line.status, line.cancelled_reason = NumberStatus.CANCELLED, "Người ký trả lại để sửa"
            DocumentNumber.objects.bulk_create(lines)
            assignments = [
                Assignment(
                    object_type=object_type,
                    object_id=row.pk,
                    user=row.drafted_by,
                    kind=AssignmentKind.HANDLE,
                    assigned_by=row.drafted_by,
                )
                for row in rows
            ]
            # as issuing does (services.issuing._give_to_clerks): the clerical office registered and sent
            # each issued document, so its clerks keep it in their register (a secret one by name, those
            # cleared for it); the examiner of issue 26 found the Office's clerk with 1 issued document
            for row in issued:
                assignments.append(
                    Assignment(
                        object_type=object_type,
                        object_id=row.pk,
                        unit=clerical,
                        kind=AssignmentKind.HANDLE,
                        assigned_by=row.drafted_by,
                    )
                )
                assignments += [
                    Assignment(
                        object_type=object_type,
                        object_id=row.pk,
                        user=clerk,
                        kind=AssignmentKind.HANDLE,
                        assigned_by=row.drafted_by,
                    )
                    for clerk in clerks
                    if row.secrecy > SecrecyLevel.NONE and clerk.clearance >= row.secrecy
                ]
            Assignment.objects.bulk_create(assignments)
            SearchEntry.objects.bulk_create(
                [
                    SearchEntry(object_type=object_type, object_id=r.pk, **index.entry_values(spec, r))
                    for r in rows
                ]
            )
        added += size
        if progress:
            progress(added)
    return added


def _printed(document: OutgoingDocument) -> bytes:
    """The document printed in the national layout, standing in for the signer's signed PDF."""
    try:
        return drafting.render_pdf(document)
    except ValidationError:  # no font with the Vietnamese letters on this machine
        return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


EXAMPLE_REFERENCE = "5123/BNV-TĐKT"


def recent_examples() -> None:
    """A few documents made through the services, as a day's work leaves them: one awaiting direction, one
    routed with handling recorded, a draft in review and one issued and sent."""
    clerk = User.objects.filter(username="vanthu").first()
    leader = User.objects.filter(username="chunhiem").first()
    drafter = User.objects.filter(username="chuyenvien.th").first()
    head = User.objects.filter(username="vutruong.th").first()
    general = Unit.objects.filter(code="vu-tong-hop").first()
    legal = Unit.objects.filter(code="vu-phap-luat").first()
    # the reply to a ministry's honours submission is the honours department's work (the examiner of issue
    # 26 found it drafted in the general department)
    honours = Unit.objects.filter(code="vu-khen-thuong").first()
    honours_drafter = User.objects.filter(username="chuyenvien.hc").first() or drafter
    honours_head = User.objects.filter(username="vutruong.kt").first() or head
    if (
        clerk is None
        or leader is None
        or drafter is None
        or head is None
        or general is None
        or legal is None
        or honours is None
        or honours_drafter is None
        or honours_head is None
    ):
        return
    senders = ensure_senders()
    today = timezone.localdate()
    services.register_incoming(
        actor=clerk,
        data=services.IncomingData(
            received_on=today,
            sender=senders[0],
            sender_name=senders[0].name,
            reference="812/VPCP-TCCV",
            issued_on=today,
            doc_type="cong_van",
            summary="Đề nghị cho ý kiến về dự thảo Nghị định quy định chi tiết Luật Thi đua, khen thưởng",
            urgency=UrgencyLevel.VERY_URGENT,
            pages=12,
            medium=Medium.EXCHANGE,
        ),
    )
    routed = services.register_incoming(
        actor=clerk,
        data=services.IncomingData(
            received_on=today,
            sender=senders[3],
            sender_name=senders[3].name,
            reference=EXAMPLE_REFERENCE,
            issued_on=today,
            doc_type="to_trinh",
            summary="Tờ trình đề nghị tặng thưởng Huân chương Lao động cho các tập thể, cá nhân",
            pages=30,
        ),
    )
    services.route_incoming(
        actor=leader,
        document=routed,
        routing=services.Routing(
            lead_unit=honours_drafter.unit or honours,  # the medals division of the honours department
            cooperating_units=[legal],
            handler=honours_drafter,
            direction="Phòng Huân chương, Huy chương chủ trì, phối hợp Vụ Pháp luật thẩm định, báo cáo trước khi trình.",
        ),
    )
    services.record_handling(
        actor=honours_drafter, document=routed, note="Đã nghiên cứu hồ sơ, đang dự thảo văn bản trả lời."
    )
    draft = services.create_draft(
        actor=honours_drafter,
        data=services.DraftData(
            issuer="office",
            doc_type="cong_van",
            # "V/v trả lời ...": the summary follows "V/v" in the letter, in lower case
            summary="trả lời Tờ trình số 5123/BNV-TĐKT",
            addressee="Bộ Nội vụ",
            body=(
                "Văn phòng Chủ tịch nước nhận được Tờ trình số 5123/BNV-TĐKT ngày 28/10/2026 của Bộ Nội vụ đề "
                "nghị khen thưởng Huân chương Lao động cho các tập thể, cá nhân. Sau khi thẩm định, Văn phòng "
                "Chủ tịch nước có ý kiến như sau:\n"
                "Hồ sơ của các trường hợp đủ tiêu chuẩn đã được tổng hợp, trình Chủ tịch nước xem xét, quyết "
                "định. Đề nghị Bộ Nội vụ bổ sung bản sao quyết định khen thưởng trước đó của các trường hợp còn "
                "thiếu, gửi Văn phòng Chủ tịch nước trước ngày 30/11/2026 để thẩm định tiếp.\n"
                "Văn phòng Chủ tịch nước trân trọng đề nghị Bộ Nội vụ quan tâm, phối hợp."
            ),
            copies_to=f"Như trên;\nLưu: VT, {_unit_letters(honours_drafter.unit or honours)}.",
            signer=leader,
            signer_title="CHỦ NHIỆM",
            in_reply_to=routed,
        ),
    )
    services.submit_for_approval(actor=honours_drafter, document=draft, reviewers=[honours_head])
    sent = services.create_draft(
        actor=drafter,
        data=services.DraftData(
            issuer="office",
            doc_type="thong_bao",
            summary="Kết luận của Chủ nhiệm Văn phòng tại cuộc họp giao ban tháng",
            body=(
                "Chủ nhiệm Văn phòng chủ trì họp giao ban tháng, nghe các Vụ, đơn vị báo cáo kết quả thực hiện "
                "nhiệm vụ trong tháng và chương trình công tác tháng tới.\n"
                "Các Vụ, đơn vị bám sát chương trình công tác của Chủ tịch nước, hoàn thành đúng hạn các nhiệm vụ "
                "được giao; Vụ Tổng hợp theo dõi, đôn đốc và báo cáo tại cuộc họp giao ban tháng sau."
            ),
            copies_to="Các Vụ, đơn vị thuộc Văn phòng;\nLưu: VT, TH.",
            signer=leader,
            signer_title="CHỦ NHIỆM",
        ),
    )
    services.submit_for_approval(actor=drafter, document=sent, reviewers=[head])
    services.decide_step(actor=head, document=sent, approve=True)
    services.decide_step(actor=leader, document=sent, approve=True)
    services.send_for_signature(actor=drafter, document=sent)
    try:  # printed on issue, with its number and date, and signed by its signer
        services.issue_document(actor=leader, document=sent)
    except ValidationError:  # no font with the Vietnamese letters on this machine
        services.issue_document(actor=leader, document=sent, signed_file=_printed(sent))
    services.dispatch_document(actor=clerk, document=sent, units=[general, legal])
    _president_decision_example(honours_drafter, honours_head, clerk)


def _president_decision_example(drafter: Any, head: Any, clerk: Any) -> None:
    """A decision in the President's name through every step, signed by the Vice President ("KT. CHỦ TỊCH
    NƯỚC") and sealed with the State President's seal: the demo's bulk documents have no signed file, and
    the examiner of issue 26 could check that seal only on one he issued himself."""
    vice_president = User.objects.filter(username="phochutich").first()
    # a decision on nationality, naming its people in Điều 1: drafted by the department that prepares them
    # (an honours decision is a batch's own, with its list: the examiner of issue 26 found one outside any)
    topic = "cho thôi quốc tịch Việt Nam"
    unit = Unit.objects.filter(code=next((c for c, w in UNIT_WORK.items() if topic in w[1]), "")).first()
    if unit is not None:
        specialists, heads = _drafting_staff(unit)
        drafter = specialists[0] if specialists else drafter
        head = next((h for h in heads if h != drafter), head)
    if vice_president is None or drafter is None or head is None:
        return
    owner = drafter.unit
    decision = services.create_draft(
        actor=drafter,
        data=services.DraftData(
            issuer="president",
            doc_type="quyet_dinh",
            summary=f"Về việc {topic}",
            body=outgoing_body("quyet_dinh", topic, "", timezone.localdate(), seed="example"),
            copies_to=f"Như Điều 3;\nLưu: VT, {owner.short_name or owner.name}."
            if owner
            else "Như Điều 3;\nLưu: VT.",
            signer=vice_president,
            signer_title=rules.president_signature_block(vice_president.position),
        ),
    )
    services.submit_for_approval(actor=drafter, document=decision, reviewers=[head])
    services.decide_step(actor=head, document=decision, approve=True)
    services.decide_step(actor=vice_president, document=decision, approve=True)
    services.send_for_signature(actor=drafter, document=decision)
    try:
        services.issue_document(actor=vice_president, document=decision)
    except ValidationError:  # no font with the Vietnamese letters on this machine
        services.issue_document(actor=vice_president, document=decision, signed_file=_printed(decision))
    services.dispatch_document(actor=clerk, document=decision, units=[decision.owning_unit])


def drawn_signature(name: str) -> bytes:
    """A made-up handwritten signature for a demo person, on a transparent background in blue ink (the
    specimen the law asks for, Phụ lục I): a looped initial on the left, where the seal will sit, the given
    name slanted across the rest, and a stroke under it."""
    import io
    import math

    from PIL import Image, ImageDraw, ImageFont

    from chancery.documents import layout

    ink = (20, 40, 150, 255)
    words = name.split() or ["Ký"]
    files = layout.font_files()
    font = ImageFont.truetype(files[2] if files else "", 170) if files else ImageFont.load_default(170)
    picture = Image.new("RGBA", (1000, 320), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    seed = sum(ord(c) for c in name) % 7
    loop = [
        (150 + 85 * math.cos(t / 10) * (1 - t / 140), 170 + 120 * math.sin(t / 10 + seed) * (1 - t / 160))
        for t in range(120)
    ]
    draw.line(loop, fill=ink, width=9, joint="curve")
    draw.text((300, 60), words[-1], font=font, fill=ink)
    slant = 0.3  # an italic hand: each row shifted by its height
    picture = picture.transform(picture.size, Image.Transform.AFFINE, (1, slant, -slant * 160, 0, 1, 0))
    draw = ImageDraw.Draw(picture)
    stroke = [(120 + t * 8, 285 - 18 * math.sin(t / 12 + seed) - t * 0.5) for t in range(105)]
    draw.line(stroke, fill=ink, width=7, joint="curve")
    out = io.BytesIO()
    picture.crop(picture.getchannel("A").getbbox()).save(out, format="PNG")
    return out.getvalue()


def ensure_specimens() -> None:
    """The leadership's signature specimens, registered by the demo's administrator (as the office would)."""
    from chancery.documents import specimens
    from chancery.documents.models import SignatureSpecimen

    administrator = User.objects.filter(username="quantri").first()
    if administrator is None:
        return
    for person in User.objects.filter(roles__code="leadership", is_active=True).exclude(pk=administrator.pk):
        if not SignatureSpecimen.objects.filter(person=person).exists():
            specimens.register(actor=administrator, person=person, content=drawn_signature(person.full_name))


def load(
    incoming: int, outgoing: int, *, year: int | None = None, progress: Any = None, examples: bool = True
) -> tuple[int, int]:
    """Add `incoming` and `outgoing` documents of `year` (this year by default, up to today), and with
    `examples` the day's examples made through the services (the demo command makes them last: `examples`)."""
    year = year or timezone.localdate().year
    ensure_specimens()
    received = load_incoming(incoming, year=year, progress=progress)
    issued = load_outgoing(outgoing, year=year, progress=progress)
    if examples:
        load_examples(year)
    return received, issued


def record_issue_history(year: int | None = None) -> int:
    """The history of each document the demo issued without the services (in bulk, and the decisions of the
    honours and amnesty loaders): issued by its signer, with its number, at a moment of the office's hours on
    the day it was issued (the examiner of issue 26 found "Chưa có sự kiện nào" on an issued decision). Made
    once every number is final (number_decisions_by_date), as the trail cannot be changed after. Returns how
    many documents were given their history."""
    from chancery.core.models import AuditAction, AuditEvent

    year = year or timezone.localdate().year
    kind = audit.object_type_of(OutgoingDocument)
    with_history = AuditEvent.objects.filter(object_type=kind, object_id=OuterRef("pk"))
    documents = (
        OutgoingDocument.objects.filter(state="issued", year=year, issued_on__isnull=False)
        .exclude(Exists(with_history))
        .select_related("signer", "owning_unit")
        .order_by("issued_on", "pk")
    )
    calendar = core_selectors.office_calendar(year - 1, year)
    count = 0
    for document in documents.iterator(chunk_size=500):
        day = document.issued_on
        assert day is not None
        moment = office_moment(random.Random(f"issued{document.pk}"), calendar, day, before=_end_of(day))
        with demo_clock(moment):
            audit.record(
                action=AuditAction.TRANSITION,
                actor=document.signer,
                subject=document,
                changes={"state": {"before": "signing", "after": "issued"}},
                message=document.number_text,
            )
        count += 1
    return count


def load_examples(year: int | None = None) -> None:
    """The day's examples made through the services (recent_examples), once, in the current year: after
    every part that issues documents in bulk, so that the numbers they take, printed in their signed files,
    are the last of their series and never renumbered (the examiner of issue 26 found a signed decision
    numbered 1152 in its file and 1269 in the register)."""
    year = year or timezone.localdate().year
    if (
        year == timezone.localdate().year
        and not IncomingDocument.objects.filter(year=year, reference=EXAMPLE_REFERENCE).exists()
    ):
        recent_examples()
