"""Labelled letters for measuring the duplicate check: Vietnamese petitions as citizens write them, each with
the matter it is about, and the copies and rewrites a real register holds.

An original letter is a free letter about one matter (land recovered and badly compensated, a land-use
certificate never issued, a commune chairman who took money, unpaid wages, a factory's waste water, a deposit
not returned, a father never recognised as a martyr, a judgment to review, a war invalid's allowance) or one
of two pre-printed forms filled in (a plea for clemency for a prisoner sentenced to death; a complaint about
the compensation for a recovered parcel). Its facts (numbers, names, places, dates) are drawn at random;
every letter comes with its frame: the national heading or not, the place and date, a title, "Kính gửi"
with one or several addressees, the writer's identity in a sentence or in a form's fields, a closing formula
and the signature block.

The same matter comes back as:
- resend: the same body in a new frame (other addressees, date and closing, sometimes "gửi lần hai");
- cosigner: the same body signed by a neighbour of the same commune, with their name and address;
- retype: the same letter typed again, often without diacritics, with a typo in one word in fifty;
- paraphrase: the same facts in other words, sentences reordered, one detail left out or added; by the same
  writer, or (a prisoner, a martyr, a convicted son) by another member of the family;
- name_typo: the same writer with their name misspelt (a diacritic, or one letter), resent or rewritten.

Hard negatives: the same pre-printed form filled for another prisoner or another parcel (sometimes by the
same writer: a family with two parcels), and letters of one writer about two matters.

`corpus(n, seed)` returns the letters of n matters, originals first then their variants, in the order they
would arrive; `Letter.matter` is the label (letters with the same matter are the same matter).
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace

from chancery.core.provinces import province_name, wards_of
from chancery.petitions.demo import GIVEN, MIDDLE, SURNAMES, reword
from chancery.petitions.models import Field, PetitionKind

PROVINCES = [1, 79, 38, 37, 40, 31, 48, 52, 92, 86, 24, 33, 25, 66, 68, 75]


@dataclass(frozen=True)
class Writer:
    name: str
    birth: int
    village: str
    ward: str
    ward_code: int | None
    province_code: int
    id_number: str
    phone: str

    @property
    def province(self) -> str:
        return province_name(self.province_code)

    @property
    def address(self) -> str:
        return f"{self.village}, {self.ward}, {self.province}"


@dataclass(frozen=True)
class Letter:
    matter: str
    variant: str
    summary: str
    content: str
    writer: Writer
    kind: str
    field: str
    form: str = ""  # the pre-printed form it was written on, if any


# --- people and places ----------------------------------------------------------------------------------


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _writer(
    rng: random.Random, province: int | None = None, ward: tuple[str, int | None] | None = None
) -> Writer:
    province = province or rng.choice(PROVINCES)
    if ward is None:
        wards = wards_of(province)
        chosen = rng.choice(wards) if wards else None
        ward = (chosen.name, int(chosen.code)) if chosen else ("xã Tân Lập", None)
    return Writer(
        name=_name(rng),
        birth=rng.randint(1945, 1995),
        village=rng.choice(["thôn", "xóm", "tổ dân phố", "ấp"]) + f" {rng.randint(1, 15)}",
        ward=ward[0],
        ward_code=ward[1],
        province_code=province,
        id_number=f"{province:03d}{rng.randint(0, 999999999):09d}" if rng.random() < 0.6 else "",
        phone=f"09{rng.randint(10000000, 99999999)}" if rng.random() < 0.6 else "",
    )


FIRM_WORDS = [
    "Hưng",
    "Phát",
    "Minh",
    "Long",
    "Tân",
    "Tiến",
    "Đại",
    "Thành",
    "Phú",
    "Gia",
    "An",
    "Khang",
    "Thịnh",
    "Vượng",
    "Hoàng",
    "Hải",
    "Việt",
    "Nhật",
    "Sao",
    "Mai",
    "Bình",
    "Minh",
    "Trường",
    "Sơn",
    "Hồng",
    "Hà",
    "Kim",
    "Ngân",
    "Thái",
    "Dương",
    "Đông",
    "Á",
    "Nam",
    "Việt",
    "Thiên",
    "Phúc",
    "Quang",
    "Trung",
    "Hòa",
    "Bình",
    "Thành",
    "Công",
]


def _firm(rng: random.Random) -> str:
    return " ".join(rng.sample(FIRM_WORDS, 2)) + (f" {rng.randint(1, 99)}" if rng.random() < 0.3 else "")


def _neighbour(rng: random.Random, writer: Writer) -> Writer:
    other = _writer(rng, writer.province_code, (writer.ward, writer.ward_code))
    return replace(other, village=writer.village if rng.random() < 0.5 else other.village)


def _relative(rng: random.Random, writer: Writer) -> Writer:
    """Another member of the family: the same family name, the same address."""
    surname = writer.name.split()[0] if rng.random() < 0.6 else rng.choice(SURNAMES)
    other = _writer(rng, writer.province_code, (writer.ward, writer.ward_code))
    return replace(other, name=f"{surname} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}", village=writer.village)


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def strip_marks(text: str) -> str:
    """The text typed without diacritics (đ as d), capitals kept."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def misspell_name(rng: random.Random, name: str) -> str:
    """A name with one diacritic changed (Hường → Hương) or one letter wrong (a neighbour key, a letter
    doubled or dropped) in one of its words after the family name."""
    parts = name.split()
    index = rng.randrange(1, len(parts))
    word = parts[index]
    if rng.random() < 0.5:
        decomposed = unicodedata.normalize("NFD", word)
        tones = [i for i, c in enumerate(decomposed) if c in _TONES]
        if tones:
            decomposed = decomposed[: tones[0]] + decomposed[tones[0] + 1 :]
        else:
            vowels = [i for i, c in enumerate(decomposed) if c.lower() in "aeiouy"]
            i = rng.choice(vowels) if vowels else len(decomposed) - 1
            decomposed = decomposed[: i + 1] + rng.choice(_TONES) + decomposed[i + 1 :]
        word = unicodedata.normalize("NFC", decomposed)
    else:
        word = _typo(rng, word, letters_only=True)
    parts[index] = word
    return " ".join(parts)


