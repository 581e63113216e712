"""Citizens' letters made up with what the registration should read from them: for the reading rules' tests
(as text, with the slips OCR makes: `as_text`, laid out by `documents.scanning.words.lines_from_text`) and
for the bench (drawn on an A4 page: `page_image`). The names, places and matters are invented; the addresses
are real units, some written with the districts and provinces before the 2025 reform."""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from typing import Any

from chancery.documents.scanning.generated import GIVEN, MIDDLE, SURNAMES, unaccented

# (the address as written, today's province code, today's commune code)
ADDRESSES = (
    ("Số 12 ngõ 5, phường Ba Đình, Thành phố Hà Nội", 1, 4),
    ("Thôn Đông, xã Nhật Tân, huyện Kim Bảng, tỉnh Hà Nam", 37, 13402),
    ("Tổ 3, phường Điện Biên, quận Ba Đình, thành phố Hà Nội", 1, 4),
    ("Số 8 đường Lê Lợi, phường Sài Gòn, Thành phố Hồ Chí Minh", 79, 26740),
    ("Xóm 2, xã Hưng Nguyên, tỉnh Nghệ An", 40, 18001),
    ("Ấp Bình An, xã Tân Phú, tỉnh Đồng Nai", 75, 26116),
    ("Số 40 Trần Phú, phường Hạc Thành, tỉnh Thanh Hóa", 38, 14797),
    ("Tổ 7, phường Hải Châu, thành phố Đà Nẵng", 48, 20242),
)
KINDS = {
    "complaint": "ĐƠN KHIẾU NẠI",
    "denunciation": "ĐƠN TỐ CÁO",
    "recommendation": "ĐƠN KIẾN NGHỊ",
    "reflection": "ĐƠN PHẢN ÁNH",
}
MATTERS = {
    "complaint": (
        "Quyết định thu hồi đất số 125/QĐ-UBND của Ủy ban nhân dân huyện",
        "việc bồi thường, hỗ trợ khi Nhà nước thu hồi đất của gia đình tôi chưa thỏa đáng",
    ),
    "denunciation": (
        "hành vi nhận tiền của người dân khi làm thủ tục cấp giấy chứng nhận quyền sử dụng đất",
        "việc cán bộ địa chính xã sách nhiễu, gây khó khăn cho người dân",
    ),
    "recommendation": (
        "việc sửa đổi quy định về chế độ trợ cấp cho người có công với cách mạng",
        "việc xem xét lại chế độ chính sách đối với thân nhân liệt sĩ",
    ),
    "reflection": (
        "tình trạng ô nhiễm môi trường do cơ sở sản xuất gạch gây ra",
        "việc tuyến đường liên xã xuống cấp nghiêm trọng gây mất an toàn giao thông",
    ),
}
# how the writer is introduced: "{name}" is replaced by the name
INTRODUCTIONS = ("Tôi tên là: {name}", "Họ và tên: {name}", "Người {kind_word}: {name}", None)
ADDRESS_WORDS = ("Địa chỉ", "Nơi cư trú", "Trú tại", "Địa chỉ thường trú")
KIND_WORDS = {
    "complaint": "khiếu nại",
    "denunciation": "tố cáo",
    "recommendation": "kiến nghị",
    "reflection": "phản ánh",
}


@dataclass(frozen=True)
class LetterSpecimen:
    """A made-up letter: what is written on it, which is what its registration should say."""

    kind: str
    full_name: str
    salutation: str  # "Ông" or "Bà"
    address: str
    province_code: int
    ward_code: int
    id_number: str
    phone: str
    matter: str
    written_on: dt.date
    introduction: str | None  # None: the name only at the signature
    address_word: str
    titled: bool = True  # the title names the kind

    @property
    def summary(self) -> str:
        return f"{KIND_WORDS[self.kind]} {self.matter}"

    @property
    def content_lines(self) -> list[str]:
        word = KIND_WORDS[self.kind]
        return [
            f"Nay tôi làm đơn này {word} {self.matter}.",
            "Sự việc đã kéo dài nhiều năm, gia đình tôi đã nhiều lần gửi đơn đến các cơ quan",
            "có thẩm quyền nhưng đến nay vẫn chưa được xem xét, giải quyết.",
            "Đề nghị Chủ tịch nước chỉ đạo các cơ quan chức năng xem xét, giải quyết theo quy định",
            "của pháp luật.",
        ]

    @property
    def content(self) -> str:
        lines = self.content_lines
        return "\n".join([lines[0], f"{lines[1]} {lines[2]}", f"{lines[3]} {lines[4]}"])


