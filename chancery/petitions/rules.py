"""The law on petitions as pure functions: kinds, time limits, the grounds to store a petition without action,
and the path a petition takes (handle, forward, guide, store). No ORM; every rule is unit-tested. Every time
limit a petition carries is decided here and started through chancery.casework (services never hold a figure).

Sources (../shared/domain/petitions.md, "Confirmed from public sources"):
- Luật Khiếu nại 2011 (02/2011/QH13): limitation period (Art. 9), grounds not to accept (Art. 11), acceptance
  (Art. 27), first-time resolution (Art. 28), the time to lodge a second complaint (Art. 33), second-time
  resolution (Art. 37). Confirmed.
- Luật Tố cáo 2018 (25/2018/QH14): intake and forwarding (Art. 24: NOT confirmed, see below), anonymous
  denunciations (Art. 25: confirmed, the text of both clauses read), resolution time and extensions (Art. 30:
  confirmed), protection of the denouncer (Art. 47–48: confirmed).
- Luật Tiếp công dân 2013 (42/2013/QH13), Art. 28: recommendations and reflections (figure not confirmed).
- Thông tư 05/2021/TT-TTCP: registering, classifying and processing petitions; Art. 14 (a denunciation is
  forwarded to the competent body once: confirmed). Its 10-day processing period is NOT confirmed.

Units of the periods: Luật Tố cáo says "ngày làm việc" for intake (7, up to 10) and forwarding (5); Luật Khiếu
nại says "ngày", counted as calendar days with an end on a day off moved to the next working day (Bộ luật Dân
sự 2015, Art. 148; chancery.core.workdays). A figure that could not be read in a public copy of the text from
this machine is the domain notes' one and its `Period.confirmed` is False: its `basis` and the rule book page
(/petitions/rules/) say so. Such a figure only sets an alarm for the Office's own staff; no citizen's petition
is stored or refused on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from chancery.casework.rules import ClockUnit
from chancery.core.workdays import WorkingCalendar, add_calendar_days, add_working_days


class Kind(StrEnum):
    """What a petition's content is (one letter may hold several contents: each is its own item)."""

    COMPLAINT = "complaint"  # khiếu nại
    DENUNCIATION = "denunciation"  # tố cáo
    RECOMMENDATION = "recommendation"  # kiến nghị
    REFLECTION = "reflection"  # phản ánh


class Path(StrEnum):
    """Where a processed petition goes."""

    HANDLE = "handle"  # within the Office's (the President's) competence: accept and resolve
    FORWARD = "forward"  # chuyển đơn to the competent body, followed up
    GUIDE = "guide"  # hướng dẫn: tell the petitioner which body to address
    STORE = "store"  # lưu đơn, with the reason


NOT_CONFIRMED = "căn cứ theo tài liệu nghiệp vụ, chưa đối chiếu với văn bản gốc"


@dataclass(frozen=True)
class Period:
    """One time limit: its clock kind, its label, its length and unit, the article it comes from, and whether
    the figure was read in a public copy of that article."""

    key: str
    label: str
    days: int
    unit: ClockUnit
    basis: str
    confirmed: bool = True

    def due(self, calendar: WorkingCalendar, start: date) -> date:
        """The last day of the period from the event on `start` (what the clock started with it reads)."""
        if self.unit == ClockUnit.WORKING:
            return add_working_days(calendar, start, self.days)
        return add_calendar_days(calendar, start, self.days)


