"""Petitions, the facts of the case: classification, the case facts a handler records, and splitting a letter
that raises several matters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chancery.core import audit
from chancery.core.models import Agency, AuditAction
from chancery.core.text import fold, nfc
from chancery.petitions import rules
from chancery.petitions import selectors as petition_selectors
from chancery.petitions.models import (
    Petition,
    PetitionKind,
)
from chancery.petitions.services.clocks import _handling_period, _intake_periods, _retime, _store_content_keys
from chancery.petitions.services.intake import (
    KEEP,
    PetitionData,
    _person_data,
    _require_change,
    register_petition,
)

# Audit messages read in Vietnamese, the language of the Office's records.


CASE_FACTS = (
    "instance",
    "decision_known_on",
    "is_complex",
    "is_remote_area",
    "checked_in_several_places",
    "has_evidence",
    "is_civil_dispute",
)


def _apply_facts(petition: Petition, facts: Mapping[str, Any]) -> None:
    unknown = set(facts) - set(CASE_FACTS)
    if unknown:
        raise ValidationError(_("Unknown facts: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    errors: dict[str, str] = {}
    if "instance" in facts and facts["instance"] not in (None, 1, 2):
        errors["instance"] = _("A complaint is at first or second instance.")
    known_on = facts.get("decision_known_on")
    if known_on is not None and known_on > petition.received_on:
        errors["decision_known_on"] = _("The decision cannot be known after the petition was received.")
    if errors:
        raise ValidationError(errors)
    for name, value in facts.items():
        setattr(petition, name, value if name in ("instance", "decision_known_on") else bool(value))


def _retime_for_state(actor: Any, petition: Petition) -> None:
    if petition.state == "received":
        _retime(actor, petition, _intake_periods(petition), rules.INTAKE_KEYS)
    elif petition.state == "handling":
        period = _handling_period(petition)
        _retime(actor, petition, (period,), frozenset({period.key}))


@transaction.atomic
def classify_petition(
    *,
    actor: Any,
    petition: Petition,
    kind: str,
    field: str,
    competent_agency: Agency | None,
    summary: str | None = None,
    facts: Mapping[str, Any] | None = None,
    accused_agency: Any = KEEP,
) -> Petition:
    """Phân loại — confirm or correct the kind, field, competent agency and the facts of the case
    (`CASE_FACTS`) before the petition is decided. The time limits that run from receipt follow
    (rules.intake_periods): a change of kind ends the old one and starts the new one from the day the petition
    was received; a denunciation found to need checks in several places has 10 working days instead of 7
    (lengthening a time limit is the head's decision); one whose competent agency is named has 5 working days
    to be forwarded."""
    _require_change(actor, petition)
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.state != "received":
        raise ValidationError(_("A petition is classified before it is decided."))
    if kind not in PetitionKind.values:
        raise ValidationError({"kind": _("Choose the kind of petition.")})
    before = audit.snapshot(petition)
    # A denouncer's protection outlives a reclassification (selectors.is_protected).
    petition.identity_protected = petition.identity_protected or PetitionKind.DENUNCIATION in (
        petition.kind,
        kind,
    )
    if accused_agency is not KEEP:  # the body of the person denounced (selectors.accused_body_warnings)
        petition.accused_agency = accused_agency
    petition.kind, petition.field, petition.competent_agency = kind, field, competent_agency
    if summary is not None and nfc(summary):
        petition.summary, petition.folded_summary = nfc(summary)[:300], fold(summary)[:300]
    _apply_facts(petition, facts or {})
    petition.full_clean(exclude=["grounds", "petitioner_name"])
    petition.save()
    _retime_for_state(actor, petition)
    _store_content_keys(petition)
    from chancery.petitions.services.scanning import protect_scanned

    protect_scanned(petition)  # a letter reclassified as a denunciation: what its scan read is wiped
    changes = audit.diff(before, audit.snapshot(petition))
    if changes:
        audit.record(action=AuditAction.UPDATE, actor=actor, subject=petition, changes=changes)
    return petition


@transaction.atomic
def set_case_facts(*, actor: Any, petition: Petition, facts: Mapping[str, Any]) -> Petition:
    """Record or correct the facts of a case (`CASE_FACTS`) while it is not yet decided or while the Office
    handles it: a complaint found complex or in a remote area takes the longer time of Luật Khiếu nại 2011,
    Art. 28 / 37, a second complaint the time of Art. 37; the running clock's length follows at once
    (lengthening it is the head's or the leadership's decision, as an extension is). Audited."""
    _require_change(actor, petition)
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.state not in ("received", "handling"):
        raise ValidationError(
            _("The facts of a petition are recorded before it is decided or while it is handled.")
        )
    before = audit.snapshot(petition)
    _apply_facts(petition, facts)
    petition.full_clean(exclude=["grounds", "petitioner_name"])
    petition.save(update_fields=list(facts))
    _retime_for_state(actor, petition)
    changes = audit.diff(before, audit.snapshot(petition))
    if changes:
        audit.record(action=AuditAction.UPDATE, actor=actor, subject=petition, changes=changes)
    return petition


@dataclass
class PartData:
    kind: str
    field: str
    summary: str
    content: str


@transaction.atomic
def split_petition(*, actor: Any, petition: Petition, parts: Sequence[PartData]) -> list[Petition]:
    """Tách đơn — a letter with contents of several kinds becomes one petition per content: the first stays
    on this registration, each further content is registered as a part of it, with the same petitioners,
    date and channel, and its own number and time limit. A letter holding a denunciation is protected whole:
    the letter and every part (each carries the denouncer); only its handlers split a protected letter (the
    parts are registered in their name, so anyone else would read the denouncer on them)."""
    _require_change(actor, petition)
    if petition.state != "received":
        raise ValidationError(_("A petition is split before it is decided."))
    if len(parts) < 2:
        raise ValidationError(_("Give at least two contents to split the petition into."))
    if petition_selectors.is_protected(petition) and not petition_selectors.can_see_identity(actor, petition):
        raise PermissionDenied(_("Only the officers handling a denunciation may split it."))
    protected = petition_selectors.is_protected(petition) or any(
        p.kind == PetitionKind.DENUNCIATION for p in parts
    )
    if protected:
        Petition.objects.filter(pk=petition.pk).update(identity_protected=True)
    first, *rest = parts
    classify_petition(
        actor=actor,
        petition=petition,
        kind=first.kind,
        field=first.field,
        competent_agency=petition.competent_agency,
        summary=first.summary,
    )
    Petition.objects.filter(pk=petition.pk).update(content=nfc(first.content) or petition.content)
    petition.refresh_from_db()
    _store_content_keys(petition)
    people = [_person_data(p, keep_representative=True) for p in petition.petitioners.all()]
    created = []
    for part in rest:
        child = register_petition(
            actor=actor,
            data=PetitionData(
                channel=petition.channel,
                received_on=petition.received_on,
                summary=part.summary,
                content=part.content,
                kind=part.kind,
                field=part.field,
                petitioners=people,
                people_count=petition.people_count,
                is_anonymous=petition.is_anonymous,
                addressed_to=petition.addressed_to,
                sent_by_agency=petition.sent_by_agency,
                source_reference=petition.source_reference,
            ),
            owning_unit=petition.owning_unit,
        )
        Petition.objects.filter(pk=child.pk).update(parent=petition, matter=petition.matter)
        child.refresh_from_db()
        if protected:
            child.identity_protected = True
            child.save(update_fields=["identity_protected"])  # and its search entry, without the people
        created.append(child)
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=petition,
        changes={"parts": {"before": None, "after": [c.registry_number for c in created]}},
        message="Tách đơn: mỗi nội dung thành một đơn riêng",
    )
    return created
