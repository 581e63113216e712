"""The demo's issued documents are where issuing puts them: in the clerical office's register (issue 26's
examiner found the Office's clerk with 1 issued document of 4,852)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from freezegun import freeze_time

from chancery.core import access
from chancery.core.models import SecrecyLevel
from chancery.documents import demo
from chancery.documents.models import OutgoingDocument
from chancery.documents.tests.factories import Office

pytestmark = pytest.mark.django_db


@freeze_time("2026-06-30")
def test_the_clerks_see_every_issued_demo_document_their_clearance_allows(office: Office) -> None:
    assert demo.load_outgoing(200, year=2026) == 200
    issued = OutgoingDocument.objects.filter(state="issued")
    assert issued.exists()
    for clerk in (office.clerk, office.junior_clerk):
        seen = set(access.visible_records(clerk, issued).values_list("pk", flat=True))
        allowed = set(issued.filter(secrecy__lte=clerk.clearance).values_list("pk", flat=True))
        assert seen == allowed
    # a secret document is the cleared clerk's by name, not the whole clerical unit's
    secret = issued.filter(secrecy__gt=SecrecyLevel.NONE).first()
    if secret is not None and office.junior_clerk.clearance < secret.secrecy:
        assert not access.can_view(office.junior_clerk, secret)


@freeze_time("2026-06-30")
def test_the_demos_drafts_are_each_units_own_work_with_a_body_and_their_own_time(office: Office) -> None:
    """The examiner of issue 26: the President's decisions had no body, the foreign-affairs department held
    amnesty drafts, and every draft had the same time."""
    demo.load_outgoing(300, year=2026)
    documents = OutgoingDocument.objects.select_related("owning_unit")
    decisions = documents.filter(issuer="president", doc_type="quyet_dinh")
    assert decisions.exists()
    for decision in decisions:
        assert "QUYẾT ĐỊNH:" in decision.body and "Điều 1. " in decision.body, decision.body
    assert all(d.body for d in documents)
    assert (
        not documents.filter(summary__icontains="đặc xá").exclude(owning_unit__code="phong-dac-xa").exists()
    )
    assert documents.values("created_at").distinct().count() > 100
    assert not documents.filter(created_at__gt=timezone.now()).exists()  # none drafted in the future
    # a draft is being written, or has gone through the services with its circuit: none "in review" without one
    assert not documents.filter(state__in=["reviewing", "approved"], approval_steps__isnull=True).exists()