COMPLAINT_ACCEPTANCE = Period(
    "complaint_acceptance",
    "Thời hạn thụ lý khiếu nại",
    10,
    ClockUnit.CALENDAR,
    "Luật Khiếu nại 2011, Điều 27 (10 ngày kể từ ngày nhận được khiếu nại)",
)
DENUNCIATION_INTAKE = Period(
    "denunciation_intake",
    "Thời hạn vào sổ, phân loại, kiểm tra điều kiện thụ lý tố cáo",
    7,
    ClockUnit.WORKING,
    f"Luật Tố cáo 2018, Điều 24 khoản 1 (7 ngày làm việc) — {NOT_CONFIRMED}",
    confirmed=False,
)
# The same clock as DENUNCIATION_INTAKE (same key): found to need checks in several places, it takes this
# length.
DENUNCIATION_INTAKE_SEVERAL_PLACES = Period(
    "denunciation_intake",
    "Thời hạn kiểm tra điều kiện thụ lý tố cáo (xác minh ở nhiều nơi)",
    10,
    ClockUnit.WORKING,
    "Luật Tố cáo 2018, Điều 24 khoản 1 (kéo dài đến 10 ngày làm việc khi cần kiểm tra, xác minh ở nhiều nơi) "
    f"— {NOT_CONFIRMED}",
    confirmed=False,
)
DENUNCIATION_FORWARD = Period(
    "denunciation_forward",
    "Thời hạn chuyển đơn tố cáo không thuộc thẩm quyền",
    5,
    ClockUnit.WORKING,
    f"Luật Tố cáo 2018, Điều 24 khoản 2 (5 ngày làm việc kể từ ngày nhận được tố cáo) — {NOT_CONFIRMED}",
    confirmed=False,
)
DENUNCIATION_RESOLUTION = Period(
    "denunciation_resolution",
    "Thời hạn giải quyết tố cáo",
    30,
    ClockUnit.CALENDAR,
    "Luật Tố cáo 2018, Điều 30 khoản 1 (30 ngày kể từ ngày thụ lý)",
)
RECOMMENDATION_PROCESSING = Period(
    "recommendation_processing",
    "Thời hạn xử lý kiến nghị, phản ánh",
    10,
    ClockUnit.WORKING,
    f"Luật Tiếp công dân 2013, Điều 28; Thông tư 05/2021/TT-TTCP (10 ngày làm việc) — {NOT_CONFIRMED}",
    confirmed=False,
)
RECOMMENDATION_ANSWER = Period(
    "recommendation_answer",
    "Thời hạn trả lời kiến nghị, phản ánh thuộc thẩm quyền",
    10,
    ClockUnit.WORKING,
    f"Luật Tiếp công dân 2013, Điều 28 (10 ngày làm việc kể từ ngày thụ lý) — {NOT_CONFIRMED}",
    confirmed=False,
)
COMPLAINT_LIMITATION_DAYS = 90  # Luật Khiếu nại 2011, Điều 9
SECOND_COMPLAINT_DAYS = 30  # Luật Khiếu nại 2011, Điều 33
SECOND_COMPLAINT_REMOTE_DAYS = 45  # Luật Khiếu nại 2011, Điều 33 (vùng sâu, vùng xa đi lại khó khăn)

# Every clock kind that starts when a petition is registered (and follows its classification).
INTAKE_KEYS = frozenset(
    {
        COMPLAINT_ACCEPTANCE.key,
        DENUNCIATION_INTAKE.key,
        DENUNCIATION_FORWARD.key,
        RECOMMENDATION_PROCESSING.key,
    }
)


def intake_period(kind: Kind, *, several_places: bool = False) -> Period:
    """The first time limit once a petition is registered, by its kind, when the Office checks it itself: a
    complaint's acceptance (10 days, Art. 27), a denunciation's intake (7 working days, 10 when checked in
    several places, Art. 24.1), a recommendation's or reflection's processing (10 working days)."""
    if kind == Kind.DENUNCIATION:
        return DENUNCIATION_INTAKE_SEVERAL_PLACES if several_places else DENUNCIATION_INTAKE
    if kind == Kind.COMPLAINT:
        return COMPLAINT_ACCEPTANCE
    return RECOMMENDATION_PROCESSING


def intake_periods(
    kind: Kind, *, several_places: bool = False, competent_elsewhere: bool = False
) -> tuple[Period, ...]:
    """The time limits that start on the day a petition is received. A denunciation already known to be for
    another body (its competent agency is named) must be forwarded within 5 working days of receipt (Luật
    Tố cáo 2018, Art. 24.2) instead of being checked for acceptance (Art. 24.1)."""
    if kind == Kind.DENUNCIATION and competent_elsewhere:
        return (DENUNCIATION_FORWARD,)
    return (intake_period(kind, several_places=several_places),)


