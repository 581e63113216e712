"""Provinces and communes after the 2025 reform, with the units before it still found: an address written
the old way gives today's commune, and today's commune is found by the old names merged into it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from vietnam_provinces import Ward

from chancery.core import provinces
from chancery.core.provinces import Place

KIM_THANH = 13402  # Phường Kim Thanh, Tỉnh Ninh Bình (from Thị xã Kim Bảng, Tỉnh Hà Nam)


def test_a_merged_province_is_found_by_its_old_name():
    found = provinces.find_provinces("nam dinh")
    assert [code for code, _ in found] == [37]
    assert "Ninh Bình" in found[0][1] and "Nam Định" in found[0][1]
    assert provinces.former_names(37) == ("Hà Nam", "Nam Định")  # itself excluded


def test_an_old_three_level_address_gives_todays_commune_and_province():
    assert provinces.place_of_former_address("thôn Yên Lạc, xã Nhật Tân, huyện Kim Bảng, Hà Nam") == Place(
        37, KIM_THANH
    )
    # Without diacritics and with abbreviations, as letters are typed.
    assert provinces.place_of_former_address("Xa Nhat Tan, H. Kim Bang, Ha Nam") == Place(37, KIM_THANH)
    # A street in front is never read (the package would look it up on the internet).
    assert provinces.place_of_former_address("Số 5 ngõ 12, Phường Tân Định, Quận 1, TP Hồ Chí Minh") == Place(
        79, 26737
    )


def test_an_address_that_is_not_clearly_an_old_one_is_left_alone():
    for text in (
        "Phường Kim Thanh, tỉnh Ninh Bình",  # already today's units
        "12 Nguyễn Trãi, Thanh Xuân, Hà Nội",  # no district word: ambiguous
        "xã Không Có, huyện Không Có, tỉnh Không Có",
        "",
        ",,,",
    ):
        assert provinces.place_of_former_address(text) is None


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("xã huyện quận tỉnh, ĐđAaBb.0")), max_size=60))
def test_any_text_gives_a_real_commune_or_nothing(text):
    place = provinces.place_of_former_address(text)
    if place is not None and place.ward_code is not None:
        assert int(Ward.from_code(place.ward_code).province_code) == place.province_code  # type: ignore[arg-type]


def test_todays_commune_knows_the_old_communes_merged_into_it_and_is_found_by_them():
    old = provinces.former_wards(KIM_THANH)
    assert "Xã Hoàng Tây, Thị xã Kim Bảng, Tỉnh Hà Nam" in old
    found = provinces.find_wards(37, "hoang tay")
    assert [code for code, _ in found] == [KIM_THANH]
    assert "Kim Thanh" in found[0][1] and "Hoàng Tây" in found[0][1]
    assert provinces.former_wards(None) == ()


def test_every_old_commune_maps_to_a_real_commune_of_today():
    merged = provinces._former_wards()
    assert len(merged) > 3000  # nearly all of the 3,321 communes were formed from older ones
    assert sum(len(v) for v in merged.values()) >= 10_000  # about 10,000 communes before the reform
    for code in merged:
        assert provinces.ward_name(code)  # a code `vietnam-provinces` knows


def test_a_commune_must_lie_in_the_province():
    assert provinces.check_address(37, KIM_THANH) is None
    assert provinces.check_address(79, KIM_THANH)
    assert provinces.check_address(None, KIM_THANH)
    assert provinces.check_address(99, None)
