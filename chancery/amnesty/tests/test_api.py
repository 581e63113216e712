"""A campaign over the API: opened, its terms set, a list imported, appraised, a verdict overridden and the
council's opinion given; bad input refused in Vietnamese; another department sees nothing."""

import base64

import pytest
from rest_framework.test import APIClient

from chancery.amnesty.models import Proposal
from chancery.amnesty.tests.factories import make_amnesty, prisoner_row, workbook
from chancery.core import jobs

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_campaign_from_terms_to_the_councils_opinion_over_the_api(django_capture_on_commit_callbacks):
    a = make_amnesty()
    api = _api(a.specialist)
    opened = api.post(
        "/api/v1/amnesty-campaigns/",
        {"title": "Đặc xá", "basis": "Quyết định 266/2025/QĐ-CTN", "reference_date": "2025-08-31"},
        format="json",
    )
    assert opened.status_code == 201, opened.json()
    campaign = opened.json()["id"]
    terms = opened.json()["terms"] | {"groups": [{"name": "Ma túy", "fraction": "2/5", "articles": ["251"]}]}
    assert (
        _api(a.specialist)
        .put(f"/api/v1/amnesty-campaigns/{campaign}/terms/", terms, format="json")
        .status_code
        == 403
    )
    bad = _api(a.head).put(
        f"/api/v1/amnesty-campaigns/{campaign}/terms/", terms | {"fraction": "một phần ba"}, format="json"
    )
    assert bad.status_code == 400 and "Ghi tỷ lệ" in str(bad.json())
    saved = _api(a.head).put(f"/api/v1/amnesty-campaigns/{campaign}/terms/", terms, format="json")
    assert saved.status_code == 200 and saved.json()["terms"]["groups"][0]["fraction"] == "2/5"
    plist = api.post(
        f"/api/v1/amnesty-campaigns/{campaign}/lists/",
        {"facility": a.prison.pk, "received_on": "2025-08-05"},
        format="json",
    ).json()["id"]
    content = base64.b64encode(
        workbook([prisoner_row(1), prisoner_row(2, residence=""), prisoner_row(3, term="")])
    )
    with django_capture_on_commit_callbacks(execute=False):
        started = api.post(
            f"/api/v1/amnesty-lists/{plist}/import/",
            {"workbook": {"name": "ds.xlsx", "content": content.decode()}},
            format="json",
        )
    assert started.status_code == 202, started.json()
    jobs.run(started.json()["id"])
    with django_capture_on_commit_callbacks(execute=False):
        appraising = api.post(f"/api/v1/amnesty-campaigns/{campaign}/appraise/")
    jobs.run(appraising.json()["id"])
    assert api.get(f"/api/v1/amnesty-campaigns/{campaign}/").json()["counts"] == {"pass": 1, "review": 1}
    review = api.get(f"/api/v1/amnesty-campaigns/{campaign}/proposals/", {"outcome": "review"}).json()[
        "results"
    ]
    assert [p["name"] for p in review] == ["Nguyễn Văn Tù 2"]
    overridden = api.post(
        f"/api/v1/amnesty-proposals/{review[0]['id']}/override/",
        {"outcome": "pass", "reason": "Trại xác nhận nơi cư trú"},
        format="json",
    )
    assert overridden.status_code == 200 and overridden.json()["outcome"] == "pass"
    short = api.post(
        f"/api/v1/amnesty-proposals/{review[0]['id']}/council/", {"opinion": "disagree"}, format="json"
    )
    assert short.status_code == 400 and "lý do" in str(short.json())
    agreed = api.post(
        f"/api/v1/amnesty-proposals/{review[0]['id']}/council/", {"opinion": "agree"}, format="json"
    )
    assert agreed.json()["council"] == "agree"
    outsider = _api(a.outsider)
    assert outsider.get(f"/api/v1/amnesty-campaigns/{campaign}/").status_code == 404
    assert outsider.get(f"/api/v1/amnesty-proposals/{review[0]['id']}/").status_code == 404
    assert outsider.get("/api/v1/amnesty-campaigns/").json()["results"] == []
    assert Proposal.objects.count() == 2