def complaint_resolution(*, instance: int, complex_case: bool, remote_area: bool) -> Period:
    """Time to resolve an accepted complaint, counted from acceptance: first time 30 days (45 if complex),
    remote areas 45 (60) (Art. 28); second time 45 (60), remote areas 60 (70) (Art. 37). One clock whatever
    the facts: when a complaint is found complex or in a remote area, its clock takes the new length."""
    if instance not in (1, 2):
        raise ValueError("a complaint is resolved at first or second instance")
    table = {
        (1, False, False): 30,
        (1, True, False): 45,
        (1, False, True): 45,
        (1, True, True): 60,
        (2, False, False): 45,
        (2, True, False): 60,
        (2, False, True): 60,
        (2, True, True): 70,
    }
    article = "Điều 28" if instance == 1 else "Điều 37"
    facts = [w for w, on in (("vụ việc phức tạp", complex_case), ("vùng sâu, vùng xa", remote_area)) if on]
    return Period(
        "complaint_resolution",
        f"Thời hạn giải quyết khiếu nại lần {'đầu' if instance == 1 else 'hai'}"
        + (f" ({', '.join(facts)})" if facts else ""),
        table[(instance, complex_case, remote_area)],
        ClockUnit.CALENDAR,
        f"Luật Khiếu nại 2011, {article} (kể từ ngày thụ lý)",
    )


def handling_period(
    kind: Kind, *, instance: int = 1, complex_case: bool = False, remote_area: bool = False
) -> Period:
    """The time limit that starts when the Office accepts to handle a petition within its competence."""
    if kind == Kind.COMPLAINT:
        return complaint_resolution(instance=instance, complex_case=complex_case, remote_area=remote_area)
    if kind == Kind.DENUNCIATION:
        return DENUNCIATION_RESOLUTION
    return RECOMMENDATION_ANSWER


def agency_answer_by(calendar: WorkingCalendar, kind: Kind, sent_on: date) -> date | None:
    """The date the competent agency is asked to report its result by, from the periods the law gives it: a
    forwarded denunciation is accepted within 7 working days (Luật Tố cáo 2018, Art. 24) and resolved within
    30 days of acceptance (Art. 30); a recommendation or reflection is processed within 10 working days. A
    complaint is never forwarded (the complainant is guided)."""
    if kind == Kind.DENUNCIATION:
        accepted_by = DENUNCIATION_INTAKE.due(calendar, sent_on)
        return DENUNCIATION_RESOLUTION.due(calendar, accepted_by)
    if kind in (Kind.RECOMMENDATION, Kind.REFLECTION):
        return RECOMMENDATION_PROCESSING.due(calendar, sent_on)
    return None


def agency_answer_period(agency_name: str, sent_on: date, answer_by: date) -> Period:
    """The clock on the date written in a forwarding letter: calendar days from the letter to that date."""
    return Period(
        "agency_answer",
        f"Hạn {agency_name} báo cáo kết quả",
        max(1, (answer_by - sent_on).days),
        ClockUnit.CALENDAR,
        "Thời hạn ghi trong công văn chuyển đơn (Luật Tố cáo 2018, Điều 24 và 30; Luật Tiếp công dân 2013, "
        "Điều 28)",
        confirmed=False,
    )


def denunciation_extensions_allowed(*, especially_complex: bool) -> int:
    """How many extensions of up to 30 days a denunciation's resolution may get: once if complex, twice if
    especially complex (Luật Tố cáo 2018, Art. 30)."""
    return 2 if especially_complex else 1


DENUNCIATION_EXTENSION_MAX_DAYS = 30


def check_denunciation_extension(*, days: int, already: int, especially_complex: bool) -> str | None:
    """Why an extension of a denunciation's resolution is refused, or None if the law allows it."""
    if days < 1 or days > DENUNCIATION_EXTENSION_MAX_DAYS:
        return "Mỗi lần gia hạn giải quyết tố cáo không quá 30 ngày (Luật Tố cáo 2018, Điều 30)."
    if already >= denunciation_extensions_allowed(especially_complex=especially_complex):
        if especially_complex:
            return "Vụ việc đặc biệt phức tạp chỉ được gia hạn tối đa hai lần (Luật Tố cáo 2018, Điều 30)."
        return "Vụ việc phức tạp chỉ được gia hạn một lần (Luật Tố cáo 2018, Điều 30)."
    return None


