"""A campaign's reference date and a list's date received are bounded as every date the Office types
(chancery.core.dates): none before 2000, none more than a year ahead, in the forms and the API alike."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from chancery.amnesty import rules, services
from chancery.amnesty.models import Campaign, ProposalList
from chancery.amnesty.tests.factories import make_amnesty, make_campaign
from chancery.core.tests.factories import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def a():
    return make_amnesty()


def test_a_reference_date_before_2000_or_a_year_ahead_is_refused_when_opened_or_edited(a):
    with pytest.raises(ValidationError) as early:
        make_campaign(a, reference_date=date(1925, 8, 31))
    assert early.value.message_dict == {
        "reference_date": ["Mốc tính thời gian 31/08/1925 trước ngày 01/01/2000: kiểm tra lại năm."]
    }
    assert not Campaign.objects.exists()
    campaign = make_campaign(a)
    late = timezone.localdate() + timedelta(days=400)
    with pytest.raises(ValidationError) as ahead:
        services.update_terms(actor=a.head, campaign=campaign, terms=rules.Terms(reference_date=late))
    assert ahead.value.message_dict["reference_date"] == [
        f"Mốc tính thời gian {late:%d/%m/%Y} sau ngày hôm nay quá một năm: kiểm tra lại năm."
    ]
    campaign.refresh_from_db()
    assert campaign.reference_date == date(2025, 8, 31)


def test_a_list_received_before_2000_is_refused_in_the_service_the_page_and_the_api(a):
    campaign = make_campaign(a)
    with pytest.raises(ValidationError) as early:
        services.open_list(
            actor=a.specialist, campaign=campaign, facility=a.prison, received_on=date(1925, 8, 1)
        )
    assert early.value.message_dict == {
        "received_on": ["Ngày nhận 01/08/1925 trước ngày 01/01/2000: kiểm tra lại năm."]
    }
    client = signed_in(a.specialist)
    page = client.post(
        reverse("amnesty:list_new", args=[campaign.pk]),
        {"facility": a.prison.pk, "received_on": "1925-08-01"},
        follow=True,
    )
    assert "Ngày nhận 01/08/1925 trước ngày 01/01/2000: kiểm tra lại năm." in page.content.decode()
    shown = client.post(
        reverse("amnesty:campaign_new"),
        {"title": "Đặc xá", "basis": "Quyết định 1/2025/QĐ-CTN", "reference_date": "1925-08-31"},
    )
    assert "Mốc tính thời gian 31/08/1925 trước ngày 01/01/2000" in shown.content.decode()
    api = APIClient()
    api.force_authenticate(a.specialist)
    refused = api.post(
        f"/api/v1/amnesty-campaigns/{campaign.pk}/lists/",
        {"facility": a.prison.pk, "received_on": "1925-08-01"},
        format="json",
    )
    assert refused.status_code == 400 and "trước ngày 01/01/2000" in str(refused.json())
    refused = api.post(
        "/api/v1/amnesty-campaigns/",
        {"title": "Đặc xá", "basis": "Quyết định 1/2025/QĐ-CTN", "reference_date": "2099-08-31"},
        format="json",
    )
    assert refused.status_code == 400 and "quá một năm" in str(refused.json())
    assert not ProposalList.objects.exists() and Campaign.objects.count() == 1
