"""Routing goes to the Office's departments and divisions (issue 26): the form offers no other unit (not the
Office itself, not its leadership), and the service refuses one posted anyway."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chancery.core.models import Unit
from chancery.documents import forms, services
from chancery.documents.tests.factories import Office, receive

pytestmark = pytest.mark.django_db


def test_the_form_offers_only_departments_and_divisions(office: Office) -> None:
    offered = set(forms.RouteForm().fields["cooperating_units"].queryset)  # type: ignore[attr-defined]
    assert office.general in offered and office.clerical in offered
    assert office.leaders not in offered
    assert not any(unit.code == "vpctn" for unit in offered)


@pytest.mark.parametrize("which", ["leadership", "office"])
def test_a_non_unit_posted_anyway_is_refused(office: Office, which: str) -> None:
    document = receive(office)
    other = office.leaders if which == "leadership" else Unit.objects.get(code="vpctn")
    with pytest.raises(ValidationError) as refused:
        services.route_incoming(
            actor=office.leader,
            document=document,
            routing=services.Routing(lead_unit=office.general, cooperating_units=[other]),
        )
    assert other.name in str(refused.value.message_dict["cooperating_units"])
    from chancery.core.tests.factories import signed_in

    page = signed_in(office.leader).post(
        reverse("documents:incoming_route", args=[document.pk]),
        {"lead_unit": other.pk, "cooperating_units": [office.legal.pk]},
    )
    document.refresh_from_db()
    assert document.state == "registered"  # nothing routed
    assert page.status_code in (200, 302)


def test_a_non_unit_as_lead_is_refused_under_the_lead_unit_on_the_api(office: Office) -> None:
    """The examiner of issue 30: the API answered a wrong lead unit under "cooperating_units"."""
    from rest_framework.test import APIClient

    document = receive(office)
    with pytest.raises(ValidationError) as refused:
        services.route_incoming(
            actor=office.leader,
            document=document,
            routing=services.Routing(lead_unit=office.leaders, cooperating_units=[office.legal]),
        )
    assert set(refused.value.message_dict) == {"lead_unit"}
    client = APIClient()
    client.force_authenticate(office.leader)
    answer = client.post(
        f"/api/v1/incoming-documents/{document.pk}/route/",
        {"lead_unit": office.leaders.pk, "cooperating_units": [office.legal.pk]},
        format="json",
    )
    assert answer.status_code == 400 and set(answer.json()["details"]) == {"lead_unit"}