_NEIGHBOURS = {
    "a": "sq",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "q": "w",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "x": "zc",
    "y": "tu",
}


def _typo(rng: random.Random, word: str, *, letters_only: bool = False) -> str:
    positions = [i for i, c in enumerate(word) if c.isalpha() and strip_marks(c).lower() in _NEIGHBOURS]
    if len(positions) < 2:
        return word
    i = rng.choice(positions[1:] if letters_only else positions)
    base = strip_marks(word[i]).lower()
    kind = rng.choice(["neighbour", "double", "drop", "swap"])
    if kind == "neighbour":
        return word[:i] + rng.choice(_NEIGHBOURS[base]) + word[i + 1 :]
    if kind == "double":
        return word[: i + 1] + word[i] + word[i + 1 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i]


def retype(rng: random.Random, text: str) -> str:
    """Typed again: often without diacritics, a typo in about one word in fifty, other line breaks."""
    if rng.random() < 0.7:
        text = strip_marks(text)
    lines = []
    for line in text.split("\n"):
        words = line.split(" ")
        for i, word in enumerate(words):
            if len(word) > 3 and rng.random() < 0.02:
                words[i] = _typo(rng, word)
        lines.append(" ".join(words))
    joined: list[str] = []
    for line in lines:  # some lines run together, long ones break in two
        if joined and rng.random() < 0.3:
            joined[-1] += " " + line
        elif len(line) > 90 and rng.random() < 0.3:
            cut = line.find(" ", len(line) // 2)
            joined += [line[:cut], line[cut + 1 :]] if cut > 0 else [line]
        else:
            joined.append(line)
    return "\n".join(joined)


# --- the frame of a letter ------------------------------------------------------------------------------

ADDRESSEES = [
    "Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Chủ tịch nước",
    "Văn phòng Chủ tịch nước",
    "Ban Tiếp công dân Trung ương",
    "Thanh tra Chính phủ",
    "Ủy ban nhân dân tỉnh",
]
CLOSINGS = [
    "Tôi xin chân thành cảm ơn.",
    "Xin trân trọng cảm ơn.",
    "Tôi xin cam đoan những nội dung trình bày trên là đúng sự thật.",
    "Kính mong được quan tâm xem xét, giải quyết.",
    "Rất mong nhận được sự quan tâm của các cấp có thẩm quyền.",
]


def _date(rng: random.Random, year: int = 2025) -> tuple[int, int, int]:
    return rng.randint(1, 28), rng.randint(1, 12), year


def frame(
    rng: random.Random,
    writer: Writer,
    title: str,
    body_text: str,
    *,
    again: bool = False,
    form_identity: bool | None = None,
) -> str:
    """A whole letter around a body: heading, place and date, title, greeting, identity, body, closing,
    signature; each part in one of the ways people write it."""
    lines: list[str] = []
    day, month, year = _date(rng)
    dated = f"{writer.province.removeprefix('Thành phố ')}, ngày {day} tháng {month} năm {year}"
    if rng.random() < 0.7:
        lines += [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "-" * rng.randint(5, 20),
        ]
        if rng.random() < 0.5:
            lines.append(dated)
            dated = ""
    if rng.random() < 0.8:
        lines.append(f"ĐƠN {title.upper()}")
    addressees = rng.sample(ADDRESSEES, rng.randint(1, 3))
    lines.append("Kính gửi: " + ("; ".join(addressees) if rng.random() < 0.5 else "\n- ".join(addressees)))
    if form_identity is None:
        form_identity = rng.random() < 0.5
    if form_identity:
        lines.append(f"Tôi tên là: {writer.name}    Sinh năm: {writer.birth}")
        lines.append(f"Địa chỉ: {writer.address}")
        extra = []
        if writer.id_number:
            extra.append(f"Số CCCD: {writer.id_number}")
        if writer.phone:
            extra.append(f"Điện thoại: {writer.phone}")
        if extra:
            lines.append("    ".join(extra))
    else:
        sentence = rng.choice(
            [
                f"Tôi tên là {writer.name}, sinh năm {writer.birth}, trú tại {writer.address}.",
                f"Tôi là {writer.name}, sinh năm {writer.birth}, thường trú tại {writer.address}.",
                f"Tôi tên là {writer.name}, cư trú tại {writer.address}"
                + (f", điện thoại {writer.phone}" if writer.phone else "")
                + ".",
            ]
        )
        lines.append(sentence)
    if again:
        lines.append(
            rng.choice(
                [
                    "Tôi đã gửi đơn nhưng đến nay chưa nhận được trả lời, nay tôi tiếp tục gửi đơn.",
                    "Đây là lần thứ hai tôi gửi đơn về việc này.",
                    "Tôi xin gửi lại đơn như sau.",
                ]
            )
        )
    lines.append(body_text)
    lines.append(rng.choice(CLOSINGS))
    if dated:
        lines.append(dated)
    lines += [
        rng.choice(["Người làm đơn", "Người viết đơn", "NGƯỜI LÀM ĐƠN"]),
        "(Ký, ghi rõ họ tên)",
        writer.name,
    ]
    return "\n".join(lines)


# --- matters: free letters ------------------------------------------------------------------------------

# A matter is a function (rng, writer) -> facts, and a body writer (facts, rng, wording) -> (title, summary,
# body); wording 0 is the first writing, 1 a rewriting in other words.
Facts = dict[str, object]


def _assemble(
    rng: random.Random, sentences: list[list[str]], details: list[list[str]], wording: int, f: Facts
) -> str:
    """A body from its sentences' wordings: each writer words a matter in their own way (`f["style"]` picks
    the first writing's wordings and details); a rewriting takes another wording of every sentence, moves
    the middle ones, leaves a detail out or adds one, and words the common phrases its own way."""
    style = random.Random(str(f["style"]))
    first = [style.randrange(len(options)) for options in sentences]
    kept = [style.random() < 0.7 for _ in details]
    if wording == 0:
        chosen = [options[i] for options, i in zip(sentences, first, strict=True)]
        extra = [style.choice(options) for options, keep in zip(details, kept, strict=True) if keep]
        return reword(" ".join(chosen[:-1] + extra + chosen[-1:]), style)
    chosen = [
        rng.choice([o for j, o in enumerate(options) if j != i] or options)
        for options, i in zip(sentences, first, strict=True)
    ]
    extra = [
        rng.choice(options) for options, keep in zip(details, kept, strict=True) if keep or rng.random() < 0.3
    ]
    if extra and rng.random() < 0.5:
        extra.pop(rng.randrange(len(extra)))
    if len(chosen) > 2:  # the account keeps its first and last sentence; the middle moves
        middle = chosen[1:-1]
        rng.shuffle(middle)
        chosen = [chosen[0], *middle, chosen[-1]]
    return reword(" ".join(chosen[:-1] + extra + chosen[-1:]), rng)


def land_recovery(rng: random.Random, writer: Writer) -> Facts:
    return {
        "area": rng.randint(80, 4000),
        "parcel": rng.randint(10, 900),
        "sheet": rng.randint(1, 60),
        "decision": rng.randint(100, 9999),
        "day": rng.randint(1, 28),
        "month": rng.randint(1, 12),
        "year": rng.randint(2019, 2024),
        "project": rng.choice(
            ["khu đô thị mới", "đường vành đai", "khu công nghiệp", "trường học liên xã", "cụm công nghiệp"]
        ),
        "price": rng.randint(60, 400),
        "market": rng.randint(800, 4000),
        "district": rng.choice(["Đông Sơn", "Yên Định", "Thanh Trì", "Gia Lâm", "Bình Chánh", "Châu Thành"]),
    }


def land_recovery_body(f: Facts, rng: random.Random, wording: int) -> tuple[str, str, str]:
    sentences = [
        [
            f"Gia đình tôi có {f['area']} m2 đất nông nghiệp tại thửa số {f['parcel']}, tờ bản đồ số {f['sheet']}, "
            f"đã được cấp giấy chứng nhận quyền sử dụng đất.",
            f"Thửa đất số {f['parcel']}, tờ bản đồ số {f['sheet']}, diện tích {f['area']} m2 là đất nông nghiệp "
            f"gia đình tôi canh tác ổn định nhiều năm, có giấy chứng nhận.",
            f"Hộ tôi được giao {f['area']} m2 đất trồng lúa (thửa {f['parcel']}, tờ bản đồ {f['sheet']}) và sử "
            f"dụng liên tục từ đó đến nay.",
        ],
        [
            f"Ngày {f['day']}/{f['month']}/{f['year']}, Ủy ban nhân dân huyện {f['district']} ban hành Quyết định "
            f"số {f['decision']}/QĐ-UBND thu hồi toàn bộ diện tích này để xây dựng {f['project']}.",
            f"Theo Quyết định số {f['decision']}/QĐ-UBND ngày {f['day']}/{f['month']}/{f['year']} của UBND huyện "
            f"{f['district']}, toàn bộ thửa đất bị thu hồi để làm {f['project']}.",
            f"UBND huyện {f['district']} đã thu hồi đất của gia đình tôi cho dự án {f['project']} bằng Quyết định "
            f"{f['decision']}/QĐ-UBND ký ngày {f['day']}/{f['month']}/{f['year']}.",
        ],
        [
            f"Đơn giá bồi thường chỉ {f['price']}.000 đồng/m2 trong khi giá chuyển nhượng thực tế tại địa phương "
            f"khoảng {f['market']}.000 đồng/m2.",
            f"Giá bồi thường được áp là {f['price']}.000 đồng một mét vuông, quá thấp so với giá thị trường khoảng "
            f"{f['market']}.000 đồng một mét vuông.",
            f"Mỗi mét vuông chúng tôi chỉ được bồi thường {f['price']}.000 đồng, trong khi người dân xung quanh "
            f"mua bán với giá {f['market']}.000 đồng.",
        ],
        [
            "Gia đình tôi không được hỗ trợ chuyển đổi nghề nghiệp và không được bố trí đất tái định cư.",
            "Chúng tôi cũng không nhận được khoản hỗ trợ đào tạo, chuyển đổi nghề hay tái định cư nào.",
            "Ngoài tiền đất, gia đình không được hỗ trợ gì thêm dù đã mất toàn bộ đất sản xuất.",
        ],
        [
            "Tôi đề nghị Chủ tịch nước chỉ đạo các cơ quan có thẩm quyền xem xét lại quyết định thu hồi đất và "
            "phương án bồi thường, bảo đảm quyền lợi hợp pháp của gia đình tôi.",
            "Vì vậy tôi làm đơn này đề nghị xem xét lại giá bồi thường và giải quyết chế độ hỗ trợ theo đúng quy "
            "định của pháp luật.",
            "Kính đề nghị các cấp có thẩm quyền kiểm tra, yêu cầu UBND huyện bồi thường thỏa đáng cho gia đình.",
        ],
    ]
    details = [
        [
            f"Gia đình tôi đã khiếu nại lên UBND huyện {f['district']} nhưng đến nay chưa được giải quyết.",
            "Tôi đã nhiều lần làm đơn gửi chính quyền địa phương nhưng không được trả lời thỏa đáng.",
        ],
        [
            "Hiện gia đình có năm nhân khẩu không còn đất sản xuất, đời sống rất khó khăn.",
            "Cả nhà tôi sống nhờ vào mảnh đất này, nay không còn nguồn thu nhập.",
        ],
    ]
    return (
        "khiếu nại về bồi thường khi thu hồi đất",
        f"Khiếu nại mức bồi thường khi thu hồi thửa đất số {f['parcel']} theo Quyết định {f['decision']}/QĐ-UBND"
        if wording == 0
        else f"Đề nghị xem xét lại giá bồi thường đất theo Quyết định {f['decision']}/QĐ-UBND",
        _assemble(rng, sentences, details, wording, f),
    )


def land_certificate(rng: random.Random, writer: Writer) -> Facts:
    return {
        "area": rng.randint(60, 900),
        "parcel": rng.randint(10, 900),
        "sheet": rng.randint(1, 60),
        "since": rng.randint(1975, 2000),
        "filed": f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(2018, 2023)}",
        "receipt": rng.randint(1000, 99999),
    }


