"""The offences of the Criminal Code by article (chancery.amnesty.offences): the name of an article as written
in a list, the annex cell for a proposal's articles, and the table itself (articles of the special part,
names as the headings give them without "Tội")."""

import re
import unicodedata

import pytest

from chancery.amnesty import demo, rules
from chancery.amnesty.offences import OFFENCES, label, name_of


@pytest.mark.parametrize(
    ("article", "name"),
    [
        ("173", "Trộm cắp tài sản"),
        ("108", "Phản bội Tổ quốc"),
        ("425", "Làm lính đánh thuê"),
        ("251.2", "Mua bán trái phép chất ma túy"),  # clause 2 of Article 251
        ("134.1", "Cố ý gây thương tích hoặc gây tổn hại cho sức khỏe của người khác"),
        (" 251 ", "Mua bán trái phép chất ma túy"),
        ("Điều 251 khoản 2", "Mua bán trái phép chất ma túy"),
        ("217a", "Vi phạm quy định về kinh doanh theo phương thức đa cấp"),  # added in 2017
        ("217A", "Vi phạm quy định về kinh doanh theo phương thức đa cấp"),
        ("256a", "Sử dụng trái phép chất ma túy"),  # added in 2025
        ("256a.1", "Sử dụng trái phép chất ma túy"),
    ],
)
def test_the_name_of_an_article(article, name):
    assert name_of(article) == name


@pytest.mark.parametrize(
    "article",
    [
        "999",  # past the Code's last article
        "427",
        "292",  # repealed in 2017
        "122",  # an article of the special part that names no offence
        "352",
        "426",  # Hiệu lực thi hành
        "50",  # the general part
        "217b",
        "trộm cắp",
        "",
        "   ",
    ],
)
def test_an_article_without_an_offence_has_no_name(article):
    assert name_of(article) is None


@pytest.mark.parametrize(
    ("articles", "cell"),
    [
        ("173", "Trộm cắp tài sản (Điều 173 BLHS)"),
        (" 173 ", "Trộm cắp tài sản (Điều 173 BLHS)"),
        ("251.2", "Mua bán trái phép chất ma túy (khoản 2 Điều 251 BLHS)"),
        ("217a", "Vi phạm quy định về kinh doanh theo phương thức đa cấp (Điều 217a BLHS)"),
        (
            "173, 251.2",
            "Trộm cắp tài sản (Điều 173); Mua bán trái phép chất ma túy (khoản 2 Điều 251) BLHS",
        ),
        (
            "173; Điều 251 khoản 4, 134.2",
            "Trộm cắp tài sản (Điều 173); Mua bán trái phép chất ma túy (khoản 4 Điều 251); "
            "Cố ý gây thương tích hoặc gây tổn hại cho sức khỏe của người khác (khoản 2 Điều 134) BLHS",
        ),
        ("173, 173", "Trộm cắp tài sản (Điều 173 BLHS)"),  # the same article once
        ("999", "Điều 999 BLHS"),
        ("292", "Điều 292 BLHS"),
        ("999.2", "khoản 2 Điều 999 BLHS"),
        ("173, 999", "Trộm cắp tài sản (Điều 173); Điều 999 BLHS"),
        ("999, 173", "Điều 999; Trộm cắp tài sản (Điều 173) BLHS"),
        ("173, ", "Trộm cắp tài sản (Điều 173 BLHS)"),
        ("", ""),
        ("   ", ""),
        (" , ; ", ""),
    ],
)
def test_the_annex_cell_for_a_proposals_articles(articles, cell):
    assert label(articles) == cell


def test_an_entry_that_is_not_an_article_is_shown_as_written():
    assert label("trộm cắp") == "trộm cắp"
    assert label("173, trộm  cắp") == "Trộm cắp tài sản (Điều 173); trộm cắp BLHS"


def test_every_key_is_an_article_of_the_special_part():
    assert len(OFFENCES) > 300
    for article in OFFENCES:
        match = re.fullmatch(r"(\d{3})([a-z]?)", article)
        assert match, article
        assert 108 <= int(match[1]) <= rules.LAST_ARTICLE, article
        assert rules.article_code(article) == article


def test_every_name_is_a_clean_heading_without_toi():
    for article, name in OFFENCES.items():
        assert name, article
        assert unicodedata.normalize("NFC", name) == name, article
        assert name == " ".join(name.split()), article
        assert name[0].isupper(), article
        assert not name.startswith("Tội"), article
        assert not name.endswith("."), article


def test_the_articles_with_no_offence_are_not_in_the_table():
    for article in ("122", "292", "352", "367", "392", "426"):
        assert article not in OFFENCES


def test_the_demos_offences_are_named():
    for articles, _share, _terms in demo.OFFENCES:
        for code in rules.articles_of(articles):
            assert name_of(code), code
            assert "BLHS" in label(code) and not label(code).startswith("Điều"), code
