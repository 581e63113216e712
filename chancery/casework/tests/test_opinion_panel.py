"""Asking other units for their opinion from a record's page (issue 28: the services were reachable only from
tests): ask, answer for the unit asked, withdraw; every posted value hostile until checked; a denouncer's
identity kept out of the questions the other unit reads."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.http import QueryDict
from django.utils import timezone

from chancery.casework.models import OpinionRequest, OpinionStatus
from chancery.core import selectors as core_selectors
from chancery.core.tests.factories import signed_in
from chancery.documents import services as documents
from chancery.documents.tests.factories import Office, receive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_media")]


def _routed(office: Office):
    document = receive(office, summary="Đề nghị góp ý dự thảo Luật Thủ đô")
    return documents.route_incoming(
        actor=office.leader, document=document, routing=documents.Routing(lead_unit=office.general)
    )


def _in_working_days(days: int) -> str:
    return f"{core_selectors.period_end(timezone.localdate(), days):%d/%m/%Y}"


def _ask(client, document, units, **overrides):
    data = {
        "object_type": "documents.incomingdocument",
        "object_id": str(document.pk),
        "units": [u.pk for u in units],
        "question": "Vụ Pháp luật cho ý kiến về Điều 5 của dự thảo",
        "due_on": _in_working_days(5),
        "mode": "parallel",
        **overrides,
    }
    return client.post("/opinions/ask/", data, follow=True)


def test_a_unit_is_asked_answers_on_the_page_and_the_work_leaves_its_list(office: Office) -> None:
    document = _routed(office)
    url = document.get_absolute_url()
    lead = signed_in(office.specialist)
    page = lead.get(url).content.decode()
    assert 'data-testid="opinion-ask"' in page
    units = re.search(r'id="opinion-unit-choices">(.*?)</div>\s*</fieldset>', page, re.S)
    assert units and "Vụ Pháp luật" in units.group(1)
    assert "Vụ Tổng hợp" not in units.group(1)  # the unit handling it does not ask itself
    assert "Lãnh đạo Văn phòng" not in units.group(1) and "Văn phòng Chủ tịch nước" not in units.group(1)
    shown = _ask(lead, document, [office.legal]).content.decode()
    assert "Đã xin ý kiến 1 đơn vị" in shown
    (asked,) = OpinionRequest.objects.all()
    assert asked.status == OpinionStatus.OPEN and asked.clock is not None
    assert document.pk in {a.object_id for a in core_selectors.my_unit_assignments(office.legal_specialist)}
    # the question is the asked unit's work; the document is not among its unit's documents to handle, nor
    # counted in "Việc đang chờ" (an examiner of issue 26 found the consulted unit's counts holding it)
    from chancery.casework import lists, queues

    incoming = lists.get("incoming-documents")
    assert incoming is not None
    for scope in ("unit", "mine"):
        _form, data = lists.read_filters(incoming, QueryDict(f"scope={scope}"))
        assert data is not None
        assert document.pk not in set(
            incoming.queryset(office.legal_specialist, data).values_list("pk", flat=True)
        )
    assert not [
        w for w in queues.waiting_for(office.legal_specialist) if w.queue.list_key == incoming.key and w.count
    ]

    legal = signed_in(office.legal_specialist)
    page = legal.get(url).content.decode()
    assert "cho ý kiến về Điều 5" in page and 'data-testid="opinion-answer"' in page
    # asked for its opinion, the unit reads and answers; it does not change the record, nor ask others
    from chancery.core import access

    assert access.can_view(office.legal_specialist, document)
    assert not access.can_change(office.legal_specialist, document)
    assert 'data-testid="opinion-ask"' not in page and 'data-testid="opinion-withdraw"' not in page
    assert 'data-testid="handling-submit"' not in page and 'data-testid="close-panel"' not in page
    assert "Vụ Pháp luật" not in page.split('data-testid="opinions"')[0].split("Xử lý")[-1]  # not "phối hợp"
    asked_on = _ask(legal, document, [office.general]).content.decode()
    assert "không có quyền" in asked_on.lower() and OpinionRequest.objects.count() == 1
    legal.post(f"/opinions/{asked.pk}/answer/", {"answer": "Đề nghị bỏ khoản 2"}, follow=True)
    asked.refresh_from_db()
    assert asked.status == OpinionStatus.GIVEN and asked.answered_by == office.legal_specialist
    assert "Đề nghị bỏ khoản 2" in lead.get(url).content.decode()
    assert document.pk not in {
        a.object_id for a in core_selectors.my_unit_assignments(office.legal_specialist)
    }
    assert legal.get(url).status_code == 200  # its access stays


def test_every_posted_value_is_checked(office: Office) -> None:
    document = _routed(office)
    lead = signed_in(office.specialist)
    assert _ask(lead, document, [office.legal], object_type="core.user").status_code == 404
    assert _ask(lead, document, [office.legal], object_id="1 OR 1=1").status_code == 404
    secret = receive(office, secrecy=1)
    assert _ask(lead, secret, [office.legal]).status_code == 404  # a record the person may not see
    refused = _ask(lead, document, [office.legal], due_on=_in_working_days(91)).content.decode()
    assert "quá 90 ngày làm việc" in refused and not OpinionRequest.objects.exists()
    empty = _ask(lead, document, []).content.decode()
    assert "Chọn ít nhất một đơn vị" in empty
    outsider = signed_in(office.legal_specialist)  # not given the document: it does not exist for them
    assert _ask(outsider, document, [office.general]).status_code == 404
    _ask(lead, document, [office.legal])
    asked = OpinionRequest.objects.get()
    other = signed_in(office.clerk)
    other.post(f"/opinions/{asked.pk}/answer/", {"answer": "Tôi trả lời thay"}, follow=True)
    asked.refresh_from_db()
    assert asked.status == OpinionStatus.OPEN  # only the unit asked answers
    assert signed_in(office.specialist).post("/opinions/999999/answer/", {"answer": "x"}).status_code == 404
    withdrawn = signed_in(office.legal_specialist).post(
        "/opinions/withdraw/",
        {"object_type": "documents.incomingdocument", "object_id": document.pk, "round": "1"},
        follow=True,
    )
    assert "không có quyền" in withdrawn.content.decode().lower()
    asked.refresh_from_db()
    assert asked.status == OpinionStatus.OPEN
    lead.post(
        "/opinions/withdraw/",
        {"object_type": "documents.incomingdocument", "object_id": document.pk, "round": "1"},
    )
    asked.refresh_from_db()
    assert asked.status == OpinionStatus.WITHDRAWN


def test_the_asked_unit_reads_a_denouncers_name_redacted_in_the_question() -> None:
    from chancery.petitions.tests.factories import denunciation
    from chancery.petitions.tests.factories import make_office as petitions_office

    office = petitions_office()
    petition = denunciation(office.clerk)
    client = signed_in(office.head)
    client.post(
        "/opinions/ask/",
        {
            "object_type": "petitions.petition",
            "object_id": petition.pk,
            "units": [office.other_unit.pk],
            "question": "Bà Phạm Thị Tố Nga tố cáo việc này: Vụ Đối ngoại cho ý kiến",
            "due_on": _in_working_days(5),
            "mode": "parallel",
        },
    )
    assert OpinionRequest.objects.filter(object_id=petition.pk).exists()
    page = signed_in(office.outsider).get(petition.get_absolute_url()).content.decode()
    assert "cho ý kiến" in page
    assert "Phạm Thị Tố Nga" not in page


def test_hostile_units_and_bad_dates_are_refused_in_vietnamese(office: Office) -> None:
    from chancery.core.models import Unit, UnitKind

    document = _routed(office)
    lead = signed_in(office.specialist)
    page = lead.get(document.get_absolute_url()).content.decode()
    assert 'for="id_due_on"' in page and 'placeholder="dd/mm/yyyy"' in page  # labelled, typed as dd/mm/yyyy
    assert 'for="opinion-unit-filter"' in page
    whole = Unit.objects.get(kind=UnitKind.OFFICE)
    for units in ([office.leaders.pk], [whole.pk], [999999], ["abc"], [office.general.pk]):
        shown = _ask(lead, document, [SimpleNamespace(pk=pk) for pk in units]).content.decode()
        assert "không thể được xin ý kiến về hồ sơ này" in shown, units
    shown = _ask(lead, document, [office.legal], due_on="01/01/2020").content.decode()
    assert "đã qua hoặc là hôm nay" in shown
    shown = _ask(lead, document, [office.legal], due_on="31/02/2027").content.decode()
    assert "dd/mm/yyyy" in shown and "Nhập ngày theo dạng" in shown
    shown = _ask(lead, document, [office.legal], due_on="").content.decode()
    assert "Nhập hạn trả lời" in shown
    assert not OpinionRequest.objects.exists()


def test_a_late_request_shows_in_red_and_the_unit_asked_finds_it_in_its_work(office: Office) -> None:
    from datetime import timedelta

    from chancery.casework import services
    from chancery.core.models import RoleCode, Unit, UnitKind
    from chancery.core.tests.factories import make_staff

    document = _routed(office)
    long_ago = timezone.localdate() - timedelta(days=21)
    (late,) = services.request_opinions(
        actor=office.specialist, record=document, units=[office.legal], question="Hỏi cũ", days=2, on=long_ago
    )
    page = signed_in(office.specialist).get(document.get_absolute_url()).content.decode()
    state = re.search(r'<span class="badge ([^"]*)" data-testid="opinion-state">([^<]*)<', page)
    assert state and "text-bg-danger" in state.group(1) and state.group(2) == "Quá hạn"
    assert 'class="text-danger fw-semibold">hạn' in page
    # the unit asked finds the record in "Việc của tôi", under its unit's work; another unit does not
    legal = signed_in(office.legal_specialist)
    mine = legal.get("/").content.decode()
    assert document.get_absolute_url() in mine and "Được xin ý kiến" in mine
    foreign = Unit.objects.create(code="vu-doi-ngoai", name="Vụ Đối ngoại", kind=UnitKind.DEPARTMENT)
    stranger = signed_in(make_staff("cv.dn", unit=foreign, roles=(RoleCode.SPECIALIST,)))
    assert document.get_absolute_url() not in stranger.get("/").content.decode()
    assert stranger.get(document.get_absolute_url()).status_code == 404
    refused = stranger.post(f"/opinions/{late.pk}/answer/", {"answer": "Thay lời"})
    assert refused.status_code == 404
    legal.post(f"/opinions/{late.pk}/answer/", {"answer": "Trả lời muộn"}, follow=True)
    page = signed_in(office.specialist).get(document.get_absolute_url()).content.decode()
    assert "Trả lời muộn" in page and "trả lời sau hạn" in page


def test_a_secret_record_is_answered_on_its_page_only_by_the_cleared_head_asked(office: Office) -> None:
    document = receive(office, summary="Tài liệu mật cần góp ý", secrecy=1)
    document = documents.route_incoming(
        actor=office.leader, document=document, routing=documents.Routing(lead_unit=office.general)
    )
    head = signed_in(office.head)
    _ask(head, document, [office.legal])
    (asked,) = OpinionRequest.objects.all()
    uncleared = signed_in(office.legal_specialist)
    assert uncleared.get(document.get_absolute_url()).status_code == 404
    assert uncleared.post(f"/opinions/{asked.pk}/answer/", {"answer": "Đồng ý"}).status_code == 404
    cleared = signed_in(office.legal_head)
    assert 'data-testid="opinion-answer"' in cleared.get(document.get_absolute_url()).content.decode()
    cleared.post(f"/opinions/{asked.pk}/answer/", {"answer": "Đồng ý"}, follow=True)
    asked.refresh_from_db()
    assert asked.status == OpinionStatus.GIVEN and asked.answered_by == office.legal_head