def random_letter(rng: random.Random, *, year: int = 2025) -> LetterSpecimen:
    kind = rng.choice(tuple(KINDS))
    address, province, ward = rng.choice(ADDRESSES)
    middle = rng.choice(MIDDLE)
    return LetterSpecimen(
        kind=kind,
        full_name=f"{rng.choice(SURNAMES)} {middle} {rng.choice(GIVEN)}",
        salutation="Bà" if middle == "Thị" else "Ông",
        address=address,
        province_code=province,
        ward_code=ward,
        id_number="0" + "".join(rng.choice("0123456789") for _ in range(11)),
        phone="09" + "".join(rng.choice("0123456789") for _ in range(8)),
        matter=rng.choice(MATTERS[kind]),
        written_on=dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365)),
        introduction=rng.choice(INTRODUCTIONS),
        address_word=rng.choice(ADDRESS_WORDS),
        titled=rng.random() > 0.1,
    )


@dataclass(frozen=True)
class Noise:
    """OCR's slips, each on or off: `accents` drops the diacritics of every other word, `broken` breaks the
    address over two lines, `capitals` writes the name in capitals."""

    accents: bool = False
    broken: bool = False
    capitals: bool = False


def _noisy(text: str, noise: Noise) -> str:
    if not noise.accents:
        return text
    return " ".join(unaccented(w) if i % 2 else w for i, w in enumerate(text.split(" ")))


GAP = " " * 8  # the right column of `words.lines_from_text`


def rows(spec: LetterSpecimen, noise: Noise = Noise()) -> list[str]:
    """The letter line by line; a row starting with `GAP` is on the right half of the page."""
    name = spec.full_name.upper() if noise.capitals else spec.full_name
    written = spec.written_on
    out = [
        f"{GAP}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        f"{GAP}Độc lập - Tự do - Hạnh phúc",
        f"{GAP}{_noisy(f'ngày {written.day:02d} tháng {written.month:02d} năm {written.year}', noise)}",
        _noisy(KINDS[spec.kind], noise) if spec.titled else "ĐƠN",
        _noisy(f"(V/v {KIND_WORDS[spec.kind]} {spec.matter})", noise),
        "Kính gửi: Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam",
    ]
    if spec.introduction:
        intro = spec.introduction.format(name=name, kind_word=KIND_WORDS[spec.kind])
        out.append(_noisy(intro.split(":")[0], noise) + ":" + intro.split(":", 1)[1])
    address = f"{spec.address_word}: {_noisy(spec.address, noise)}"
    if noise.broken:
        words = address.split(" ")
        cut = max(3, len(words) // 2 + 1)
        out.extend([" ".join(words[:cut]), " ".join(words[cut:])])
    else:
        out.append(address)
    out.append(f"Số CCCD: {spec.id_number}")
    out.append(f"Số điện thoại: {spec.phone}")
    out.extend(_noisy(line, noise) for line in spec.content_lines)
    out.append("Tôi xin chân thành cảm ơn.")
    out.append(f"{GAP}NGƯỜI {KIND_WORDS[spec.kind].upper()}")
    out.append(f"{GAP}(Ký, ghi rõ họ tên)")
    out.append("")
    out.append(f"{GAP}{name}")
    return out


def as_text(spec: LetterSpecimen, noise: Noise = Noise()) -> str:
    """The letter as OCR would give it, for `words.lines_from_text`."""
    return re.sub(r"\n{3,}", "\n\n", "\n".join(rows(spec, noise)))


def page_image(spec: LetterSpecimen, *, dpi: int = 300) -> Any:
    """The letter typed on an A4 page at `dpi` (DejaVu Serif, 13 points), as a citizen prints one."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = round(8.27 * dpi), round(11.69 * dpi)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    size = round(13 * dpi / 72)
    regular = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", size)
    bold = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf", size)
    left, y = round(0.9 * dpi), round(0.8 * dpi)
    for row in rows(spec):
        right = row.startswith(GAP)
        text = row.strip()
        font = bold if text.isupper() and text else regular
        if text:
            x = width // 2 if right else left
            if text.startswith("ĐƠN"):
                x = (width - round(draw.textlength(text, font=font))) // 2
            for piece in _wrapped(draw, text, font, width - x - round(0.7 * dpi)):
                draw.text((x, y), piece, fill="black", font=font)
                y += round(size * 1.5)
        else:
            y += round(size * 1.5)
    return image


def _wrapped(draw: Any, text: str, font: Any, room: int) -> list[str]:
    lines, current = [], ""
    for word in text.split(" "):
        trial = f"{current} {word}".strip()
        if current and draw.textlength(trial, font=font) > room:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current else lines