def land_certificate_body(f: Facts, rng: random.Random, wording: int) -> tuple[str, str, str]:
    sentences = [
        [
            f"Gia đình tôi sử dụng ổn định {f['area']} m2 đất ở tại thửa số {f['parcel']}, tờ bản đồ số {f['sheet']} "
            f"từ năm {f['since']}, không có tranh chấp.",
            f"Từ năm {f['since']} gia đình tôi đã ở trên thửa đất số {f['parcel']} (tờ bản đồ {f['sheet']}), diện "
            f"tích {f['area']} m2, hàng xóm xung quanh đều xác nhận không tranh chấp.",
        ],
        [
            f"Ngày {f['filed']}, tôi đã nộp đầy đủ hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất, có giấy "
            f"biên nhận số {f['receipt']}.",
            f"Hồ sơ xin cấp sổ đỏ của tôi được tiếp nhận ngày {f['filed']} theo biên nhận số {f['receipt']}.",
        ],
        [
            "Đến nay đã quá thời hạn nhưng cơ quan chức năng vẫn chưa cấp giấy, cán bộ địa chính nhiều lần yêu "
            "cầu bổ sung giấy tờ không có trong quy định.",
            "Quá hạn đã lâu mà vẫn chưa có giấy chứng nhận; mỗi lần hỏi, cán bộ lại đòi thêm giấy tờ mới.",
        ],
        [
            "Tôi kiến nghị cơ quan có thẩm quyền chỉ đạo cấp giấy chứng nhận quyền sử dụng đất cho gia đình tôi "
            "theo đúng quy định.",
            "Kính đề nghị các cơ quan có thẩm quyền sớm giải quyết cấp giấy chứng nhận cho gia đình tôi.",
        ],
    ]
    details = [
        [
            "Gia đình tôi đã nộp thuế sử dụng đất đầy đủ hằng năm.",
            "Hằng năm tôi vẫn đóng thuế đất đầy đủ, có biên lai lưu giữ.",
        ]
    ]
    return (
        "kiến nghị cấp giấy chứng nhận quyền sử dụng đất",
        f"Kiến nghị cấp giấy chứng nhận quyền sử dụng đất thửa số {f['parcel']}"
        if wording == 0
        else "Đề nghị giải quyết hồ sơ cấp sổ đỏ bị chậm",
        _assemble(rng, sentences, details, wording, f),
    )


