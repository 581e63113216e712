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
