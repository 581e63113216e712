"""Petitions, the legal clocks: the periods each state runs (rules.py), started, retimed and stopped."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.casework import services as casework
from chancery.casework.models import LegalClock
from chancery.core import audit
from chancery.core.models import AuditAction
from chancery.petitions import matching, rules
from chancery.petitions.models import (
    MatchKey,
    MatchText,
    Petition,
)

# Audit messages read in Vietnamese, the language of the Office's records.


def _store_content_keys(petition: Petition) -> None:
    """What the duplicate check keeps of the petition's text: its parse and its content keys (the bands
    of its shingles and of its facts, chancery.petitions.matching)."""
    parsed = matching.parse(matching.petition_text(petition.summary, petition.content))
    words, shapes, sizes, facts = parsed.stored()
    MatchText.objects.update_or_create(
        petition=petition, defaults={"words": words, "shapes": shapes, "sizes": sizes, "facts": facts}
    )
    MatchKey.objects.filter(petition=petition, is_person=False).delete()
    bands, fact_bands = matching.content_keys(parsed)
    MatchKey.objects.bulk_create(MatchKey(key=k, petition=petition) for k in {*bands, *fact_bands})


def _intake_periods(petition: Petition) -> tuple[rules.Period, ...]:
    """The time limits a petition carries from the day it was received, by its facts
    (rules.intake_periods)."""
    return rules.intake_periods(
        rules.Kind(petition.kind),
        several_places=petition.checked_in_several_places,
        competent_elsewhere=petition.competent_agency_id is not None,
    )


def _handling_period(petition: Petition) -> rules.Period:
    """The time limit of a petition the Office handles, by its facts (rules.handling_period)."""
    return rules.handling_period(
        rules.Kind(petition.kind),
        instance=petition.instance or 1,
        complex_case=petition.is_complex,
        remote_area=petition.is_remote_area,
    )


def _start(
    actor: Any, petition: Petition, period: rules.Period, on: date, *, system: bool = False
) -> LegalClock:
    """Start the rule's time limit through casework (the registration's clocks as the system's, no person
    deciding them) and record the article it comes from."""
    clock = casework.start_clock(
        actor=None if system else actor,
        record=petition,
        kind=period.key,
        label=period.label,
        days=period.days,
        unit=period.unit,
        started_on=on,
        system=system,
    )
    audit.record(
        action=AuditAction.UPDATE,
        actor=None if system else actor,
        subject=petition,
        changes={"clock": {"before": None, "after": period.label}},
        message=f"{period.label}: {period.days} ngày từ {on:%d/%m/%Y} ({period.basis})"[:300],
    )
    return clock


def _retime(actor: Any, petition: Petition, wanted: Sequence[rules.Period], family: frozenset[str]) -> None:
    """Bring the running clocks of one family (the intake's, or the handling's) to what the rules now say
    for the petition's facts: a clock the rules still want takes its new length; one they no longer want
    ends; one they want and that never ran starts from the event its period counts from."""
    today = timezone.localdate()
    by_key = {period.key: period for period in wanted}
    running = [clock for clock in _running(petition) if clock.kind in family]
    for clock in running:
        period = by_key.get(clock.kind)
        if period is None:
            casework.stop_clock(
                actor=actor,
                record=petition,
                clock=clock,
                stopped_on=max(today, clock.started_on),
                outcome=_("Reclassified"),
            )
        elif (clock.days, clock.label) != (period.days, period.label):
            casework.set_clock_length(
                actor=actor,
                record=petition,
                clock=clock,
                days=period.days,
                label=period.label,
                reason=period.basis[:200],
            )
    for period in wanted:
        if any(clock.kind == period.key for clock in running):
            continue
        started = LegalClock.objects.filter(
            object_type=audit.object_type_of(petition), object_id=petition.pk, kind=period.key
        ).exists()
        if started:
            raise ValidationError(
                _("This petition has already had the time limit for its new kind; it cannot start again.")
            )
        start = petition.received_on if period.key in rules.INTAKE_KEYS else petition.decided_on or today
        _start(actor, petition, period, start)


def _running(petition: Petition, kind: str | None = None) -> list[LegalClock]:
    clocks = LegalClock.objects.filter(
        object_type=audit.object_type_of(petition), object_id=petition.pk, stopped_on__isnull=True
    )
    return list(clocks.filter(kind=kind) if kind else clocks)


def _stop_all(actor: Any, petition: Petition, on: date, outcome: str) -> None:
    for clock in _running(petition):
        casework.stop_clock(
            actor=actor, record=petition, clock=clock, stopped_on=max(on, clock.started_on), outcome=outcome
        )
