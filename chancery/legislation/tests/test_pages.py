"""The promulgation pages: a text registered, its countdown on the board, an ordinance sent back, the order
drafted; another department sees nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chancery.core.tests.factories import signed_in
from chancery.legislation.models import Statute

pytestmark = pytest.mark.django_db


def test_a_passed_law_is_registered_and_counted_down_on_the_board(office):
    client = signed_in(office.specialist)
    passed = timezone.localdate() - timedelta(days=3)
    bad = client.post(reverse("legislation:statute_new"), {"kind": "law", "title": "", "passed_on": passed})
    assert bad.status_code == 200 and Statute.objects.count() == 0
    response = client.post(
        reverse("legislation:statute_new"),
        {"kind": "law", "title": "Luật Thủ đô", "number": "39/2024/QH15", "passed_on": passed.isoformat()},
    )
    statute = Statute.objects.get()
    assert response.url == reverse("legislation:statute", args=[statute.pk])
    page = client.get(response.url).content.decode()
    assert "Công bố luật" in page and 'data-testid="draft-order"' in page
    board = client.get(reverse("legislation:board")).content.decode()
    assert "Luật Thủ đô" in board and 'data-testid="days-left"' in board
    assert signed_in(office.legal_specialist).get(response.url).status_code == 404
    assert (
        "Luật Thủ đô"
        not in signed_in(office.legal_specialist).get(reverse("legislation:board")).content.decode()
    )


def test_an_ordinance_is_sent_back_and_a_note_added_from_its_page(office):
    client = signed_in(office.specialist)
    today = timezone.localdate()
    client.post(
        reverse("legislation:statute_new"),
        {
            "kind": "ordinance",
            "title": "Pháp lệnh Chi phí tố tụng",
            "passed_on": (today - timedelta(days=2)).isoformat(),
        },
    )
    statute = Statute.objects.get()
    url = reverse("legislation:statute", args=[statute.pk])
    client.post(
        reverse("legislation:statute_action", args=[statute.pk, "note"]), {"text": "Điều 5 chưa rõ phạm vi"}
    )
    client.post(
        reverse("legislation:statute_action", args=[statute.pk, "reconsider"]),
        {"reason": "Điều 5 chưa phù hợp với Hiến pháp", "on": today.isoformat()},
    )
    statute.refresh_from_db()
    assert statute.state == "reconsideration"
    page = client.get(url).content.decode()
    assert "Điều 5 chưa rõ phạm vi" in page and "Điều 5 chưa phù hợp" in page
    late = client.post(reverse("legislation:statute_action", args=[statute.pk, "order"]), {}, follow=True)
    assert late.status_code == 200
