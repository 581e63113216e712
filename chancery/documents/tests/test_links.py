"""Records linked across modules: a document and the petition it forwards, a document and its answer; each
page shows the other, and only to those who may see it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chancery.core import links
from chancery.core.models import RecordLink, SecrecyLevel
from chancery.core.tests.factories import signed_in
from chancery.documents.tests.factories import Office, issued, receive

pytestmark = [pytest.mark.django_db]


def test_a_document_links_to_another_named_by_its_number_and_both_pages_show_it(office: Office) -> None:
    incoming = receive(office)
    answer = issued(office)
    links.link(actor=office.clerk, record=incoming, kind="outgoing-document", text=answer.number_text)
    assert [r.title for r in links.related(office.leader, incoming)] == [
        f"{answer.number_text} — {answer.summary}"
    ]
    assert [r.kind for r in links.related(office.leader, answer)] == [
        str(links.KINDS["incoming-document"].label)
    ]
    page = signed_in(office.leader).get(answer.get_absolute_url())
    assert incoming.reference.encode() in page.content


def test_an_arrival_number_names_an_incoming_document(office: Office) -> None:
    incoming = receive(office)
    answer = issued(office)
    links.link(actor=office.leader, record=answer, kind="incoming-document", text=f"01/{incoming.year}")
    assert RecordLink.objects.count() == 1


def test_a_linked_record_the_person_may_not_see_is_not_mentioned(office: Office) -> None:
    plain = receive(office)
    secret = receive(office, secrecy=SecrecyLevel.CONFIDENTIAL)
    links.link(actor=office.clerk, record=plain, kind="incoming-document", text=f"01/{secret.year}/M")
    assert len(links.related(office.clerk, plain)) == 1  # the clerk registered both
    assert links.related(office.junior_clerk, plain) == []


def test_a_number_the_person_may_not_see_is_not_found(office: Office) -> None:
    plain = receive(office)
    receive(office, secrecy=SecrecyLevel.CONFIDENTIAL)
    with pytest.raises(ValidationError):
        links.link(actor=office.junior_clerk, record=plain, kind="incoming-document", text="01/2026x")
    with pytest.raises(
        ValidationError
    ):  # the secret register's 01 is not visible to a clerk without clearance
        links.link(
            actor=office.junior_clerk, record=plain, kind="incoming-document", text=f"01/{plain.year}/M"
        )


def test_links_are_made_once_and_removed_by_those_who_may_change(office: Office) -> None:
    incoming = receive(office)
    answer = issued(office)
    made = links.link(actor=office.clerk, record=incoming, kind="outgoing-document", text=answer.number_text)
    with pytest.raises(ValidationError):
        links.link(actor=office.leader, record=answer, kind="incoming-document", text=f"01/{incoming.year}")
    with pytest.raises(PermissionDenied):
        links.unlink(actor=office.admin, record=incoming, link_id=made.pk)
    links.unlink(actor=office.clerk, record=incoming, link_id=made.pk)
    assert not RecordLink.objects.exists()


def test_a_petition_registered_from_a_document_is_linked_to_it(office: Office) -> None:
    from chancery.petitions.models import Petition
    from chancery.petitions.tests.factories import LAND_TEXT

    Office_unit = office.clerical
    from chancery.core.models import Unit, UnitKind

    Unit.objects.create(
        code="phong-don-thu", name="Phòng Tiếp công dân", kind=UnitKind.DIVISION, parent=Office_unit.parent
    )
    document = receive(office)
    client = signed_in(office.clerk)
    form = client.get(f"/petitions/new/?document={document.pk}")
    assert form.status_code == 200
    assert document.reference.encode() in form.content
    response = client.post(
        "/petitions/new/",
        {
            "document": document.pk,
            "channel": "forwarded",
            "sent_by_agency": office.ministry.pk,
            "received_on": "2026-11-02",
            "summary": "Khiếu nại về bồi thường khi thu hồi đất",
            "content": LAND_TEXT,
            "kind": "complaint",
            "field": "land",
            "full_name": "Nguyễn Văn An",
            "people_count": "1",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    petition = Petition.objects.get()
    assert [r.kind for r in links.related(office.leader, document)] == [str(links.KINDS["petition"].label)]
    assert [r.title.split(" — ")[0] for r in links.related(office.leader, petition)] == [str(document)]
    assert links.related(office.clerk, document) == []  # the petitions unit's record: not the clerk's to see


def test_a_link_reads_in_the_history_by_the_kind_and_name_of_the_record_never_its_table(
    office: Office,
) -> None:
    from chancery.core.models import AuditEvent

    incoming = receive(office)
    answer = issued(office)
    made = links.link(actor=office.clerk, record=incoming, kind="outgoing-document", text=answer.number_text)
    links.unlink(actor=office.clerk, record=incoming, link_id=made.pk)
    shown = [
        (str(row["field"]), row["before"], row["after"])
        for event in AuditEvent.objects.filter(changes__has_key="linked").order_by("id")
        for row in event.change_rows
    ]
    assert shown[0][2] == f"Văn bản đi: {answer}" and shown[1][2] == f"Văn bản đến: {incoming}"
    assert shown[-1][1] == f"Văn bản đi: {answer}"
    assert not any("#" in str(value) for row in shown for value in row)
