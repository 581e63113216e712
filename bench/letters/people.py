"""The people in the letters and their places: writers, firms, neighbours, relatives; names misspelt, marks
stripped, letters retyped."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, replace

from chancery.core.provinces import province_name, wards_of
from chancery.petitions.demo import GIVEN, MIDDLE, SURNAMES

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
