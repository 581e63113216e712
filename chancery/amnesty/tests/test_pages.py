"""The amnesty pages as the unit uses them, and who must not see them."""

import pytest
from django.urls import reverse

from chancery.amnesty.models import Campaign, Proposal
from chancery.amnesty.tests.factories import (
    appraise,
    import_list,
    make_amnesty,
    make_campaign,
    open_list,
    prisoner_row,
    workbook,
)
from chancery.core.tests.factories import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def a():
    return make_amnesty()


def test_a_campaign_is_opened_its_terms_set_and_a_list_received_from_the_pages(a):
    client = signed_in(a.specialist)
    response = client.post(
        reverse("amnesty:campaign_new"),
        {"title": "Đặc xá Quốc khánh", "basis": "Quyết định 266/2025/QĐ-CTN", "reference_date": "2025-08-31"},
    )
    campaign = Campaign.objects.get()
    assert response.url == reverse("amnesty:campaign", args=[campaign.pk])
    page = client.get(response.url).content.decode()
    assert "Mốc tính thời gian: 31/08/2025" in page and "1/3" in page
    assert 'data-testid="edit-terms"' not in page  # the specialist does not set the terms
    head = signed_in(a.head)
    form = head.get(reverse("amnesty:campaign_terms", args=[campaign.pk])).content.decode()
    assert 'value="1/3"' in form
    terms = {
        "reference_date": "2025-08-31",
        "kinds": ["fixed", "life_commuted"],
        "fraction": "1/3",
        "life_years": "14",
        "groups": "Ma túy | 2/5 | 251 | 0",
        "special_fraction": "1/4",
        "special_life_years": "12",
        "special_cases": ["lap-cong", "tu-70"],
        "excluded_articles": "108, 109, 123",
        "corruption_articles": "353, 354, 355",
        "max_prior_convictions": "1",
    }
    bad = head.post(
        reverse("amnesty:campaign_terms", args=[campaign.pk]), terms | {"groups": "Ma túy | hai phần"}
    )
    assert bad.status_code == 200 and "Dòng 1" in bad.content.decode()
    head.post(reverse("amnesty:campaign_terms", args=[campaign.pk]), terms)
    campaign.refresh_from_db()
    assert campaign.rule_terms.excluded_articles == ("108", "109", "123")
    assert campaign.rule_terms.groups[0].articles == ("251",)
    received = client.post(
        reverse("amnesty:list_new", args=[campaign.pk]),
        {"facility": a.prison.pk, "received_on": "2025-08-05"},
    )
    assert received.url.endswith("/import/")
    upload = client.get(received.url).content.decode()
    assert "Danh sách đề nghị đặc xá (Excel .xlsx)" in upload


def test_the_review_of_a_prisoner_and_the_councils_opinion_are_taken_from_the_page(a):
    campaign = make_campaign(a)
    import_list(a, open_list(a, campaign), workbook([prisoner_row(1, residence="")]))
    appraise(a, campaign)
    proposal = Proposal.objects.get()
    client = signed_in(a.specialist)
    listing = client.get(
        reverse("amnesty:campaign", args=[campaign.pk]), {"outcome": "review"}
    ).content.decode()
    assert "Nguyễn Văn Tù 1" in listing
    url = reverse("amnesty:proposal", args=[proposal.pk])
    page = client.get(url).content.decode()
    assert "Danh sách không ghi nơi cư trú" in page and "Đã chấp hành 1 năm 7 tháng" in page
    refused = client.post(url, {"form": "override", "outcome": "pass", "reason": "ngắn"})
    assert "ít nhất 10 ký tự" in refused.content.decode()
    client.post(url, {"form": "override", "outcome": "pass", "reason": "Trại xác nhận nơi cư trú tại Hà Nội"})
    client.post(url, {"form": "council", "opinion": "agree", "note": ""})
    proposal.refresh_from_db()
    assert (proposal.outcome, proposal.council) == ("pass", "agree")


