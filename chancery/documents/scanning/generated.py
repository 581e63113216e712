"""Incoming documents in the national format, generated with what the register should read from them: for
the reading rules' tests (as text, with the slips OCR makes) and for the bench (rendered to PDF by the
office's own layout, `documents.layout.render_pdf`, then scanned)."""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from typing import Any

from chancery.core.text import fold
from chancery.documents import rules
from chancery.documents.demo import TOPICS  # what the Office's documents are about, as the demo writes

# (name, abbreviation in symbols) of bodies that write to the Office
AGENCIES = (
    ("Văn phòng Chính phủ", "VPCP"),
    ("Văn phòng Quốc hội", "VPQH"),
    ("Bộ Nội vụ", "BNV"),
    ("Bộ Ngoại giao", "BNG"),
    ("Bộ Tư pháp", "BTP"),
    ("Bộ Công an", "BCA"),
    ("Bộ Quốc phòng", "BQP"),
    ("Bộ Tài chính", "BTC"),
    ("Tòa án nhân dân tối cao", "TANDTC"),
    ("Viện kiểm sát nhân dân tối cao", "VKSNDTC"),
    ("Thanh tra Chính phủ", "TTCP"),
    ("Ban Thi đua - Khen thưởng Trung ương", "BTĐKTTW"),
    ("Ủy ban nhân dân Thành phố Hà Nội", "UBND"),
    ("Ủy ban nhân dân Thành phố Hồ Chí Minh", "UBND"),
    ("Ủy ban nhân dân tỉnh Nghệ An", "UBND"),
    ("Ủy ban nhân dân tỉnh Ninh Bình", "UBND"),
    ("Ủy ban nhân dân tỉnh Quảng Ninh", "UBND"),
    ("Ủy ban nhân dân tỉnh Đắk Lắk", "UBND"),
)
DRAFTING_UNITS = ("VP", "TH", "PC", "TCCB", "KHTC", "TĐKT", "HTQT")
# the types that arrive, and what their summaries say
KINDS = ("cong_van", "cong_van", "cong_van", "quyet_dinh", "to_trinh", "bao_cao", "thong_bao", "ke_hoach")
PLACES = ("Hà Nội", "Thành phố Hồ Chí Minh", "Nghệ An", "Ninh Bình", "Hạ Long", "Buôn Ma Thuột")
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Xuân", "Thu")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Quang", "Sơn", "Thắng")
TITLES = (
    ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"),
    ("BỘ TRƯỞNG", ""),
    ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    ("KT. CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"),
    ("TL. BỘ TRƯỞNG", "VỤ TRƯỞNG VỤ PHÁP CHẾ"),
)
URGENCY_MARKS = {1: "KHẨN", 2: "THƯỢNG KHẨN", 3: "HỎA TỐC"}
SECRECY_MARKS = {1: "MẬT", 2: "TỐI MẬT", 3: "TUYỆT MẬT"}


@dataclass(frozen=True)
class Specimen:
    """A generated incoming document: what is printed on it, which is what its register line should say."""

    agency: str
    number: str
    symbol: str
    issued_on: dt.date
    place: str
    doc_type: str
    summary: str
    signer: str
    signer_title: tuple[str, str]
    urgency: int = 0
    secrecy: int = 0

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.symbol}"

    @property
    def marks(self) -> str:
        return " - ".join(
            m for m in (SECRECY_MARKS.get(self.secrecy, ""), URGENCY_MARKS.get(self.urgency, "")) if m
        )

    @property
    def heading(self) -> list[str]:
        """The issuing body's name as printed, in capitals on one or two lines."""
        name = self.agency.upper()
        if name.startswith("ỦY BAN NHÂN DÂN "):
            return ["ỦY BAN NHÂN DÂN", name.removeprefix("ỦY BAN NHÂN DÂN ")]
        return [name]


def specimen(
    *,
    agency: int,
    number: int,
    issued_on: dt.date,
    kind: str,
    topic: int,
    signer: tuple[int, int, int],
    title: int,
    urgency: int = 0,
    secrecy: int = 0,
    unit: int = 0,
    place: int = 0,
) -> Specimen:
    """A specimen from its choices (indexes into the lists above), as hypothesis draws them."""
    name, abbreviation = AGENCIES[agency % len(AGENCIES)]
    kind_ = rules.document_type(kind)
    topic_text = TOPICS[topic % len(TOPICS)]
    if kind_.abbreviation is None:
        symbol = f"{abbreviation}-{DRAFTING_UNITS[unit % len(DRAFTING_UNITS)]}"
        summary = f"Đề nghị {topic_text}" if topic % 2 else f"Góp ý về {topic_text}"
    else:
        symbol = f"{kind_.abbreviation}-{abbreviation}"
        summary = f"Về việc {topic_text}" if kind == "quyet_dinh" else f"{kind_.name} {topic_text}"
    surname, middle, given = signer
    return Specimen(
        agency=name,
        number=f"{number:02d}",
        symbol=symbol,
        issued_on=issued_on,
        place=PLACES[place % len(PLACES)],
        doc_type=kind,
        summary=summary,
        signer=" ".join(
            (SURNAMES[surname % len(SURNAMES)], MIDDLE[middle % len(MIDDLE)], GIVEN[given % len(GIVEN)])
        ),
        signer_title=TITLES[title % len(TITLES)],
        urgency=urgency,
        secrecy=secrecy,
    )


