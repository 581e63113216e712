"""Countries from pycountry (ISO 3166-1, kept up to date by its maintainers) with Vietnamese names, and the
international organisations the office deals with.

pycountry's Vietnamese translation (from Debian's iso-codes) gives names a diplomatic office does not use
("Căm Bốt", "Cộng hoà Nam Hàn", "Mỹ"): the short names the Ministry of Foreign Affairs uses are curated here
for the partners the office meets; every other country keeps pycountry's translation in the new tone style
(or its English name) until an administrator corrects it. A name edited in the admin is kept on reload.
"""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from django.db import transaction

from chancery.core.text import canonical, fold

from .models import Country, Organisation

VIETNAMESE_NAMES = {
    "VN": "Việt Nam",
    # pycountry's translation transliterates these beyond recognition ("A Phú Hãn", "Cu-ouai-thợ": the
    # examiner of issue 26); the names the Vietnamese press and the Ministry write
    "AF": "Afghanistan",
    "AZ": "Azerbaijan",
    "KW": "Cô-oét",
    "CI": "Bờ Biển Ngà",
    "BB": "Barbados",
    "TD": "Chad",
    "LA": "Lào",
    "KH": "Campuchia",
    "CN": "Trung Quốc",
    "US": "Hoa Kỳ",
    "RU": "Nga",
    "JP": "Nhật Bản",
    "KR": "Hàn Quốc",
    "KP": "Triều Tiên",
    "IN": "Ấn Độ",
    "FR": "Pháp",
    "DE": "Đức",
    "GB": "Anh",
    "IT": "Italy",
    "ES": "Tây Ban Nha",
    "PT": "Bồ Đào Nha",
    "AU": "Australia",
    "NZ": "New Zealand",
    "CA": "Canada",
    "CU": "Cuba",
    "TH": "Thái Lan",
    "MY": "Malaysia",
    "SG": "Singapore",
    "ID": "Indonesia",
    "PH": "Philippines",
    "MM": "Myanmar",
    "BN": "Brunei",
    "TL": "Timor-Leste",
    "MN": "Mông Cổ",
    "BR": "Brazil",
    "AR": "Argentina",
    "CL": "Chile",
    "MX": "Mexico",
    "VE": "Venezuela",
    "ZA": "Nam Phi",
    "EG": "Ai Cập",
    "TR": "Thổ Nhĩ Kỳ",
    "SA": "Ả Rập Xê Út",
    "AE": "Các Tiểu vương quốc Ả Rập Thống nhất",
    "KZ": "Kazakhstan",
    "BY": "Belarus",
    "UA": "Ukraine",
    "PL": "Ba Lan",
    "CZ": "Séc",
    "HU": "Hungary",
    "BG": "Bulgaria",
    "RO": "Romania",
    "AT": "Áo",
    "CH": "Thụy Sĩ",
    "BE": "Bỉ",
    "NL": "Hà Lan",
    "SE": "Thụy Điển",
    "NO": "Na Uy",
    "DK": "Đan Mạch",
    "FI": "Phần Lan",
    "IE": "Ireland",
    "GR": "Hy Lạp",
    "MZ": "Mozambique",
    "AO": "Angola",
    "DZ": "Algeria",
    "MA": "Maroc",
    "BD": "Bangladesh",
    "PK": "Pakistan",
    "LK": "Sri Lanka",
    "NP": "Nepal",
    "IR": "Iran",
    "IQ": "Iraq",
    "PS": "Palestine",
    "VA": "Tòa thánh Vatican",
    "PE": "Peru",
    "NI": "Nicaragua",
    "UY": "Uruguay",
    "CO": "Colombia",
    "NG": "Nigeria",
    "ET": "Ethiopia",
    # the rest of pycountry's transliterations that no Vietnamese text writes ("Nam Gi-oa-gi-a va Nam Quần
    # Đảo Xan-oui-chợ": the examiner of issue 26), and names it leaves in English: the names the press uses
    "MK": "Bắc Macedonia",
    "GE": "Gruzia",
    "LB": "Li-băng",
    "SY": "Syria",
    "TZ": "Tanzania",
    "BO": "Bolivia",
    "AI": "Anguilla",
    "AD": "Andorra",
    "AG": "Antigua và Barbuda",
    "AW": "Aruba",
    "BA": "Bosnia và Herzegovina",
    "BH": "Bahrain",
    "BQ": "Bonaire, Sint Eustatius và Saba",
    "BT": "Bhutan",
    "BW": "Botswana",
    "CC": "Quần đảo Cocos (Keeling)",
    "CK": "Quần đảo Cook",
    "CM": "Cameroon",
    "CR": "Costa Rica",
    "CX": "Đảo Christmas",
    "DM": "Dominica",
    "DO": "Cộng hòa Dominica",
    "EE": "Estonia",
    "FK": "Quần đảo Falkland (Malvinas)",
    "FM": "Micronesia",
    "GG": "Guernsey",
    "GI": "Gibraltar",
    "HM": "Đảo Heard và quần đảo McDonald",
    "HN": "Honduras",
    "HR": "Croatia",
    "JO": "Jordan",
    "KY": "Quần đảo Cayman",
    "LI": "Liechtenstein",
    "MG": "Madagascar",
    "ME": "Montenegro",
    "MH": "Quần đảo Marshall",
    "MQ": "Martinique",
    "MS": "Montserrat",
    "MT": "Malta",
    "MU": "Mauritius",
    "MV": "Maldives",
    "NF": "Đảo Norfolk",
    "PN": "Quần đảo Pitcairn",
    "QA": "Qatar",
    "RE": "Réunion",
    "RW": "Rwanda",
    "SC": "Seychelles",
    "GS": "Nam Georgia và quần đảo Nam Sandwich",
    "SH": "Saint Helena, Ascension và Tristan da Cunha",
    "SJ": "Svalbard và Jan Mayen",
    "ST": "São Tomé và Príncipe",
    "SV": "El Salvador",
    "TC": "Quần đảo Turks và Caicos",
    "TJ": "Tajikistan",
    "TM": "Turkmenistan",
    "TT": "Trinidad và Tobago",
    "UZ": "Uzbekistan",
    "VC": "Saint Vincent và Grenadines",
    "WF": "Wallis và Futuna",
    "YT": "Mayotte",
    "KN": "Saint Kitts và Nevis",
    "LC": "Saint Lucia",
    "PM": "Saint Pierre và Miquelon",
    "EH": "Tây Sahara",
    "KM": "Comoros",
    "CF": "Cộng hòa Trung Phi",
    "GD": "Grenada",
    "VG": "Quần đảo Virgin thuộc Anh",
    "VI": "Quần đảo Virgin thuộc Mỹ",
    "UM": "Các tiểu đảo xa của Hoa Kỳ",
    "SX": "Sint Maarten",
}

