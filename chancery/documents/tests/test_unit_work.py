"""A document routed to a cooperating unit is on its people's lists, not only behind its address: the
documents home page and "Việc của tôi" show it while the unit's part is open, and never a document the access
policy does not already let them open (issue 30, item 5)."""

from __future__ import annotations

import pytest

from chancery.core.models import SecrecyLevel
from chancery.core.tests.factories import signed_in
from chancery.documents import selectors, services
from chancery.documents.models import IncomingDocument
from chancery.documents.tests.factories import Office, receive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_media")]


def _routed(office: Office, **overrides) -> IncomingDocument:
    document = receive(office, **overrides)
    return services.route_incoming(
        actor=office.leader,
        document=document,
        routing=services.Routing(lead_unit=office.general, cooperating_units=[office.legal]),
    )


def _home_list(user) -> str:
    page = signed_in(user).get("/documents/").content.decode()
    start = page.index('data-testid="routed-to-me"')
    return page[start : page.index("</ul>", start)]


def test_a_cooperating_unit_s_specialist_finds_the_document_on_the_home_page_and_in_my_work(
    office: Office,
) -> None:
    document = _routed(office, summary="Đề nghị phối hợp góp ý dự thảo")
    url = document.get_absolute_url()
    assert signed_in(office.legal_specialist).get(url).status_code == 200
    listed = _home_list(office.legal_specialist)
    assert url in listed and "Phối hợp" in listed and "Đề nghị phối hợp" in listed
    lead = _home_list(office.specialist)
    assert url in lead and "Chủ trì" in lead
    # the lead unit answers and closes; a cooperating unit records its part and is not offered the close
    assert 'data-testid="close-panel"' in signed_in(office.specialist).get(url).content.decode()
    assert 'data-testid="close-panel"' not in signed_in(office.legal_specialist).get(url).content.decode()
    my_work = signed_in(office.legal_specialist).get("/").content.decode()
    assert f'href="{url}"' in my_work
    assert str(document) in my_work


def test_the_unit_s_part_done_takes_it_off_the_home_list(office: Office) -> None:
    document = _routed(office)
    services.record_handling(actor=office.legal_specialist, document=document, note="Đã góp ý", is_done=True)
    assert document.get_absolute_url() not in _home_list(office.legal_specialist)
    assert document.get_absolute_url() in _home_list(office.specialist)


def test_a_secret_document_routed_to_the_unit_stays_off_the_lists_of_those_not_given_it(
    office: Office,
) -> None:
    document = _routed(office, secrecy=SecrecyLevel.CONFIDENTIAL)
    url = document.get_absolute_url()
    assert signed_in(office.legal_specialist).get(url).status_code == 404
    assert not selectors.routed_to_me(office.legal_specialist).exists()
    assert url not in _home_list(office.legal_specialist)
    my_work = signed_in(office.legal_specialist).get("/").content.decode()
    assert url not in my_work and f"#{document.pk} ·" not in my_work
    # the unit's cleared head, given it by name, has it on the list
    assert url in _home_list(office.legal_head)
    assert list(selectors.routed_to_me(office.legal_head)) == [document]


def test_a_long_queue_says_how_long_it_is_and_shows_all_on_asking(office: Office) -> None:
    """Found by the examiner of issue 30: a unit's queue stopped at 20 documents, soonest due first, with no
    count and no way to the rest, so a new cooperating document fell off the page."""
    from chancery.documents import views

    first = [_routed(office, summary=f"Văn bản cũ {n}") for n in range(views.HOME_FIRST)]
    newest = _routed(office, summary="Văn bản mới phối hợp")
    client = signed_in(office.legal_specialist)
    page = client.get("/documents/").content.decode()
    assert f'data-testid="routed-count">{views.HOME_FIRST + 1}<' in page
    assert 'data-testid="queue-more"' in page
    everything = client.get("/documents/?all=1").content.decode()
    assert newest.get_absolute_url() in everything
    assert all(d.get_absolute_url() in everything for d in first)


def test_an_issued_document_leaves_the_clerks_assigned_to_my_unit_list(office: Office) -> None:
    """The clerical office is given each document to issue; once issued (or a petition closed, an incoming
    document closed: any state its workflow never leaves) it is no longer waiting on "Được giao cho tôi",
    while the clerks still open it."""
    from chancery.core import selectors as core_selectors
    from chancery.documents.models import OutgoingDocument
    from chancery.documents.tests.factories import approved, issued

    waiting = approved(office, summary="Văn bản chờ ký")
    services.send_for_signature(actor=waiting.drafted_by, document=waiting)
    done = issued(office, summary="Văn bản đã ban hành")
    rows = core_selectors.my_unit_assignments(office.junior_clerk)
    listed = {a.record.pk for a in rows}  # type: ignore[attr-defined]
    assert waiting.pk in listed and done.pk not in listed
    assert "issued" in OutgoingDocument.workflow.final_states
    assert "signing" not in OutgoingDocument.workflow.final_states
    assert signed_in(office.junior_clerk).get(done.get_absolute_url()).status_code == 200
    home = signed_in(office.junior_clerk).get("/").content.decode()
    assert done.get_absolute_url() not in home


