"""What a citizen's letter says, read from its lines: who wrote it, where they live, what kind of petition it
is and what it says, for the clerk to confirm in the petitions' own registration form.

A letter to the President follows a common form (the forms of Nghị định 124/2020/NĐ-CP, Mẫu 01, for a
complaint; Nghị định 31/2019/NĐ-CP for a denunciation): the national title, the place and date, the title
("ĐƠN KHIẾU NẠI", "ĐƠN TỐ CÁO", "ĐƠN KIẾN NGHỊ", "ĐƠN PHẢN ÁNH"), "Kính gửi: ...", then the writer ("Tôi tên
là ...", "Họ và tên: ...", "Người tố cáo: ..."), their address ("Địa chỉ:", "Nơi cư trú:", "Trú tại:"), their
identity card and phone, the body, and the signature at the bottom right under "NGƯỜI KHIẾU NẠI" and "(Ký,
ghi rõ họ tên)".

Pure functions of the lines the OCR read (`documents.scanning.words.Line`, with their boxes), as
`documents.scanning.register_line` is for a document: each field a `register_line.Field` with its text,
confidence and box. The kind from the title, failing that from the words the writer uses (`classify_text`,
the project's classifier given by the caller: it may read the office's learnt model). The address is matched
to today's province and commune by `places.match_place`. OCR's slips are forgiven: missing diacritics
("Dia chi", "Toi ten la"), a capital lost, lines broken."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import Any

from chancery.core.text import fold
from chancery.documents.scanning.register_line import (
    NOTHING,
    Field,
    Proposal,
    is_capitals,
    is_name_word,
    join_broken,
    similar,
)
from chancery.documents.scanning.words import Line, box_of, confidence_of, lines_box, lines_confidence
from chancery.petitions.scanning.places import match_place

FIELDS = (
    "full_name",
    "address",
    "province",
    "ward",
    "id_number",
    "phone",
    "kind",
    "summary",
    "content",
)

# the titles of the four kinds, folded, and the kind each names (Luật Tiếp công dân 2013, Art. 2)
TITLES = {
    "don khieu nai": "complaint",
    "don to cao": "denunciation",
    "don kien nghi": "recommendation",
    "don phan anh": "reflection",
}


class LetterProposal(Proposal):
    """The registration as proposed: a `Field` for each of `FIELDS`."""

    def as_dict(self) -> dict[str, dict[str, Any]]:
        return {name: self[name].as_dict() for name in FIELDS}


def _plain(text: str) -> str:
    """Folded, punctuation as spaces, one space between words."""
    return " ".join(re.sub(r"[^a-z0-9]", " ", fold(text)).split())


# --- the kind ----------------------------------------------------------------------------------------------


def read_title(lines: Sequence[Line]) -> Field:
    """The kind the letter's title names: "ĐƠN KHIẾU NẠI" (and its slips: "DON KHIEU NAI", "ĐƠN KHIÊU
    NAI"), in the letter's first lines; "ĐƠN KHIẾU NẠI, TỐ CÁO" is the first kind it names."""
    for line in lines[:25]:
        words = _plain(line.text).split()
        if not words or len(words) > 8 or not is_capitals(line.text):
            continue
        head = " ".join(words[:3])
        best = max(TITLES, key=lambda title: similar(head, title))
        score = similar(head, best)
        if score >= 0.8:
            return Field(TITLES[best], line.text, line.confidence * (1.0 if score == 1 else 0.9), line.box)
    return NOTHING


# --- the petitioner ----------------------------------------------------------------------------------------

_NAME_LEADS = re.compile(
    r"(?:toi\s+ten\s+la|toi\s+la|ho\s+va\s+ten(?:\s+nguoi\s+(?:khieu\s+nai|to\s+cao|kien\s+nghi|phan\s+anh|"
    r"viet\s+don|lam\s+don))?|ho\s+ten|nguoi\s+(?:khieu\s+nai|to\s+cao|kien\s+nghi|phan\s+anh|viet\s+don|"
    r"lam\s+don))(?![a-z])\s*[:.]?\s*(?:(?:ong|ba)\s*[:.]?\s+)?"
)
_NAME_STOPS = {"sinh", "sn", "cccd", "cmnd", "dia", "tru", "so", "ngay", "dan", "que", "noi", "dien"}