def random_specimen(rng: random.Random, *, year: int = 2025) -> Specimen:
    start = dt.date(year, 1, 1)
    return specimen(
        agency=rng.randrange(len(AGENCIES)),
        number=rng.choice((rng.randint(1, 99), rng.randint(100, 9999))),
        issued_on=start + dt.timedelta(days=rng.randrange(365)),
        kind=rng.choice(KINDS),
        topic=rng.randrange(len(TOPICS)),
        signer=(rng.randrange(len(SURNAMES)), rng.randrange(len(MIDDLE)), rng.randrange(len(GIVEN))),
        title=rng.randrange(len(TITLES)),
        urgency=rng.choice((0, 0, 0, 1, 2, 3)),
        secrecy=rng.choice((0, 0, 0, 0, 1, 2)),
        unit=rng.randrange(len(DRAFTING_UNITS)),
        place=rng.randrange(len(PLACES)),
    )


def date_line(spec: Specimen) -> str:
    day = spec.issued_on
    return f"{spec.place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def layout_values(spec: Specimen) -> dict[str, Any]:
    """The values `documents.layout.render_pdf` lays out for the specimen."""
    kind = rules.document_type(spec.doc_type)
    letter = kind.abbreviation is None
    body_text = (
        "Thực hiện chỉ đạo của Chủ tịch nước, cơ quan báo cáo và đề nghị như sau:\n"
        "1. Tổng hợp hồ sơ, danh sách kèm theo và gửi đúng thời hạn.\n"
        "2. Phối hợp với các cơ quan liên quan hoàn thiện hồ sơ theo quy định."
    )
    body = body_text if letter else f"{kind.name.upper()}\n{spec.summary}\n\n{body_text}"
    first, second = spec.signer_title
    return {
        "office": "\n".join(spec.heading),
        "number": f"Số: {spec.reference}",
        "subject": f"V/v {spec.summary}" if letter else "",
        "marks": spec.marks,
        "place_date": date_line(spec),
        "recipient": "Văn phòng Chủ tịch nước" if letter else "",
        "body": body,
        "closing": "",
        "copies": ["Như trên;", "Lưu: VT."],
        "signer_title": f"{first}\n{second}".strip(),
        "signer_name": spec.signer,
    }


# --- as text, with OCR's slips -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Noise:
    """The slips OCR makes, each on or off: `accents` drops the diacritics of every other word, `number_word`
    writes "Số" as read badly ("S6", "Sô", "So", "S0"), `zero` reads the number's 0 as "O", `type_accent` the
    Đ of the symbol as D, `broken` breaks the agency, the summary and the date over two lines."""

    accents: bool = False
    number_word: str = "Số"
    zero: bool = False
    type_accent: bool = False
    broken: bool = False


def unaccented(word: str) -> str:
    """The word without diacritics, its capitals kept ("HỎA" -> "HOA")."""
    return "".join((fold(ch)[:1] or ch).upper() if ch.isupper() else (fold(ch)[:1] or ch) for ch in word)


def _noisy_words(text: str, noise: Noise) -> str:
    if not noise.accents:
        return text
    return " ".join(unaccented(w) if i % 2 else w for i, w in enumerate(text.split(" ")))


def _broken(text: str) -> list[str]:
    words = text.split()
    if len(words) < 4:
        return [text]
    cut = len(words) // 2
    return [" ".join(words[:cut]), " ".join(words[cut:])]


GAP = " " * 8  # the columns of `words.lines_from_text`


def as_text(spec: Specimen, noise: Noise = Noise()) -> str:
    """The document as OCR would give it, line by line, the two columns of the heading apart by a gap."""
    kind = rules.document_type(spec.doc_type)
    letter = kind.abbreviation is None
    left = [_noisy_words(line, noise) for line in spec.heading]
    if noise.broken and len(left) == 1:
        left = _broken(left[0])
    number = spec.number.replace("0", "O") if noise.zero else spec.number
    symbol = spec.symbol
    if noise.type_accent and kind.abbreviation and "Đ" in kind.abbreviation:
        symbol = symbol.replace(kind.abbreviation, kind.abbreviation.replace("Đ", "D"), 1)
    left.append(f"{noise.number_word}: {number}/{symbol}")
    if letter:
        summary = _noisy_words(f"V/v {spec.summary}", noise)
        left.extend(_broken(summary) if noise.broken else [summary])
    if spec.marks:
        left.append(_noisy_words(spec.marks, noise))
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    dated = _noisy_words(date_line(spec), noise)
    right.extend(_broken(dated) if noise.broken else [dated])
    rows = [
        f"{a}{GAP}{b}" if b else a if a else f"{GAP}{b}"
        for a, b in zip(
            left + [""] * (len(right) - len(left)), right + [""] * (len(left) - len(right)), strict=True
        )
    ]
    if not letter:
        rows.append(kind.name.upper() if not noise.accents else unaccented(kind.name.upper()))
        summary = _noisy_words(spec.summary, noise)
        rows.extend(_broken(summary) if noise.broken else [summary])
        rows.append("")
        rows.append("Căn cứ Luật Tổ chức Chính phủ;")
    else:
        rows.append("Kính gửi: Văn phòng Chủ tịch nước")
    rows.append("Thực hiện chỉ đạo của Chủ tịch nước, cơ quan báo cáo như sau:")
    rows.append("1. Tổng hợp hồ sơ, danh sách kèm theo và gửi đúng thời hạn.")
    rows.append("")
    first, second = spec.signer_title
    rows.append(f"Nơi nhận:{GAP}{_noisy_words(first, noise)}")
    rows.append(f"- Như trên;{GAP}{_noisy_words(second, noise)}" if second else "- Như trên;")
    rows.append("- Lưu: VT.")
    rows.append("")
    rows.append(f"{GAP}{_noisy_words(spec.signer, noise)}")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(rows))