_NO_EXTENSION: dict[str, str] = {
    COMPLAINT_ACCEPTANCE.key: "Luật Khiếu nại 2011 không cho gia hạn thời hạn thụ lý khiếu nại (Điều 27).",
    "complaint_resolution": (
        "Luật Khiếu nại 2011 không cho gia hạn thời hạn giải quyết khiếu nại; vụ việc phức tạp, ở vùng sâu, "
        "vùng xa có thời hạn dài hơn (Điều 28, Điều 37): ghi nhận tình tiết đó trên đơn."
    ),
    DENUNCIATION_INTAKE.key: (
        "Thời hạn kiểm tra điều kiện thụ lý tố cáo chỉ kéo dài đến 10 ngày làm việc khi phải xác minh ở "
        "nhiều nơi (Luật Tố cáo 2018, Điều 24): ghi nhận tình tiết đó trên đơn."
    ),
    DENUNCIATION_FORWARD.key: "Thời hạn chuyển đơn tố cáo (Luật Tố cáo 2018, Điều 24) không được gia hạn.",
    "agency_answer": (
        "Hạn báo cáo ghi trong công văn chuyển đơn không gia hạn tại đây: gửi công văn đôn đốc cơ quan."
    ),
}


def check_extension(kind: str, *, days: int, already: int, especially_complex: bool) -> str | None:
    """Why an extension of the clock `kind` is refused, or None if its law allows it. Only a denunciation's
    resolution may be extended (Luật Tố cáo 2018, Art. 30); the law gives no extension to any other time
    limit of a petition."""
    if kind == DENUNCIATION_RESOLUTION.key:
        return check_denunciation_extension(days=days, already=already, especially_complex=especially_complex)
    return _NO_EXTENSION.get(kind, "Pháp luật không quy định gia hạn thời hạn này.")


# --- the time to lodge a complaint -------------------------------------------------------------------------


def complaint_time_limit(*, instance: int = 1, remote_area: bool = False) -> tuple[int, str]:
    """The days a complainant has, and the article: a first complaint 90 days from the day the complainant
    received or knew of the decision or act (Art. 9); a second complaint 30 days from the day the first
    decision was received (or the first-time resolution period ended without one), 45 in remote areas with
    difficult travel (Art. 33)."""
    if instance == 2:
        days = SECOND_COMPLAINT_REMOTE_DAYS if remote_area else SECOND_COMPLAINT_DAYS
        return days, "Luật Khiếu nại 2011, Điều 33"
    if instance != 1:
        raise ValueError("a complaint is lodged a first or a second time")
    return COMPLAINT_LIMITATION_DAYS, "Luật Khiếu nại 2011, Điều 9"


def complaint_limitation_end(
    known_on: date,
    obstacles: Iterable[tuple[date, date]] = (),
    *,
    instance: int = 1,
    remote_area: bool = False,
) -> date:
    """The last day a complaint may be lodged: `complaint_time_limit` days after `known_on` (day 1 is the next
    day), not counting days lost to illness, natural disaster, distant travel for study or work and like
    obstacles, each given as (first day, last day) inclusive (Art. 9; Art. 11 refuses only a late complaint
    "without a legitimate reason", so obstacles excuse a late second complaint too). The end is not moved off
    a day off: the period is the complainant's, who may post or hand in a complaint on any day."""
    days, _article = complaint_time_limit(instance=instance, remote_area=remote_area)
    lost: set[date] = set()
    for first, last in obstacles:
        if last < first:
            raise ValueError("an obstacle ends before it starts")
        day = max(first, known_on + timedelta(days=1))
        while day <= last:
            lost.add(day)
            day += timedelta(days=1)
    counted, day = 0, known_on
    while counted < days:
        day += timedelta(days=1)
        if day not in lost:
            counted += 1
    return day


def is_complaint_in_time(
    known_on: date,
    lodged_on: date,
    obstacles: Iterable[tuple[date, date]] = (),
    *,
    instance: int = 1,
    remote_area: bool = False,
) -> bool:
    end = complaint_limitation_end(known_on, obstacles, instance=instance, remote_area=remote_area)
    return lodged_on <= end


# --- grounds to store a petition without action ------------------------------------------------------------


class Ground(StrEnum):
    ANONYMOUS = "anonymous"
    FALSE_IDENTITY = "false_identity"
    UNCLEAR_CONTENT = "unclear_content"
    RESOLVED_NO_NEW_CONTENT = "resolved_no_new_content"
    RESOLVED_FINAL = "resolved_final"
    INSULTING = "insulting"
    WITHDRAWN = "withdrawn"
    ALREADY_FORWARDED = "already_forwarded"
    OUT_OF_TIME = "out_of_time"
    OUT_OF_TIME_SECOND = "out_of_time_second"
    NOT_DIRECTLY_CONCERNED = "not_directly_concerned"
    BEFORE_COURT = "before_court"


