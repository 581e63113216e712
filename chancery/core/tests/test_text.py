"""Vietnamese text: NFC storage and diacritic folding (đ counts as d)."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from chancery.core.text import fold, nfc


def test_fold_removes_diacritics_and_counts_d_bar_as_d() -> None:
    assert fold("Đặng Thị Hồng") == "dang thi hong"
    assert fold("ĐƯỜNG  Nguyễn   Trãi") == "duong nguyen trai"


def test_nfc_joins_decomposed_vietnamese() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Thắng")
    assert decomposed != "Nguyễn Văn Thắng"
    assert nfc(decomposed) == "Nguyễn Văn Thắng"


@given(st.text())
def test_fold_is_the_same_for_nfc_and_nfd_input(value: str) -> None:
    assert fold(unicodedata.normalize("NFC", value)) == fold(unicodedata.normalize("NFD", value))


@given(st.text())
def test_fold_is_idempotent_and_nfc_is_stable(value: str) -> None:
    assert fold(fold(value)) == fold(value)
    assert nfc(nfc(value)) == nfc(value)
    assert unicodedata.is_normalized("NFC", nfc(value))


def test_old_and_new_tone_placement_are_the_same_text() -> None:
    from chancery.core.text import canonical, new_style_tones

    for old, new in [
        ("hoà", "hòa"),
        ("Thuỷ", "Thủy"),
        ("hoè", "hòe"),
        ("Khoẻ", "Khỏe"),
        ("Nguyễn Thị Thuý", "Nguyễn Thị Thúy"),
    ]:
        assert canonical(old) == canonical(new) == new
    for unchanged in ("quý", "hoàn", "tuyến", "Hòa", "thuở"):
        assert new_style_tones(unchanged) == unchanged


def test_names_sort_by_given_name_in_vietnamese_alphabetical_order() -> None:
    from chancery.core.text import name_sort_key

    names = [
        "Đặng Đức",
        "Lê Bình",
        "Hoàng Ân",
        "Lý Ăn",
        "Vũ Anh",
        "Phạm Ánh",
        "Trần Thị An",
        "Nguyễn Văn An",
        "Đỗ Dũng",
    ]
    assert sorted(names, key=name_sort_key) == [
        "Nguyễn Văn An",
        "Trần Thị An",
        "Vũ Anh",
        "Phạm Ánh",
        "Lý Ăn",
        "Hoàng Ân",
        "Lê Bình",
        "Đỗ Dũng",
        "Đặng Đức",
    ]


def test_d_bar_sorts_after_d_and_tone_only_breaks_ties() -> None:
    from chancery.core.text import collation_key

    assert collation_key("Dung") < collation_key("Dũng") < collation_key("Đa")
    assert (
        collation_key("ma")
        < collation_key("mà")
        < collation_key("mả")
        < collation_key("mã")
        < collation_key("má")
        < collation_key("mạ")
    )
    assert collation_key("mạ") < collation_key("mai")


@given(st.text())
def test_collation_ignores_how_the_text_was_composed(value: str) -> None:
    from chancery.core.text import collation_key

    assert collation_key(unicodedata.normalize("NFC", value)) == collation_key(
        unicodedata.normalize("NFD", value)
    )


# --- invisible characters ----------

# Every character that shows nothing: Unicode's format characters (Cf), control characters that are not white
# space (Cc), surrogates (Cs), and the invisible letters and selectors outside those categories.
_INVISIBLE_ELSEWHERE = [
    0x034F,  # combining grapheme joiner
    0x115F,
    0x1160,
    0x3164,
    0xFFA0,  # Hangul fillers
    0x17B4,
    0x17B5,  # Khmer inherent vowels
    0x180B,
    0x180C,
    0x180D,
    0x180F,  # Mongolian variation selectors
    *range(0xFE00, 0xFE10),
    *range(0xE0100, 0xE01F0),  # variation selectors
    0x2800,  # blank Braille pattern
]
INVISIBLE = [
    chr(code)
    for code in range(0x110000)
    if unicodedata.category(chr(code)) in ("Cf", "Cs")
    or (unicodedata.category(chr(code)) == "Cc" and not chr(code).isspace())
] + [chr(code) for code in _INVISIBLE_ELSEWHERE]

_VIETNAMESE_LETTERS = [
    *"bcdđghklmnpqrstvx",
    *(
        unicodedata.normalize("NFC", vowel + tone)
        for vowel in "aăâeêioôơuưy"
        for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    ),
]
vietnamese = st.text(
    alphabet=st.sampled_from(
        [*_VIETNAMESE_LETTERS, *(c.upper() for c in _VIETNAMESE_LETTERS), *" \t\n0123456789.,;:-/()\"'?!"]
    )
)


def test_names_keep_no_zero_width_or_other_invisible_character() -> None:
    assert nfc("Nguy\u200bễn\u200c Văn\u200d An\u2060\ufeff") == "Nguyễn Văn An"
    assert nfc("\u202eNguyễn Văn An\u202c") == "Nguyễn Văn An"  # no right-to-left override
    assert nfc("Lê\u00adThị\u180e Hồng") == "LêThị Hồng"
    assert nfc("\u3164") == "" and nfc("\u2800 \u115f") == ""  # a "blank" name is an empty name
    assert nfc("Đơn\x00 số\x07 5") == "Đơn số 5"  # a NUL byte PostgreSQL would refuse
    # a zero-width character between a letter and its mark: the mark joins its letter again
    assert nfc("Nguye\u200b\u0302\u0303n") == "Nguyễn"
    assert fold("Nguy\u200bễn") == fold("Nguyễn") == "nguyen"


def test_every_invisible_character_of_this_python_s_unicode_is_removed() -> None:
    """The list in chancery.core.text is written out for speed: it must cover Unicode as Python knows it."""
    from chancery.core.text import strip_invisible

    missed = [f"U+{ord(c):04X}" for c in INVISIBLE if strip_invisible(c)]
    assert missed == []


@given(
    st.text(alphabet=st.characters(blacklist_categories=())),
    st.lists(st.tuples(st.integers(0), st.sampled_from(INVISIBLE))),
)
def test_invisible_characters_anywhere_change_nothing(value: str, inserted: list[tuple[int, str]]) -> None:
    spoofed = value
    for position, character in inserted:
        at = position % (len(spoofed) + 1)
        spoofed = spoofed[:at] + character + spoofed[at:]
    assert nfc(spoofed) == nfc(value)
    assert fold(spoofed) == fold(value)
    assert not any(c in INVISIBLE or unicodedata.category(c) == "Cc" for c in nfc(spoofed))


@given(vietnamese)
def test_vietnamese_text_loses_nothing(value: str) -> None:
    """Only white space is touched: every letter, tone mark, digit and punctuation mark stays, in NFC."""
    for form in ("NFC", "NFD"):
        typed = unicodedata.normalize(form, value)
        assert nfc(typed) == " ".join(unicodedata.normalize("NFC", value).split())