def official(rng: random.Random, writer: Writer) -> Facts:
    return {
        "official": _name(rng),
        "title": rng.choice(
            ["Chủ tịch UBND xã", "cán bộ địa chính xã", "Phó Chủ tịch UBND xã", "trưởng thôn"]
        ),
        "amount": rng.randint(50, 2000),
        "households": rng.randint(5, 120),
        "year": rng.randint(2020, 2024),
        "fund": rng.choice(
            ["tiền hỗ trợ bão lụt", "tiền hỗ trợ hộ nghèo", "tiền đền bù giải phóng mặt bằng"]
        ),
    }


def official_body(f: Facts, rng: random.Random, wording: int) -> tuple[str, str, str]:
    sentences = [
        [
            f"Tôi tố cáo ông {f['official']}, {f['title']}, đã lợi dụng chức vụ lập danh sách khống để chiếm "
            f"đoạt {f['fund']} năm {f['year']}.",
            f"Tôi làm đơn tố cáo ông {f['official']} là {f['title']} có hành vi lập khống danh sách, chiếm đoạt "
            f"{f['fund']} của năm {f['year']}.",
        ],
        [
            f"Tổng số tiền bị chiếm đoạt khoảng {f['amount']} triệu đồng của {f['households']} hộ dân.",
            f"Có {f['households']} hộ bị ký nhận khống, số tiền khoảng {f['amount']} triệu đồng.",
        ],
        [
            "Nhiều hộ dân bị ép ký nhận số tiền lớn hơn số tiền thực nhận.",
            "Người dân bị buộc ký vào danh sách với số tiền cao hơn số tiền được phát.",
        ],
        [
            "Đề nghị cơ quan có thẩm quyền xác minh, xử lý nghiêm theo quy định của pháp luật.",
            "Kính đề nghị thanh tra, làm rõ và xử lý nghiêm sai phạm của cán bộ này.",
        ],
    ]
    details = [
        ["Tôi có danh sách và ảnh chụp kèm theo đơn.", "Kèm theo đơn là danh sách ký nhận và ảnh chụp."]
    ]
    return (
        "tố cáo",
        f"Tố cáo ông {f['official']} chiếm đoạt {f['fund']}"
        if wording == 0
        else f"Tố cáo sai phạm của {f['title']}",
        _assemble(rng, sentences, details, wording, f),
    )


def wages(rng: random.Random, writer: Writer) -> Facts:
    return {
        "company": f"Công ty {rng.choice(['TNHH', 'cổ phần', 'TNHH MTV'])} {_firm(rng)}",
        "months": rng.randint(3, 14),
        "workers": rng.randint(20, 600),
        "owed": rng.randint(40, 900),
        "since": rng.randint(2019, 2023),
    }


def wages_body(f: Facts, rng: random.Random, wording: int) -> tuple[str, str, str]:
    sentences = [
        [
            f"Tôi và {f['workers']} công nhân làm việc tại {f['company']} bị nợ lương {f['months']} tháng liên tục.",
            f"{f['company']} đã nợ lương của {f['workers']} người lao động, trong đó có tôi, suốt {f['months']} tháng.",
        ],
        [
            f"Công ty không đóng bảo hiểm xã hội từ năm {f['since']} dù vẫn trừ vào lương của người lao động.",
            f"Từ năm {f['since']} công ty trừ tiền bảo hiểm xã hội hằng tháng nhưng không nộp cho cơ quan bảo hiểm.",
        ],
        [
            f"Tổng số tiền lương còn nợ khoảng {f['owed']} triệu đồng.",
            f"Số lương bị nợ cộng lại khoảng {f['owed']} triệu đồng.",
        ],
        [
            "Đề nghị cơ quan có thẩm quyền buộc công ty trả đủ lương và đóng bảo hiểm xã hội cho người lao động.",
            "Chúng tôi đề nghị các cơ quan chức năng can thiệp để công ty thanh toán lương và bảo hiểm.",
        ],
    ]
    details = [
        ["Giám đốc công ty nhiều lần hứa trả nhưng không thực hiện.", "Công ty hẹn nhiều lần rồi lại thôi."]
    ]
    return (
        "khiếu nại",
        f"Khiếu nại {f['company']} nợ lương {f['months']} tháng"
        if wording == 0
        else "Đề nghị buộc công ty trả lương, đóng bảo hiểm",
        _assemble(rng, sentences, details, wording, f),
    )