ORGANISATIONS = [
    ("UN", "Liên hợp quốc", "United Nations"),
    ("ASEAN", "Hiệp hội các quốc gia Đông Nam Á", "Association of Southeast Asian Nations"),
    ("APEC", "Diễn đàn Hợp tác Kinh tế châu Á - Thái Bình Dương", "Asia-Pacific Economic Cooperation"),
    ("EU", "Liên minh châu Âu", "European Union"),
    ("WTO", "Tổ chức Thương mại Thế giới", "World Trade Organization"),
    ("UNESCO", "Tổ chức Giáo dục, Khoa học và Văn hóa Liên hợp quốc", "UNESCO"),
    ("WHO", "Tổ chức Y tế Thế giới", "World Health Organization"),
    ("ILO", "Tổ chức Lao động Quốc tế", "International Labour Organization"),
    ("IMF", "Quỹ Tiền tệ Quốc tế", "International Monetary Fund"),
    ("WB", "Ngân hàng Thế giới", "World Bank"),
    ("ADB", "Ngân hàng Phát triển châu Á", "Asian Development Bank"),
    ("OIF", "Tổ chức Quốc tế Pháp ngữ", "Organisation internationale de la Francophonie"),
    ("IPU", "Liên minh Nghị viện Thế giới", "Inter-Parliamentary Union"),
    ("ICRC", "Ủy ban Chữ thập đỏ Quốc tế", "International Committee of the Red Cross"),
    ("UNICEF", "Quỹ Nhi đồng Liên hợp quốc", "United Nations Children's Fund"),
    ("UNDP", "Chương trình Phát triển Liên hợp quốc", "United Nations Development Programme"),
    ("IAEA", "Cơ quan Năng lượng nguyên tử Quốc tế", "International Atomic Energy Agency"),
    ("AIPA", "Đại hội đồng Liên nghị viện ASEAN", "ASEAN Inter-Parliamentary Assembly"),
]


