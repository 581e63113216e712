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
