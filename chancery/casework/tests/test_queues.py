"""Work queues ("Việc của tôi", issue 26): each person sees what waits for them, by role and unit, counted
through the list it opens (and so through the access policy), never what they may not see."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from chancery.casework import lists, queues
from chancery.core.models import SecrecyLevel
from chancery.documents import services
from chancery.documents.tests.factories import Office, approved, draft, receive

pytestmark = pytest.mark.django_db


def counts(user) -> dict[str, int]:
    """The queues with work waiting (a standing queue shows at 0 too: `standing` below)."""
    return {w.queue.key: w.count for w in queues.waiting_for(user) if w.count}


def standing(user) -> set[str]:
    return {w.queue.key for w in queues.waiting_for(user) if not w.count}


def test_every_queue_is_a_filter_its_list_takes() -> None:
    """A queue whose filters its list refused would count nothing, silently."""
    assert queues.REGISTRY, "the modules register their queues"
    for queue in queues.REGISTRY.values():
        case_list = lists.get(queue.list_key)
        assert case_list is not None, queue.key
        params = QueryDict(mutable=True)
        params.update(queue.filters)
        form, data = lists.read_filters(case_list, params)
        assert data is not None, (queue.key, form.errors)


def test_the_documents_queues_follow_each_persons_role(office: Office) -> None:
    received = receive(office)
    to_sign = approved(office)
    services.send_for_signature(actor=office.specialist, document=to_sign)
    in_review = draft(office)
    services.submit_for_approval(actor=office.specialist, document=in_review, reviewers=[office.head])
    mine_approved = approved(office, summary="Báo cáo kết quả tháng")
    draft(office, summary="Báo cáo tuần")  # still being written

    assert counts(office.leader)["incoming-to-route"] == 1
    assert counts(office.leader)["outgoing-sign"] == 1  # the leader signs what the factory drafts
    assert counts(office.head)["outgoing-approve"] == 1
    assert counts(office.specialist)["outgoing-submit"] == 1
    assert counts(office.specialist)["outgoing-drafting"] == 1  # a draft still being written is theirs too
    assert "outgoing-drafting" not in counts(office.head)
    assert counts(office.clerk)["outgoing-to-issue"] == 1
    # what waits for another is not in my queues
    assert "outgoing-sign" not in counts(office.head)
    assert "outgoing-approve" not in counts(office.leader)
    assert "incoming-to-route" not in counts(office.specialist)

    services.route_incoming(
        actor=office.leader,
        document=received,
        routing=services.Routing(lead_unit=office.general, handler=office.specialist, days=1),
        on=timezone.localdate() - timedelta(days=20),
    )
    assert "incoming-to-route" not in counts(office.leader)
    assert counts(office.specialist)["incoming-mine"] == 1
    assert counts(office.head)["incoming-unit"] == 1
    assert counts(office.head)["incoming-unit-overdue"] == 1  # routed 20 days ago with one working day
    assert counts(office.leader)["incoming-overdue"] == 1
    assert "incoming-unit" not in counts(office.legal_head)  # another unit's work
    assert mine_approved.state == "approved"


def test_a_secret_document_is_not_counted_for_someone_without_clearance(office: Office) -> None:
    document = approved(office, secrecy=SecrecyLevel.CONFIDENTIAL)
    services.send_for_signature(actor=office.head, document=document)
    assert counts(office.clerk)["outgoing-to-issue"] == 1  # cleared for Mật
    assert "outgoing-to-issue" not in counts(office.junior_clerk)  # no clearance: not even a count


def test_the_page_lists_the_queues_with_their_counts_and_links(office: Office) -> None:
    from chancery.core.tests.factories import signed_in

    receive(office, received_on=date(2026, 11, 3))
    page = signed_in(office.leader).get("/").content.decode()
    assert "Việc đang chờ" in page
    assert "Văn bản đến chờ ý kiến chỉ đạo, phân phối" in page
    assert "/lists/incoming-documents/?state=registered&amp;exact=1" in page
    # the list the queue opens counts exactly what the queue counted, however many there are
    for waiting in queues.waiting_for(office.leader):
        listed = signed_in(office.leader).get(waiting.url).context["page"]
        assert (listed.count, listed.count_capped) == (waiting.count, False), waiting.queue.key
    nothing = signed_in(office.admin).get("/").content.decode()
    assert 'data-testid="no-queues"' in nothing


def test_each_role_sees_the_lines_of_its_own_work_even_when_nothing_waits(office: Office) -> None:
    """The examiner of issue 26: the clerk, the specialist and the head had the same page, and the head no
    line for drafts to approve while none waited."""
    from chancery.core.tests.factories import signed_in

    assert standing(office.head) == {"outgoing-approve"}
    assert standing(office.legal_specialist) == {"incoming-mine"}
    assert standing(office.clerk) == {"incoming-to-route", "outgoing-to-issue"}
    assert {"outgoing-approve", "outgoing-sign"} <= standing(office.leader)
    assert standing(office.president) == {"outgoing-approve", "outgoing-sign"}  # his own hand, not the intake
    page = signed_in(office.head).get("/").content.decode()
    assert 'data-testid="queue-outgoing-approve"' in page and "Dự thảo chờ tôi duyệt" in page
    draft_in_review = draft(office)
    services.submit_for_approval(actor=office.specialist, document=draft_in_review, reviewers=[office.head])
    assert counts(office.head)["outgoing-approve"] == 1 and "outgoing-approve" not in standing(office.head)


def test_the_petitions_queues_count_the_units_petitions_and_not_another_units(settings, tmp_path) -> None:
    from chancery.petitions.tests import factories as petitions

    settings.MEDIA_ROOT = tmp_path
    office = petitions.make_office()
    petitions.register(office.clerk, received_on=timezone.localdate() - timedelta(days=90))
    petitions.register(office.clerk)
    assert counts(office.specialist)["petitions-received"] == 2
    assert counts(office.head)["petitions-overdue"] >= 1  # the time limit to classify has run out
    assert not any(key.startswith("petitions") for key in counts(office.outsider))


def test_the_president_sees_what_waits_for_his_own_hand_not_the_offices_intake(office: Office) -> None:
    receive(office)  # waits for the Office's direction
    document = approved(office, issuer="president", doc_type="quyet_dinh")
    services.send_for_signature(actor=office.specialist, document=document)
    assert counts(office.president) == {"outgoing-sign": 1}
    assert "incoming-to-route" in counts(office.leader)


def test_my_assigned_work_shows_each_records_state_and_no_one_as_giver_of_my_own(office: Office) -> None:
    """The examiner of issue 26: the drafts on a specialist's list had no state and named her as who gave
    them to her."""
    from chancery.core.tests.factories import signed_in

    document = draft(office, summary="Báo cáo tuần")
    page = signed_in(office.specialist).get("/").content.decode()
    row = page[page.index(document.get_absolute_url()) :].split("</tr>")[0]
    assert f">{document.state_label}<" in row
    assert 'title="Hồ sơ do chính bạn tạo"' in row and office.specialist.full_name not in row
    assert ">Người soạn thảo<" in row  # the part she plays, not "Người xử lý"
    services.submit_for_approval(actor=office.specialist, document=document, reviewers=[office.head])
    page = signed_in(office.head).get("/").content.decode()
    row = page[page.index(document.get_absolute_url()) :].split("</tr>")[0]
    assert ">Người duyệt<" in row and office.specialist.full_name in row  # given by its drafter
