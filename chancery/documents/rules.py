"""Official documents as pure rules: types and their abbreviations, number and symbol, the number series a
document takes, urgency and the time limits it drives, secrecy, and the approval circuit.

Sources: Nghị định 30/2020/NĐ-CP on clerical work (công tác văn thư): Art. 15 (numbers from 01 each year,
unique with the symbol within the year; each type of legal normative document has its own series; secret
documents have their own series), Art. 18 (an outgoing document is issued the day it is signed, at the latest
the next working day; urgent ones at once), Art. 22 (arrival numbers run in the order documents are received
in the year), Art. 23 (incoming documents are presented the day they arrive, at the latest the next working
day; urgent ones at once), Art. 24 (handled within the time the body's working rules set; urgent ones at
once), Phụ lục I (number written with a leading 0 below 10), Phụ lục III (abbreviations of the types).
Luật Bảo vệ bí mật nhà nước (117/2025/QH15): secret documents kept off systems connected to the internet.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum

from chancery.core.workdays import WorkingCalendar, add_working_days


class Urgency(IntEnum):
    """Độ khẩn, ordered: a list sorted by urgency descending shows Hỏa tốc first."""

    NORMAL = 0
    URGENT = 1  # Khẩn
    VERY_URGENT = 2  # Thượng khẩn
    FLASH = 3  # Hỏa tốc


class Issuer(StrEnum):
    """Who a document is issued in the name of: the State President or the Office."""

    PRESIDENT = "president"
    OFFICE = "office"


ISSUER_ABBREVIATION: Mapping[Issuer, str] = {Issuer.PRESIDENT: "CTN", Issuer.OFFICE: "VPCTN"}
ISSUER_NAME: Mapping[Issuer, str] = {
    Issuer.PRESIDENT: "CHỦ TỊCH NƯỚC",
    Issuer.OFFICE: "VĂN PHÒNG CHỦ TỊCH NƯỚC",
}


@dataclass(frozen=True)
class DocumentType:
    code: str
    name: str
    # Phụ lục III; None for a letter (công văn), whose symbol names the body and the drafting unit instead.
    abbreviation: str | None
    # The President's orders (Lệnh) are legal normative documents: numbered with the year, in a series of
    # their own.
    always_normative: bool = False


_TYPES: tuple[DocumentType, ...] = (
    DocumentType("lenh", "Lệnh", "L", always_normative=True),
    DocumentType("quyet_dinh", "Quyết định", "QĐ"),
    DocumentType("nghi_quyet", "Nghị quyết", "NQ"),
    DocumentType("chi_thi", "Chỉ thị", "CT"),
    DocumentType("quy_che", "Quy chế", "QC"),
    DocumentType("quy_dinh", "Quy định", "QyĐ"),
    DocumentType("thong_cao", "Thông cáo", "TC"),
    DocumentType("thong_bao", "Thông báo", "TB"),
    DocumentType("huong_dan", "Hướng dẫn", "HD"),
    DocumentType("chuong_trinh", "Chương trình", "CTr"),
    DocumentType("ke_hoach", "Kế hoạch", "KH"),
    DocumentType("phuong_an", "Phương án", "PA"),
    DocumentType("de_an", "Đề án", "ĐA"),
    DocumentType("du_an", "Dự án", "DA"),
    DocumentType("bao_cao", "Báo cáo", "BC"),
    DocumentType("bien_ban", "Biên bản", "BB"),
    DocumentType("to_trinh", "Tờ trình", "TTr"),
    DocumentType("hop_dong", "Hợp đồng", "HĐ"),
    DocumentType("cong_dien", "Công điện", "CĐ"),
    DocumentType("ban_ghi_nho", "Bản ghi nhớ", "GN"),
    DocumentType("ban_thoa_thuan", "Bản thỏa thuận", "TT"),
    DocumentType("giay_uy_quyen", "Giấy ủy quyền", "GUQ"),
    DocumentType("giay_moi", "Giấy mời", "GM"),
    DocumentType("giay_gioi_thieu", "Giấy giới thiệu", "GGT"),
    DocumentType("giay_nghi_phep", "Giấy nghỉ phép", "GNP"),
    DocumentType("phieu_gui", "Phiếu gửi", "PG"),
    DocumentType("phieu_chuyen", "Phiếu chuyển", "PC"),
    DocumentType("phieu_bao", "Phiếu báo", "PB"),
    DocumentType("cong_van", "Công văn", None),
)
TYPES: Mapping[str, DocumentType] = {t.code: t for t in _TYPES}


def document_type(code: str) -> DocumentType:
    try:
        return TYPES[code]
    except KeyError:
        raise ValueError(f"unknown document type {code!r}") from None


def symbol(type_code: str, issuer: Issuer, drafting_unit: str = "") -> str:
    """Ký hiệu — the symbol after the number: the type's abbreviation and the issuer's ("QĐ-CTN", "TB-VPCTN");
    a letter has no type abbreviation: the issuer's and the drafting unit's ("VPCTN-TH")."""
    kind = document_type(type_code)
    body = ISSUER_ABBREVIATION[issuer]
    if kind.abbreviation is None:
        return f"{body}-{drafting_unit}" if drafting_unit else body
    return f"{kind.abbreviation}-{body}"


def is_normative(type_code: str, marked_normative: bool) -> bool:
    return document_type(type_code).always_normative or marked_normative


def number_text(number: int, year: int, symbol_text: str, *, normative: bool) -> str:
    """“05/QĐ-CTN”: Arabic numerals, a leading 0 below 10 (Phụ lục I); a legal normative document also
    carries its year (“05/2026/L-CTN”)."""
    if number < 1:
        raise ValueError("document numbers start at 1")
    written = f"{number:02d}"
    return f"{written}/{year}/{symbol_text}" if normative else f"{written}/{symbol_text}"


@dataclass(frozen=True)
class Series:
    """A number series: numbers 01, 02, ... within a year, kept in one numbering register."""

    code: str
    name: str


def outgoing_series(type_code: str, issuer: Issuer, secrecy: int, *, normative: bool) -> Series:
    """The series an outgoing document is numbered in (NĐ 30/2020 Art. 15): secret documents in their own per
    issuer; each type of legal normative document in its own; every other document of an issuer in one."""
    body = ISSUER_ABBREVIATION[issuer]
    if secrecy > 0:
        return Series(f"vb-di-mat-{body.lower()}", f"Sổ đăng ký văn bản mật đi ({body})")
    if is_normative(type_code, normative):
        kind = document_type(type_code)
        return Series(
            f"vb-di-{body.lower()}-{type_code}-qppl", f"Sổ đăng ký {kind.name.lower()} (văn bản QPPL, {body})"
        )
    return Series(f"vb-di-{body.lower()}", f"Sổ đăng ký văn bản đi ({body})")


def incoming_series(secrecy: int) -> Series:
    """Arrival numbers (NĐ 30/2020 Art. 22): one series a year; secret documents in their own register."""
    if secrecy > 0:
        return Series("vb-den-mat", "Sổ đăng ký văn bản mật đến")
    return Series("vb-den", "Sổ đăng ký văn bản đến")


# --- time limits --------------------------------------------------------------------------------------------

# The time to handle an incoming document, in working days, by urgency. NĐ 30/2020 Art. 24 leaves the time to
# the body's working rules (quy chế làm việc) and requires urgent documents to be handled at once; these are
# the Office's defaults, which settings.CHANCERY_DOCUMENT_HANDLING_DAYS may change.
HANDLING_DAYS: Mapping[Urgency, int] = {
    Urgency.NORMAL: 10,
    Urgency.URGENT: 3,
    Urgency.VERY_URGENT: 2,
    Urgency.FLASH: 1,
}


@dataclass(frozen=True)
class ClockRule:
    """A time limit on a document: its length in working days and where it comes from. The services start
    it through chancery.casework; they hold no figure of their own."""

    days: int
    basis: str
    unit: str = "working"  # chancery.casework.rules.ClockUnit.WORKING

    def due(self, calendar: WorkingCalendar, start: date) -> date:
        return add_working_days(calendar, start, self.days)


# Presented for direction the day it arrives, at the latest the next working day (NĐ 30/2020 Art. 23): the
# clock's last day is the next working day; an urgent one is presented at once (the leadership is told).
PRESENTATION = ClockRule(
    1, "Nghị định 30/2020/NĐ-CP, Điều 23 (trình ngay trong ngày, chậm nhất ngày làm việc tiếp theo)"
)


def handling_clock(
    urgency: Urgency, overrides: Mapping[int, int] | None = None, days: int | None = None
) -> ClockRule:
    """The time to handle a routed document: the days the leadership named, else the urgency's default
    (NĐ 30/2020 Art. 24: the body's working rules; urgent ones at once)."""
    if days is not None and days < 1:
        raise ValueError("a handling time is at least one working day")
    return ClockRule(
        days or handling_days(urgency, overrides),
        "Nghị định 30/2020/NĐ-CP, Điều 24; quy chế làm việc của Văn phòng (thời hạn theo độ khẩn)",
    )


def handling_days(urgency: Urgency, overrides: Mapping[int, int] | None = None) -> int:
    days = dict(HANDLING_DAYS)
    for key, value in (overrides or {}).items():
        days[Urgency(key)] = value
    if days[urgency] < 1:
        raise ValueError("a handling time is at least one working day")
    return days[urgency]


def handling_due(
    calendar: WorkingCalendar,
    routed_on: date,
    urgency: Urgency,
    days: int | None = None,
    overrides: Mapping[int, int] | None = None,
) -> date:
    """The day a routed document must be handled by: `days` working days, else the urgency's default."""
    return handling_clock(urgency, overrides, days).due(calendar, routed_on)


def latest_same_or_next_working_day(calendar: WorkingCalendar, day: date, urgency: Urgency) -> date:
    """When a document received (or signed) on `day` must at the latest be registered and presented (or
    issued): that day, or the next working day; an urgent one the same day (NĐ 30/2020 Art. 18, 23)."""
    if urgency > Urgency.NORMAL:
        return day
    return add_working_days(calendar, day, 1)


# --- secrecy ------------------------------------------------------------------------------------------------


def may_exchange_electronically(secrecy: int) -> bool:
    """A state secret is not sent over a system connected to the internet (Luật Bảo vệ bí mật nhà nước):
    secret documents are never exported as exchange messages."""
    return secrecy == 0


# --- approval circuit ---------------------------------------------------------------------------------------


class StepStatus(StrEnum):
    WAITING = "waiting"  # sequential: the reviewer before has not approved yet
    OPEN = "open"
    APPROVED = "approved"
    RETURNED = "returned"
    CANCELLED = "cancelled"  # the circuit ended (returned by someone else) before this step was reached


class CircuitMode(StrEnum):
    SEQUENTIAL = "sequential"
    PARALLEL = "parallel"


@dataclass(frozen=True)
class CircuitOutcome:
    """What a circuit's steps add up to, and which steps open next."""

    complete: bool  # every step approved: the draft is approved (NĐ 30/2020 Art. 11)
    returned: bool  # a reviewer returned the draft for revision: the circuit ends
    to_open: tuple[int, ...]  # positions to open now
    to_cancel: tuple[int, ...]  # positions no longer needed


def signer_may_decide(steps: Sequence[tuple[int, StepStatus]], signer: int) -> bool:
    """The person who signs approves last (NĐ 30/2020 Art. 11: a draft is approved by the one competent to
    sign it, after the reviewers): the signer's step (`signer`, its position) opens, and may be decided, only
    when every other step of the round is approved — in a sequential circuit and in a parallel one alike."""
    return all(s == StepStatus.APPROVED for p, s in steps if p != signer)


def advance(
    mode: CircuitMode, steps: Sequence[tuple[int, StepStatus]], signer: int | None = None
) -> CircuitOutcome:
    """The next move of an approval circuit after a step changed. `steps` are (position, status); `signer` is
    the position of the step of the person who will sign. In a sequential circuit one reviewer at a time, in
    order; in a parallel one every reviewer at once; in both the signer's step opens only when every other
    step is approved (`signer_may_decide`). A draft returned by anyone goes back to its drafter and the steps
    not yet decided are cancelled."""
    ordered = sorted(steps)
    pending = tuple(p for p, s in ordered if s in (StepStatus.WAITING, StepStatus.OPEN))
    if any(s == StepStatus.RETURNED for _, s in ordered):
        return CircuitOutcome(complete=False, returned=True, to_open=(), to_cancel=pending)
    if all(s == StepStatus.APPROVED for _, s in ordered):
        return CircuitOutcome(complete=True, returned=False, to_open=(), to_cancel=())
    waiting = [
        p
        for p, s in ordered
        if s == StepStatus.WAITING and (p != signer or signer_may_decide(ordered, signer))
    ]
    if mode == CircuitMode.PARALLEL:
        return CircuitOutcome(complete=False, returned=False, to_open=tuple(waiting), to_cancel=())
    if any(s == StepStatus.OPEN for _, s in ordered) or not waiting:
        return CircuitOutcome(complete=False, returned=False, to_open=(), to_cancel=())
    return CircuitOutcome(complete=False, returned=False, to_open=(waiting[0],), to_cancel=())


# --- the signature block (NĐ 30/2020 Art. 13, Phụ lục I) ------------------------------------------------

DEPUTY_MARK = "PHÓ"
HEAD_TITLE = (
    "CHỦ NHIỆM"  # the Office's head; "KT. CHỦ NHIỆM" over "PHÓ CHỦ NHIỆM" is a deputy signing for him
)


def _letters(text: str) -> str:
    """Capitals, NFC, single spaces, without the invisible characters (a zero-width space in "K\u200bT.")."""
    import unicodedata

    visible = "".join(ch for ch in unicodedata.normalize("NFC", text) if unicodedata.category(ch) != "Cf")
    return " ".join(visible.upper().split())


_ON_BEHALF = re.compile(r"^K\s*\.?\s*T\b\s*\.?\s*")  # "KT.", "KT", "K.T.", "KT ."


def _same_title(written: str, position: str) -> bool:
    """The title in the block names the signer's position ("PHÓ CHỦ NHIỆM" for "Phó Chủ nhiệm Văn
    phòng"): one begins with the other, word for word."""
    a, b = written.split(), position.split()
    shorter = min(len(a), len(b))
    return shorter > 0 and a[:shorter] == b[:shorter]


def office_signature_block(signer_position: str) -> str:
    """The Office's signature block for the person who signs: the head signs as "CHỦ NHIỆM", anyone else for
    him ("KT. CHỦ NHIỆM" over "PHÓ CHỦ NHIỆM")."""
    if _letters(signer_position).startswith(HEAD_TITLE):
        return HEAD_TITLE
    return f"KT. {HEAD_TITLE}\n{DEPUTY_MARK} {HEAD_TITLE}"


PRESIDENT_TITLE = "CHỦ TỊCH NƯỚC"
VICE_PRESIDENT_TITLE = f"{DEPUTY_MARK} {PRESIDENT_TITLE}"


def is_president(position: str) -> bool:
    """The position is the State President's ("Chủ tịch nước", "Chủ tịch nước Cộng hòa ...")."""
    return _letters(position).startswith(PRESIDENT_TITLE)


def signs_for_president(position: str, *, deputy: bool = True) -> bool:
    """Who signs a document issued in the President's name: the President; with `deputy`, also the Vice
    President signing for the President ("KT. CHỦ TỊCH NƯỚC" over "PHÓ CHỦ TỊCH NƯỚC": Hiến pháp 2013, Art.
    91, the Vice President does what the President entrusts; honours decisions are commonly so signed).
    The Office's own leaders never sign for the President."""
    return is_president(position) or (deputy and _letters(position).startswith(VICE_PRESIDENT_TITLE))


def president_signature_block(signer_position: str) -> str:
    """The signature block of a document issued in the President's name, for the person who signs it."""
    if is_president(signer_position):
        return PRESIDENT_TITLE
    return f"KT. {PRESIDENT_TITLE}\n{VICE_PRESIDENT_TITLE}"


PRESIDENT_ONLY_TYPES = frozenset({"lenh"})  # an order is the President's own act (Hiến pháp 2013, Art. 88)


WITHOUT_RECIPIENTS_TYPES = frozenset({"lenh"})  # an order is promulgated, not addressed: no "Nơi nhận" block


# Acts that decide or rule rather than write to someone: no "Kính gửi" (NĐ 30/2020 Phụ lục III, the forms of
# the decision, the order, the resolution, the directive, the regulation and the rules carry none)
WITHOUT_ADDRESSEE_TYPES = frozenset({"lenh", "quyet_dinh", "nghi_quyet", "chi_thi", "quy_che", "quy_dinh"})


def addressee_problem(doc_type: str, addressee: str) -> str:
    """What is wrong with the "Kính gửi" of a document of this type, or "": an act that decides is addressed
    to nobody ("no_addressee")."""
    return "no_addressee" if doc_type in WITHOUT_ADDRESSEE_TYPES and addressee.strip() else ""


def copies_problem(doc_type: str, copies_to: str) -> str:
    """What is wrong with the "Nơi nhận" typed for a document of this type, or "": an order is promulgated,
    not sent, and has none ("no_recipients")."""
    return "no_recipients" if doc_type in WITHOUT_RECIPIENTS_TYPES and copies_to.strip() else ""


def default_copies(doc_type: str, addressee: str) -> list[str]:
    """The "Nơi nhận" of a document whose drafter typed none (NĐ 30/2020 Phụ lục I, II.9): "Như trên" only
    when the document has a "Kính gửi" to refer to, then the archive copy; an order none at all (its page
    would show an empty "Nơi nhận:")."""
    if doc_type in WITHOUT_RECIPIENTS_TYPES:
        return []
    return ["Như trên;", "Lưu: VT."] if addressee.strip() else ["Lưu: VT."]


# "... có tên trong danh sách kèm theo", "danh sách ... kèm theo Quyết định này", "Phụ lục kèm theo": the text
# says a list goes with it (Nghị định 30/2020, Phụ lục I, IV: an annex follows the document, headed by its
# title and "Kèm theo ... số ... ngày ...")
_ATTACHED_LIST = re.compile(
    r"\b(?:danh\s+sách|phụ\s+lục)\b[^.;\n]{0,80}?\bkèm\s+theo\b(?!\s+tờ\s+trình)", re.IGNORECASE
)
# the heading of an annex on a page of its own: "DANH SÁCH ...", "PHỤ LỤC ..." in capitals
ANNEX_HEADINGS = ("DANH SÁCH", "PHỤ LỤC")


def refers_to_attached_list(text: str) -> bool:
    """Whether a document's text says that a list (an annex) is attached to it ("những người có tên trong
    danh sách kèm theo"): such a document is issued with that list (Nghị định 30/2020, Phụ lục I, IV)."""
    return bool(_ATTACHED_LIST.search(text))


def is_annex_heading(line: str) -> bool:
    """Whether a line is an annex's heading, in capitals ("DANH SÁCH NGƯỜI ĐƯỢC ĐẶC XÁ", "PHỤ LỤC SỐ
    LIỆU")."""
    shown = " ".join(line.split())
    return shown.startswith(ANNEX_HEADINGS) and shown == shown.upper()


def issuer_type_problem(issuer: str, doc_type: str) -> str:
    """What is wrong with the type for the issuer, or "": an order (Lệnh) is the President's alone (Hiến
    pháp 2013, Art. 88), never issued in the Office's name ("president_only_type")."""
    if doc_type in PRESIDENT_ONLY_TYPES and issuer != Issuer.PRESIDENT:
        return "president_only_type"
    return ""


def issuer_signer_problem(issuer: str, signer_position: str, doc_type: str = "") -> str:
    """What is wrong with the signer for the issuer, or "": a document in the President's name is signed by
    the President or the Vice President (an order by the President only), never by the Office's staff
    ("not_for_the_president"); the Office's own documents are not signed by those who sign for the President
    ("president_signs_office")."""
    if issuer == Issuer.PRESIDENT:
        deputy = doc_type not in PRESIDENT_ONLY_TYPES
        return "" if signs_for_president(signer_position, deputy=deputy) else "not_for_the_president"
    if signer_position and signs_for_president(signer_position):
        return "president_signs_office"
    return ""


_AUTHORITY_HEAD = re.compile(r"^(KT|TM|TL|TUQ|Q)\.\s")  # a line for another: "KT. CHỦ NHIỆM"
_OWN_TITLE = re.compile(
    r"[\s\-–—]+(?=(PHÓ|CHỦ|VỤ|CHÁNH|GIÁM|TRƯỞNG)\b)"
)  # where the signer's own title begins


def _block_lines(title: str) -> tuple[str, ...]:
    """A signature block's lines in capitals, "KT." however written made "KT. "; the lines as typed, or
    split where the person wrote them on one line: at "/" (the form's own example, "KT. CHỦ NHIỆM / PHÓ
    CHỦ NHIỆM"), and a line "KT. CHỦ NHIỆM PHÓ CHỦ NHIỆM" before the signer's own title."""
    parts = [part for line in title.splitlines() for part in re.split(r"[/|\\]", line)]
    lines = [_letters(part) for part in parts if part.strip()]
    lines = [_ON_BEHALF.sub("KT. ", line) if _ON_BEHALF.match(line) else line for line in lines if line]
    if len(lines) == 1 and _AUTHORITY_HEAD.match(lines[0]):
        head, _sep, rest = lines[0].partition(". ")
        found = [m for m in _OWN_TITLE.finditer(rest) if m.start() > 0]
        # a deputy's own title begins at "PHÓ" ("KT. VỤ TRƯỞNG PHÓ VỤ TRƯỞNG"), else at the first title word
        own = next((m for m in found if m.group(1) == DEPUTY_MARK), found[0] if found else None)
        if own is not None:
            lines = [f"{head}. {rest[: own.start()].strip()}", rest[own.end() :].strip()]
    return tuple(lines)


def block_has_markup(title: str) -> bool:
    """Whether a signature block carries markup or template characters ("<b>", "{{"): a title has none, and
    one typed with them is refused rather than printed or shown."""
    return bool(re.search(r"[<>{}]", title))


def printed_block(title: str) -> str:
    """A signature block as it is kept and printed (Phụ lục I): its lines in capitals, one space between
    words, "KT." however typed made "KT. ", blank lines dropped."""
    return "\n".join(_block_lines(title))


def issuer_block_problem(issuer: str, doc_type: str, title: str, signer_position: str) -> str:
    """What is wrong with a signature block for the issuer, or "": in the President's name the block is
    "CHỦ TỊCH NƯỚC", or "KT. CHỦ TỊCH NƯỚC" over "PHÓ CHỦ TỊCH NƯỚC" (not for an order), and the one of the
    person who signs; the Office's own documents never carry a block in the President's name."""
    lines = _block_lines(title)
    if issuer == Issuer.PRESIDENT:
        allowed: set[tuple[str, ...]] = {(PRESIDENT_TITLE,)}
        if doc_type not in PRESIDENT_ONLY_TYPES:
            allowed.add((f"KT. {PRESIDENT_TITLE}", VICE_PRESIDENT_TITLE))
        if lines not in allowed:
            return "not_a_president_block"
        if signer_position and lines != _block_lines(president_signature_block(signer_position)):
            return "not_the_signers_title"
        return ""
    bare = [_OTHER_AUTHORITY.sub("", _ON_BEHALF.sub("", line)).strip() for line in lines]
    if any(line.startswith((PRESIDENT_TITLE, VICE_PRESIDENT_TITLE)) for line in bare):
        return "president_block_on_office"
    return ""


_OTHER_AUTHORITY = re.compile(r"^(?:T\s*\.?\s*[MLL]|T\s*\.?\s*U\s*\.?\s*Q|Q)\s*\.")  # TM., TL., TUQ., Q.


def signature_block_problem(title: str, signer_position: str) -> str:
    """What is wrong with a signature block for the person who signs, or "" (checked when a draft is saved).
    "KT." (also written "KT", "K.T.") is a deputy signing for the head (Art. 13.1.b): the line under it is
    the deputy's own title ("PHÓ ..."), the signer's position when the staff list gives one, and the head does
    not sign "KT." for themselves but directly. Other authorities (TM., TL., TUQ., Q.) depend on
    delegations the system does not hold: they are not checked."""
    lines = list(_block_lines(title))  # as it is kept and printed (printed_block)
    at = next((i for i, line in enumerate(lines) if _ON_BEHALF.match(line)), None)
    position = _letters(signer_position)
    if at is None:
        # signing in one's own name: the block's title is the signer's ("CHỦ TỊCH NƯỚC" is not the title of
        # the head of the Office); the other authorities (TM., TL., TUQ., Q.) are not checked
        if (
            lines
            and position
            and not _OTHER_AUTHORITY.match(lines[0])
            and not _same_title(lines[0], position)
        ):
            return "not_the_signers_title"
        return ""
    # "KT. CHỦ NHIỆM" and the deputy's title on the next line, or on the same one ("KT. CHỦ NHIỆM, PHÓ ...")
    rest = _ON_BEHALF.sub("", lines[at]).replace(",", " ")
    head, _sep, own = f" {rest} ".partition(f" {DEPUTY_MARK} ")
    head, own = head.strip(), (f"{DEPUTY_MARK} {own.strip()}" if _sep else "")
    if not own and at + 1 < len(lines):
        own = lines[at + 1]
    if position and not position.startswith(DEPUTY_MARK) and head and _same_title(head, position):
        return "head_signs_directly"
    if not own:
        return "deputy_title_missing"
    if not own.startswith(DEPUTY_MARK):
        return "not_a_deputy"  # "KT." is a deputy's: "KT. CHỦ NHIỆM" over "CHỦ NHIỆM" or "VỤ TRƯỞNG" is not
    if position and not _same_title(own, position):
        return "not_the_signers_title"
    return ""


# The signing authority that opens a line of a signature block (NĐ 30/2020, Phụ lục I): thay mặt, ký thay,
# quyền, thừa lệnh, thừa ủy quyền.
AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s*", re.IGNORECASE)
# A block stored on one line before its lines were kept: "KT. CHỦ NHIỆM PHÓ CHỦ NHIỆM".
DEPUTY_ON_ONE_LINE = re.compile(r"^(KT\.\s*(.+?))\s+(PHÓ\s+\2)$", re.IGNORECASE)


def signer_info(signature_block: str, staff_position: str = "") -> tuple[str, str]:
    """SignerInfo's Competence and Position from a signature block as printed ("KT. CHỦ TỊCH NƯỚC" over
    "PHÓ CHỦ TỊCH NƯỚC"): the lines that open with a signing authority (TM., KT., Q., TL., TUQ.) are the
    Competence, the others the Position (the job title). A block without a title line (only "Q. CHỦ NHIỆM")
    takes the signer's position on the staff list; a deputy's block stored on one line ("KT. CHỦ NHIỆM PHÓ
    CHỦ NHIỆM") is split before "PHÓ"."""
    lines = [" ".join(line.split()) for line in signature_block.splitlines() if line.strip()]
    deputy = DEPUTY_ON_ONE_LINE.match(lines[0]) if len(lines) == 1 else None
    if deputy:
        return deputy.group(1), deputy.group(3)
    competence = [line for line in lines if AUTHORITY.match(line)]
    position = [line for line in lines if not AUTHORITY.match(line)]
    return " ".join(competence), " ".join(position) or staff_position.strip()