def _name_after(line: Line, start: int) -> tuple[str, int, int] | None:
    """The person's name written from `start` of the line: two to six words with capitals, up to a comma or
    what follows a name ("sinh năm", "CCCD"); a name in capitals is given its small letters."""
    rest = line.text[start:]
    offset = start + len(rest) - len(rest.lstrip(" :.-"))
    rest = rest.lstrip(" :.-")
    taken: list[str] = []
    for token in rest.split(" "):
        bare = token.strip(".,;:()")
        if not bare:
            if taken:
                break
            continue
        if fold(bare) in _NAME_STOPS and taken:
            break
        if not (is_name_word(bare) or (bare.isalpha() and bare.isupper())):
            break
        taken.append(bare)
        if token.endswith((",", ";", ".")) or len(taken) == 6:
            break
    if not 2 <= len(taken) <= 6:
        return None
    name = " ".join(word if not word.isupper() or len(word) == 1 else word.capitalize() for word in taken)
    end = offset + len(" ".join(taken))
    return name, offset, end


_NOT_SIGNATURE = re.compile(r"\b(?:nguoi \w+|ky ghi|ghi ro|cam on|tran trong|noi nhan|ho ten|ho va ten)\b")


def read_signature(lines: Sequence[Line]) -> Field:
    """The name signed at the foot of the last page, in the right half (in small letters with capitals, as
    `register_line.read_signer` reads a signer, or all in capitals), under "NGƯỜI KHIẾU NẠI" and "(Ký, ghi
    rõ họ tên)"."""
    if not lines:
        return NOTHING
    last_page = [line for line in lines if line.page == lines[-1].page]
    for line in reversed(last_page[-8:]):
        if line.box.x < 0.4 * line.page_width:
            continue
        named = _name_after(line, 0)
        if named is None or _NOT_SIGNATURE.search(_plain(named[0])):
            continue
        name, start, end = named
        if line.text[end:].strip(" .,"):
            continue  # more on the line than a name
        return Field(name, line.text[start:end], confidence_of(line, start, end), box_of(line, start, end))
    return NOTHING


def read_name(lines: Sequence[Line]) -> Field:
    """The petitioner: the name after "Tôi tên là", "Họ và tên", "Người khiếu nại/tố cáo/kiến nghị"
    (the first one found), else the signature at the bottom of the last page; surer when both agree."""
    signed = read_signature(lines)
    for line in lines:
        for found in _NAME_LEADS.finditer(line.folded):
            if found.start() and line.folded[found.start() - 1].isalpha():
                continue
            named = _name_after(line, found.end())
            if named is None:
                continue
            name, start, end = named
            confidence = confidence_of(line, start, end) * 0.95
            if signed.value and fold(signed.value) == fold(name):
                confidence = min(1.0, confidence / 0.95 + 0.03)
            return Field(name, line.text[start:end], confidence, box_of(line, start, end))
    if signed.value:
        return Field(signed.value, signed.text, signed.confidence * 0.8, signed.box, note="đọc từ chữ ký")
    return NOTHING


# --- the address -------------------------------------------------------------------------------------------