def test_work_whose_part_is_done_leaves_my_work_but_not_the_access(office: Office) -> None:
    """The examiner of issue 30: "Việc của tôi" still listed a document whose unit had reported its part done,
    a draft the reviewer had approved, and a draft the signer had returned, on the clerks' list."""
    from chancery.core import selectors as core_selectors
    from chancery.documents.tests.factories import approved, draft

    def unit_work(user) -> set[int]:
        return {a.object_id for a in core_selectors.my_unit_assignments(user)}

    def my_work(user) -> set[int]:
        return {a.object_id for a in core_selectors.my_assignments(user)}

    routed = _routed(office)
    assert routed.pk in unit_work(office.legal_specialist)
    services.record_handling(actor=office.legal_specialist, document=routed, note="Đã góp ý", is_done=True)
    assert routed.pk not in unit_work(office.legal_specialist)
    assert routed.pk in unit_work(office.specialist)  # the lead unit's part is still open
    assert signed_in(office.legal_specialist).get(routed.get_absolute_url()).status_code == 200

    reviewed = draft(office)
    assert reviewed.pk in my_work(office.specialist)  # its drafter's
    services.submit_for_approval(actor=office.specialist, document=reviewed, reviewers=[office.head])
    assert reviewed.pk in my_work(office.head)
    assert reviewed.pk not in my_work(office.specialist)  # with its reviewers now, not waiting on the drafter
    services.decide_step(actor=office.head, document=reviewed, approve=True)
    assert reviewed.pk not in my_work(office.head)

    signing = approved(office)
    services.send_for_signature(actor=signing.drafted_by, document=signing)
    assert signing.pk in unit_work(office.clerk)
    assert signing.pk not in my_work(signing.drafted_by)  # with the signer
    services.refuse_signature(actor=signing.signer, document=signing, reason="Sửa đoạn hai")
    assert signing.pk not in unit_work(office.clerk) and signing.pk not in my_work(signing.signer)
    assert signing.pk in my_work(signing.drafted_by)  # back to revise
    services.submit_for_approval(actor=signing.drafted_by, document=signing, reviewers=[])
    services.decide_step(actor=signing.signer, document=signing, approve=True)
    services.send_for_signature(actor=signing.drafted_by, document=signing)
    assert signing.pk in unit_work(office.clerk)  # given again: waiting again


def test_the_dashboard_shows_twenty_and_leads_to_the_whole_list_page_by_page(office: Office) -> None:
    """The examiner of issue 30: "Việc của tôi" stopped at twenty with no way to the rest."""
    routed = [_routed(office, summary=f"Công văn số {n}") for n in range(23)]
    client = signed_in(office.specialist)
    home = client.get("/").content.decode()
    assert 'data-testid="all-unit-assignments"' in home
    assert sum(document.get_absolute_url() in home for document in routed) == 20
    whole = client.get("/work/unit/").content.decode()
    assert all(f'href="{document.get_absolute_url()}"' in whole for document in routed)
    assert 'data-testid="next"' not in whole
    beyond = client.get("/work/unit/?page=99999999999999999999").content.decode()
    assert "Trang này không còn việc nào" in beyond and 'href="?page=1"' in beyond  # back to the start
    assert client.get("/work/unit/?page=abc").status_code == 200  # a page that is not a number: the first
    assert client.get("/work/everyone/").status_code == 404
    outsider = signed_in(office.junior_clerk).get("/work/unit/").content.decode()
    assert not any(document.get_absolute_url() in outsider for document in routed)


def test_the_unit_s_work_page_counts_what_it_shows_and_says_what_it_counts(office: Office) -> None:
    """Found by the examiner of issue 26: "Việc của đơn vị" and the queues of "Việc của tôi" gave different
    figures with nothing to tell them apart. The page says what it counts, and counts only what the person
    may open (a secret document given to the unit is neither listed nor counted)."""
    _routed(office, summary="Góp ý dự thảo thông tư")
    _routed(office, secrecy=SecrecyLevel.CONFIDENTIAL)
    page = signed_in(office.legal_specialist).get("/work/unit/").content.decode()
    assert "1 hồ sơ đang mở được giao cho cả đơn vị" in page
    assert page.count('href="/documents/incoming/') == 1
    assert "đếm theo cách khác" in page
    assert "2 hồ sơ" in signed_in(office.legal_head).get("/work/unit/").content.decode()
