"""Promulgation over the API: a law registered, on the board with its days left, an ordinance sent back and
passed again, bad input refused in Vietnamese, another department sees nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from chancery.documents.tests.factories import make_office

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_statutes_over_the_api():
    office = make_office()
    api = _api(office.specialist)
    today = timezone.localdate()
    bad = api.post(
        "/api/v1/statutes/",
        {"kind": "law", "title": "X", "passed_on": (today + timedelta(days=1)).isoformat()},
        format="json",
    )
    assert bad.status_code == 400 and "sau hôm nay" in str(bad.json())
    law = api.post(
        "/api/v1/statutes/",
        {"kind": "law", "title": "Luật Thủ đô", "passed_on": today.isoformat()},
        format="json",
    )
    assert law.status_code == 201, law.json()
    board = api.get("/api/v1/statutes/board/").json()
    assert board[0]["statute"]["title"] == "Luật Thủ đô" and board[0]["days_left"] >= 15
    ordinance = api.post(
        "/api/v1/statutes/",
        {
            "kind": "ordinance",
            "title": "Pháp lệnh Chi phí tố tụng",
            "passed_on": (today - timedelta(days=1)).isoformat(),
        },
        format="json",
    ).json()["id"]
    sent = api.post(
        f"/api/v1/statutes/{ordinance}/reconsider/", {"reason": "Điều 5 chưa phù hợp"}, format="json"
    )
    assert sent.status_code == 200 and sent.json()["state"] == "reconsideration"
    again = api.post(f"/api/v1/statutes/{ordinance}/repass/", {"on": today.isoformat()}, format="json")
    assert again.json()["state"] == "repassed" and again.json()["repassed_on"] == today.isoformat()
    refused = api.post(f"/api/v1/statutes/{law.json()['id']}/reconsider/", {"reason": "x"}, format="json")
    assert refused.status_code == 400 and "pháp lệnh" in str(refused.json())
    outsider = _api(office.legal_specialist)
    assert outsider.get(f"/api/v1/statutes/{ordinance}/").status_code == 404
    assert outsider.get("/api/v1/statutes/board/").json() == []