_ADDRESS_LEADS = re.compile(
    r"(?:dia\s*chi(?:\s+(?:thuong\s+tru|lien\s+he|lien\s+lac|cu\s+tru|hien\s+nay))?|noi\s+(?:cu\s+tru|o)"
    r"(?:\s+hien\s+nay)?|tru\s+tai|thuong\s+tru(?:\s+tai)?|cu\s+tru\s+tai|hien\s+(?:o|cu\s+tru)\s+tai)(?![a-z])\s*[:.]?"
)
# what ends an address written on the line of the name or before the phone ("..., số điện thoại: ...")
_ADDRESS_ENDS = re.compile(r"[,;.]?\s*(?:so\s+)?(?:dien\s+thoai|dt|sdt|cccd|cmnd|can\s+cuoc|email)\b")
_NEXT_ITEM = re.compile(
    r"^\s*(?:so\s+)?(?:dien\s+thoai|dt|sdt|cccd|cmnd|can\s+cuoc|email|nay|kinh\s+gui|toi\b|ho\s+va\s+ten|"
    r"noi\s+dung|ly\s+do|sinh\s+nam)"
)


def read_address(lines: Sequence[Line]) -> tuple[Field, list[Line]]:
    """The address after "Địa chỉ", "Nơi cư trú", "Trú tại" (on its line, or the next when the line ends
    there), with the line under it when the address runs on (it ends with a comma, or goes on in small
    letters); the lines it was read from."""
    for index, line in enumerate(lines):
        found = _ADDRESS_LEADS.search(line.folded)
        if found is None or (found.start() and line.folded[found.start() - 1].isalpha()):
            continue
        start = found.end()
        ended = _ADDRESS_ENDS.search(line.folded, start)
        end = ended.start() if ended else len(line.text)
        text = line.text[start:end].strip(" :.-")
        used = [line]
        following = lines[index + 1] if index + 1 < len(lines) else None
        if not text and following is not None:
            text, used = following.text.strip(" :.-"), [following]
            following = lines[index + 2] if index + 2 < len(lines) else None
        if (
            text
            and following is not None
            and following.page == line.page
            and not ended
            and not _NEXT_ITEM.match(following.folded)
            and not _ADDRESS_LEADS.match(following.folded)
            and not _NAME_LEADS.match(following.folded)
            and ":" not in following.text[:25]
            and not text.endswith(".")
        ):
            more = following.text.strip(" .;")
            text = text[:-1] + more if text.endswith("-") else f"{text} {more}"
            used.append(following)
        text = " ".join(text.split()).strip(" ,.;")
        if not text:
            continue
        if used[0] is line:
            box, confidence = box_of(line, start, end), confidence_of(line, start, end)
            if len(used) > 1:
                box = box.union(used[1].box)
                confidence = (confidence + used[1].confidence) / 2
        else:
            box, confidence = lines_box(used) or line.box, lines_confidence(used)
        return Field(text, text, confidence * 0.95, box), used
    return NOTHING, []


def read_place(address: Field) -> tuple[Field, Field]:
    """The province and commune of today's units the address is in (`places.match_place`)."""
    if not address.value:
        return NOTHING, NOTHING
    place = match_place(address.value)
    if place.province_code is None:
        return Field(None, address.text, 0.0, address.box, note=place.note), NOTHING
    confidence = address.confidence * place.score
    province = Field(place.province_code, address.text, confidence, address.box, note=place.note)
    if place.ward_code is None:
        return province, Field(None, address.text, 0.0, address.box, note=place.note)
    return province, Field(place.ward_code, address.text, confidence, address.box, note=place.note)


# --- identity card and phone -------------------------------------------------------------------------------

# "CCCD", "CMND" and the letters OCR slips into them ("CCCTD", "CCD"), or the words in full
_ID_LEADS = re.compile(
    r"(?:\bc{2,3}[a-z]{0,2}d\b|\bcm[a-z]?nd\b|can\s+cuoc(?:\s+cong\s+dan)?|chung\s+minh\s+nhan\s+dan|dinh\s+danh)"
)
_PHONE_LEADS = re.compile(r"(?:dien\s+thoai|\bdt\b|\bsdt\b)")
_DIGIT_SLIPS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})


