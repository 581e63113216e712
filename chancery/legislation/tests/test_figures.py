"""The register's figures for the reports: texts promulgated in the year and of them late (by the clocks' due
dates), reconsideration requests, drafts received and answered late; another department counts nothing."""

from datetime import date

import pytest
from freezegun import freeze_time
from rest_framework.test import APIClient

from chancery.casework import services as casework
from chancery.casework.models import LegalClock
from chancery.documents.tests.factories import make_office
from chancery.legislation import selectors, services
from chancery.legislation.models import Statute

pytestmark = pytest.mark.django_db


def _promulgated(actor, statute, on):
    """What record_promulgation does once the order is issued (issuing needs real time: see test_promulgation)."""
    for clock in LegalClock.objects.filter(
        object_type="legislation.statute", object_id=statute.pk, stopped_on=None
    ):
        casework.stop_clock(actor=actor, record=statute, clock=clock, stopped_on=on, outcome="Đã công bố")
    Statute.objects.filter(pk=statute.pk).update(
        state="promulgated", promulgated_on=on, order_number="1/L-CTN"
    )


def test_the_years_figures():
    office = make_office()
    actor = office.legal_specialist
    with freeze_time(date(2025, 3, 2)):
        in_time = services.register_statute(
            actor=actor, kind="law", title="Luật A", passed_on=date(2025, 3, 2)
        )
        late = services.register_statute(actor=actor, kind="law", title="Luật B", passed_on=date(2025, 3, 2))
        draft_late = services.register_draft(
            actor=actor,
            title="Dự án C",
            sender_name="Bộ Tư pháp",
            received_on=date(2025, 3, 2),
            comments_due_on=date(2025, 3, 12),
        )
        draft_in_time = services.register_draft(
            actor=actor,
            title="Dự án D",
            sender_name="Bộ Tư pháp",
            received_on=date(2025, 3, 2),
            comments_due_on=date(2025, 3, 15),  # a Saturday: due on Monday 17 March
        )
    with freeze_time(date(2024, 12, 2)):
        services.register_statute(
            actor=actor, kind="law", title="Luật năm trước", passed_on=date(2024, 12, 1)
        )
    with freeze_time(date(2025, 5, 4)):
        ordinance = services.register_statute(
            actor=actor, kind="ordinance", title="Pháp lệnh E", passed_on=date(2025, 5, 4)
        )
    with freeze_time(date(2025, 5, 8)):
        services.request_reconsideration(
            actor=actor, statute=ordinance, reason="Chưa phù hợp", on=date(2025, 5, 8)
        )
    with freeze_time(date(2025, 3, 25)):
        _promulgated(actor, in_time, date(2025, 3, 17))  # the 15th day
        _promulgated(actor, late, date(2025, 3, 18))
        services.send_comments(actor=actor, draft=draft_late, comments="Ý kiến.", on=date(2025, 3, 13))
        services.send_comments(actor=actor, draft=draft_in_time, comments="Ý kiến.", on=date(2025, 3, 17))
    figures = selectors.figures(actor, 2025)
    assert (figures.laws_promulgated, figures.ordinances_promulgated, figures.promulgated_late) == (2, 0, 1)
    assert figures.reconsideration_requests == 1
    assert (figures.drafts_received, figures.drafts_answered, figures.drafts_answered_late) == (2, 2, 1)
    assert selectors.figures(office.specialist, 2025).laws_promulgated == 0
    api = APIClient()
    api.force_authenticate(actor)
    assert api.get("/api/v1/statutes/figures/", {"year": 2025}).json()["promulgated_late"] == 1
    assert api.get("/api/v1/statutes/figures/", {"year": "x"}).status_code == 400