def pollution(rng: random.Random, writer: Writer) -> Facts:
    return {
        "facility": rng.choice(
            [
                "cơ sở chế biến tinh bột sắn",
                "lò giết mổ",
                "xưởng tái chế nhựa",
                "trại chăn nuôi lợn",
                "nhà máy giấy",
            ]
        )
        + " "
        + _firm(rng),
        "canal": rng.choice(["kênh", "mương", "sông", "rạch"]) + f" {rng.choice(GIVEN)} {rng.randint(1, 30)}",
        "months": rng.randint(3, 30),
        "households": rng.randint(20, 300),
    }


def pollution_body(f: Facts, rng: random.Random, wording: int) -> tuple[str, str, str]:
    sentences = [
        [
            f"Tôi xin phản ánh: {f['facility']} xả nước thải chưa qua xử lý ra {f['canal']} suốt {f['months']} tháng nay.",
            f"Đã {f['months']} tháng nay {f['facility']} thải nước bẩn thẳng ra {f['canal']}, không qua xử lý.",
        ],
        [
            f"Mùi hôi thối bao trùm khu dân cư, khoảng {f['households']} hộ dân bị ảnh hưởng, cá nuôi chết hàng loạt.",
            f"Khoảng {f['households']} hộ sống dọc kênh phải chịu mùi hôi, ao cá của nhiều nhà bị chết.",
        ],
        [
            "Người dân đã phản ánh với chính quyền địa phương nhưng chưa được xử lý.",
            "Chính quyền xã đã được báo nhiều lần nhưng vẫn để tình trạng kéo dài.",
        ],
        [
            "Đề nghị các cơ quan chức năng kiểm tra, xử lý dứt điểm tình trạng ô nhiễm môi trường này.",
            "Mong cơ quan có thẩm quyền sớm kiểm tra và buộc cơ sở dừng xả thải.",
        ],
    ]
    return (
        "phản ánh",
        f"Phản ánh {f['facility']} gây ô nhiễm {f['canal']}"
        if wording == 0
        else "Phản ánh ô nhiễm nguồn nước",
        _assemble(rng, sentences, [], wording, f),
    )


def deposit(rng: random.Random, writer: Writer) -> Facts:
    return {
        "other": _name(rng),
        "amount": rng.randint(50, 900),
        "date": f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(2021, 2024)}",
        "thing": rng.choice(["căn nhà", "lô đất", "chiếc xe ô tô"]),
    }


def deposit_body(f: Facts, rng: random.Random, wording: int) -> tuple[str, str, str]:
    sentences = [
        [
            f"Ngày {f['date']}, tôi có đặt cọc {f['amount']} triệu đồng cho bà {f['other']} để mua {f['thing']}, "
            f"hai bên có viết giấy đặt cọc.",
            f"Tôi đã giao cho bà {f['other']} {f['amount']} triệu đồng tiền đặt cọc mua {f['thing']} vào ngày "
            f"{f['date']}, có giấy viết tay.",
        ],
        [
            f"Sau đó bà {f['other']} không bán {f['thing']} như đã thỏa thuận nhưng cũng không trả lại tiền cọc.",
            f"Bà {f['other']} đã không thực hiện việc bán như cam kết, cũng không hoàn trả tiền đặt cọc cho tôi.",
        ],
        [
            "Tôi đề nghị các cơ quan có thẩm quyền giúp tôi đòi lại số tiền đã đặt cọc.",
            "Kính mong cơ quan chức năng can thiệp để bà này trả lại tiền cho tôi.",
        ],
    ]
    return (
        "đề nghị",
        f"Đề nghị giải quyết việc bà {f['other']} không trả tiền đặt cọc"
        if wording == 0
        else "Đòi lại tiền đặt cọc",
        _assemble(rng, sentences, [], wording, f),
    )


def martyr(rng: random.Random, writer: Writer) -> Facts:
    return {
        "father": _name(rng),
        "enlisted": rng.randint(1960, 1975),
        "died": rng.randint(1968, 1979),
        "unit": f"Trung đoàn {rng.randint(1, 300)}",
        "place": rng.choice(["Quảng Trị", "Tây Ninh", "Campuchia", "Lạng Sơn", "Tây Nguyên"]),
    }


def martyr_body(f: Facts, rng: random.Random, wording: int) -> tuple[str, str, str]:
    sentences = [
        [
            f"Bố tôi là ông {f['father']}, nhập ngũ năm {f['enlisted']}, thuộc {f['unit']}, hy sinh năm {f['died']} "
            f"tại {f['place']}.",
            f"Bố tôi là ông {f['father']} vào bộ đội năm {f['enlisted']}, chiến đấu ở {f['unit']} và đã hy sinh tại "
            f"{f['place']} năm {f['died']}.",
        ],
        [
            "Do thất lạc giấy báo tử nên đến nay bố tôi chưa được công nhận là liệt sĩ.",
            "Giấy báo tử đã bị thất lạc, vì thế bố tôi vẫn chưa được công nhận liệt sĩ.",
        ],
        [
            "Gia đình đã có xác nhận của đơn vị cũ và của các đồng đội cùng chiến đấu.",
            "Chúng tôi đã xin được giấy xác nhận của đơn vị và lời kể của đồng đội của bố.",
        ],
        [
            "Tôi kính đề nghị Chủ tịch nước xem xét công nhận liệt sĩ cho bố tôi.",
            "Gia đình kính mong Nhà nước xem xét, công nhận bố tôi là liệt sĩ.",
        ],
    ]
    return (
        "đề nghị công nhận liệt sĩ",
        f"Đề nghị công nhận liệt sĩ cho ông {f['father']}"
        if wording == 0
        else "Xin công nhận liệt sĩ cho bố tôi",
        _assemble(rng, sentences, [], wording, f),
    )