def _digits_after(lines: Sequence[Line], leads: re.Pattern[str], lengths: tuple[int, ...]) -> Field:
    for line in lines:
        found = leads.search(line.folded)
        if found is None:
            continue
        for number in re.finditer(r"[0-9OolI|][0-9OolI| .]{7,16}[0-9Ool]", line.text[found.end() :]):
            start = found.end() + number.start()
            value = re.sub(r"[ .]", "", number.group().translate(_DIGIT_SLIPS))
            if value.isdigit() and len(value) in lengths:
                end = found.end() + number.end()
                certainty = 1.0 if value == re.sub(r"[ .]", "", number.group()) else 0.8
                return Field(
                    value,
                    number.group(),
                    confidence_of(line, start, end) * certainty,
                    box_of(line, start, end),
                )
    return NOTHING


def read_id_number(lines: Sequence[Line]) -> Field:
    """The identity card's number after "CCCD", "CMND", "Căn cước": 12 digits, or 9 for an old card."""
    return _digits_after(lines, _ID_LEADS, (9, 12))


def read_phone(lines: Sequence[Line]) -> Field:
    """The phone number after "Điện thoại", "ĐT", "SĐT": 10 or 11 digits."""
    return _digits_after(lines, _PHONE_LEADS, (10, 11))


# --- the summary and the content ---------------------------------------------------------------------------

_SUBJECT = re.compile(r"^\s*\(?\s*(?:v\s?[/il1|\\]\s?v|ve\s+viec)\s*[:.,]?\s*")
_ADDRESSEE = re.compile(r"^\s*kinh\s*gui\b")
_CLOSING = re.compile(
    r"^\s*(?:toi\s+xin\s+(?:chan\s+thanh\s+)?cam\s+on|xin\s+(?:tran\s+trong\s+|chan\s+thanh\s+)?cam\s+on|"
    r"tran\s+trong|nguoi\s+(?:khieu\s+nai|to\s+cao|kien\s+nghi|phan\s+anh|viet\s+don|lam\s+don)\b|"
    r"\(?\s*ky\s*,?\s*ghi\s+ro|tai\s+lieu\s+kem\s+theo|kem\s+theo\s+don)"
)
_HEADING = re.compile(r"cong\s+hoa\s+xa\s+hoi|doc\s+lap\s*-?\s*tu\s+do|ngay\s+\S+\s+thang\s+\S+\s+nam")


def read_subject(lines: Sequence[Line], title_box: Any) -> Field:
    """ "V/v ..." or "Về việc: ..." under the title: the petition's summary as its writer gives it."""
    for index, line in enumerate(lines[:30]):
        found = _SUBJECT.match(line.folded)
        if found is None or (title_box is not None and line.box.y < title_box.y):
            continue
        used = [line]
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following is not None and following.text.strip()[:1].islower():
            used.append(following)
        text = join_broken(used)
        text = text[len(line.text) - len(line.text[found.end() :]) :].strip(" ()")
        if text:
            return Field(text[:300], text, lines_confidence(used) * 0.9, lines_box(used))
    return NOTHING


def _paragraphs(lines: Sequence[Line]) -> str:
    """Lines of the body as its paragraphs: a line that ends a sentence, or one before an item ("1.",
    "-"), ends its paragraph; a word broken with a hyphen is joined."""
    paragraphs: list[list[Line]] = []
    for line in lines:
        starts_item = bool(re.match(r"^\s*(?:[-+•]|\d{1,2}[.)]|[a-z][.)])\s", line.text))
        if (
            not paragraphs
            or starts_item
            or paragraphs[-1][-1].text.rstrip().endswith((".", ":", ";", "!", "?"))
        ):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return "\n".join(join_broken(group) for group in paragraphs)


def _signature(line: Line) -> bool:
    """The writer's name signed at the bottom right, under the body: two to five words of a name."""
    words = line.text.split()
    return (
        line.box.x > 0.4 * line.page_width
        and 2 <= len(words) <= 5
        and all(is_name_word(word) for word in words)
    )


