"""Petitions, the decision on a checked petition: the facts on record, the path (handle, forward, guide,
store) and its grounds (rules.decide)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.casework import services as casework
from chancery.casework.models import LegalClock
from chancery.core import audit, selectors
from chancery.core.models import Agency, AuditAction
from chancery.core.text import nfc
from chancery.petitions import rules
from chancery.petitions.models import (
    Field,
    Forwarding,
    LetterKind,
    Petition,
    PetitionKind,
)
from chancery.petitions.services.clocks import _handling_period, _start, _stop_all
from chancery.petitions.services.follow_up import _letter
from chancery.petitions.services.intake import _require_change

# Audit messages read in Vietnamese, the language of the Office's records.


# --- the decision on a checked petition ---------------------------------------------------------------------


CHECKS = frozenset(
    {
        "within_competence",
        "false_identity",
        "unclear_content",
        "resolved_no_new_content",
        "resolved_final",
        "insulting",
        "withdrawn",
        "already_forwarded",
        "not_directly_concerned",
        "before_court",
    }
)
RECORD_FACTS = frozenset({"anonymous", "concrete_evidence", "civil_dispute"})
CHECK_NAMES = CHECKS | RECORD_FACTS | {"out_of_time"}


def _on_record(petition: Petition, name: str) -> bool:
    """What the record says of a fact the check may add but not deny: anonymous (registered without a name),
    concrete evidence, and a civil dispute between citizens (the case fact, or its field Field.CIVIL: not a
    complaint or a denunciation, for the courts)."""
    if name == "anonymous":
        return petition.is_anonymous
    if name == "concrete_evidence":
        return petition.has_evidence
    return petition.is_civil_dispute or petition.field == Field.CIVIL


@dataclass
class DecisionData:
    """A decision as a channel sends it: the checks it was asked (absent: not said), the competent agency,
    the letter's details. `facts` is the older form of the checks: only its true checks are read."""

    checks: Mapping[str, bool] = dataclass_field(default_factory=dict)
    agency: Agency | None = None
    answer_by: date | None = None
    note: str = ""
    signed_by: str = ""
    signer_title: str = ""  # the signature block; empty: the Office's standing delegation
    on: date | None = None
    late_excuse: str = ""  # the legitimate reason a complaint past its time limit is still heard (Art. 9, 11)
    facts: rules.Facts | None = None

    def all_checks(self) -> dict[str, bool]:
        given = dict(self.checks)
        if self.facts is not None:
            for name in CHECK_NAMES:
                if getattr(self.facts, name, False):
                    given.setdefault(name, True)
        return given


def complaint_is_late(petition: Petition) -> bool | None:
    """Whether a complaint was received after its time to lodge it (Luật Khiếu nại 2011, Art. 9 for a first
    complaint, Art. 33 for a second, with the remote-area time), by the dates on its record; None when the
    record does not say when the decision was known (or it is not a complaint)."""
    if petition.kind != PetitionKind.COMPLAINT or petition.decision_known_on is None:
        return None
    return not rules.is_complaint_in_time(
        petition.decision_known_on,
        petition.received_on,
        instance=petition.instance or 1,
        remote_area=petition.is_remote_area,
    )


