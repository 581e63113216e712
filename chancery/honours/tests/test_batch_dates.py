"""A batch's dates are bounded as every date the Office types (chancery.core.dates): none before 2000, none
more than a year ahead; the form and the API refuse such a date with its reason, and no batch is opened."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from chancery.core.tests.factories import signed_in
from chancery.honours import services
from chancery.honours.models import HonoursBatch
from chancery.honours.tests.factories import make_honours

pytestmark = pytest.mark.django_db


@pytest.fixture
def h():
    return make_honours()


def _open(h, **dates):
    return services.create_batch(
        actor=h.specialist, title="Khen thưởng ngành giáo dục", proposing_body=h.ministry, **dates
    )


def test_a_submission_dated_before_2000_or_received_a_year_ahead_is_refused(h):
    with pytest.raises(ValidationError) as early:
        _open(h, proposed_on=date(1925, 3, 10), received_on=date(2025, 3, 20))
    assert early.value.message_dict == {
        "proposed_on": ["Ngày tờ trình 10/03/1925 trước ngày 01/01/2000: kiểm tra lại năm."]
    }
    late = timezone.localdate() + timedelta(days=400)
    with pytest.raises(ValidationError) as ahead:
        _open(h, proposed_on=late, received_on=late)
    assert ahead.value.message_dict["received_on"] == [
        f"Ngày nhận {late:%d/%m/%Y} sau ngày hôm nay quá một năm: kiểm tra lại năm."
    ]
    assert not HonoursBatch.objects.exists()
    assert _open(h, proposed_on=date(2000, 1, 1), received_on=date(2000, 1, 3)).pk  # the bound itself is fine


def test_the_form_and_the_api_say_why_the_date_is_refused(h):
    page = signed_in(h.specialist).post(
        reverse("honours:batch_new"),
        {
            "title": "Khen thưởng ngành giáo dục",
            "proposing_body": h.ministry.pk,
            "proposed_on": "1925-03-10",
            "received_on": "2025-03-20",
        },
    )
    assert page.status_code == 200
    assert "Ngày tờ trình 10/03/1925 trước ngày 01/01/2000: kiểm tra lại năm." in page.content.decode()
    api = APIClient()
    api.force_authenticate(h.specialist)
    refused = api.post(
        "/api/v1/honours-batches/",
        {"title": "Khen thưởng", "proposing_body": h.ministry.pk, "proposed_on": "1925-03-10"},
        format="json",
    )
    assert refused.status_code == 400
    assert "trước ngày 01/01/2000" in str(refused.json())
    assert not HonoursBatch.objects.exists()