def read_content(lines: Sequence[Line], *, after: int, person_lines: set[int]) -> Field:
    """The body of the letter: after its heading, the addressee and the writer's particulars, up to its
    closing ("Tôi xin chân thành cảm ơn", "NGƯỜI KHIẾU NẠI", "(Ký, ghi rõ họ tên)"). The writer's own lines
    (name, address, card, phone) are not copied into it: they are the petitioner's fields."""
    body: list[Line] = []
    addressee: tuple[int, Line] | None = None  # the last line of "Kính gửi" and those listed under it
    for index, line in enumerate(lines):
        if index <= after or index in person_lines:
            continue
        if _HEADING.search(line.folded) or read_title([line]).value:
            continue
        if _ADDRESSEE.match(line.folded):
            addressee = (index, line)
            continue
        if addressee is not None and not body and index == addressee[0] + 1:
            indented = line.box.x > addressee[1].box.x + 0.05 * line.page_width
            if indented or line.text.strip().startswith(("-", "+")):
                addressee = (index, line)  # the addressees listed under "Kính gửi"
                continue
        if _CLOSING.match(line.folded) or (body and _signature(line)):
            break
        if _SUBJECT.match(line.folded) and not body:
            continue
        body.append(line)
    if not body:
        return NOTHING
    text = _paragraphs(body)
    return Field(
        text, text[:200], lines_confidence(body), lines_box([b for b in body if b.page == body[0].page])
    )


def _first_sentence(content: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s", content.strip(), maxsplit=1)[0]
    return sentence[:300].rstrip(" ,;:")


# --- the whole registration --------------------------------------------------------------------------------


def kind_from_text(text: str) -> str | None:
    """The kind the writer declares in the text ("nay tôi làm đơn tố cáo ..."), without a learnt model."""
    from chancery.petitions.classify import declared_kind

    declared = declared_kind(text)
    return declared[0] if declared else None


def propose(
    lines: Sequence[Line], *, classify_text: Callable[[str], str | None] = kind_from_text
) -> LetterProposal:
    """The registration proposed from a letter's lines (its pages in order), every field with its text,
    confidence and box; `classify_text` gives the kind of a letter without a title."""
    lines = list(lines)
    if not lines:
        return LetterProposal()
    kind = read_title(lines)
    title_at = next(
        (i for i, line in enumerate(lines[:25]) if kind.box is not None and line.box == kind.box), -1
    )
    addressed_at = next((i for i, line in enumerate(lines[:30]) if _ADDRESSEE.match(line.folded)), -1)
    name = read_name(lines)
    address, address_lines = read_address(lines)
    province, ward = read_place(address)
    id_number, phone = read_id_number(lines), read_phone(lines)
    person_lines = {
        index
        for index, line in enumerate(lines)
        if line in address_lines
        or any(
            field.box is not None
            and field.box.page == line.page
            and line.box.y <= field.box.y < line.box.bottom
            for field in (name, id_number, phone)
            if field is not name or field.note == ""
        )
    }
    subject = read_subject(lines, kind.box)
    content = read_content(lines, after=max(title_at, addressed_at - 1), person_lines=person_lines)
    if kind.value is None and content.value:
        found = classify_text(f"{subject.value or ''}\n{content.value}")
        if found:
            kind = Field(found, "", 0.5, None, note="đoán theo nội dung đơn (không thấy tên loại đơn)")
    summary = subject
    if summary.value is None and content.value:
        sentence = _first_sentence(content.value)
        summary = Field(sentence, sentence, 0.3, content.box, note="câu đầu của nội dung: hãy tóm tắt lại")
    # a summary and a content open with a capital, as the petition shows them ("V/v phản ánh ..." read as
    # "Phản ánh ...", the content after the writer's "tôi là ..." clause)
    if summary.value:
        summary = dataclasses.replace(summary, value=summary.value[:1].upper() + summary.value[1:])
    if content.value:
        content = dataclasses.replace(content, value=content.value[:1].upper() + content.value[1:])
    return LetterProposal(
        {
            "full_name": name,
            "address": address,
            "province": province,
            "ward": ward,
            "id_number": id_number,
            "phone": phone,
            "kind": kind,
            "summary": summary,
            "content": content,
        }
    )
