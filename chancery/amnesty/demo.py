"""Demo data of amnesty: the prisons and detention facilities, one decided campaign at the 2013 volume (15,450
amnestied, with the others proposed who were not) with a realistic mix of offences and sentences, and a
campaign of the current year appraised and waiting for its review and the council."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from chancery.appraisal import decision as president
from chancery.core.models import AssignmentKind, Unit, User
from chancery.core.services import take_number
from chancery.core.text import fold
from chancery.documents import layout
from chancery.documents.demo import issued_document, number_decisions_by_date
from chancery.petitions.demo import GIVEN, MIDDLE, SURNAMES

from . import decision as drawn
from . import intake, rules, services
from .models import (
    AmnestyRecord,
    Campaign,
    CouncilOpinion,
    Decided,
    Facility,
    Ministry,
    Prisoner,
    Proposal,
    ProposalList,
    Verdict,
)

YEAR_VOLUME = 15_450  # amnestied in 2013 (../shared/seeds)
REFUSED_SHARE = 0.07  # proposed but not amnestied

FACILITIES = [
    ("Trại giam Thủ Đức", Ministry.PUBLIC_SECURITY, "Bình Thuận"),
    ("Trại giam Xuân Lộc", Ministry.PUBLIC_SECURITY, "Đồng Nai"),
    ("Trại giam Z30A", Ministry.PUBLIC_SECURITY, "Đồng Nai"),
    ("Trại giam Nam Hà", Ministry.PUBLIC_SECURITY, "Ninh Bình"),
    ("Trại giam Phú Sơn 4", Ministry.PUBLIC_SECURITY, "Thái Nguyên"),
    ("Trại giam Ba Sao", Ministry.PUBLIC_SECURITY, "Ninh Bình"),
    ("Trại giam Thanh Xuân", Ministry.PUBLIC_SECURITY, "Hà Nội"),
    ("Trại giam Hoàng Tiến", Ministry.PUBLIC_SECURITY, "Hải Phòng"),
    ("Trại giam Ngọc Lý", Ministry.PUBLIC_SECURITY, "Tuyên Quang"),
    ("Trại giam Thanh Cẩm", Ministry.PUBLIC_SECURITY, "Thanh Hóa"),
    ("Trại giam Xuân Nguyên", Ministry.PUBLIC_SECURITY, "Hải Phòng"),
    ("Trại giam Nghĩa An", Ministry.PUBLIC_SECURITY, "Quảng Ngãi"),
    ("Trại giam Bình Điền", Ministry.PUBLIC_SECURITY, "Huế"),
    ("Trại giam An Phước", Ministry.PUBLIC_SECURITY, "Đồng Nai"),
    ("Trại giam Châu Bình", Ministry.PUBLIC_SECURITY, "Phú Thọ"),
    ("Trại giam Đắk Trung", Ministry.PUBLIC_SECURITY, "Gia Lai"),
    ("Trại giam Cây Cày", Ministry.PUBLIC_SECURITY, "Tây Ninh"),
    ("Trại giam Kênh 5", Ministry.PUBLIC_SECURITY, "Tây Ninh"),
    ("Trại giam Tống Lê Chân", Ministry.PUBLIC_SECURITY, "Tây Ninh"),
    ("Trại tạm giam Công an Thành phố Hà Nội", Ministry.PUBLIC_SECURITY, "Hà Nội"),
    ("Trại tạm giam Công an Thành phố Hồ Chí Minh", Ministry.PUBLIC_SECURITY, "Thành phố Hồ Chí Minh"),
    ("Trại giam Quân khu 1", Ministry.DEFENCE, "Thái Nguyên"),
    ("Trại giam Quân khu 4", Ministry.DEFENCE, "Nghệ An"),
    ("Trại giam Quân khu 7", Ministry.DEFENCE, "Đồng Nai"),
]
# (articles, share, term range in months) of the offences of those proposed
OFFENCES = [
    ("173", 30, (9, 60)),  # trộm cắp tài sản
    ("249", 8, (12, 72)),  # tàng trữ trái phép chất ma túy
    ("251", 10, (24, 180)),  # mua bán trái phép chất ma túy
    ("174", 9, (12, 120)),  # lừa đảo chiếm đoạt tài sản
    ("134", 10, (12, 96)),  # cố ý gây thương tích
    ("168", 6, (36, 180)),  # cướp tài sản
    ("260", 6, (12, 60)),  # vi phạm quy định về tham gia giao thông
    ("321", 5, (6, 36)),  # đánh bạc
    ("188", 3, (12, 60)),  # buôn lậu
    ("355", 2, (36, 144)),  # lạm dụng chức vụ, quyền hạn chiếm đoạt tài sản
    ("353", 2, (48, 180)),  # tham ô tài sản
    ("171", 4, (24, 96)),  # cướp giật tài sản
    ("141", 2, (36, 120)),  # hiếp dâm
    ("123", 3, (84, 240)),  # giết người
]
PLACES = [
    "Hà Nội",
    "Hải Phòng",
    "Nghệ An",
    "Thanh Hóa",
    "Đà Nẵng",
    "Cần Thơ",
    "Đồng Nai",
    "Thành phố Hồ Chí Minh",
    "Huế",
]


def _announcement(reference: date, unit: Unit, actor: Any) -> Any:
    """The President's decision on the amnesty of the year (which the campaign rests on), issued on an office
    day six weeks before the reference date, in the President's series."""
    from chancery.core import selectors as core_selectors
    from chancery.documents.demo import is_office_day

    calendar = core_selectors.office_calendar(reference.year - 1, reference.year)
    day = min(reference - timedelta(days=45), timezone.localdate())
    while not is_office_day(calendar, day):
        day -= timedelta(days=1)
    title = f"Về đặc xá năm {reference.year}"
    body = "\n".join(
        [
            "QUYẾT ĐỊNH",
            title,
            "",
            "CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
            "Căn cứ Luật Đặc xá ngày 19 tháng 11 năm 2018;",
            "Xét đề nghị của Thủ tướng Chính phủ,",
            "",
            "QUYẾT ĐỊNH:",
            f"Điều 1. Đặc xá năm {reference.year} đối với người đang chấp hành án phạt tù có thời hạn, người "
            "bị kết án phạt tù chung thân đã được giảm xuống tù có thời hạn; thời gian chấp hành án phạt tù "
            f"được tính đến {layout.written_date(reference)}.",
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
            "Điều 3. Thủ tướng Chính phủ, Chủ tịch Hội đồng tư vấn đặc xá và các cơ quan, tổ chức, cá nhân "
            "có liên quan chịu trách nhiệm thi hành Quyết định này.",
        ]
    )
    return issued_document(
        title,
        on=day,
        owning_unit=unit,
        drafter=actor,
        fields={"summary": title, "body": body, "copies_to": "Như Điều 3;\nLưu: VT, ĐX."},
    )


