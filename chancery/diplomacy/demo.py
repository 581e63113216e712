"""Demo data of foreign affairs and treaties at the 2013 volumes (the office's yearly summary for 2013: nine
heads of state officially welcomed, 43 international delegations received, ambassadors' credentials):
every event with its programme and participants, the state visits with their protocol checklists, speeches
and follow-up commitments; the events still to come in the current year planned, their checklists partly
ticked; treaties at every step of their life."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from chancery.core.models import Unit, User

from . import rules, services
from .models import Country, Event, Organisation

STATE_VISITS = 9  # "đón chính thức chín đoàn nguyên thủ quốc gia" (2013)
DELEGATIONS = 43  # "tiếp 43 đoàn khách quốc tế" (2013)
VISITS_ABROAD = 6
CREDENTIAL_CEREMONIES = 5
CONFERENCES = 1
TALKS = 4

STATE_GUESTS = [
    ("LA", "Chủ tịch nước Cộng hòa Dân chủ Nhân dân Lào"),
    ("KH", "Quốc vương Campuchia"),
    ("IN", "Tổng thống Cộng hòa Ấn Độ"),
    ("KR", "Tổng thống Hàn Quốc"),
    ("JP", "Thủ tướng Nhật Bản"),
    ("FR", "Tổng thống Cộng hòa Pháp"),
    ("CL", "Tổng thống Cộng hòa Chile"),
    ("MZ", "Tổng thống Cộng hòa Mozambique"),
    ("BY", "Tổng thống Cộng hòa Belarus"),
    ("KZ", "Tổng thống Cộng hòa Kazakhstan"),
]
DELEGATION_GUESTS = [
    ("CN", "Đoàn đại biểu cấp cao Đảng Cộng sản Trung Quốc"),
    ("CU", "Đoàn Bộ trưởng Ngoại giao Cuba"),
    ("US", "Đoàn Thượng nghị sĩ Hoa Kỳ"),
    ("RU", "Đoàn Chủ tịch Hội đồng Liên bang Nga"),
    ("DE", "Đoàn Bộ trưởng Kinh tế Đức"),
    ("GB", "Đoàn Bộ trưởng Ngoại giao Anh"),
    ("AU", "Đoàn Toàn quyền Australia"),
    ("SG", "Đoàn Bộ trưởng Cao cấp Singapore"),
    ("TH", "Đoàn Chủ tịch Thượng viện Thái Lan"),
    ("ID", "Đoàn Chủ tịch Quốc hội Indonesia"),
    ("MY", "Đoàn Phó Thủ tướng Malaysia"),
    ("PH", "Đoàn Bộ trưởng Ngoại giao Philippines"),
    ("IT", "Đoàn Chủ tịch Thượng viện Italy"),
    ("BR", "Đoàn Bộ trưởng Quốc phòng Brazil"),
    ("ZA", "Đoàn Phó Tổng thống Nam Phi"),
]
ORGANISATION_GUESTS = [
    ("UN", "Đoàn Tổng Thư ký Liên hợp quốc"),
    ("ASEAN", "Đoàn Tổng Thư ký ASEAN"),
    ("WB", "Đoàn Chủ tịch Ngân hàng Thế giới"),
    ("ADB", "Đoàn Chủ tịch Ngân hàng Phát triển châu Á"),
    ("WHO", "Đoàn Tổng Giám đốc Tổ chức Y tế Thế giới"),
]
ABROAD = ["CN", "RU", "US", "JP", "FR", "IN", "LA", "KH"]
AMBASSADOR_COUNTRIES = [
    "NL",
    "SE",
    "NO",
    "PL",
    "HU",
    "AR",
    "MX",
    "EG",
    "NG",
    "NZ",
    "CA",
    "AT",
    "CH",
    "BE",
    "IE",
]
TREATIES = [
    ("Hiệp định tương trợ tư pháp về hình sự", "bilateral", "state", "Bộ Công an", ["KR"]),
    ("Hiệp định về chuyển giao người bị kết án phạt tù", "bilateral", "state", "Bộ Công an", ["IN"]),
    ("Hiệp định dẫn độ", "bilateral", "state", "Bộ Công an", ["FR"]),
    ("Hiệp định về hợp tác văn hóa", "bilateral", "government", "Bộ Văn hóa, Thể thao và Du lịch", ["CL"]),
    ("Hiệp định thương mại tự do", "bilateral", "government", "Bộ Công Thương", ["KR"]),
    (
        "Hiệp định về miễn thị thực cho người mang hộ chiếu ngoại giao",
        "bilateral",
        "government",
        "Bộ Ngoại giao",
        ["MZ"],
    ),
    (
        "Hiệp định về khuyến khích và bảo hộ đầu tư",
        "bilateral",
        "government",
        "Bộ Kế hoạch và Đầu tư",
        ["BY"],
    ),
    ("Hiệp định về hợp tác quốc phòng", "bilateral", "state", "Bộ Quốc phòng", ["KZ"]),
    (
        "Công ước chống tra tấn và các hình thức đối xử hoặc trừng phạt tàn bạo",
        "multilateral",
        "state",
        "Bộ Công an",
        ["UN"],
    ),
    (
        "Công ước về quyền của người khuyết tật",
        "multilateral",
        "state",
        "Bộ Lao động - Thương binh và Xã hội",
        ["UN"],
    ),
    (
        "Hiệp định ASEAN về quản lý thảm họa và ứng phó khẩn cấp",
        "multilateral",
        "government",
        "Bộ Ngoại giao",
        ["ASEAN"],
    ),
    ("Hiệp định về tránh đánh thuế hai lần", "bilateral", "government", "Bộ Tài chính", ["JP"]),
    (
        "Hiệp định về hợp tác lao động",
        "bilateral",
        "government",
        "Bộ Lao động - Thương binh và Xã hội",
        ["LA"],
    ),
    ("Hiệp định về vận tải đường bộ", "bilateral", "government", "Bộ Giao thông vận tải", ["KH"]),
]
ASEAN_MEMBERS = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH"]
UN_PARTIES = ["FR", "DE", "JP", "CA", "AU", "IN", "BR"]
SECOND_PARTNERS = ["TH", "SG", "CU", "RU", "HU", "PL", "EG", "AR", "NZ", "UA", "CZ", "MN", "ID", "BG"]
# How far each treaty got: the steps in order, the last of them the treaty's state.
PATHS = [
    ["negotiate"],
    ["negotiate", "sign"],
    ["negotiate", "sign", "submit"],
    ["negotiate", "sign", "submit", "decide"],
    ["negotiate", "sign", "submit", "decide", "notify"],
    ["negotiate", "sign", "submit", "decide", "notify", "enter_into_force"],
    ["submit_accession", "decide", "notify", "enter_into_force"],
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _spread(rng: random.Random, year: int, count: int, *, avoid_tet: bool = True) -> list[date]:
    """`count` days through the year, weekdays, away from Tết (late January to mid-February)."""
    days = []
    step = 340 // max(count, 1)
    for i in range(count):
        day = date(year, 1, 6) + timedelta(days=i * step + rng.randint(0, max(step - 3, 0)))
        if avoid_tet and date(year, 1, 25) <= day <= date(year, 2, 20):
            day = date(year, 2, 21) + timedelta(days=i % 7)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        days.append(min(day, date(year, 12, 22)))
    return days


class _Loader:
    def __init__(self, year: int, seed: int) -> None:
        self.year = year
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.unit = Unit.objects.filter(code="vu-doi-ngoai").first() or Unit.objects.order_by("pk").first()
        assert self.unit is not None
        actor = User.objects.filter(unit=self.unit).order_by("pk").first()
        assert actor is not None
        self.actor = actor
        self.protocol = Unit.objects.filter(code="phong-le-tan").first() or self.unit
        self.general = Unit.objects.filter(code="vu-tong-hop").first() or self.unit
        self.legal = Unit.objects.filter(code="vu-phap-luat").first() or self.unit
        protocol_person = User.objects.filter(unit=self.protocol).order_by("pk").first()
        self.protocol_person = protocol_person or actor
        self.countries = {c.alpha2: c for c in Country.objects.all()}
        self.organisations = {o.acronym: o for o in Organisation.objects.all()}

    def event(self, kind: str, title: str, start: date, days: int = 1, **extra: object) -> Event:
        data = services.EventData(
            kind=kind,
            title=title,
            starts_on=start,
            ends_on=start + timedelta(days=days - 1),
            **extra,  # type: ignore[arg-type]
        )
        return services.create_event(actor=self.actor, data=data)

    def state_visit(self, code: str, guest: str, start: date) -> Event:
        country = self.countries[code]
        event = self.event(
            rules.STATE_VISIT,
            f"{guest} thăm cấp Nhà nước Việt Nam",
            start,
            3,
            country=country,
            guest=guest,
            place="Phủ Chủ tịch, Hà Nội",
        )
        programme = [
            (0, 9, "Lễ đón chính thức tại Phủ Chủ tịch", "Phủ Chủ tịch", "Com-lê"),
            (0, 10, "Hội đàm cấp cao", "Phủ Chủ tịch", "Com-lê"),
            (0, 11, "Ký kết các văn kiện hợp tác, họp báo chung", "Phủ Chủ tịch", ""),
            (0, 19, "Chiêu đãi cấp Nhà nước", "Trung tâm Hội nghị quốc tế", "Lễ phục"),
            (1, 9, "Hội kiến Tổng Bí thư, Thủ tướng, Chủ tịch Quốc hội", "Hà Nội", ""),
            (2, 8, "Thăm địa phương, tiễn đoàn tại sân bay", "Nội Bài", ""),
        ]
        for offset, hour, title, place, attire in programme:
            services.add_programme_item(
                actor=self.actor,
                event=event,
                starts_at=_at(start + timedelta(days=offset), hour),
                title=title,
                place=place,
                attire=attire,
            )
        services.add_participant(
            actor=self.actor, event=event, name="Chủ tịch nước", position="Chủ trì", side="vietnam"
        )
        services.add_participant(
            actor=self.actor,
            event=event,
            name="Bộ trưởng Bộ Ngoại giao",
            position="Tháp tùng",
            side="vietnam",
        )
        services.add_participant(
            actor=self.actor, event=event, name=guest, position="Trưởng đoàn", side="guest"
        )
        items = services.add_standard_checklist(actor=self.actor, event=event, unit=self.protocol)
        for item in items:
            done_on = item.due_on - timedelta(days=self.rng.randint(0, 2))
            if done_on <= self.today:
                services.tick(actor=self.protocol_person, item=item, on=done_on)
        speech = services.assign_speech(
            actor=self.actor,
            event=event,
            title="Phát biểu tại chiêu đãi cấp Nhà nước",
            unit=self.general,
            due_on=start - timedelta(days=3),
        )
        if speech.due_on <= self.today:
            services.set_speech_state(actor=self.actor, speech=speech, state="approved", on=speech.due_on)
        if start + timedelta(days=3) <= self.today:
            follow_up = services.add_follow_up(
                actor=self.actor,
                event=event,
                commitment=f"Triển khai các văn kiện đã ký với {country.name}, báo cáo Chủ tịch nước",
                unit=self.legal,
                due_on=start + timedelta(days=90),
            )
            if follow_up.due_on + timedelta(days=10) <= self.today:
                services.complete_follow_up(
                    actor=self.actor,
                    follow_up=follow_up,
                    outcome="Đã báo cáo Chủ tịch nước kết quả triển khai",
                    on=follow_up.due_on - timedelta(days=5),
                )
        return event

    def delegation(self, title: str, start: date, *, code: str = "", acronym: str = "") -> Event:
        event = self.event(
            rules.DELEGATION,
            f"Chủ tịch nước tiếp {title[0].lower()}{title[1:]}",
            start,
            country=self.countries.get(code) if code else None,
            organisation=self.organisations.get(acronym) if acronym else None,
            guest=title,
            place="Phủ Chủ tịch, Hà Nội",
        )
        services.add_programme_item(
            actor=self.actor,
            event=event,
            starts_at=_at(start, 15),
            title="Tiếp xã giao",
            place="Phủ Chủ tịch",
        )
        return event

    def treaty(self, index: int) -> None:
        title, kind, name_of, ministry, parties = TREATIES[index % len(TREATIES)]
        path = PATHS[index % len(PATHS)]
        start = date(self.year, 1, 10) + timedelta(days=index * 22)
        if start > self.today:
            return
        organisations = []
        if kind == "multilateral":
            organisations = [self.organisations[parties[0]]]
            members = ASEAN_MEMBERS if parties[0] == "ASEAN" else UN_PARTIES
            countries = [self.countries[c] for c in members]
        elif index < len(TREATIES):
            countries = [self.countries[parties[0]]]
        else:  # the same kind of agreement with another partner
            countries = [self.countries[SECOND_PARTNERS[index % len(SECOND_PARTNERS)]]]
        treaty = services.register_treaty(
            actor=self.actor,
            data=services.TreatyData(
                title=title if kind == "multilateral" else f"{title} giữa Việt Nam và {countries[0].name}",
                kind=kind,
                concluded_in_name_of=name_of,
                ministry=ministry,
                proposed_on=start,
                countries=countries,
                organisations=organisations,
            ),
        )
        consent = (
            "accession"
            if "submit_accession" in path
            else "ratification"
            if name_of == "state"
            else "approval"
        )
        on = start
        for step in path:
            on += timedelta(days=self.rng.randint(8, 25))
            if on > self.today:
                return
            services.record_step(
                actor=self.actor,
                treaty=treaty,
                step=step,
                on=on,
                consent=consent,
                note="",
            )


@transaction.atomic
def load(*, year: int | None = None, seed: int = 2013) -> dict[str, int]:
    """A year of foreign affairs and treaties; returns the events added by kind."""
    loader = _Loader(year or timezone.localdate().year, seed)
    year = loader.year
    rng = loader.rng
    for (code, guest), start in zip(STATE_GUESTS, _spread(rng, year, STATE_VISITS), strict=False):
        loader.state_visit(code, guest, start)
    guests = [("country", c, t) for c, t in DELEGATION_GUESTS] + [
        ("org", a, t) for a, t in ORGANISATION_GUESTS
    ]
    for i, start in enumerate(_spread(rng, year, DELEGATIONS)):
        how, code, title = guests[i % len(guests)]
        if i >= len(guests):
            title = f"{title} (lần {i // len(guests) + 1})"
        loader.delegation(
            title, start, code=code if how == "country" else "", acronym=code if how == "org" else ""
        )
    for code, start in zip(ABROAD, _spread(rng, year, VISITS_ABROAD), strict=False):
        country = loader.countries[code]
        loader.event(
            rules.VISIT_ABROAD,
            f"Chủ tịch nước thăm cấp Nhà nước {country.name}",
            start,
            4,
            country=country,
            place=country.name,
        )
    for i, start in enumerate(_spread(rng, year, CREDENTIAL_CEREMONIES)):
        codes = AMBASSADOR_COUNTRIES[i * 3 : i * 3 + 3]
        ceremony = loader.event(
            rules.CREDENTIALS,
            "Lễ trình quốc thư của Đại sứ " + ", ".join(loader.countries[c].name for c in codes),
            start,
            country=loader.countries[codes[0]],
            place="Phủ Chủ tịch, Hà Nội",
        )
        for code in codes:
            services.add_participant(
                actor=loader.actor,
                event=ceremony,
                name=f"Đại sứ {loader.countries[code].name}",
                position="Đại sứ đặc mệnh toàn quyền",
                side="guest",
            )
    loader.event(
        rules.CONFERENCE,
        "Hội nghị Đại hội đồng Liên minh Nghị viện Thế giới",
        _spread(rng, year, 1)[0] + timedelta(days=80),
        3,
        organisation=loader.organisations["IPU"],
        place="Trung tâm Hội nghị quốc gia",
    )
    for code, start in zip(["RU", "CN", "US", "JP"], _spread(rng, year, TALKS), strict=False):
        loader.event(
            rules.TALKS,
            f"Điện đàm với lãnh đạo {loader.countries[code].name}",
            start + timedelta(days=2),
            country=loader.countries[code],
        )
    for index in range(len(TREATIES) * 2):
        loader.treaty(index)
    counts: dict[str, int] = {}
    for kind in Event.objects.filter(starts_on__year=year).values_list("kind", flat=True):
        counts[kind] = counts.get(kind, 0) + 1
    return counts
