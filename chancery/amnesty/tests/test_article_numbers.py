"""Articles of the Criminal Code as a campaign's terms and a facility's list write them: one check
(rules.article_code) for the API, the terms form and the list's rows; an entry that is not an article is
named in Vietnamese, never dropped or misread."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from chancery.amnesty import rules
from chancery.amnesty.intake import parse_row
from chancery.amnesty.tests.factories import make_amnesty, make_campaign
from chancery.core.tests.factories import signed_in


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("173", "173"),
        (" 173 ", "173"),
        ("217a", "217a"),
        ("Điều 217A", "217a"),
        ("251.2", "251.2"),
        ("Điều 251 khoản 4", "251.4"),
        ("Điều 251 khoản 4 điểm b", "251.4"),  # a point is within its clause
        ("điểm a khoản 1 Điều 173", "173.1"),  # the order of a legal citation
        ("khoản 2 Điều 134", "134.2"),
        ("1", "1"),
        ("426", "426"),
    ],
)
def test_an_article_as_written_is_read_as_its_code(written, code):
    assert rules.article_code(written) == code


@pytest.mark.parametrize(
    "written", ["0", "427", "9999", "251.0", "1.2.3", "trộm cắp", "Điều", "173 BLHS", "251-2", "", "a173"]
)
def test_what_is_not_an_article_is_refused_and_named(written):
    with pytest.raises(rules.ArticleError) as refused:
        rules.article_code(written)
    message = str(refused.value)
    assert f"“{written}”" in message and "không phải là một điều của Bộ luật Hình sự" in message
    assert "từ 1 đến 426" in message


def test_a_list_of_articles_drops_nothing_and_misreads_nothing():
    assert rules.articles_of("173; Điều 251 khoản 4, 134.2") == ["173", "251.4", "134.2"]
    assert rules.articles_of("173, ") == ["173"] and rules.articles_of(None) == []
    # Before: "trộm cắp" vanished and the list read as ["173"].
    with pytest.raises(rules.ArticleError, match="“trộm cắp”"):
        rules.articles_of("173, trộm cắp")
    # Before: a clause cut off by a comma became Article 4 (["251", "4"]).
    with pytest.raises(rules.ArticleError, match="“khoản 4”"):
        rules.articles_of("Điều 251, khoản 4")
    # Before: a citation's clause was read as the article ("1.173").
    assert rules.articles_of("điểm a khoản 1 Điều 173") == ["173.1"]


def test_the_default_excluded_offences_are_articles_of_the_code():
    assert rules.check_articles(rules.NATIONAL_SECURITY) == rules.NATIONAL_SECURITY
    assert rules.check_articles(rules.CORRUPTION) == rules.CORRUPTION


def test_a_row_of_a_facility_s_list_names_the_entry_that_is_not_an_article():
    row = {
        "name": "Nguyễn Văn Bình",
        "birth": "12/03/1985",
        "articles": "173, Điều 999",
        "term": "3 năm",
        "start": "10/01/2024",
        "civil": "Đã thi hành xong",
    }
    with pytest.raises(ValidationError) as refused:
        parse_row(row)
    assert "Cột “Điều luật”" in refused.value.messages[0] and "“Điều 999”" in refused.value.messages[0]
    assert parse_row(row | {"articles": "173; điểm a khoản 1 Điều 134"}).articles == ["173", "134.1"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "entries", "bad"),
    [
        ("excluded_articles", ["108", "abc"], "abc"),
        ("corruption_articles", ["353", "3530"], "3530"),
        ("groups", ["251", "Điều 251 khoản"], "Điều 251 khoản"),
    ],
)
def test_the_api_refuses_terms_naming_what_is_not_an_article(field, entries, bad):
    a = make_amnesty()
    campaign = make_campaign(a)
    api = APIClient()
    api.force_authenticate(a.head)
    terms = api.get(f"/api/v1/amnesty-campaigns/{campaign.pk}/").json()["terms"]
    if field == "groups":
        terms["groups"] = [{"name": "Ma túy", "fraction": "2/5", "articles": entries}]
    else:
        terms[field] = entries
    refused = api.put(f"/api/v1/amnesty-campaigns/{campaign.pk}/terms/", terms, format="json")
    assert refused.status_code == 400, refused.json()
    assert f"“{bad}” không phải là một điều của Bộ luật Hình sự" in str(refused.json())
    campaign.refresh_from_db()
    assert campaign.rule_terms.excluded_articles == rules.NATIONAL_SECURITY  # nothing saved
    if field == "groups":
        terms["groups"] = [{"name": "Ma túy", "fraction": "2/5", "articles": ["Điều 251 khoản 2"]}]
    else:
        terms[field] = ["Điều 108", "109.1"]
    saved = api.put(f"/api/v1/amnesty-campaigns/{campaign.pk}/terms/", terms, format="json")
    assert saved.status_code == 200, saved.json()
    campaign.refresh_from_db()
    if field == "groups":
        assert campaign.rule_terms.groups[0].articles == ("251.2",)
    else:
        assert getattr(campaign.rule_terms, field) == ("108", "109.1")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "written", "bad"),
    [
        ("excluded_articles", "108, 109, 9999", "9999"),
        ("corruption_articles", "353; tham ô", "tham ô"),
        ("groups", "Ma túy | 2/5 | 251, 0 | 0", "0"),
    ],
)
def test_the_terms_form_refuses_naming_what_is_not_an_article(field, written, bad):
    a = make_amnesty()
    campaign = make_campaign(a)
    terms = {
        "reference_date": "2025-08-31",
        "kinds": ["fixed", "life_commuted"],
        "fraction": "1/3",
        "life_years": "14",
        "groups": "",
        "special_fraction": "1/4",
        "special_life_years": "12",
        "special_cases": ["lap-cong"],
        "excluded_articles": "108, 109",
        "corruption_articles": "353",
        "max_prior_convictions": "1",
    }
    head = signed_in(a.head)
    url = reverse("amnesty:campaign_terms", args=[campaign.pk])
    page = head.post(url, terms | {field: written})
    assert page.status_code == 200
    assert f"“{bad}” không phải là một điều của Bộ luật Hình sự" in page.content.decode()
    campaign.refresh_from_db()
    assert campaign.rule_terms.excluded_articles == rules.NATIONAL_SECURITY  # nothing saved
    head.post(url, terms | {"excluded_articles": "Điều 108, 109.1", "groups": "Ma túy | 2/5 | 251.2 | 0"})
    campaign.refresh_from_db()
    assert campaign.rule_terms.excluded_articles == ("108", "109.1")
    assert campaign.rule_terms.groups[0].articles == ("251.2",)
