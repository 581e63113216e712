"""A document's time limits are the rules' (chancery.documents.rules) and start through casework: what the
services start, kind, length, unit and first day, is what the rule says, and so is its due date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chancery.casework.models import LegalClock
from chancery.core import audit
from chancery.core import selectors as core_selectors
from chancery.core.models import AuditEvent
from chancery.documents import rules, services
from chancery.documents.models import IncomingDocument, UrgencyLevel
from chancery.documents.tests.factories import Office, receive

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with freeze_time("2026-11-10 09:00:00"):  # a Tuesday
        yield


def clock_of(document: IncomingDocument, kind: str) -> LegalClock:
    return LegalClock.objects.get(
        object_type=audit.object_type_of(document), object_id=document.pk, kind__startswith=kind
    )


def test_the_presentation_clock_is_the_rules_and_started_by_the_system(office: Office) -> None:
    document = receive(office, received_on=date(2026, 11, 6))  # a Friday
    clock = clock_of(document, services.PRESENTATION_CLOCK)
    rule = rules.PRESENTATION
    assert (clock.days, clock.unit, clock.started_on) == (rule.days, rule.unit, date(2026, 11, 6))
    calendar = core_selectors.office_calendar(2026, 2027)
    assert clock.due_on == rule.due(calendar, date(2026, 11, 6)) == date(2026, 11, 9)
    assert clock.due_on == rules.latest_same_or_next_working_day(
        calendar, date(2026, 11, 6), rules.Urgency(0)
    )
    started = AuditEvent.objects.filter(object_id=document.pk, message__contains="tự động khi vào sổ")
    assert started.get().actor_id is None


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(urgency=st.sampled_from(list(UrgencyLevel)), days=st.one_of(st.none(), st.integers(1, 30)))
def test_the_handling_clock_is_the_rules_for_every_urgency(
    office: Office, urgency: int, days: int | None
) -> None:
    document = receive(office, urgency=urgency)
    routed = services.route_incoming(
        actor=office.leader,
        document=document,
        routing=services.Routing(lead_unit=office.general, days=days),
        on=date(2026, 11, 10),
    )
    clock = LegalClock.objects.filter(
        object_type=audit.object_type_of(document),
        object_id=document.pk,
        kind__startswith=services.HANDLING_CLOCK,
    ).get()
    rule = rules.handling_clock(rules.Urgency(urgency), None, days)
    assert (clock.days, clock.unit, clock.started_on) == (rule.days, rule.unit, date(2026, 11, 10))
    calendar = core_selectors.office_calendar(2026, 2027)
    due = rules.handling_due(calendar, date(2026, 11, 10), rules.Urgency(urgency), days)
    assert clock.due_on == routed.due_on == due


def test_the_offices_own_handling_days_come_through_the_rule(office: Office, settings) -> None:
    settings.CHANCERY_DOCUMENT_HANDLING_DAYS = {0: 4}
    document = receive(office)
    services.route_incoming(
        actor=office.leader,
        document=document,
        routing=services.Routing(lead_unit=office.general),
        on=date(2026, 11, 10),
    )
    assert (
        clock_of(document, services.HANDLING_CLOCK).days
        == rules.handling_clock(rules.Urgency.NORMAL, {0: 4}).days
        == 4
    )