GROUND_REASONS: dict[Ground, str] = {
    Ground.ANONYMOUS: "Đơn nặc danh, không rõ họ tên, địa chỉ người gửi (Thông tư 05/2021/TT-TTCP).",
    Ground.FALSE_IDENTITY: "Đơn mạo danh, không đúng họ tên, địa chỉ người gửi (Thông tư 05/2021/TT-TTCP).",
    Ground.UNCLEAR_CONTENT: "Đơn không rõ nội dung (Thông tư 05/2021/TT-TTCP).",
    Ground.RESOLVED_NO_NEW_CONTENT: (
        "Nội dung đã được giải quyết, không có tình tiết mới "
        "(Luật Tố cáo 2018, Điều 29; Thông tư 05/2021/TT-TTCP)."
    ),
    Ground.RESOLVED_FINAL: "Khiếu nại đã có quyết định giải quyết lần hai (Luật Khiếu nại 2011, Điều 11).",
    Ground.INSULTING: "Đơn có nội dung xúc phạm, đe doạ (Thông tư 05/2021/TT-TTCP).",
    Ground.WITHDRAWN: "Người gửi đã rút đơn.",
    Ground.ALREADY_FORWARDED: (
        "Đơn cùng nội dung đã được chuyển đến cơ quan có thẩm quyền; việc chuyển đơn chỉ thực hiện một lần, "
        "đơn gửi lại được lưu và thông báo cho người gửi (Thông tư 05/2021/TT-TTCP, Điều 14)."
    ),
    Ground.OUT_OF_TIME: (
        "Khiếu nại quá thời hiệu 90 ngày mà không có lý do chính đáng "
        "(Luật Khiếu nại 2011, Điều 9 và Điều 11)."
    ),
    Ground.OUT_OF_TIME_SECOND: (
        "Khiếu nại lần hai quá thời hạn 30 ngày (vùng sâu, vùng xa 45 ngày) kể từ ngày nhận quyết định giải "
        "quyết lần đầu mà không có lý do chính đáng (Luật Khiếu nại 2011, Điều 33 và Điều 11)."
    ),
    Ground.NOT_DIRECTLY_CONCERNED: (
        "Quyết định, hành vi bị khiếu nại không liên quan trực tiếp đến quyền, lợi ích của người khiếu nại "
        "(Luật Khiếu nại 2011, Điều 11)."
    ),
    Ground.BEFORE_COURT: "Việc khiếu nại đã được Toà án thụ lý (Luật Khiếu nại 2011, Điều 11).",
}

# Grounds that apply only to some kinds.
_ONLY_FOR: dict[Ground, frozenset[Kind]] = {
    Ground.RESOLVED_FINAL: frozenset({Kind.COMPLAINT}),
    Ground.OUT_OF_TIME: frozenset({Kind.COMPLAINT}),
    Ground.OUT_OF_TIME_SECOND: frozenset({Kind.COMPLAINT}),
    Ground.NOT_DIRECTLY_CONCERNED: frozenset({Kind.COMPLAINT}),
    Ground.BEFORE_COURT: frozenset({Kind.COMPLAINT}),
}

ART_25_NOTE = (
    "Tố cáo nặc danh/mạo danh có nội dung rõ ràng về người vi phạm, có tài liệu, chứng cứ cụ thể: không "
    "xử lý theo Luật Tố cáo, chuyển thông tin đến cơ quan có thẩm quyền để thanh tra, kiểm tra phục vụ "
    "công tác quản lý (Luật Tố cáo 2018, Điều 25 khoản 2)."
)


def guided_to(kind: Kind, agency_name: str | None, *, civil_dispute: bool) -> str:
    """Whom a guide letter sends the citizen to. A complaint is settled, and a denunciation dealt with, by the
    head of the competent body (Luật Khiếu nại 2011, Art. 17-21: the Chairman of the People's Committee of
    the commune or province, Art. 20 the Minister; Luật Tố cáo 2018, Art. 13-15): for a People's Committee
    the letter names its Chairman, for a ministry its Minister; a recommendation or reflection goes to the
    body itself. A civil dispute between the parties is guided to the court (CIVIL_DISPUTE_NOTE), whatever
    agency was chosen."""
    from chancery.core.text import fold

    folded = fold(agency_name or "")
    if civil_dispute:
        return agency_name if agency_name and folded.startswith("toa an") else "Tòa án nhân dân có thẩm quyền"
    if not agency_name:
        return "cơ quan có thẩm quyền"
    if kind in (Kind.COMPLAINT, Kind.DENUNCIATION):
        if folded.startswith("uy ban nhan dan"):
            return f"Chủ tịch {agency_name}"
        if folded.startswith("bo ") and not folded.startswith("bo chi huy"):
            return f"Bộ trưởng {agency_name}"
    return agency_name