def judgment(rng: random.Random, writer: Writer) -> Facts:
    return {
        "number": rng.randint(10, 500),
        "year": rng.randint(2019, 2024),
        "date": f"{rng.randint(1, 28)}/{rng.randint(1, 12)}",
        "other": _name(rng),
        "court": "Tòa án nhân dân "
        + rng.choice(["tỉnh Thanh Hóa", "thành phố Hà Nội", "tỉnh Nghệ An", "tỉnh An Giang"]),
    }


def judgment_body(f: Facts, rng: random.Random, wording: int) -> tuple[str, str, str]:
    code = f"{f['number']}/{f['year']}/DS-PT"
    sentences = [
        [
            f"Tôi là đương sự trong vụ án tranh chấp quyền sử dụng đất với ông {f['other']}, đã được {f['court']} xét "
            f"xử phúc thẩm tại Bản án số {code} ngày {f['date']}/{f['year']}.",
            f"Vụ tranh chấp đất giữa tôi và ông {f['other']} đã có Bản án phúc thẩm số {code} của {f['court']} ngày "
            f"{f['date']}/{f['year']}.",
        ],
        [
            "Bản án không khách quan, đánh giá chứng cứ không đầy đủ, gây thiệt hại cho gia đình tôi.",
            "Tòa đã đánh giá sai chứng cứ, bỏ qua các giấy tờ gia đình tôi xuất trình.",
        ],
        [
            "Tôi đề nghị xem xét lại bản án theo thủ tục giám đốc thẩm.",
            "Kính đề nghị cấp có thẩm quyền kháng nghị giám đốc thẩm bản án nêu trên.",
        ],
    ]
    return (
        "đề nghị xem xét theo thủ tục giám đốc thẩm",
        f"Đề nghị giám đốc thẩm Bản án số {code}" if wording == 0 else "Đề nghị xem xét lại bản án phúc thẩm",
        _assemble(rng, sentences, [], wording, f),
    )


def invalid(rng: random.Random, writer: Writer) -> Facts:
    return {"wounded": rng.randint(1968, 1989), "rate": rng.randint(21, 81), "filed": rng.randint(2015, 2023)}


def invalid_body(f: Facts, rng: random.Random, wording: int) -> tuple[str, str, str]:
    sentences = [
        [
            f"Tôi tham gia quân đội, bị thương năm {f['wounded']} với tỷ lệ tổn thương cơ thể {f['rate']}%.",
            f"Năm {f['wounded']} tôi bị thương khi làm nhiệm vụ, được giám định tỷ lệ tổn thương {f['rate']}%.",
        ],
        [
            f"Hồ sơ hưởng chế độ thương binh nộp từ năm {f['filed']} đến nay vẫn chưa được giải quyết.",
            f"Từ năm {f['filed']} tôi đã nộp hồ sơ đề nghị hưởng chế độ nhưng chưa có kết quả.",
        ],
        [
            "Tôi đề nghị xem xét giải quyết chế độ thương binh cho tôi theo quy định về ưu đãi người có công.",
            "Kính đề nghị các cơ quan có thẩm quyền sớm giải quyết chế độ cho tôi.",
        ],
    ]
    return (
        "đề nghị giải quyết chế độ thương binh",
        f"Đề nghị giải quyết chế độ thương binh, tổn thương {f['rate']}%"
        if wording == 0
        else "Xin giải quyết chế độ người có công",
        _assemble(rng, sentences, [], wording, f),
    )


FREE: list[tuple[str, Callable[..., Facts], Callable[..., tuple[str, str, str]], str, str]] = [
    ("land_recovery", land_recovery, land_recovery_body, PetitionKind.COMPLAINT, Field.LAND),
    ("land_certificate", land_certificate, land_certificate_body, PetitionKind.RECOMMENDATION, Field.LAND),
    ("official", official, official_body, PetitionKind.DENUNCIATION, Field.CORRUPTION),
    ("wages", wages, wages_body, PetitionKind.COMPLAINT, Field.LABOUR),
    ("pollution", pollution, pollution_body, PetitionKind.REFLECTION, "environment"),
    ("deposit", deposit, deposit_body, PetitionKind.RECOMMENDATION, "civil"),
    ("martyr", martyr, martyr_body, PetitionKind.RECOMMENDATION, Field.SOCIAL),
    ("judgment", judgment, judgment_body, PetitionKind.RECOMMENDATION, Field.JUSTICE),
    ("invalid", invalid, invalid_body, PetitionKind.RECOMMENDATION, Field.SOCIAL),
]
FAMILY_MATTERS = {"martyr", "judgment"}  # a relative may write again about them

# --- pre-printed forms ----------------------------------------------------------------------------------

CLEMENCY_REASONS = [
    "Con tôi đã thành khẩn khai báo, ăn năn hối cải, gia đình đã bồi thường cho gia đình bị hại.",
    "Con tôi phạm tội lần đầu, có nhân thân tốt, trong thời gian bị giam giữ luôn chấp hành tốt nội quy.",
    "Gia đình tôi có công với cách mạng, hoàn cảnh khó khăn, con tôi là lao động chính trong gia đình.",
    "Gia đình bị hại đã có đơn xin giảm nhẹ hình phạt cho con tôi.",
]


def clemency(rng: random.Random, writer: Writer) -> Facts:
    return {
        "prisoner": f"{writer.name.split()[0] if rng.random() < 0.7 else rng.choice(SURNAMES)} "
        f"{rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
        "born": rng.randint(1975, 2000),
        "relation": rng.choice(["mẹ đẻ", "bố đẻ", "vợ", "chị gái", "anh trai"]),
        "court": f"Tòa án nhân dân {rng.choice(['tỉnh', 'cấp cao tại'])} {rng.choice(['Thanh Hóa', 'Nghệ An', 'Hà Nội', 'Đà Nẵng', 'Sơn La', 'Điện Biên'])}",
        "number": rng.randint(10, 600),
        "year": rng.randint(2019, 2024),
        "date": f"{rng.randint(1, 28)}/{rng.randint(1, 12)}",
        "crime": rng.choice(
            ["Mua bán trái phép chất ma túy", "Giết người", "Vận chuyển trái phép chất ma túy"]
        ),
        "camp": rng.choice(["Trại tạm giam Công an tỉnh", "Trại giam số 5", "Trại tạm giam T16"]),
        "reasons": rng.sample(range(len(CLEMENCY_REASONS)), 2),
    }


