"""Notifications, jobs and search over the web pages and the API: each person sees only their own."""

import pytest
from django.test import Client

from chancery.core import jobs, services
from chancery.core.models import Notification, RoleCode
from chancery.core.tests.factories import UnitFactory, make_staff
from chancery.core.tests.protected.models import Complaint
from chancery.core.tests.test_api import api_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    unit = UnitFactory.create()
    head = make_staff("truong", unit=unit, roles=(RoleCode.HEAD_OF_UNIT,))
    cv = make_staff("cv", unit=unit, roles=(RoleCode.SPECIALIST,))
    outsider = make_staff("ngoai", unit=UnitFactory.create(), roles=(RoleCode.SPECIALIST,))
    admin = make_staff("qt", unit=unit, roles=(RoleCode.ADMINISTRATOR,))
    case = Complaint.objects.create(title="Đơn của ông Lương Cường", owning_unit=unit)
    services.assign_record(actor=head, record=case, user=cv)
    return {"head": head, "cv": cv, "outsider": outsider, "admin": admin, "case": case}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_bell_counts_unread_notices_and_opening_one_marks_it_read(office) -> None:
    client = _client(office["cv"])
    page = client.get("/")
    assert 'data-testid="unread-count">1<' in page.content.decode()
    notice = Notification.objects.get(recipient=office["cv"])
    assert client.post(f"/notifications/{notice.pk}/open/").status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_nobody_opens_another_persons_notice(office) -> None:
    notice = Notification.objects.get(recipient=office["cv"])
    assert _client(office["outsider"]).post(f"/notifications/{notice.pk}/open/").status_code == 404
    assert api_as(office["outsider"]).get("/api/v1/notifications/").json()["results"] == []
    assert api_as(office["outsider"]).post("/api/v1/notifications/read/", {"ids": [notice.pk]}).json() == {
        "marked": 0
    }
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_job_page_is_only_for_its_owner_and_administrators(office) -> None:
    job = jobs.start_job(actor=office["admin"], kind="search_reindex")
    assert _client(office["admin"]).get(f"/jobs/{job.pk}/").status_code == 200
    assert _client(office["cv"]).get(f"/jobs/{job.pk}/").status_code == 404
    assert api_as(office["cv"]).get(f"/api/v1/jobs/{job.pk}/").status_code == 404
    assert api_as(office["cv"]).post(f"/api/v1/jobs/{job.pk}/cancel/").status_code == 404


def test_the_api_starts_cancels_and_refuses_jobs_in_vietnamese(office) -> None:
    api = api_as(office["admin"])
    started = api.post("/api/v1/jobs/", {"kind": "search_reindex"}, format="json")
    assert started.status_code == 201 and started.json()["status"] == "queued"
    cancelled = api.post(f"/api/v1/jobs/{started.json()['id']}/cancel/")
    assert cancelled.json()["status"] == "cancelled"
    again = api.post(f"/api/v1/jobs/{started.json()['id']}/cancel/")
    assert again.status_code == 400 and again.json()["details"]["non_field_errors"] == [
        "Tác vụ này đã kết thúc."
    ]
    refused = api_as(office["cv"]).post("/api/v1/jobs/", {"kind": "search_reindex"}, format="json")
    assert refused.status_code == 403


def test_search_api_is_access_filtered_and_validates_its_input(office) -> None:
    found = api_as(office["cv"]).get("/api/v1/search/", {"q": "luong cuong"}).json()["results"]
    assert [r["title"] for r in found] == ["Đơn của ông Lương Cường"]
    assert "<mark>Lương</mark>" in found[0]["title_html"]
    assert api_as(office["outsider"]).get("/api/v1/search/", {"q": "luong cuong"}).json()["results"] == []
    bad = api_as(office["cv"]).get(
        "/api/v1/search/", {"q": "x", "date_from": "2026-05-01", "date_to": "2026-04-01"}
    )
    assert bad.status_code == 400 and "date_to" in bad.json()["details"]
    assert Client().get("/api/v1/search/", {"q": "luong"}).status_code in {401, 403}


def test_the_search_page_shows_highlighted_hits(office) -> None:
    page = _client(office["cv"]).get("/search/", {"q": "luong cuong"}).content.decode()
    assert "<mark>Lương</mark> <mark>Cường</mark>" in page
    assert "Đơn của ông" not in _client(office["outsider"]).get("/search/", {"q": "luong"}).content.decode()
