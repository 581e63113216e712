"""The keys that find the same petitioner and the same content again (chancery.petitions.matching)."""

from chancery.petitions import matching


def _name_key(**kwargs):
    return matching.person_keys(full_name=kwargs.pop("full_name", "Nguyễn Văn An"), **kwargs)[0]


def test_the_same_name_in_the_same_commune_is_the_same_petitioner_whatever_the_spelling():
    assert _name_key(province_code=1, ward_code=4) == _name_key(
        full_name="nguyen van  AN", province_code=1, ward_code=4
    )


def test_namesakes_of_two_communes_of_one_province_are_not_the_same_petitioner():
    assert _name_key(province_code=1, ward_code=4) != _name_key(province_code=1, ward_code=7)


def test_without_the_commune_the_province_is_used():
    assert _name_key(province_code=1) == _name_key(province_code=1, ward_code=None)
    assert _name_key(province_code=1) != _name_key(province_code=1, ward_code=4)
    assert _name_key(province_code=1) != _name_key(province_code=2)


def test_the_identity_number_is_a_key_of_its_own():
    keys = matching.person_keys(
        full_name="Lê Thị Bình", province_code=1, ward_code=4, id_number="001 080 012 345"
    )
    other = matching.person_keys(full_name="Lê Thị B.", province_code=79, id_number="001080012345")
    assert len(keys) == 2 and set(keys) & set(other)
    assert matching.person_keys(full_name="", province_code=1, id_number="12") == []
