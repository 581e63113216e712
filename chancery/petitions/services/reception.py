"""Citizen reception (sessions and visits, Luật Tiếp công dân 2013) and the agencies petitions go to."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core import access, audit
from chancery.core.models import AuditAction
from chancery.core.text import nfc
from chancery.petitions.models import (
    Channel,
    ReceptionSession,
    ReceptionVisit,
    VisitOutcome,
)
from chancery.petitions.services.intake import PetitionData, can_register, petitions_unit, register_petition

# Audit messages read in Vietnamese, the language of the Office's records.


can_see_reception = access.can_see_reception


# --- citizen reception --------------------------------------------------------------------------------------


@transaction.atomic
def open_session(*, actor: Any, held_on: date, place: str, host: str, note: str = "") -> ReceptionSession:
    if not can_register(actor) or not can_see_reception(actor):
        raise PermissionDenied(_("You may not record citizen reception."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A session cannot be recorded before it is held.")})
    if not nfc(place) or not nfc(host):
        raise ValidationError(_("Give the place and who received the citizens."))
    session = ReceptionSession.objects.create(
        held_on=held_on,
        place=nfc(place),
        host=nfc(host),
        note=nfc(note),
        owning_unit=petitions_unit(),
        created_by=actor,
    )
    audit.record(
        action=AuditAction.CREATE,
        actor=actor,
        subject=session,
        changes={k: {"before": None, "after": v} for k, v in audit.snapshot(session).items()},
    )
    return session


@transaction.atomic
def record_visit(
    *,
    actor: Any,
    session: ReceptionSession,
    visitor: str,
    people: int,
    content: str,
    outcome: str,
    province_code: int | None = None,
    petition: PetitionData | None = None,
) -> ReceptionVisit:
    """One citizen or delegation received: who came, how many, the content, and the outcome; a petition
    handed in is registered with the visit (channel: citizen reception)."""
    if not can_register(actor) or not can_see_reception(actor):
        raise PermissionDenied(_("You may not record citizen reception."))
    if people < 1:
        raise ValidationError({"people": _("At least one person came.")})
    if not nfc(visitor) or not nfc(content):
        raise ValidationError(_("Give who came and the content."))
    if outcome not in VisitOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the visit.")})
    if outcome == VisitOutcome.PETITION and petition is None:
        raise ValidationError({"outcome": _("Register the petition handed in.")})
    visit = ReceptionVisit.objects.create(
        session=session,
        visitor=nfc(visitor),
        people=people,
        content=nfc(content),
        outcome=outcome,
        province_code=province_code,
    )
    if petition is not None:
        petition.channel = Channel.RECEPTION
        petition.received_on = session.held_on
        registered = register_petition(actor=actor, data=petition, reception_visit=visit)
        visit.petition = registered
        visit.save(update_fields=["petition"])
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=session,
        changes={"visit": {"before": None, "after": f"{people} người, {visit.get_outcome_display()}"}},
    )
    return visit


# --- agencies -----------------------------------------------------------------------------------------------
