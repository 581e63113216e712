"""The law on petitions as pure functions: kinds, time limits, the grounds to store a petition without action,
and the path a petition takes (handle, forward, guide, store). No ORM; every rule is unit-tested.

Sources (../shared/domain/petitions.md):
- Luật Khiếu nại 2011 (02/2011/QH13): limitation period (Art. 9), grounds not to accept (Art. 11), acceptance
  (Art. 27), first-instance time (Art. 28), second-instance time (Art. 37).
- Luật Tố cáo 2018 (25/2018/QH14): intake and forwarding (Art. 24), anonymous denunciations (Art. 25), grounds
  not to accept (Art. 29), resolution time and extensions (Art. 30), protection of the denouncer (Art. 47–48).
- Luật Tiếp công dân 2013 (42/2013/QH13), Art. 28: recommendations and reflections.
- Thông tư 05/2021/TT-TTCP: registering, classifying and processing petitions.

Units of the periods: Luật Tố cáo says "ngày làm việc" for intake (7, up to 10) and forwarding (5); the other
periods say "ngày", counted as calendar days with an end on a day off moved to the next working day (Bộ luật
Dân sự 2015, Art. 148; chancery.core.workdays). Processing a received petition at the Office: 10 working days
(Thông tư 05/2021/TT-TTCP). Where the domain notes mark a figure "(verify)" and no public copy of the text
could be reached from this machine, the figure is the one the notes give; each such entry says so in `basis`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from chancery.casework.rules import ClockUnit


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


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    days: int
    unit: ClockUnit
    basis: str


PROCESSING = Period(
    "processing",
    "Thời hạn xử lý đơn",
    10,
    ClockUnit.WORKING,
    "Thông tư 05/2021/TT-TTCP (10 ngày làm việc kể từ ngày nhận đơn) — figure of the domain notes, "
    "article not confirmed from this machine",
)
DENUNCIATION_INTAKE = Period(
    "denunciation_intake",
    "Thời hạn vào sổ, phân loại, kiểm tra điều kiện thụ lý tố cáo",
    7,
    ClockUnit.WORKING,
    "Luật Tố cáo 2018, Điều 24 khoản 1 (7 ngày làm việc)",
)
DENUNCIATION_INTAKE_SEVERAL_PLACES = Period(
    "denunciation_intake",
    "Thời hạn kiểm tra điều kiện thụ lý tố cáo (xác minh ở nhiều nơi)",
    10,
    ClockUnit.WORKING,
    "Luật Tố cáo 2018, Điều 24 khoản 1 (kéo dài đến 10 ngày làm việc khi cần kiểm tra, xác minh ở nhiều nơi)",
)
DENUNCIATION_FORWARD = Period(
    "denunciation_forward",
    "Thời hạn chuyển đơn tố cáo",
    5,
    ClockUnit.WORKING,
    "Luật Tố cáo 2018, Điều 24 khoản 2 (5 ngày làm việc)",
)
COMPLAINT_ACCEPTANCE = Period(
    "complaint_acceptance",
    "Thời hạn thụ lý khiếu nại",
    10,
    ClockUnit.CALENDAR,
    "Luật Khiếu nại 2011, Điều 27 (10 ngày kể từ ngày nhận được khiếu nại)",
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
    "Luật Tiếp công dân 2013, Điều 28; Thông tư 05/2021/TT-TTCP (10 ngày làm việc) — "
    "figure of the domain notes",
)
COMPLAINT_LIMITATION_DAYS = 90  # Luật Khiếu nại 2011, Điều 9


def intake_period(kind: Kind, *, several_places: bool = False) -> Period:
    """The first time limit once a petition is registered, by its kind."""
    if kind == Kind.DENUNCIATION:
        return DENUNCIATION_INTAKE_SEVERAL_PLACES if several_places else DENUNCIATION_INTAKE
    if kind == Kind.COMPLAINT:
        return COMPLAINT_ACCEPTANCE
    return RECOMMENDATION_PROCESSING


def complaint_resolution(*, instance: int, complex_case: bool, remote_area: bool) -> Period:
    """Time to resolve an accepted complaint, counted from acceptance: first instance 30 days (45 if complex),
    remote areas 45 (60) (Art. 28); second instance 45 (60), remote areas 60 (70) (Art. 37)."""
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
    return Period(
        f"complaint_resolution_{instance}",
        f"Thời hạn giải quyết khiếu nại lần {'đầu' if instance == 1 else 'hai'}",
        table[(instance, complex_case, remote_area)],
        ClockUnit.CALENDAR,
        f"Luật Khiếu nại 2011, {article}",
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


# --- the complaint limitation period ----------------------------------------------------------------------


def complaint_limitation_end(known_on: date, obstacles: Iterable[tuple[date, date]] = ()) -> date:
    """The last day a complaint may be lodged: 90 days after the day the complainant received or knew of the
    decision or act (day 1 is the next day), not counting days lost to illness, natural disaster, distant
    travel for study or work and like obstacles, each given as (first day, last day) inclusive (Luật Khiếu nại
    2011, Art. 9). The end is not moved off a day off: the limitation period is a calendar period the
    complainant may use on any day the office receives mail."""
    lost: set[date] = set()
    for first, last in obstacles:
        if last < first:
            raise ValueError("an obstacle ends before it starts")
        day = max(first, known_on + timedelta(days=1))
        while day <= last:
            lost.add(day)
            day += timedelta(days=1)
    counted, day = 0, known_on
    while counted < COMPLAINT_LIMITATION_DAYS:
        day += timedelta(days=1)
        if day not in lost:
            counted += 1
    return day


def is_complaint_in_time(
    known_on: date, lodged_on: date, obstacles: Iterable[tuple[date, date]] = ()
) -> bool:
    return lodged_on <= complaint_limitation_end(known_on, obstacles)


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
    Ground.RESOLVED_FINAL: "Khiếu nại đã được giải quyết lần hai (Luật Khiếu nại 2011, Điều 11).",
    Ground.INSULTING: "Đơn có nội dung xúc phạm, đe doạ (Thông tư 05/2021/TT-TTCP).",
    Ground.WITHDRAWN: "Người gửi đã rút đơn.",
    Ground.ALREADY_FORWARDED: (
        "Đơn cùng nội dung đã được chuyển đến cơ quan có thẩm quyền; đơn gửi lại được lưu "
        "và thông báo cho người gửi (Thông tư 05/2021/TT-TTCP)."
    ),
    Ground.OUT_OF_TIME: "Khiếu nại quá thời hiệu 90 ngày (Luật Khiếu nại 2011, Điều 9 và Điều 11).",
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
    Ground.NOT_DIRECTLY_CONCERNED: frozenset({Kind.COMPLAINT}),
    Ground.BEFORE_COURT: frozenset({Kind.COMPLAINT}),
}


@dataclass(frozen=True)
class Facts:
    """What the clerk found on checking a petition (each fact ticked with the check, not guessed)."""

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


@dataclass(frozen=True)
class Decision:
    path: Path
    grounds: tuple[Ground, ...]
    notes: tuple[str, ...] = ()

    @property
    def reasons(self) -> list[str]:
        return [GROUND_REASONS[g] for g in self.grounds]


def grounds(facts: Facts) -> tuple[Ground, ...]:
    """Every ground to store the petition that the facts establish, in a fixed order."""
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
            (Ground.OUT_OF_TIME, facts.out_of_time),
            (Ground.NOT_DIRECTLY_CONCERNED, facts.not_directly_concerned),
            (Ground.BEFORE_COURT, facts.before_court),
        )
        if present and facts.kind in _ONLY_FOR.get(ground, frozenset(Kind))
    ]
    return tuple(found)


def decide(facts: Facts) -> Decision:
    """The path a checked petition takes.

    - Any ground to store it: stored with the reasons. An anonymous (or false-name) denunciation is not
      handled as a denunciation (Luật Tố cáo 2018, Art. 25), but when it carries concrete evidence the
      information is passed on for inspection: the decision says so in its notes.
    - Within the Office's competence: handled.
    - A complaint outside it: the complainant is guided to the competent body (a complaint is lodged with the
      body whose decision or act is complained of; the Office does not forward it).
    - A denunciation, recommendation or reflection outside it: forwarded to the competent body (Luật Tố cáo
      2018, Art. 24; Luật Tiếp công dân 2013, Art. 28), once.
    """
    found = grounds(facts)
    if found:
        notes: tuple[str, ...] = ()
        identity_only = set(found) <= {Ground.ANONYMOUS, Ground.FALSE_IDENTITY}
        if facts.kind == Kind.DENUNCIATION and facts.concrete_evidence and identity_only:
            notes = (
                "Tố cáo nặc danh/mạo danh có thông tin cụ thể về người vi phạm, tài liệu chứng cứ: chuyển "
                "thông tin đến cơ quan có thẩm quyền để thanh tra, kiểm tra (Luật Tố cáo 2018, Điều 25).",
            )
        return Decision(Path.STORE, found, notes)
    if facts.within_competence:
        return Decision(Path.HANDLE, ())
    if facts.kind == Kind.COMPLAINT:
        return Decision(Path.GUIDE, ())
    return Decision(Path.FORWARD, ())
