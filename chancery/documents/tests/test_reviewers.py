"""Who may review a draft (issue 26, "what a Vietnamese office would send back"): the heads of the drafting unit
and of the units above it, and the Office's leadership. The submit form offers no one else, and the service
refuses anyone else a hostile request names, with a Vietnamese reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from chancery.core.models import RoleCode, Unit, UnitKind
from chancery.core.tests.factories import make_staff, signed_in
from chancery.documents import forms, services
from chancery.documents.models import ApprovalStep
from chancery.documents.services.approval import reviewers_for
from chancery.documents.tests.factories import Office, draft

pytestmark = pytest.mark.django_db

REFUSED = "không thuộc những người được trình duyệt dự thảo này"


def test_the_submit_form_offers_the_heads_of_the_drafting_unit_and_the_offices_leadership_only(
    office: Office,
) -> None:
    division = Unit.objects.create(
        code="phong-th", name="Phòng Tổng hợp", kind=UnitKind.DIVISION, parent=office.general
    )
    division_head = make_staff(
        "truongphong.th", unit=division, roles=(RoleCode.HEAD_OF_UNIT, RoleCode.SPECIALIST)
    )
    drafter = make_staff("chuyenvien.p", unit=division, roles=(RoleCode.SPECIALIST,))
    document = draft(office, actor=drafter)
    offered = set(forms.SubmitForm(document=document).fields["reviewer_1"].queryset)  # type: ignore[attr-defined]
    # the division's head, the department's head above it, and the Office's leaders
    assert offered == {division_head, office.head, office.leader, office.deputy}
    for outsider in (
        office.legal_head,  # the head of another department
        office.specialist,
        office.clerk,
        office.president,  # signs in the President's name: added as the signer, not chosen as a reviewer
        drafter,  # nobody reviews their own draft
    ):
        assert outsider not in offered, outsider.username


def test_a_hostile_submission_naming_another_unit_s_head_is_refused_by_the_service(office: Office) -> None:
    document = draft(office)
    with pytest.raises(ValidationError) as refused:
        services.submit_for_approval(
            actor=office.specialist, document=document, reviewers=[office.legal_head]
        )
    assert REFUSED in refused.value.message_dict["reviewers"][0]
    assert office.legal_head.full_name in refused.value.message_dict["reviewers"][0]
    for person in (office.specialist, office.legal_specialist, office.clerk):
        with pytest.raises(ValidationError):
            services.submit_for_approval(actor=office.specialist, document=document, reviewers=[person])
    assert not ApprovalStep.objects.filter(document=document).exists()
    assert document.state == "drafting"
    steps = services.submit_for_approval(actor=office.specialist, document=document, reviewers=[office.head])
    assert [s.reviewer for s in steps] == [office.head, office.leader]


def test_the_page_refuses_a_posted_reviewer_it_did_not_offer(office: Office) -> None:
    document = draft(office)
    page = signed_in(office.specialist).post(
        f"/documents/outgoing/{document.pk}/submit/",
        {"reviewer_1": office.legal_head.pk, "mode": "sequential"},
        follow=True,
    )
    assert page.status_code == 200
    assert not ApprovalStep.objects.filter(document=document).exists()
    assert office.legal_head not in reviewers_for(document)


def test_the_api_refuses_a_reviewer_outside_the_circuit_with_the_vietnamese_reason(office: Office) -> None:
    from rest_framework.test import APIClient

    document = draft(office)
    client = APIClient()
    client.force_authenticate(office.specialist)
    refused = client.post(
        f"/api/v1/outgoing-documents/{document.pk}/submit/",
        {"reviewers": [office.legal_head.pk]},
        format="json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert refused.status_code == 400
    assert REFUSED in refused.content.decode()
    assert not ApprovalStep.objects.filter(document=document).exists()