def clemency_form(f: Facts, writer: Writer, rng: random.Random) -> tuple[str, str]:
    reasons = " ".join(CLEMENCY_REASONS[i] for i in f["reasons"])  # type: ignore[attr-defined]
    lines = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ĐƠN XIN ÂN GIẢM ÁN TỬ HÌNH",
        "Kính gửi: Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam",
        f"Tôi tên là: {writer.name}    Sinh năm: {writer.birth}",
        f"Địa chỉ: {writer.address}",
        f"Là {f['relation']} của phạm nhân: {f['prisoner']}    Sinh năm: {f['born']}",
        f"Bị {f['court']} xử phạt tử hình về tội: {f['crime']}",
        f"Tại Bản án số: {f['number']}/{f['year']}/HS-PT ngày {f['date']}/{f['year']}",
        f"Hiện đang bị giam giữ tại: {f['camp']}",
        "Tôi làm đơn này kính xin Chủ tịch nước xem xét, ân giảm án tử hình cho phạm nhân nêu trên.",
        f"Lý do xin ân giảm: {reasons}",
        "Tôi xin cam đoan những lời khai trên là đúng sự thật và xin chịu trách nhiệm trước pháp luật.",
        f"{writer.province.removeprefix('Thành phố ')}, ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm 2025",
        "Người làm đơn",
        "(Ký, ghi rõ họ tên)",
        writer.name,
    ]
    return f"Đơn xin ân giảm án tử hình cho phạm nhân {f['prisoner']}", "\n".join(lines)


def clemency_rewrite(f: Facts, writer: Writer, rng: random.Random) -> tuple[str, str]:
    """A family member writes again in their own words, not on the form."""
    body_text = " ".join(
        [
            f"Tôi là {f['relation']} của {f['prisoner']}, sinh năm {f['born']}, bị {f['court']} tuyên án tử hình "
            f"về tội {str(f['crime']).lower()} theo Bản án số {f['number']}/{f['year']}/HS-PT.",
            "Gia đình tôi vô cùng đau xót và ân hận về việc làm sai trái của con em mình.",
            CLEMENCY_REASONS[f["reasons"][0]],  # type: ignore[index]
            f"Kính xin Chủ tịch nước mở lượng khoan hồng, tha tội chết cho {f['prisoner']} để có cơ hội sửa chữa.",
        ]
    )
    return (
        f"Xin tha tội chết cho {f['prisoner']}",
        frame(rng, writer, "xin ân giảm án tử hình", body_text),
    )


def land_form(rng: random.Random, writer: Writer) -> Facts:
    return {
        "decision": rng.randint(100, 9999),
        "year": rng.randint(2020, 2024),
        "date": f"{rng.randint(1, 28)}/{rng.randint(1, 12)}",
        "district": rng.choice(["Đông Sơn", "Yên Định", "Thanh Trì", "Gia Lâm", "Bình Chánh"]),
        "parcel": rng.randint(10, 900),
        "sheet": rng.randint(1, 60),
        "area": rng.randint(80, 3000),
        "paid": rng.randint(50, 900),
        "project": rng.choice(["khu đô thị mới", "đường vành đai", "khu công nghiệp"]),
    }


def land_complaint_form(f: Facts, writer: Writer, rng: random.Random) -> tuple[str, str]:
    lines = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ĐƠN KHIẾU NẠI",
        "(Về việc bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất)",
        "Kính gửi: Chủ tịch nước; Ủy ban nhân dân tỉnh",
        f"Họ và tên người khiếu nại: {writer.name}",
        f"Địa chỉ: {writer.address}",
        f"Số CCCD: {writer.id_number or 'không có'}",
        f"Khiếu nại Quyết định số: {f['decision']}/QĐ-UBND ngày {f['date']}/{f['year']} của Ủy ban nhân dân "
        f"huyện {f['district']} về việc phê duyệt phương án bồi thường, hỗ trợ, tái định cư dự án {f['project']}.",
        f"Thửa đất bị thu hồi: thửa số {f['parcel']}, tờ bản đồ số {f['sheet']}, diện tích {f['area']} m2.",
        f"Số tiền được bồi thường: {f['paid']} triệu đồng.",
        "Nội dung khiếu nại: Giá đất tính bồi thường thấp hơn nhiều so với giá thị trường; không được hỗ trợ "
        "chuyển đổi nghề nghiệp và tìm kiếm việc làm; không được bố trí tái định cư.",
        "Yêu cầu giải quyết: Đề nghị hủy phần phương án bồi thường đối với thửa đất nêu trên, bồi thường theo giá "
        "thị trường và hỗ trợ theo đúng quy định của pháp luật.",
        "Tài liệu kèm theo: Giấy chứng nhận quyền sử dụng đất (bản sao), Quyết định thu hồi đất (bản sao).",
        "Người khiếu nại",
        "(Ký, ghi rõ họ tên)",
        writer.name,
    ]
    return (
        f"Khiếu nại bồi thường thửa đất số {f['parcel']}, tờ bản đồ số {f['sheet']}",
        "\n".join(lines),
    )


def land_form_rewrite(f: Facts, writer: Writer, rng: random.Random) -> tuple[str, str]:
    body_text = " ".join(
        [
            f"Thửa đất số {f['parcel']}, tờ bản đồ số {f['sheet']} của gia đình tôi, rộng {f['area']} m2, bị thu "
            f"hồi cho dự án {f['project']}.",
            f"Theo Quyết định {f['decision']}/QĐ-UBND của UBND huyện {f['district']} năm {f['year']}, gia đình chỉ "
            f"được bồi thường {f['paid']} triệu đồng, quá thấp so với giá đất thực tế.",
            "Tôi đề nghị xem xét lại mức bồi thường cho gia đình tôi.",
        ]
    )
    return (
        f"Đề nghị xem xét lại bồi thường thửa đất {f['parcel']}",
        frame(rng, writer, "khiếu nại", body_text),
    )


