"""Every step of a batch over the API, and what another department gets."""

import base64

import pytest
from rest_framework.test import APIClient

from chancery.core import jobs
from chancery.core.models import Job
from chancery.honours.models import HonoursBatch, Nomination
from chancery.honours.tests.factories import good_row, make_honours, workbook

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_batch_goes_from_list_to_override_over_the_api(django_capture_on_commit_callbacks):
    h = make_honours()
    api = _api(h.specialist)
    opened = api.post(
        "/api/v1/honours-batches/",
        {
            "title": "Đề nghị khen thưởng",
            "proposing_body": h.ministry.pk,
            "proposed_on": "2025-03-10",
            "received_on": "2025-03-20",
        },
        format="json",
    )
    assert opened.status_code == 201, opened.json()
    batch_id = opened.json()["id"]
    content = base64.b64encode(workbook([good_row(1), [2, "", 1980]])).decode()
    with django_capture_on_commit_callbacks(execute=False):
        started = api.post(
            f"/api/v1/honours-batches/{batch_id}/import/",
            {"workbook": {"name": "ds.xlsx", "content": content}},
            format="json",
        )
    assert started.status_code == 202
    jobs.run(started.json()["id"])
    assert Job.objects.get(pk=started.json()["id"]).result["skipped"] == 1
    with django_capture_on_commit_callbacks(execute=False):
        appraising = api.post(f"/api/v1/honours-batches/{batch_id}/appraise/")
    assert appraising.status_code == 202
    jobs.run(appraising.json()["id"])
    assert api.get(f"/api/v1/honours-batches/{batch_id}/").json()["counts"] == {"review": 1}
    listed = api.get(f"/api/v1/honours-batches/{batch_id}/nominations/", {"outcome": "review"}).json()
    assert [n["name"] for n in listed["results"]] == ["Nguyễn Văn Giáo 1"] and listed["next_after"] is None
    nomination_id = listed["results"][0]["id"]
    assert any(
        f["code"] == "prior_award"
        for f in api.get(f"/api/v1/nominations/{nomination_id}/").json()["findings"]
    )
    short = api.post(
        f"/api/v1/nominations/{nomination_id}/override/", {"outcome": "pass", "reason": "ok"}, format="json"
    )
    assert short.status_code == 400
    done = api.post(
        f"/api/v1/nominations/{nomination_id}/override/",
        {"outcome": "pass", "reason": "Đã đối chiếu bản sao quyết định"},
        format="json",
    )
    assert done.status_code == 200 and done.json()["outcome"] == "pass"
    nothing_left = api.post(
        f"/api/v1/honours-batches/{batch_id}/settle/",
        {"outcome": "pass", "reason": "Đã đối chiếu bản sao quyết định"},
        format="json",
    )
    assert nothing_left.status_code == 400 and "Không còn đề nghị" in str(nothing_left.json())
    api.post(f"/api/v1/nominations/{nomination_id}/override/", {"outcome": ""}, format="json")
    settled = api.post(
        f"/api/v1/honours-batches/{batch_id}/settle/",
        {"award": "hcld-3", "outcome": "fail", "reason": "Không xuất trình được bản sao quyết định"},
        format="json",
    )
    assert settled.status_code == 200 and settled.json() == {"settled": 1}


def test_bad_input_is_refused_in_vietnamese_and_another_department_sees_nothing():
    h = make_honours()
    api = _api(h.specialist)
    opened = api.post(
        "/api/v1/honours-batches/",
        {
            "title": "X",
            "proposing_body": h.ministry.pk,
            "proposed_on": "2025-04-10",
            "received_on": "2025-03-20",
        },
        format="json",
    )
    assert opened.status_code == 400 and "Ngày tờ trình" in str(opened.json())
    batch = HonoursBatch.objects.create(
        owning_unit=h.department,
        year=2025,
        number=9,
        title="T",
        proposing_body=h.ministry,
        proposed_on="2025-01-01",
        received_on="2025-01-02",
    )
    not_excel = api.post(
        f"/api/v1/honours-batches/{batch.pk}/import/",
        {"workbook": {"name": "a.xlsx", "content": "aGVsbG8="}},
        format="json",
    )
    assert not_excel.status_code == 400 and "Excel" in str(not_excel.json())
    outsider = _api(h.outsider)
    assert outsider.get(f"/api/v1/honours-batches/{batch.pk}/").status_code == 404
    listed = outsider.get("/api/v1/honours-batches/").json()
    assert (listed["results"] if isinstance(listed, dict) else listed) == []
    assert Nomination.objects.count() == 0


@pytest.mark.parametrize("after", ["99999999999999999999999", "-1", "abc"])
def test_a_page_start_out_of_range_is_refused_not_sent_to_the_database(after):
    """The row a page starts after is a whole number within the ids' range (a 23-digit one overflowed the
    database's integer on PostgreSQL; a negative one was silently read as 0)."""
    h = make_honours()
    batch = HonoursBatch.objects.create(
        owning_unit=h.department,
        year=2025,
        number=9,
        title="T",
        proposing_body=h.ministry,
        proposed_on="2025-01-01",
        received_on="2025-01-02",
    )
    response = _api(h.specialist).get(f"/api/v1/honours-batches/{batch.pk}/nominations/", {"after": after})
    assert response.status_code == 400 and "after" in response.json()["details"]
