"""The signer always approves last (NĐ 30/2020 Art. 11), in a sequential circuit and in a parallel one: the
signer's step opens only when every other step is approved, and an early approval is refused with a reason,
on the page and in the API (issue 30, item 2)."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from chancery.core.tests.factories import signed_in
from chancery.documents import rules, services
from chancery.documents.models import OutgoingDocument
from chancery.documents.rules import CircuitMode, StepStatus
from chancery.documents.tests.factories import Office, draft, make_office

REASON = "Người ký duyệt sau cùng"


@pytest.fixture
def office(db) -> Office:  # the conftest's office, with the database opened for tests that have no mark
    return make_office()


def _submitted(office: Office, mode: str) -> OutgoingDocument:
    document = draft(office)
    services.submit_for_approval(
        actor=office.specialist, document=document, reviewers=[office.head, office.deputy], mode=mode
    )
    return document


def _statuses(document: OutgoingDocument) -> dict[str, str]:
    return {s.reviewer.username: s.status for s in document.approval_steps.select_related("reviewer")}


def _order(document: OutgoingDocument) -> list[str]:
    steps = document.approval_steps.filter(status=StepStatus.APPROVED).order_by("decided_at", "id")
    return [s.reviewer.username for s in steps.select_related("reviewer")]


def test_the_rule_holds_the_signer_back_until_every_other_step_is_approved() -> None:
    start = rules.advance(
        CircuitMode.PARALLEL,
        [(1, StepStatus.WAITING), (2, StepStatus.WAITING), (3, StepStatus.WAITING)],
        signer=3,
    )
    assert start.to_open == (1, 2)
    one_left = rules.advance(
        CircuitMode.PARALLEL,
        [(1, StepStatus.APPROVED), (2, StepStatus.OPEN), (3, StepStatus.WAITING)],
        signer=3,
    )
    assert one_left.to_open == ()
    last = rules.advance(
        CircuitMode.PARALLEL,
        [(1, StepStatus.APPROVED), (2, StepStatus.APPROVED), (3, StepStatus.WAITING)],
        signer=3,
    )
    assert last.to_open == (3,)
    alone = rules.advance(CircuitMode.PARALLEL, [(1, StepStatus.WAITING)], signer=1)
    assert alone.to_open == (1,)
    assert not rules.signer_may_decide([(1, StepStatus.OPEN), (2, StepStatus.OPEN)], 2)
    assert rules.signer_may_decide([(1, StepStatus.APPROVED), (2, StepStatus.OPEN)], 2)


statuses = st.sampled_from([StepStatus.WAITING, StepStatus.OPEN, StepStatus.APPROVED])


@given(mode=st.sampled_from(list(CircuitMode)), steps=st.lists(statuses, min_size=1, max_size=6))
def test_the_signer_s_step_never_opens_before_the_others_are_approved(
    mode: CircuitMode, steps: list[StepStatus]
) -> None:
    signer = len(steps)
    outcome = rules.advance(mode, list(enumerate(steps, start=1)), signer=signer)
    if signer in outcome.to_open:
        assert all(s == StepStatus.APPROVED for s in steps[:-1])


@pytest.mark.parametrize("mode", [CircuitMode.PARALLEL, CircuitMode.SEQUENTIAL])
def test_the_page_refuses_the_signer_s_early_approval_and_the_signer_approves_last(
    office: Office, mode: str
) -> None:
    document = _submitted(office, mode)
    assert _statuses(document)[office.leader.username] == StepStatus.WAITING
    leader: Client = signed_in(office.leader)
    page = leader.get(document.get_absolute_url())
    assert 'name="decision"' not in page.content.decode()
    refused = leader.post(
        f"/documents/outgoing/{document.pk}/review/", {"decision": "approve", "comment": ""}, follow=True
    )
    assert REASON in refused.content.decode()
    assert _statuses(document)[office.leader.username] == StepStatus.WAITING
    for reviewer in (office.head, office.deputy):
        signed_in(reviewer).post(
            f"/documents/outgoing/{document.pk}/review/", {"decision": "approve", "comment": ""}
        )
        document.refresh_from_db()
        assert document.state == "reviewing"
    assert _statuses(document)[office.leader.username] == StepStatus.OPEN
    leader.post(f"/documents/outgoing/{document.pk}/review/", {"decision": "approve", "comment": ""})
    document.refresh_from_db()
    assert document.state == "approved"
    assert _order(document) == [office.head.username, office.deputy.username, office.leader.username]


def test_the_api_refuses_the_signer_s_early_approval_with_a_vietnamese_reason(office: Office) -> None:
    document = _submitted(office, CircuitMode.PARALLEL)
    base = f"/api/v1/outgoing-documents/{document.pk}"
    clients = {}
    for user in (office.leader, office.head, office.deputy):
        clients[user.username] = APIClient()
        clients[user.username].force_authenticate(user)
    leader = clients[office.leader.username]
    refused = leader.post(f"{base}/review/", {"approve": True}, format="json", HTTP_ACCEPT_LANGUAGE="vi")
    assert refused.status_code == 400
    assert REASON in refused.content.decode()
    assert (
        clients[office.head.username]
        .post(f"{base}/review/", {"approve": True}, format="json")
        .json()["state"]
        == "reviewing"
    )
    assert leader.post(f"{base}/review/", {"approve": True}, format="json").status_code == 400
    last = clients[office.deputy.username].post(f"{base}/review/", {"approve": True}, format="json")
    assert last.json()["state"] == "reviewing"
    assert leader.post(f"{base}/review/", {"approve": True}, format="json").json()["state"] == "approved"
    assert _order(document) == [office.head.username, office.deputy.username, office.leader.username]


def test_a_signer_step_opened_early_before_the_fix_is_still_refused(office: Office) -> None:
    """A parallel round opened under the old rule (the signer's step already open) cannot be approved by the
    signer before the reviewers either."""
    document = _submitted(office, CircuitMode.PARALLEL)
    document.approval_steps.filter(reviewer=office.leader).update(status=StepStatus.OPEN)
    with pytest.raises(Exception, match=REASON):
        services.decide_step(actor=office.leader, document=document, approve=True)


def test_each_reviewer_has_the_draft_as_given_by_its_drafter_not_by_the_reviewer_before(
    office: Office,
) -> None:
    """The examiner of issue 26: "Người giao" on the second reviewer's list named the first reviewer."""
    from chancery.core.models import Assignment

    document = _submitted(office, CircuitMode.SEQUENTIAL)
    services.decide_step(actor=office.head, document=document, approve=True)
    given = Assignment.objects.filter(object_id=document.pk, user=office.deputy, is_active=True).get()
    assert given.assigned_by == office.specialist