FORMS = [
    ("clemency", clemency, clemency_form, clemency_rewrite, PetitionKind.RECOMMENDATION, Field.CLEMENCY),
    ("land_form", land_form, land_complaint_form, land_form_rewrite, PetitionKind.COMPLAINT, Field.LAND),
]

# --- the corpus -----------------------------------------------------------------------------------------

VARIANTS = ["resend", "cosigner", "retype", "paraphrase", "name_typo"]


def _variants(rng: random.Random) -> list[str]:
    count = rng.choices([1, 2, 3], weights=[5, 3, 2])[0]
    return rng.sample(VARIANTS, count)


def corpus(matters: int, *, seed: int = 24, forms_share: float = 0.4) -> list[Letter]:
    """The letters of `matters` matters: the originals first (forms and free letters mixed), then one to three
    variants of each, shuffled as they would arrive. A few originals of the forms are filled by a writer who
    already sent one about another parcel or prisoner (hard negatives with the same petitioner)."""
    rng = random.Random(seed)
    originals: list[Letter] = []
    followers: list[Letter] = []
    form_writers: list[Writer] = []
    for n in range(matters):
        matter = f"m{seed}-{n}"
        if rng.random() < forms_share:
            name, make, fill, rewrite, kind, field_ = rng.choice(FORMS)
            same_writer = form_writers and name == "land_form" and rng.random() < 0.1
            writer = rng.choice(form_writers) if same_writer else _writer(rng)
            form_writers.append(writer)
            facts = make(rng, writer)
            summary, content = fill(facts, writer, rng)
            originals.append(Letter(matter, "original", summary, content, writer, kind, field_, form=name))
            for variant in _variants(rng):
                followers.append(
                    _form_variant(rng, variant, matter, facts, writer, fill, rewrite, kind, field_, name)
                )
        else:
            name, make, write, free_kind, free_field = rng.choice(FREE)
            writer = _writer(rng)
            facts = make(rng, writer)
            facts["style"] = rng.random()
            title, summary, body_text = write(facts, random.Random(rng.random()), 0)
            content = frame(rng, writer, title, body_text)
            originals.append(Letter(matter, "original", summary, content, writer, free_kind, free_field))
            for variant in _variants(rng):
                followers.append(
                    _free_variant(
                        rng,
                        variant,
                        matter,
                        name,
                        facts,
                        writer,
                        write,
                        title,
                        summary,
                        body_text,
                        free_kind,
                        free_field,
                    )
                )
    rng.shuffle(followers)
    return originals + followers


def _free_variant(
    rng: random.Random,
    variant: str,
    matter: str,
    name: str,
    facts: Facts,
    writer: Writer,
    write: Callable[..., tuple[str, str, str]],
    title: str,
    summary: str,
    body_text: str,
    kind: str,
    field_: str,
) -> Letter:
    if variant == "resend":
        content = frame(rng, writer, title, body_text, again=rng.random() < 0.5)
        return Letter(
            matter, variant, summary + rng.choice(["", " (gửi lần hai)"]), content, writer, kind, field_
        )
    if variant == "cosigner":
        other = _neighbour(rng, writer)
        return Letter(matter, variant, summary, frame(rng, other, title, body_text), other, kind, field_)
    if variant == "retype":
        content = retype(rng, frame(rng, writer, title, body_text))
        typed = replace(writer, name=strip_marks(writer.name)) if rng.random() < 0.5 else writer
        return Letter(matter, variant, retype(rng, summary), content, typed, kind, field_)
    rewriting = rng.random() < 0.5 if variant == "name_typo" else True
    if rewriting:
        _title, summary, body_text = write(facts, random.Random(rng.random()), 1)
    if variant == "paraphrase" and name in FAMILY_MATTERS and rng.random() < 0.4:
        author = _relative(rng, writer)
    elif variant == "name_typo":
        author = replace(writer, name=misspell_name(rng, writer.name))
    else:
        author = writer
    if rng.random() < 0.2:
        author = replace(author, ward_code=None)  # the clerk did not pick the commune
    return Letter(
        matter,
        variant,
        summary,
        frame(rng, author, title, body_text, again=rng.random() < 0.3),
        author,
        kind,
        field_,
    )


def _form_variant(
    rng: random.Random,
    variant: str,
    matter: str,
    facts: Facts,
    writer: Writer,
    fill: Callable[..., tuple[str, str]],
    rewrite: Callable[..., tuple[str, str]],
    kind: str,
    field_: str,
    form: str,
) -> Letter:
    if variant == "resend":
        summary, content = fill(facts, writer, rng)
        return Letter(matter, variant, summary, content, writer, kind, field_, form=form)
    if variant == "cosigner":
        other = _relative(rng, writer) if form == "clemency" else _neighbour(rng, writer)
        summary, content = fill(facts, other, rng)
        return Letter(matter, variant, summary, content, other, kind, field_, form=form)
    if variant == "retype":
        summary, content = fill(facts, writer, rng)
        typed = replace(writer, name=strip_marks(writer.name)) if rng.random() < 0.5 else writer
        return Letter(
            matter, variant, retype(rng, summary), retype(rng, content), typed, kind, field_, form=form
        )
    author = writer
    if variant == "name_typo":
        author = replace(writer, name=misspell_name(rng, writer.name))
    elif form == "clemency" and rng.random() < 0.5:
        author = _relative(rng, writer)
    if rng.random() < 0.2:
        author = replace(author, ward_code=None)
    rewriting = variant == "paraphrase" or rng.random() < 0.5
    summary, content = (rewrite if rewriting else fill)(facts, author, rng)
    return Letter(matter, variant, summary, content, author, kind, field_, form="" if rewriting else form)


def pairs(letters: list[Letter]) -> set[tuple[int, int]]:
    """The same-matter pairs (i < j) of a list of letters, by position."""
    by_matter: dict[str, list[int]] = {}
    for i, letter in enumerate(letters):
        by_matter.setdefault(letter.matter, []).append(i)
    return {(a, b) for group in by_matter.values() for a in group for b in group if a < b}
