"""Denouncer protection (Luật Tố cáo 2018, Art. 47–48): the identity of a denouncer reaches only the officer who
registered the denunciation and the officers assigned to handle it, in every outlet; everyone else, whatever
the role, sees it masked or not at all."""

from __future__ import annotations

import logging
from io import BytesIO

import pytest
from django.test import Client
from freezegun import freeze_time
from openpyxl import load_workbook
from rest_framework.test import APIClient

from chancery.casework import lists
from chancery.core import services as core_services
from chancery.core.models import AuditEvent, Job, Notification
from chancery.petitions import rules, services
from chancery.petitions.registry import PETITION_LIST
from chancery.petitions.tests.factories import (
    Office,
    denunciation,
    register,
)

pytestmark = [pytest.mark.django_db]

NAME = "Phạm Thị Tố Nga"
ID_NUMBER = "036190001122"
PHONE = "0987000111"
SECRETS = (NAME, ID_NUMBER, PHONE, "pham thi to nga")


@pytest.fixture
def case(office, caplog, django_capture_on_commit_callbacks):
    """A denunciation registered by the clerk, assigned by name to one handler, decided and forwarded, with
    every log record of the whole flow captured."""
    caplog.set_level(logging.DEBUG)
    with freeze_time("2026-11-05"), django_capture_on_commit_callbacks(execute=True):
        petition = denunciation(office.clerk)
        core_services.assign_record(actor=office.head, record=petition, user=office.handler)
        register(
            office.clerk, summary="Khiếu nại khác", content="Một nội dung khác hẳn về chế độ chính sách."
        )
    return petition


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def _masked_for(office: Office) -> list:
    return [office.specialist, office.head, office.leader, office.admin, office.outsider]


def test_the_registering_clerk_and_the_assigned_handler_see_the_denouncer(office, case):
    for user in (office.clerk, office.handler):
        page = _client(user).get(case.get_absolute_url()).content.decode()
        assert NAME in page and ID_NUMBER in page
        data = _api(user).get(f"/api/v1/petitions/{case.pk}/").json()
        assert data["petitioners"][0]["full_name"] == NAME
        listed = _api(user).get("/api/v1/lists/petitions/").json()
        assert NAME in {row["cells"]["petitioner_name"] for row in listed["results"]}


@pytest.mark.parametrize("role", ["specialist", "head", "leader", "admin", "outsider"])
def test_every_other_role_sees_it_masked_on_the_page_and_the_lists(office, case, role):
    user = getattr(office, role)
    page = _client(user).get(case.get_absolute_url())
    assert page.status_code in (200, 404)
    assert not _leaks(page.content.decode())
    if page.status_code == 200:
        assert "***" in page.content.decode()
    assert not _leaks(_client(user).get("/lists/petitions/").content.decode())
    listed = _api(user).get("/api/v1/lists/petitions/")
    assert not _leaks(listed.content.decode())
    if role in ("specialist", "head", "leader"):  # they see the record, not the name
        rows = {row["id"]: row["cells"] for row in listed.json()["results"]}
        assert rows[case.pk]["petitioner_name"] == "***"


@pytest.mark.parametrize("role", ["specialist", "head", "leader", "admin", "outsider"])
def test_every_other_role_gets_it_masked_in_the_api(office, case, role):
    user = getattr(office, role)
    detail = _api(user).get(f"/api/v1/petitions/{case.pk}/")
    assert detail.status_code in (200, 404) and not _leaks(detail.content.decode())
    if detail.status_code == 200:
        assert {p["full_name"] for p in detail.json()["petitioners"]} == {"***"}
        assert detail.json()["petitioner_name"] == "***"
    other = register(office.clerk, content=case.content, summary=case.summary)  # a resend shows it beside
    found = _api(user).get(f"/api/v1/petitions/{other.pk}/duplicates/")
    assert not _leaks(found.content.decode())


@pytest.mark.parametrize("role", ["specialist", "head", "leader", "admin", "outsider"])
def test_every_other_role_finds_nothing_by_the_name_in_search(office, case, role):
    user = getattr(office, role)
    page = _client(user).get("/search/", {"q": NAME})
    assert not _leaks(page.content.decode().replace(f'value="{NAME}"', ""))
    assert case.registry_number not in page.content.decode()
    api = _api(user).get("/api/v1/search/", {"q": "Tố Nga"})
    assert all(str(case.pk) not in str(hit.get("url", "")) for hit in api.json().get("results", []))


def test_nobody_finds_a_denunciation_by_the_denouncers_name_not_even_its_handler(office, case):
    """The search index is shared by everyone who may see the record: it never holds the identity."""
    page = _client(office.handler).get("/search/", {"q": "Tố Nga"}).content.decode()
    assert case.registry_number not in page
    # The same person's complaint is found by name: only a denunciation's identity is protected.
    complaint = register(office.clerk, petitioners=[services.PersonData(NAME, province_code=37)])
    page = _client(office.specialist).get("/search/", {"q": "Tố Nga"}).content.decode()
    assert complaint.registry_number in page


@pytest.mark.parametrize("role", ["specialist", "head", "leader"])
def test_every_other_role_exports_it_masked(office, case, role, django_capture_on_commit_callbacks):
    user = getattr(office, role)
    rows = list(lists.export_rows(PETITION_LIST, user, {}))
    assert rows and not _leaks(str(rows))
    client = _client(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/lists/petitions/export/", {"query": ""})
    job = Job.objects.filter(kind="list_export", started_by=user).latest("id")
    sheet = load_workbook(BytesIO(client.get(f"/jobs/{job.pk}/file/").getvalue())).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert "***" in cells and not _leaks(cells)


def test_the_handler_exports_it_in_clear(office, case):
    rows = list(lists.export_rows(PETITION_LIST, office.handler, {}))
    assert NAME in str(rows)


def test_notifications_audit_trail_and_logs_never_carry_it(
    office, case, caplog, django_capture_on_commit_callbacks
):
    with freeze_time("2026-11-05"), django_capture_on_commit_callbacks(execute=True):
        services.decide_petition(
            actor=office.handler,
            petition=case,
            data=services.DecisionData(facts=rules.Facts(kind=rules.Kind.DENUNCIATION), agency=office.agency),
        )
    notices = " ".join(f"{n.title} {n.url}" for n in Notification.objects.all())
    assert Notification.objects.filter(recipient=office.handler).exists()
    assert not _leaks(notices)
    events = " ".join(f"{e.object_repr} {e.changes} {e.message}" for e in AuditEvent.objects.all())
    assert not _leaks(events)
    assert not _leaks(_client(office.leader).get("/audit/").content.decode())
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert not _leaks(logged)
    letter = case.forwardings.get()
    assert not _leaks(letter.body)


def test_a_denunciations_attachments_follow_the_identity(office, case):
    from django.core.files.uploadedfile import SimpleUploadedFile

    attachment = core_services.attach_file(
        actor=office.clerk, record=case, upload=SimpleUploadedFile("to-cao.pdf", b"%PDF-1.4 handwriting")
    )
    url = f"/petitions/{case.pk}/attachments/{attachment.pk}/"
    assert _client(office.handler).get(url).status_code == 200
    assert _client(office.leader).get(url).status_code == 403
    assert _client(office.specialist).get(url).status_code == 403