# Bộ luật Tố tụng dân sự 2015, Art. 26: "Những tranh chấp về dân sự thuộc thẩm quyền giải quyết của Tòa án"
# (property, civil transactions and contracts, inheritance, damages outside a contract…), confirmed from a
# public copy (lawfirm.vn, "Theo quy định tại Điều 26 Bộ luật Tố tụng dân sự 2015, những tranh chấp về dân sự
# thuộc thẩm quyền giải quyết của Tòa án bao gồm…").
CIVIL_DISPUTE_ARTICLE = "Điều 26 Bộ luật Tố tụng dân sự năm 2015"
CIVIL_DISPUTE_NOTE = (
    "Tranh chấp dân sự giữa các bên, không phải khiếu nại, tố cáo: hướng dẫn người gửi đơn đến Tòa án có "
    f"thẩm quyền ({CIVIL_DISPUTE_ARTICLE})."
)


def guide_ground(*, civil_dispute: bool) -> str:
    """Why a guide letter sends the citizen elsewhere, as the letter says it: a civil dispute is the courts'
    by the article that makes it so; anything else is outside the President's competence."""
    if civil_dispute:
        return (
            "Nội dung đơn là tranh chấp dân sự giữa các bên, thuộc thẩm quyền giải quyết của Tòa án theo "
            f"{CIVIL_DISPUTE_ARTICLE}, không thuộc thẩm quyền giải quyết của Chủ tịch nước."
        )
    return "Nội dung đơn không thuộc thẩm quyền giải quyết của Chủ tịch nước."


@dataclass(frozen=True)
class Facts:
    """What is known of a petition when it is decided: the facts on its record (kind, anonymity, evidence,
    civil dispute, instance, lateness computed from its dates) and what the check found (each ticked, not
    guessed)."""

    kind: Kind
    within_competence: bool = False
    anonymous: bool = False
    false_identity: bool = False
    concrete_evidence: bool = False  # an anonymous denunciation with concrete evidence of the violation
    unclear_content: bool = False
    resolved_no_new_content: bool = False
    resolved_final: bool = False
    insulting: bool = False
    withdrawn: bool = False
    already_forwarded: bool = False
    out_of_time: bool = False
    not_directly_concerned: bool = False
    before_court: bool = False
    civil_dispute: bool = False  # between private parties (a deposit, a debt): the courts' to resolve
    instance: int = 1  # a complaint lodged the first or the second time


@dataclass(frozen=True)
class Decision:
    path: Path
    grounds: tuple[Ground, ...]
    notes: tuple[str, ...] = ()
    # Art. 25.2: an anonymous denunciation's information with concrete evidence goes to an inspection body.
    transfer_for_inspection: bool = False

    @property
    def reasons(self) -> list[str]:
        return [GROUND_REASONS[g] for g in self.grounds]


def grounds(facts: Facts) -> tuple[Ground, ...]:
    """Every ground to store the petition that the facts establish, in a fixed order."""
    late = Ground.OUT_OF_TIME_SECOND if facts.instance == 2 else Ground.OUT_OF_TIME
    found = [
        ground
        for ground, present in (
            (Ground.ANONYMOUS, facts.anonymous),
            (Ground.FALSE_IDENTITY, facts.false_identity),
            (Ground.UNCLEAR_CONTENT, facts.unclear_content),
            (Ground.RESOLVED_NO_NEW_CONTENT, facts.resolved_no_new_content),
            (Ground.RESOLVED_FINAL, facts.resolved_final),
            (Ground.INSULTING, facts.insulting),
            (Ground.WITHDRAWN, facts.withdrawn),
            (Ground.ALREADY_FORWARDED, facts.already_forwarded),
            (late, facts.out_of_time),
            (Ground.NOT_DIRECTLY_CONCERNED, facts.not_directly_concerned),
            (Ground.BEFORE_COURT, facts.before_court),
        )
        if present and facts.kind in _ONLY_FOR.get(ground, frozenset(Kind))
    ]
    return tuple(found)


