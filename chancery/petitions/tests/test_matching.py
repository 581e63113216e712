"""The keys that find the same petitioner and the same content again (chancery.petitions.matching)."""

from chancery.petitions import matching


def _keys(lookup=False, **kwargs):
    make = matching.lookup_keys if lookup else matching.person_keys
    return set(make(full_name=kwargs.pop("full_name", "Nguyễn Văn An"), **kwargs))


def _same(one, other):
    """Whether a check of `one` finds `other` stored as the same petitioner."""
    return bool(_keys(lookup=True, **one) & _keys(**other))


def test_the_same_name_in_the_same_commune_is_the_same_petitioner_whatever_the_spelling():
    assert _same(
        {"province_code": 1, "ward_code": 4},
        {"full_name": "nguyen van  AN", "province_code": 1, "ward_code": 4},
    )


def test_namesakes_of_two_communes_of_one_province_are_not_the_same_petitioner():
    assert not _same({"province_code": 1, "ward_code": 4}, {"province_code": 1, "ward_code": 7})


def test_a_letter_without_the_commune_finds_the_province_s_namesakes_both_ways():
    assert _same({"province_code": 1}, {"province_code": 1, "ward_code": 4})
    assert _same({"province_code": 1, "ward_code": 4}, {"province_code": 1})
    assert _same({"province_code": 1}, {"province_code": 1})
    assert not _same({"province_code": 1}, {"province_code": 2})


def test_the_identity_number_is_a_key_of_its_own():
    keys = matching.person_keys(
        full_name="Lê Thị Bình", province_code=1, ward_code=4, id_number="001 080 012 345"
    )
    other = matching.lookup_keys(full_name="Lê Thị B.", province_code=79, id_number="001080012345")
    assert set(keys) & set(other)
    assert matching.person_keys(full_name="", province_code=1, id_number="12") == []