def facts_of(
    petition: Petition, checks: Mapping[str, bool], *, late_excuse: str = ""
) -> tuple[rules.Facts, list[str]]:
    """The facts a petition is decided on, whatever the channel: the record's (kind, instance, anonymity,
    evidence, civil dispute, lateness by its dates) with the checks found. A check cannot deny what the record
    holds (an anonymous petition stays anonymous, a complaint late by its dates stays late unless a legitimate
    reason is given, which goes into the decision's note), nor call late a complaint its dates show in time.
    Returns the facts and the notes they add to the decision."""
    unknown = set(checks) - CHECK_NAMES
    if unknown:
        raise ValidationError(_("Unknown checks: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    errors: dict[str, str] = {}
    values = {name: bool(checks.get(name, False)) for name in CHECKS}
    for name in sorted(RECORD_FACTS):
        stored = _on_record(petition, name)
        if stored and checks.get(name) is False:
            errors[name] = _("The petition's record says otherwise; correct the record first.")
        values[name] = stored or bool(checks.get(name, False))
    notes: list[str] = []
    late = complaint_is_late(petition)
    excuse = nfc(late_excuse)
    if late is None:
        values["out_of_time"] = bool(checks.get("out_of_time", False))
    elif late and excuse:
        values["out_of_time"] = False
        notes.append(f"Quá thời hạn khiếu nại, có lý do chính đáng: {excuse}")
    elif late:
        if checks.get("out_of_time") is False:
            errors["out_of_time"] = _(
                "By the dates on record the complaint came after its time limit; give the legitimate reason "
                "for the delay to have it heard."
            )
        values["out_of_time"] = True
    else:
        if checks.get("out_of_time"):
            errors["out_of_time"] = _(
                "By the dates on record the complaint is within its time limit; correct the dates first."
            )
        values["out_of_time"] = False
    if errors:
        raise ValidationError(errors)
    facts = rules.Facts(kind=rules.Kind(petition.kind), instance=petition.instance or 1, **values)
    return facts, notes


def decide_facts(petition: Petition, data: DecisionData) -> tuple[rules.Facts, rules.Decision, list[str]]:
    """The decision the rules give for the petition's facts and the checks sent; a matter already forwarded
    is not forwarded again: the resend is stored (Thông tư 05/2021/TT-TTCP, Art. 14)."""
    facts, notes = facts_of(petition, data.all_checks(), late_excuse=data.late_excuse)
    decision = rules.decide(facts)
    if decision.path == rules.Path.FORWARD and forwarded_before(petition):
        facts = replace(facts, already_forwarded=True)
        decision = rules.decide(facts)
    return facts, decision, notes


@transaction.atomic
def decide_petition(*, actor: Any, petition: Petition, data: DecisionData) -> tuple[Petition, rules.Decision]:
    """Xử lý đơn — the path is the rules' (rules.decide) on the petition's facts and the checks found, from
    any channel: store with the grounds (an anonymous denunciation with concrete evidence passed on for
    inspection, Luật Tố cáo 2018 Art. 25.2), guide a civil dispute to the court, handle, forward to the
    competent agency with the date it must answer by, or guide the petitioner to it. The time limits that
    ran from receipt end; the next starts, as the rules say; each letter is numbered from the outgoing
    register."""
    _require_change(actor, petition)
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.state != "received":
        raise ValidationError(_("This petition has already been decided."))
    if data.facts is not None and data.facts.kind != petition.kind:
        raise ValidationError(_("The checks were made for another kind of petition; classify it first."))
    on = data.on or timezone.localdate()
    if on < petition.received_on:
        raise ValidationError({"on": _("A petition cannot be decided before it was received.")})
    facts, decision, fact_notes = decide_facts(petition, data)
    agency = data.agency or petition.competent_agency
    to_court = decision.path == rules.Path.GUIDE and facts.civil_dispute  # the court, no agency to choose
    if decision.path in (rules.Path.FORWARD, rules.Path.GUIDE) and agency is None and not to_court:
        raise ValidationError({"agency": _("Choose the competent agency.")})
    if decision.transfer_for_inspection and agency is None:
        raise ValidationError(
            {
                "agency": _(
                    "Choose the inspection body the information is passed on to (Luật Tố cáo 2018, Art. 25)."
                )
            }
        )
    answer_by = None
    if decision.path == rules.Path.FORWARD:
        calendar = selectors.office_calendar(on.year, on.year + 2)
        answer_by = data.answer_by or rules.agency_answer_by(calendar, rules.Kind(petition.kind), on)
        if answer_by is not None and answer_by < on:
            raise ValidationError({"answer_by": _("The answer date is before the letter is sent.")})
    before = audit.snapshot(petition)
    petition.path = decision.path.value
    petition.grounds = [g.value for g in decision.grounds]
    petition.decision_note = "\n".join([*fact_notes, *decision.notes, nfc(data.note)]).strip()
    petition.decided_on = on
    petition.has_evidence = petition.has_evidence or facts.concrete_evidence
    petition.is_civil_dispute = petition.is_civil_dispute or facts.civil_dispute
    if agency is not None and (
        decision.path in (rules.Path.FORWARD, rules.Path.GUIDE) or decision.transfer_for_inspection
    ):
        petition.competent_agency = agency
    petition.save(
        update_fields=[
            "path",
            "grounds",
            "decision_note",
            "decided_on",
            "competent_agency",
            "has_evidence",
            "is_civil_dispute",
        ]
    )
    _stop_all(actor, petition, on, str(dict(PETITION_PATH_LABELS)[decision.path]))
    casework.transition(
        actor=actor,
        case=petition,
        name=decision.path.value,
        data={"reason": "; ".join(decision.reasons)[:300], "on": on},
    )
    if decision.path == rules.Path.HANDLE:
        _start(actor, petition, _handling_period(petition), on)
    elif decision.path == rules.Path.FORWARD:
        assert agency is not None
        if petition.kind == PetitionKind.DENUNCIATION:
            _record_forward_period(actor, petition, on)
        letter = _letter(
            actor, petition, LetterKind.FORWARD, agency, on, answer_by, data.signed_by, data.signer_title
        )
        if letter.answer_by:
            period = rules.agency_answer_period(agency.name, on, letter.answer_by)
            _start(actor, petition, period, on)
    elif decision.path == rules.Path.GUIDE:
        _letter(actor, petition, LetterKind.GUIDE, agency, on, None, data.signed_by, data.signer_title)
    elif decision.transfer_for_inspection:
        assert agency is not None
        _letter(actor, petition, LetterKind.TRANSFER, agency, on, None, data.signed_by, data.signer_title)
    petition.refresh_from_db()
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=petition,
        changes=audit.diff(before, audit.snapshot(petition)),
    )
    return petition, decision


def _record_forward_period(actor: Any, petition: Petition, on: date) -> None:
    """A denunciation not within the Office's competence is forwarded within 5 working days of receipt (Luật
    Tố cáo 2018, Art. 24.2): when its competent agency was named before, that clock ran from receipt and has
    just ended; otherwise it is recorded now, from receipt to the forwarding, met or missed."""
    period = rules.DENUNCIATION_FORWARD
    exists = LegalClock.objects.filter(
        object_type=audit.object_type_of(petition), object_id=petition.pk, kind=period.key
    ).exists()
    if not exists:
        clock = _start(actor, petition, period, petition.received_on)
        casework.stop_clock(actor=actor, record=petition, clock=clock, stopped_on=on, outcome="Đã chuyển đơn")


PETITION_PATH_LABELS = (
    (rules.Path.HANDLE, "Thụ lý giải quyết"),
    (rules.Path.FORWARD, "Đã chuyển đơn"),
    (rules.Path.GUIDE, "Đã hướng dẫn"),
    (rules.Path.STORE, "Lưu đơn"),
)


def forwarded_before(petition: Petition) -> bool:
    """Whether a petition of the same matter has already been forwarded (a resend is not forwarded again)."""
    if petition.matter_id is None:
        return False
    return (
        Forwarding.objects.filter(petition__matter_id=petition.matter_id, letter=LetterKind.FORWARD)
        .exclude(petition=petition)
        .exists()
    )