def _government_submission(campaign: Campaign, reference: date, decided_on: date, actor: Any) -> Any:
    """The Government's Tờ trình submitting the lists to the President, received in the days before the
    decision: an incoming document of the year's register in that window becomes it (its arrival number kept
    in date order) and is linked to the campaign, so the decision's preamble cites it. None when the
    register has none in the window (a module's own tests)."""
    from chancery.core import links
    from chancery.documents.models import IncomingDocument
    from chancery.search import index

    found = (
        IncomingDocument.objects.filter(
            received_on__range=(reference + timedelta(days=10), decided_on - timedelta(days=2)), secrecy=0
        )
        .order_by("received_on", "pk")
        .first()
    )
    if found is None:
        return None
    issued = found.received_on - timedelta(days=2)
    summary = f"Tờ trình về việc đặc xá năm {reference.year}"
    IncomingDocument.objects.filter(pk=found.pk).update(
        sender=None,
        sender_name="Chính phủ",
        reference=f"{random.Random(campaign.pk).randint(300, 600)}/TTr-CP",
        issued_on=issued,
        doc_type="to_trinh",
        summary=summary,
        folded_summary=fold(summary)[:500],
    )
    found.refresh_from_db()
    index.index_record(found)
    links.link_records(actor=actor, record=campaign, other=found, note="Tờ trình của Chính phủ")
    # given to the amnesty unit, which prepares the decision on it (the examiner of issue 26 found it routed to
    # another department, out of the amnesty unit's sight)
    from chancery.core.models import Assignment

    Assignment.objects.filter(
        object_type="documents.incomingdocument", object_id=found.pk, kind=AssignmentKind.LEAD
    ).update(is_active=False)
    Assignment.objects.create(
        object_type="documents.incomingdocument",
        object_id=found.pk,
        unit=campaign.owning_unit,
        kind=AssignmentKind.LEAD,
        assigned_by=actor,
    )
    return found