@cache
def _translation() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["vi"], fallback=True)


def vietnamese_name(alpha2: str, english: str) -> str:
    """The curated short name, or pycountry's Vietnamese translation in the new tone style."""
    if alpha2 in VIETNAMESE_NAMES:
        return VIETNAMESE_NAMES[alpha2]
    return canonical(_translation().gettext(english))


@transaction.atomic
def load() -> tuple[int, int]:
    """Add the countries and organisations not yet in the database; refresh codes and English names; keep
    a Vietnamese name already stored (an administrator may have corrected it). Returns (countries added,
    organisations added)."""
    stored = {c.alpha2: c for c in Country.objects.all()}
    added: list[Country] = []
    for entry in pycountry.countries:
        english = getattr(entry, "common_name", None) or entry.name
        name = vietnamese_name(entry.alpha_2, english)
        country = stored.get(entry.alpha_2)
        if country is None:
            added.append(
                Country(
                    alpha2=entry.alpha_2,
                    alpha3=entry.alpha_3,
                    numeric=entry.numeric,
                    name=name,
                    name_en=english,
                    folded=fold(f"{name} {english} {entry.alpha_2} {entry.alpha_3}"),
                )
            )
        elif country.name != name and country.name == canonical(_translation().gettext(english)):
            # pycountry's automatic name, never corrected by an administrator: the curated one replaces it
            country.name, country.alpha3, country.numeric, country.name_en = (
                name,
                entry.alpha_3,
                entry.numeric,
                english,
            )
            country.folded = fold(f"{name} {english} {entry.alpha_2} {entry.alpha_3}")
            country.save(update_fields=["name", "alpha3", "numeric", "name_en", "folded"])
        elif (country.alpha3, country.numeric, country.name_en) != (entry.alpha_3, entry.numeric, english):
            country.alpha3, country.numeric, country.name_en = entry.alpha_3, entry.numeric, english
            country.folded = fold(f"{country.name} {english} {entry.alpha_2} {entry.alpha_3}")
            country.save(update_fields=["alpha3", "numeric", "name_en", "folded"])
    Country.objects.bulk_create(added)
    known = set(Organisation.objects.values_list("acronym", flat=True))
    organisations = [
        Organisation(acronym=a, name=n, name_en=e, folded=fold(f"{a} {n} {e}"))
        for a, n, e in ORGANISATIONS
        if a not in known
    ]
    Organisation.objects.bulk_create(organisations)
    return len(added), len(organisations)


def find_country(text: str) -> Country | None:
    """A country named by its ISO code or its name in Vietnamese or English, diacritics folded."""
    text = text.strip()
    if not text:
        return None
    if len(text) in (2, 3) and text.isalpha() and text.isupper():
        return Country.objects.filter(alpha2=text).first() or Country.objects.filter(alpha3=text).first()
    key = fold(text)
    exact = [
        c
        for c in Country.objects.filter(folded__contains=key)[:20]
        if fold(c.name) == key or fold(c.name_en) == key
    ]
    return exact[0] if exact else None