def test_another_department_sees_no_campaign_and_no_prisoner(a):
    campaign = make_campaign(a)
    import_list(a, open_list(a, campaign), workbook([prisoner_row(1)]))
    proposal = Proposal.objects.get()
    client = signed_in(a.outsider)
    assert client.get(reverse("amnesty:campaign", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("amnesty:proposal", args=[proposal.pk])).status_code == 404
    assert client.get(reverse("amnesty:campaign_export", args=[campaign.pk])).status_code == 404
    assert "Nguyễn Văn Tù" not in client.get(reverse("amnesty:home")).content.decode()


def test_a_lists_dossier_is_attached_with_checksums_and_seen_only_by_the_campaigns_people(a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    campaign = make_campaign(a)
    plist = open_list(a, campaign)
    client = signed_in(a.specialist)
    pdf = SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    client.post(reverse("amnesty:list_files", args=[plist.pk]), {"dossier": [pdf]})
    page = client.get(reverse("amnesty:list_import", args=[plist.pk])).content.decode()
    assert "to-trinh.pdf" in page and "SHA-256" in page
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary")
    refused = client.post(reverse("amnesty:list_files", args=[plist.pk]), {"dossier": [bad]}, follow=True)
    assert "không phải" in refused.content.decode() or "is not a PDF" in refused.content.decode()
    from chancery.amnesty.selectors import dossier_of

    attachment = dossier_of(plist)[0]
    url = reverse("amnesty:list_file", args=[plist.pk, attachment.pk])
    assert client.get(url).status_code == 200
    assert signed_in(a.outsider).get(url).status_code == 404


def test_the_head_sets_the_reductions_rule_and_the_quarters_by_band_and_the_campaign_page_shows_them(a):
    campaign = make_campaign(a)
    head = signed_in(a.head)
    url = reverse("amnesty:campaign_terms", args=[campaign.pk])
    form = head.get(url).content.decode()
    assert 'data-testid="terms-reductions"' in form and "94/HD-HĐTVĐX" in form
    terms = {
        "reference_date": "2025-08-31",
        "kinds": ["fixed", "life_commuted"],
        "fraction": "1/3",
        "life_years": "14",
        "special_fraction": "1/4",
        "special_life_years": "12",
        "excluded_articles": "108, 109",
        "corruption_articles": "353",
        "max_prior_convictions": "1",
        "reductions": "added",
        "quarter_bands": "36 | 2\n120 | 8\n | 16",
        "life_quarters": "18",
    }
    bad = head.post(url, terms | {"quarter_bands": "36 | hai"})
    assert bad.status_code == 200 and "Dòng 1" in bad.content.decode()
    postponed = head.post(url, terms | {"kinds": ["fixed", "postponed"]})
    assert postponed.status_code == 200 and "Điều 22" in postponed.content.decode()
    head.post(url, terms)
    campaign.refresh_from_db()
    saved = campaign.rule_terms
    assert saved.reductions == "added" and saved.life_quarters == 18
    assert saved.quarter_bands[-1].up_to_months is None and saved.quarter_bands[-1].quarters == 16
    page = head.get(reverse("amnesty:campaign", args=[campaign.pk])).content.decode()
    assert "Thời gian được giảm: cộng vào thời gian đã chấp hành" in page
    assert "mức án trên 10 năm: 16 quý" in page and "tù chung thân đã giảm: 18 quý" in page


def test_the_prisoners_are_found_by_name_without_diacritics(a):
    campaign = make_campaign(a)
    import_list(a, open_list(a, campaign), workbook([prisoner_row(1), prisoner_row(2)]))
    client = signed_in(a.specialist)
    url = reverse("amnesty:campaign", args=[campaign.pk])
    found = client.get(url, {"q": "nguyen van tu 2"}).content.decode()
    assert "Nguyễn Văn Tù 2" in found and "Nguyễn Văn Tù 1<" not in found
    assert 'data-testid="no-match"' in client.get(url, {"q": "zzz"}).content.decode()


def test_the_terms_page_says_why_it_is_closed(a):
    """A specialist is told the terms are the heads'; after the appraisal began, anyone is told they are
    frozen and since when (one message for both used to leave the reader guessing)."""
    from django.utils import timezone

    from chancery.amnesty.tests.factories import make_campaign

    campaign = make_campaign(a)
    url = reverse("amnesty:campaign_terms", args=[campaign.pk])
    refused = signed_in(a.specialist).get(url)
    assert refused.status_code == 403 and "Chỉ lãnh đạo đơn vị" in refused.content.decode()
    Campaign.objects.filter(pk=campaign.pk).update(frozen_at=timezone.now())
    frozen = signed_in(a.head).get(url)
    assert frozen.status_code == 403 and "đã cố định từ" in frozen.content.decode()


def test_a_council_member_of_another_unit_is_offered_no_work_of_the_unit(a):
    """The examiners of issue 26: a council member saw "Thẩm định lại", "Nhập danh sách" and "Lập dự thảo",
    each answering 403, with a refusal that named another action."""
    from chancery.amnesty import services

    campaign = make_campaign(a)
    plist = open_list(a, campaign)
    services.add_council_member(actor=a.head, campaign=campaign, user=a.councillor)
    page = signed_in(a.councillor).get(campaign.get_absolute_url()).content.decode()
    import_url = reverse("amnesty:list_import", args=[plist.pk])
    assert import_url not in page and 'data-testid="appraise"' not in page
    assert 'data-testid="decision-panel"' not in page
    refused = signed_in(a.councillor).get(import_url)
    assert refused.status_code == 403 and "làm việc với đợt đặc xá" in refused.content.decode()
    assert import_url in signed_in(a.specialist).get(campaign.get_absolute_url()).content.decode()


def test_a_council_member_posting_a_list_anyway_is_refused_by_the_service(a):
    """Hiding the link is not the rule: the service refuses a council member of another unit (access lets
    them change the campaign, being assigned to it) the import a hostile request asks for."""
    from django.core.exceptions import PermissionDenied

    from chancery.amnesty import services

    campaign = make_campaign(a)
    plist = open_list(a, campaign)
    services.add_council_member(actor=a.head, campaign=campaign, user=a.councillor)
    with pytest.raises(PermissionDenied):
        services.import_or_preview(actor=a.councillor, plist=plist, upload=None, mapping={})
    assert not services.can_take_lists(a.councillor, campaign) and services.can_take_lists(
        a.specialist, campaign
    )


def test_a_campaign_is_linked_from_its_page_to_the_document_it_rests_on_and_only_by_who_may_see_it(a):
    """The Government's Tờ trình is linked to the campaign on its page (the decision's preamble cites it):
    named by its number; the campaign named by its code from a document's page; an outsider finds neither."""
    from chancery.core import links
    from chancery.core.models import RecordLink

    campaign = make_campaign(a)
    client = signed_in(a.specialist)
    page = client.get(reverse("amnesty:campaign", args=[campaign.pk])).content.decode()
    assert 'data-testid="related-records"' in page and "Đợt đặc xá" in page  # the kind among the choices
    found = links.KINDS["amnesty-campaign"].find(a.specialist, campaign.code)
    assert found == campaign
    assert links.KINDS["amnesty-campaign"].find(a.specialist, "đac xa quoc khanh") in (campaign, None)
    assert links.KINDS["amnesty-campaign"].find(a.outsider, campaign.code) is None
    assert links.KINDS["amnesty-campaign"].find(a.specialist, "999/2099") is None
    assert not RecordLink.objects.exists()