def _symbol(name: str) -> str:
    """The facility's letters in a document's symbol, in capitals (NĐ 30/2020 Phụ lục I): "Trại giam Thủ
    Đức" → "TGTĐ", "Trại giam số 5" → "TG5" (the examiner of issue 26 found "TTr-s5")."""
    return "".join(w if w.isdigit() else w[0].upper() for w in name.split() if w.lower() != "số")


def ensure_facilities() -> list[Facility]:
    found = []
    for name, ministry, province in FACILITIES:
        facility, _created = Facility.objects.get_or_create(
            name=name, defaults={"ministry": ministry, "province": province}
        )
        found.append(facility)
    return found


def _row(rng: random.Random, reference: date, *, meets: bool) -> tuple[dict[str, Any], Prisoner]:
    """A prisoner's facts: one who meets the conditions at `reference`, or one who does not (a third not yet
    served, a quarter rated below "khá", compensation not paid, or an excluded offence)."""
    articles, _share, (low, high) = rng.choices(OFFENCES, weights=[o[1] for o in OFFENCES])[0]
    term = rng.randint(low, high)
    kind = rules.FIXED
    if term >= 180 and rng.random() < 0.15:
        kind, term = rules.LIFE_COMMUTED, rng.randint(240, 360)
    share = 5 if articles == "251" else 3  # the decision asks 2/5 of a term for drug trafficking
    needed = 14 * 12 if kind == rules.LIFE_COMMUTED else -(-term * (2 if share == 5 else 1) // share)
    longest = max(needed + 1, term * 30 // 31 - 3)  # months of 31 days below: some of the term still to serve
    served = min(rng.randint(needed + 1, max(needed + 2, int(needed * 1.8))), longest)
    start = reference - timedelta(days=served * 31 + rng.randint(0, 20))  # whole calendar months or more
    # Ages read from the reference date, so that a year of the past has the same people as this one.
    birth = date(reference.year - rng.randint(26, 76), rng.randint(1, 12), rng.randint(1, 28))
    # Pre-trial days and reductions leave part of the term to serve at the reference date (more would be a
    # list's mistake, which the engine sends to a person: rules._impossible_credits).
    held = (reference - start).days // 30 + 1  # months actually served, rounded up
    pretrial = min(rng.choice([0, 0, 30, 60, 90]), max(0, (term - held - 2) * 30))
    still_to_serve = term - held - (pretrial + 30) // 30 - 2
    facts: dict[str, Any] = {
        "kind": kind,
        "term_months": term,
        "start": start.isoformat(),
        "pretrial_days": pretrial,
        "reduction_months": max(0, min(rng.choice([0, 0, 0, 3, 6, 9]), still_to_serve)),
        "reduction_days": 0,
        "articles": [articles],
        "birth": birth.isoformat(),
        "birth_year_only": False,
        "offence_date": (start - timedelta(days=rng.randint(60, 400))).isoformat(),
        "special": rng.sample(["lap-cong", "thuong-binh", "benh-hiem-ngheo", "nuoi-con"], 1)
        if rng.random() < 0.06
        else [],
        "bad_quarters": 0,
        "civil": rng.choice([rules.CIVIL_DONE, rules.CIVIL_DONE, rules.CIVIL_NONE, rules.CIVIL_HARDSHIP]),
        "fines_paid": True,
        "fees_paid": True,
        "residence": True,
        "prior_convictions": rng.choice([0, 0, 0, 1]),
        "cassation_protest": False,
        "prosecuted": False,
        "amnestied_before": False,
    }
    if not meets:
        flaw = rng.choice(["time", "time", "conduct", "civil", "excluded", "priors"])
        if flaw == "time":  # a few months short, and no special case to lower the fraction
            facts["start"] = (reference - timedelta(days=max(needed - 3, 1) * 30)).isoformat()
            facts["pretrial_days"], facts["reduction_months"], facts["special"] = 0, 0, []
            birth = date(reference.year - rng.randint(31, 56), rng.randint(1, 12), rng.randint(1, 28))
            facts["birth"] = birth.isoformat()
            facts["offence_date"] = (date.fromisoformat(facts["start"]) - timedelta(days=90)).isoformat()
        elif flaw == "conduct":
            facts["bad_quarters"] = rng.randint(1, 3)
        elif flaw == "civil":
            facts["civil"] = rules.CIVIL_NOT_DONE
        elif flaw == "excluded":
            facts["articles"] = [rng.choice(["109", "117", "299"])]
        else:
            facts["prior_convictions"] = 2
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    home = f"{rng.choice(PLACES)}"
    number = f"{rng.randint(1, 96):03d}{rng.randint(0, 999_999_999):09d}"
    prisoner = Prisoner(
        name=name,
        folded_name=fold(name),
        identity=intake.identity(name, birth=birth, id_number=number, home=home),
        birth=birth,
        id_number=number,
        home=home,
    )
    return facts, prisoner


@transaction.atomic
def _campaign(
    rng: random.Random,
    *,
    title: str,
    reference: date,
    granted: int,
    refused: int,
    decided: bool,
    unit: Unit,
    actor: User | None,
    councillor: User | None,
    facilities: list[Facility],
) -> Campaign:
    number, _text = take_number(code=services.CAMPAIGN_REGISTER, on=reference, name="Sổ đợt đặc xá")
    terms = rules.Terms(
        reference_date=reference,
        groups=(rules.Group("Mua bán trái phép chất ma túy", rules.parse_fraction("2/5"), ("251",)),),
    )
    # the President's decision on the amnesty of the year, in the register of the President's decisions (the
    # examiner of issue 26 found the campaign's basis quoting a number the register did not hold)
    announced = _announcement(reference, unit, actor)
    campaign = Campaign.objects.create(
        owning_unit=unit,
        year=reference.year,
        number=number,
        title=title,
        basis=(
            f"Quyết định số {announced.number_text} {layout.written_date(announced.issued_on)} "
            f"của Chủ tịch nước về đặc xá năm {reference.year}"
        ),
        reference_date=reference,
        terms={k: v for k, v in terms.as_dict().items() if k != "reference_date"},
        # its terms fixed by the unit's head when the campaign was opened, after the President's decision
        # (never the moment the demo ran: the examiner of issue 26)
        frozen_at=timezone.make_aware(
            datetime.combine(min(announced.issued_on or reference, timezone.localdate()), time(15, 10))
        ),
        created_by=actor,
    )
    if councillor is not None:
        from chancery.core.models import Assignment

        Assignment.objects.create(
            object_type="amnesty.campaign",
            object_id=campaign.pk,
            user=councillor,
            kind=AssignmentKind.COOPERATE,
            assigned_by=actor,
            note="Thành viên Hội đồng tư vấn đặc xá",
        )
    weights = [rng.randint(2, 10) for _ in facilities]
    lists = {
        f.pk: ProposalList.objects.create(
            campaign=campaign,
            facility=f,
            # after the reference date, never after today (the examiner of issue 26 found lists "received"
            # in the weeks to come)
            received_on=min(reference + timedelta(days=rng.randint(5, 20)), timezone.localdate()),
            submission_reference=f"{rng.randint(10, 999)}/TTr-{_symbol(f.name)}",
        )
        for f in facilities
    }
    rows: list[tuple[dict[str, Any], Prisoner, bool]] = [
        (*_row(rng, reference, meets=True), True) for _ in range(granted)
    ] + [(*_row(rng, reference, meets=False), False) for _ in range(refused)]
    rng.shuffle(rows)
    Prisoner.objects.bulk_create([p for _f, p, _m in rows], batch_size=2000, ignore_conflicts=True)
    ids = dict(
        Prisoner.objects.filter(identity__in=[p.identity for _f, p, _m in rows]).values_list("identity", "pk")
    )
    counters: dict[int, int] = {}
    proposals = []
    for facts, prisoner, _meets in rows:
        facility = rng.choices(facilities, weights=weights)[0]
        counters[facility.pk] = counters.get(facility.pk, 1) + 1
        proposals.append(
            Proposal(
                campaign=campaign,
                plist=lists[facility.pk],
                row=counters[facility.pk],
                prisoner_id=ids[prisoner.identity],
                kind=facts["kind"],
                term_months=facts["term_months"],
                articles=", ".join(facts["articles"]),
                facts=facts,
                special=", ".join(facts["special"]),
            )
        )
    Proposal.objects.bulk_create(proposals, batch_size=2000, ignore_conflicts=True)
    rule_set = rules.rule_set(campaign.rule_terms, code=f"dac-xa-{campaign.code}")
    stored = list(Proposal.objects.filter(campaign=campaign).order_by("pk"))
    for start in range(0, len(stored), 2000):
        services.appraise_proposals(stored[start : start + 2000], campaign, rule_set)
    Campaign.objects.filter(pk=campaign.pk).update(
        state="appraised", appraised_at=timezone.now(), appraisal_seconds=round(len(stored) / 5000, 2)
    )
    if not decided:
        return campaign
    # Cases the engine leaves to a person are settled as the camp's files show: those built to meet the
    # conditions pass, the others do not (so the decision grants exactly `granted`, whatever the year).
    meeting = {ids[p.identity] for _f, p, meets in rows if meets}
    review = list(
        Proposal.objects.filter(campaign=campaign, outcome=Verdict.REVIEW).values_list("pk", "prisoner_id")
    )
    for verdict, reason in (
        (Verdict.PASS, "Đã đối chiếu hồ sơ của trại"),
        (Verdict.FAIL, "Đối chiếu hồ sơ của trại: không đủ điều kiện"),
    ):
        chosen = [pk for pk, prisoner in review if (prisoner in meeting) == (verdict == Verdict.PASS)]
        for start in range(0, len(chosen), 2000):
            Proposal.objects.filter(pk__in=chosen[start : start + 2000]).update(
                override=verdict, override_reason=reason, overridden_by=actor, outcome=verdict
            )
    Proposal.objects.filter(campaign=campaign, outcome=Verdict.PASS).update(
        council=CouncilOpinion.AGREE, council_by=councillor
    )
    # the President decides after every list has arrived (within 20 days of the reference date) and the
    # council has appraised them; load() keeps the reference date at least 30 days back
    decided_on = min(reference + timedelta(days=rng.randint(24, 29)), timezone.localdate())
    parts = drawn.annex(list(services.submission_of(campaign)))
    submitted = _government_submission(campaign, reference, decided_on, actor)
    government = (submitted.reference, submitted.issued_on) if submitted is not None else None
    decision = issued_document(
        f"Về việc đặc xá năm {reference.year}",
        on=decided_on,
        owning_unit=campaign.owning_unit,
        drafter=actor,
        fields=president.draft_fields(drawn.decision_of(campaign, parts, government=government)),
    )
    decision_number, decided_on = decision.number_text, decision.issued_on or decided_on
    passing = Proposal.objects.filter(campaign=campaign, outcome=Verdict.PASS)
    AmnestyRecord.objects.bulk_create(
        [
            AmnestyRecord(
                prisoner_id=prisoner, decision_number=decision_number, decided_on=decided_on, proposal_id=pk
            )
            for pk, prisoner in passing.values_list("pk", "prisoner_id")
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    passing.update(decided=Decided.GRANTED)
    Proposal.objects.filter(campaign=campaign).exclude(outcome=Verdict.PASS).update(decided=Decided.REFUSED)
    Campaign.objects.filter(pk=campaign.pk).update(
        state="decided", decision_number=decision_number, decided_on=decided_on, decision_document=decision
    )
    return campaign


def load(
    granted: int = YEAR_VOLUME,
    *,
    year: int | None = None,
    seed: int = 2013,
    progress: Callable[[int], Any] | None = None,
) -> int:
    """A decided campaign of the year with `granted` amnestied (and the share proposed who were not), and a
    campaign of the current year waiting for its review; returns how many were amnestied."""
    today = timezone.localdate()
    year = year or today.year
    rng = random.Random(seed)
    facilities = ensure_facilities()
    unit = Unit.objects.filter(code="phong-dac-xa").first() or Unit.objects.order_by("pk").first()
    assert unit is not None
    actor = User.objects.filter(unit=unit).order_by("pk").first()
    councillor = User.objects.filter(username="chuyenvien.pl").first()
    reference = min(date(year, 8, 30), today - timedelta(days=30))
    decided = _campaign(
        rng,
        title=f"Đặc xá năm {reference.year}",
        reference=reference,
        granted=granted,
        refused=int(granted * REFUSED_SHARE),
        decided=True,
        unit=unit,
        actor=actor,
        councillor=councillor,
        facilities=facilities,
    )
    if progress:
        progress(granted)
    if year == today.year:
        _campaign(
            rng,
            title=f"Đặc xá đợt 2 năm {today.year}",
            reference=today - timedelta(days=7),
            granted=max(20, granted // 40),
            refused=max(5, granted // 300),
            decided=False,
            unit=unit,
            actor=actor,
            councillor=councillor,
            facilities=facilities[:6],
        )
    number_decisions_by_date()  # the campaign's decision in date order among the year's (issue 26)
    return Proposal.objects.filter(campaign=decided, decided=Decided.GRANTED).count()