def decide(facts: Facts) -> Decision:
    """The path a checked petition takes.

    - Any ground to store it: stored with the reasons. An anonymous (or false-name) denunciation is not
      handled as a denunciation; when its content names the violator and it carries concrete evidence, the
      information goes to a competent body for inspection (Luật Tố cáo 2018, Art. 25.2): the decision says so
      and asks for the transfer.
    - A civil dispute between private parties: the petitioner is guided to the court, whatever the kind it was
      registered as and whatever the check said of the Office's competence (no administrative body resolves
      it).
    - Within the Office's competence: handled.
    - A complaint outside it: the complainant is guided to the competent body (a complaint is lodged with the
      body whose decision or act is complained of; the Office does not forward it).
    - A denunciation, recommendation or reflection outside it: forwarded to the competent body (Luật Tố cáo
      2018, Art. 24; Luật Tiếp công dân 2013, Art. 28), once (Thông tư 05/2021/TT-TTCP, Art. 14).
    """
    found = grounds(facts)
    if found:
        identity_only = set(found) <= {Ground.ANONYMOUS, Ground.FALSE_IDENTITY}
        if facts.kind == Kind.DENUNCIATION and facts.concrete_evidence and identity_only:
            return Decision(Path.STORE, found, (ART_25_NOTE,), transfer_for_inspection=True)
        return Decision(Path.STORE, found)
    if facts.civil_dispute:
        return Decision(Path.GUIDE, (), (CIVIL_DISPUTE_NOTE,))
    if facts.within_competence:
        return Decision(Path.HANDLE, ())
    if facts.kind == Kind.COMPLAINT:
        return Decision(Path.GUIDE, ())
    return Decision(Path.FORWARD, ())


# --- the rule book -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleEntry:
    """One time limit as the rule book page lists it for staff."""

    period: Period
    starts: str  # the event it runs from
    applies: str  # to which petitions


def rule_book() -> list[RuleEntry]:
    """Every time limit a petition can carry, with the event it runs from and where it applies; the page
    /petitions/rules/ lists them with their article and whether the figure was confirmed."""
    entries = [
        RuleEntry(COMPLAINT_ACCEPTANCE, "ngày nhận đơn", "khiếu nại"),
        RuleEntry(DENUNCIATION_INTAKE, "ngày nhận đơn", "tố cáo Văn phòng tự kiểm tra"),
        RuleEntry(DENUNCIATION_INTAKE_SEVERAL_PLACES, "ngày nhận đơn", "tố cáo phải xác minh ở nhiều nơi"),
        RuleEntry(DENUNCIATION_FORWARD, "ngày nhận đơn", "tố cáo thuộc thẩm quyền cơ quan khác"),
        RuleEntry(RECOMMENDATION_PROCESSING, "ngày nhận đơn", "kiến nghị, phản ánh"),
    ]
    for instance in (1, 2):
        for complex_case in (False, True):
            for remote_area in (False, True):
                period = complaint_resolution(
                    instance=instance, complex_case=complex_case, remote_area=remote_area
                )
                entries.append(RuleEntry(period, "ngày thụ lý", "khiếu nại Văn phòng thụ lý"))
    entries += [
        RuleEntry(DENUNCIATION_RESOLUTION, "ngày thụ lý", "tố cáo Văn phòng thụ lý (gia hạn: Điều 30)"),
        RuleEntry(RECOMMENDATION_ANSWER, "ngày thụ lý", "kiến nghị, phản ánh Văn phòng thụ lý"),
    ]
    for instance, remote_area in ((1, False), (2, False), (2, True)):
        days, article = complaint_time_limit(instance=instance, remote_area=remote_area)
        label = "Thời hiệu khiếu nại" if instance == 1 else "Thời hạn khiếu nại lần hai"
        entries.append(
            RuleEntry(
                Period(
                    "limitation",
                    label + (" (vùng sâu, vùng xa)" if remote_area else ""),
                    days,
                    ClockUnit.CALENDAR,
                    article,
                ),
                "ngày biết quyết định" if instance == 1 else "ngày nhận quyết định giải quyết lần đầu",
                "khiếu nại đến muộn được lưu (Điều 11)",
            )
        )
    return entries
