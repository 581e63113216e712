"""Countries from pycountry with the Vietnamese names the office writes, loaded after migrate; a name an
administrator corrected survives a reload; search folds diacritics."""

import unicodedata

import pytest

from chancery.diplomacy import countries
from chancery.diplomacy.models import Country, Organisation
from chancery.diplomacy.selectors import countries as search

pytestmark = pytest.mark.django_db


def test_every_iso_country_is_there_with_its_codes_and_vietnamese_name():
    import pycountry

    assert Country.objects.count() == len(pycountry.countries)
    vietnam = Country.objects.get(alpha2="VN")
    assert (vietnam.alpha3, vietnam.numeric, vietnam.name) == ("VNM", "704", "Việt Nam")
    # the names a diplomatic office writes, not the package's translation
    assert Country.objects.get(alpha2="KR").name == "Hàn Quốc"
    assert Country.objects.get(alpha2="KH").name == "Campuchia"
    assert Country.objects.get(alpha2="US").name == "Hoa Kỳ"
    for name in Country.objects.values_list("name", flat=True):
        assert name == unicodedata.normalize("NFC", name) and name.strip()
    assert Organisation.objects.filter(acronym="ASEAN").exists()


def test_a_corrected_name_survives_a_reload_and_nothing_is_added_twice():
    Country.objects.filter(alpha2="CV").update(name="Cabo Verde")
    assert countries.load() == (0, 0)
    assert Country.objects.get(alpha2="CV").name == "Cabo Verde"


def test_search_by_name_without_diacritics_english_name_or_code():
    assert list(search("han quoc").values_list("alpha2", flat=True)) == ["KR"]
    assert "FR" in search("france").values_list("alpha2", flat=True)
    for text, code in (("VNM", "VN"), ("viet nam", "VN"), ("Đức", "DE")):
        found = countries.find_country(text)
        assert found is not None and found.alpha2 == code
    assert countries.find_country("") is None
    assert countries.find_country("Atlantis") is None


def test_no_country_is_named_in_english_or_in_a_transliteration_no_one_writes():
    """The examiner of issue 26 found "North Macedonia" and "Nam Gi-oa-gi-a va Nam Quần Đảo Xan-oui-chợ"."""
    import re

    garbled = re.compile(r"ợ|oui|ouí|\sva\s|x-t|kh-|-xợ")
    names = dict(Country.objects.values_list("alpha2", "name"))
    assert names["MK"] == "Bắc Macedonia" and names["GS"] == "Nam Georgia và quần đảo Nam Sandwich"
    assert [n for n in names.values() if garbled.search(n)] == []


def test_an_automatic_name_is_replaced_by_the_curated_one_on_reload_a_corrected_one_is_not():
    from chancery.core.text import canonical

    automatic = canonical(countries._translation().gettext("South Georgia and the South Sandwich Islands"))
    Country.objects.filter(alpha2="GS").update(name=automatic)
    Country.objects.filter(alpha2="MK").update(name="Bắc Ma-xê-đô-ni-a")  # an administrator's
    countries.load()
    assert Country.objects.get(alpha2="GS").name == "Nam Georgia và quần đảo Nam Sandwich"
    assert Country.objects.get(alpha2="MK").name == "Bắc Ma-xê-đô-ni-a"
