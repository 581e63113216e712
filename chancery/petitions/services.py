"""Every write on petitions: register (from any channel), classify, split, link or merge duplicates, decide
the path (handle, forward, guide, store), send letters, record the agency's answer, close. One transaction
each, checked, audited; the web UI, the API, the Excel import and the online form all come through here.

Audit events and notifications name a petition by its registry number only (`Petition.__str__`): a
denouncer's name never reaches the audit trail, a notice or a log line.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.casework import services as casework
from chancery.casework.models import LegalClock
from chancery.core import access, audit, dates, selectors, uploads
from chancery.core import services as core_services
from chancery.core.models import Agency, AuditAction, RoleCode, Unit
from chancery.core.provinces import check_address, place_of_former_address
from chancery.core.text import fold, nfc, nfc_lines
from chancery.petitions import matching, rules
from chancery.petitions import selectors as petition_selectors
from chancery.petitions.models import (
    Channel,
    DuplicateDecision,
    Field,
    Forwarding,
    LetterKind,
    LinkVerdict,
    MatchKey,
    MatchText,
    Matter,
    Petition,
    Petitioner,
    PetitionKind,
    ReceptionSession,
    ReceptionVisit,
    Salutation,
    VisitOutcome,
)

# Audit messages read in Vietnamese, the language of the Office's records.
CHANNEL_WORDS = {
    "post": "qua bưu chính",
    "reception": "tại buổi tiếp công dân",
    "online": "trực tuyến",
    "forwarded": "cơ quan khác chuyển đến",
    "hand": "nộp trực tiếp",
}
REGISTER_CODE = "don-thu"
REGISTER_NAME = "Sổ tiếp nhận, xử lý đơn thư"
REGISTER_PATTERN = "{number}/ĐT"
OUTGOING_CODE = "cong-van-di"
OUTGOING_NAME = "Sổ công văn đi"
OUTGOING_PATTERN = "{number}/VPCTN-TCD"
_TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read over the phone
KEEP: Any = object()  # an optional argument not given: the value on file stays
_ID_NUMBER = re.compile(r"\d{9}|\d{12}", re.ASCII)


@dataclass
class PersonData:
    """A petitioner as entered (form, API, import, online form)."""

    full_name: str
    id_number: str = ""
    salutation: str = ""  # Salutation: "ong", "ba" or unknown
    phone: str = ""
    email: str = ""
    address: str = ""
    province_code: int | None = None
    ward_code: int | None = None
    is_representative: bool = False


@dataclass
class PetitionData:
    channel: str
    received_on: date
    summary: str
    content: str
    kind: str
    field: str
    petitioners: list[PersonData] = dataclass_field(default_factory=list)
    people_count: int | None = None
    is_anonymous: bool = False
    addressed_to: str = ""
    sent_by_agency: Agency | None = None
    source_reference: str = ""
    competent_agency: Agency | None = None
    decision_known_on: date | None = None
    instance: int | None = None
    is_complex: bool = False
    is_remote_area: bool = False
    checked_in_several_places: bool = False
    has_evidence: bool = False
    is_civil_dispute: bool = False


def petitions_unit() -> Unit:
    """The unit that receives petitions (Phòng Tiếp công dân và Xử lý đơn thư by default)."""
    code = settings.CHANCERY_PETITIONS_UNIT
    unit = Unit.objects.filter(code=code, is_active=True).first()
    if unit is None:
        raise ValidationError(
            _("The unit that receives petitions (%(code)s) does not exist; set CHANCERY_PETITIONS_UNIT.")
            % {"code": code}
        )
    return unit


def can_register(user: Any) -> bool:
    viewer = access.viewer_for(user)
    return viewer.is_active and bool(
        viewer.roles & {RoleCode.CLERK, RoleCode.SPECIALIST, RoleCode.HEAD_OF_UNIT, RoleCode.LEADERSHIP}
    )


def _require_change(actor: Any, petition: Petition) -> None:
    if not access.can_change(actor, petition):
        raise PermissionDenied(_("You may not change this petition."))


def _new_tracking_code() -> str:
    while True:
        code = "".join(secrets.choice(_TRACKING_ALPHABET) for _ in range(10))
        if not Petition.objects.filter(tracking_code=code).exists():
            return code


def _check(data: PetitionData, *, today: date) -> dict[str, str]:
    """What every channel's petition must satisfy (form, API, Excel import, online form): the one place these
    rules live, so that no channel can register what another would refuse."""
    errors: dict[str, str] = {}
    if data.channel not in Channel.values:
        errors["channel"] = _("Choose how the petition arrived.")
    if data.kind not in PetitionKind.values:
        errors["kind"] = _("Choose the kind of petition.")
    if data.received_on > today:
        errors["received_on"] = _("The date received cannot be in the future.")
    elif too_early := dates.date_problem(
        data.received_on, label=_("Date the petition was received"), today=today, ahead=None
    ):
        errors["received_on"] = too_early  # before 2000: a typing error, numbered in a wrong year's register
    if any(not is_id_number(person.id_number) for person in data.petitioners):
        errors["id_number"] = _("An identity card number has 9 or 12 digits.")
    if not nfc(data.summary):
        errors["summary"] = _("Give a summary of the petition.")
    if not nfc(data.content):
        errors["content"] = _("Give the content of the petition.")
    if data.channel == Channel.FORWARDED and data.sent_by_agency is None:
        errors["sent_by_agency"] = _("Name the agency that forwarded the petition.")
    if not data.is_anonymous and not any(nfc(p.full_name) for p in data.petitioners):
        errors["petitioners"] = _("Give at least one petitioner's name, or mark the petition anonymous.")
    if data.people_count is not None and data.people_count < max(1, len(data.petitioners)):
        errors["people_count"] = _("The number of petitioners is less than the names given.")
    if data.instance not in (None, 1, 2):
        errors["instance"] = _("A complaint is at first or second instance.")
    if data.decision_known_on and data.decision_known_on > data.received_on:
        errors["decision_known_on"] = _("The decision cannot be known after the petition was received.")
    for person in data.petitioners:
        problem = check_address(person.province_code, person.ward_code)
        if problem:
            errors["petitioners"] = problem
    return errors


def is_id_number(value: str) -> bool:
    """Whether a petitioner's identity card number is empty (not given) or one as issued: 9 digits (chứng minh
    nhân dân) or 12 (căn cước công dân, căn cước)."""
    number = nfc(value)
    return not number or _ID_NUMBER.fullmatch(number) is not None


def _group_name(people: Sequence[Petitioner], people_count: int) -> str:
    if not people:
        return _("Anonymous")
    name = people[0].full_name
    others = max(people_count, len(people)) - 1
    return name if others <= 0 else _("%(name)s and %(count)s others") % {"name": name, "count": others}


def _store_petitioners(
    petition: Petition, people: Iterable[PersonData], joined_from: Petition | None = None
) -> None:
    rows = []
    has_representative = petition.petitioners.filter(is_representative=True).exists()
    for person in people:
        name = nfc(person.full_name)
        if not name:
            continue
        province, ward = person.province_code, person.ward_code
        if ward is None and person.address:
            place = place_of_former_address(nfc(person.address))  # written before the 2025 reform
            if place and province in (None, place.province_code):
                province, ward = place.province_code, place.ward_code
        representative = person.is_representative and not has_representative
        has_representative = has_representative or representative
        rows.append(
            Petitioner(
                petition=petition,
                full_name=name,
                salutation=person.salutation if person.salutation in Salutation.values else "",
                folded_name=fold(name),
                id_number=nfc(person.id_number),
                phone=nfc(person.phone),
                email=nfc(person.email),
                address=nfc(person.address),
                province_code=province,
                ward_code=ward,
                is_representative=representative,
                joined_from=joined_from,
            )
        )
    if rows and not has_representative:
        rows[0].is_representative = True
    Petitioner.objects.bulk_create(rows)


def _person_data(person: Petitioner, *, keep_representative: bool) -> PersonData:
    """A stored petitioner as the registration takes one (to copy onto a split part or a merged petition)."""
    return PersonData(
        full_name=person.full_name,
        id_number=person.id_number,
        salutation=person.salutation,
        phone=person.phone,
        email=person.email,
        address=person.address,
        province_code=person.province_code,
        ward_code=person.ward_code,
        is_representative=keep_representative and person.is_representative,
    )


def _refresh_people(petition: Petition) -> None:
    """Keep the petition's list fields (name, province) and its person keys in step with its petitioners."""
    people = list(petition.petitioners.all())
    petition.petitioner_name = _group_name(people, petition.people_count)[:250]
    if people and people[0].province_code:
        petition.province_code = people[0].province_code
    petition.save(update_fields=["petitioner_name", "province_code"])
    MatchKey.objects.filter(petition=petition, is_person=True).delete()
    keys = {
        key
        for person in people
        for key in matching.person_keys(
            full_name=person.full_name,
            province_code=person.province_code,
            ward_code=person.ward_code,
            id_number=person.id_number,
        )
    }
    MatchKey.objects.bulk_create(MatchKey(key=k, petition=petition, is_person=True) for k in keys)


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


@transaction.atomic
def register_petition(
    *,
    actor: Any,
    data: PetitionData,
    owning_unit: Unit | None = None,
    reception_visit: ReceptionVisit | None = None,
    attachments: Iterable[Any] = (),
) -> Petition:
    """Vào sổ — register a petition from any channel: a number from the year's register, a tracking code for
    the petitioner, its petitioners, its keys for the duplicate check, its first time limit and its
    attachments (within the caps of one submission: the public form's when `actor` is None, that is for the
    public online form)."""
    if actor is not None and not can_register(actor):
        raise PermissionDenied(_("You may not register petitions."))
    attachments = list(attachments)
    limits = uploads.PUBLIC if actor is None else uploads.OFFICE
    uploads.check_submission(attachments, limits)
    today = timezone.localdate()
    errors = _check(data, today=today)
    if errors:
        raise ValidationError(errors)
    unit = owning_unit or petitions_unit()
    number, text = core_services.take_number(
        code=REGISTER_CODE, on=data.received_on, name=REGISTER_NAME, pattern=REGISTER_PATTERN
    )
    people_count = max(data.people_count or 1, len([p for p in data.petitioners if nfc(p.full_name)]), 1)
    petition = Petition(
        owning_unit=unit,
        number=number,
        year=data.received_on.year,
        registry_number=text,
        tracking_code=_new_tracking_code(),
        channel=data.channel,
        received_on=data.received_on,
        addressed_to=nfc(data.addressed_to),
        sent_by_agency=data.sent_by_agency,
        source_reference=nfc(data.source_reference),
        summary=nfc(data.summary)[:300],
        folded_summary=fold(data.summary)[:300],
        content=nfc_lines(data.content),
        kind=data.kind,
        field=data.field,
        competent_agency=data.competent_agency,
        is_anonymous=data.is_anonymous,
        people_count=people_count,
        decision_known_on=data.decision_known_on,
        instance=data.instance,
        is_complex=data.is_complex,
        is_remote_area=data.is_remote_area,
        checked_in_several_places=data.checked_in_several_places,
        has_evidence=data.has_evidence,
        is_civil_dispute=data.is_civil_dispute,
        # a denunciation's denouncer is protected from registration on (Luật Tố cáo 2018, Art. 47): the flag
        # says so in the record, the API and the trail, not only the kind
        identity_protected=data.kind == PetitionKind.DENUNCIATION,
        reception_visit=reception_visit,
        received_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    petition.full_clean(exclude=["grounds", "petitioner_name"])
    petition.save()
    if not data.is_anonymous:
        _store_petitioners(petition, data.petitioners)
    _refresh_people(petition)
    _store_content_keys(petition)
    audit.record(
        action=AuditAction.CREATE,
        actor=actor,
        subject=petition,
        changes={k: {"before": None, "after": v} for k, v in audit.snapshot(petition).items()},
        message=f"vào sổ, nguồn đơn: {CHANNEL_WORDS.get(data.channel, data.channel)}",
    )
    for period in _intake_periods(petition):
        _start(actor, petition, period, data.received_on, system=True)
    core_services.attach_files(
        actor=actor, record=petition, files=attachments, limits=limits, registering=True
    )
    return petition


# The facts of a petition the law's time limits and path depend on, which a person may record or correct
# (each change audited): at classification, and while the petition is handled.
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


# --- duplicates ---------------------------------------------------------------------------------------------


def _join_matters(actor: Any, a: Petition, b: Petition) -> Matter:
    """Put both petitions (and everything already filed with either) into one matter file."""
    matter = a.matter or b.matter
    if matter is None:  # the title is shown to everyone who sees the file: never a denouncer's name
        matter = Matter.objects.create(title=access.redacted_text(None, a, a.summary)[:300])
    for petition in (a, b):
        if petition.matter_id and petition.matter_id != matter.pk:
            Petition.objects.filter(matter_id=petition.matter_id).update(matter=matter)
    Petition.objects.filter(pk__in=[a.pk, b.pk]).update(matter=matter)
    return matter


@transaction.atomic
def decide_duplicate(
    *, actor: Any, petition: Petition, other: Petition, verdict: str, similarity: float = 0.0
) -> DuplicateDecision:
    """The clerk's verdict on a petition the duplicate check showed:
    - same matter: both are filed in one matter file (each keeps its own path and answer);
    - merged: this petition's petitioners join the other, which is handled for all of them (each keeps the
      right to an answer: the letters name every petitioner), and this one is closed as merged; a protected
      petition's denouncer keeps the protection there (the other becomes protected, selectors.is_protected),
      and only its handlers may merge it (else anyone could merge it into a petition they registered and
      read the denouncer on it);
    - not a duplicate: the pair is no longer shown."""
    _require_change(actor, petition)
    if not access.can_view(actor, other):
        raise PermissionDenied(_("You may not see that petition."))
    if petition.pk == other.pk:
        raise ValidationError(_("A petition cannot be a duplicate of itself."))
    if verdict not in LinkVerdict.values:
        raise ValidationError({"verdict": _("Choose a verdict.")})
    if verdict == LinkVerdict.MERGED:
        if petition.state != "received":
            raise ValidationError(_("Only a petition not yet decided can be merged into another."))
        if other.state in {"merged", "stored", "closed", "guided"}:
            raise ValidationError(_("The other petition is closed; link them as the same matter instead."))
        if other.merged_into_id == petition.pk:
            raise ValidationError(_("The other petition was merged into this one."))
        if petition_selectors.is_protected(petition) and not petition_selectors.can_see_identity(
            actor, petition
        ):
            raise PermissionDenied(_("Only the officers handling a denunciation may merge it into another."))
    decision, _created = DuplicateDecision.objects.update_or_create(
        petition=petition,
        other=other,
        defaults={"verdict": verdict, "similarity": similarity, "decided_by": actor},
    )
    if verdict in {LinkVerdict.SAME_MATTER, LinkVerdict.MERGED}:
        _join_matters(actor, petition, other)
    if verdict == LinkVerdict.MERGED:
        people = [_person_data(p, keep_representative=False) for p in petition.petitioners.all()]
        target = Petition.objects.select_for_update().get(pk=other.pk)
        _store_petitioners(target, people, joined_from=petition)
        Petition.objects.filter(pk=target.pk).update(
            people_count=target.people_count + petition.people_count,
            identity_protected=target.identity_protected or petition_selectors.is_protected(petition),
        )
        target.refresh_from_db()
        _refresh_people(target)
        Petition.objects.filter(pk=petition.pk).update(merged_into=target)
        petition.refresh_from_db()
        casework.transition(
            actor=actor,
            case=petition,
            name="merge",
            data={"reason": f"Gộp vào đơn số {target.registry_number}"},
        )
        _stop_all(actor, petition, timezone.localdate(), f"Gộp vào đơn số {target.registry_number}")
        Petition.objects.filter(pk=petition.pk).update(
            outcome=f"Gộp vào đơn số {target.registry_number}", closed_on=timezone.localdate()
        )
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=petition,
        changes={"duplicate_of": {"before": None, "after": f"{other.registry_number}: {verdict}"}},
    )
    return decision


def record_opening(*, actor: Any, petition: Petition) -> None:
    """A handler opened a protected petition's text as written (page or API): every opening is traced."""
    core_services.record_view(actor=actor, record=petition)


def record_duplicate_check(
    *, actor: Any, petitions: Iterable[Petition], source: Petition | None = None
) -> None:
    """A duplicate check compared a petition or the text being typed (with the name typed) with protected
    petitions: one event on each, saying where the check came from and never what was typed (it may be the
    denouncer's name)."""
    where = f"từ đơn số {source.registry_number}" if source is not None else "khi vào sổ đơn mới"
    for petition in petitions:
        audit.record(
            action=AuditAction.VIEW,
            actor=actor,
            subject=petition,
            message=f"Kiểm tra trùng đơn ({where}) có đối chiếu với đơn được bảo vệ người tố cáo",
        )


# --- the decision on a checked petition ---------------------------------------------------------------------


def _outgoing_number(on: date) -> str:
    return core_services.take_number(code=OUTGOING_CODE, on=on, name=OUTGOING_NAME, pattern=OUTGOING_PATTERN)[
        1
    ]


# What a check may say, each a boolean: the findings of the person deciding (CHECKS), and the facts the
# record already holds (RECORD_FACTS: a check may add them, never deny them; out_of_time is computed from the
# dates).
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


def _letter(
    actor: Any,
    petition: Petition,
    letter: str,
    agency: Agency | None,
    on: date,
    answer_by: date | None,
    signed_by: str,
    signer_title: str = "",
) -> Forwarding:
    from chancery.documents import rules as document_rules
    from chancery.petitions import letters

    if document_rules.block_has_markup(signer_title):
        raise ValidationError(
            {"signer_title": "Khối chữ ký ghi chức danh bằng chữ: không chứa các ký tự <, >, { hoặc }."}
        )
    block = document_rules.printed_block(signer_title)
    if block and document_rules.issuer_block_problem(document_rules.Issuer.OFFICE, "cong_van", block, ""):
        raise ValidationError({"signer_title": "Công văn của Văn phòng không ký nhân danh Chủ tịch nước."})
    if block and document_rules.signature_block_problem(block, "") in (
        "deputy_title_missing",
        "not_a_deputy",
    ):
        raise ValidationError(
            {
                "signer_title": "“KT.” là cấp phó ký thay cấp trưởng: dòng dưới ghi chức vụ của cấp phó "
                "(ví dụ PHÓ VỤ TRƯỞNG)."
            }
        )
    forwarding = Forwarding.objects.create(
        petition=petition,
        letter=letter,
        agency=agency,
        number=_outgoing_number(on),
        sent_on=on,
        answer_by=answer_by,
        # the standing delegation's letter carries its signer's name too, unless another block is given
        signed_by=nfc(signed_by) or ("" if block else petition_selectors.standing_signer()),
        signer_title=block[:200],
        created_by=actor,
    )
    letters.render_into(forwarding)
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=petition,
        changes={
            "letter": {"before": None, "after": f"{forwarding.get_letter_display()} {forwarding.number}"}
        },
    )
    return forwarding


@transaction.atomic
def send_reminder(
    *, actor: Any, petition: Petition, on: date | None = None, signed_by: str = "", signer_title: str = ""
) -> Forwarding:
    """Đôn đốc — remind the agency a forwarded petition was sent to that its answer is awaited."""
    _require_change(actor, petition)
    if petition.state != "forwarded":
        raise ValidationError(_("Only a forwarded petition awaiting its answer can be followed up."))
    sent = petition.forwardings.filter(letter=LetterKind.FORWARD).last()
    if sent is None:
        raise ValidationError(_("This petition has no forwarding letter."))
    on = on or timezone.localdate()
    # the answer awaited by the date the first letter set; once that date has passed, by none (the reminder
    # asks for it without delay)
    answer_by = sent.answer_by if sent.answer_by is not None and sent.answer_by >= on else None
    return _letter(
        actor,
        petition,
        LetterKind.REMINDER,
        sent.agency,
        on,
        answer_by,
        signed_by,
        signer_title or sent.signer_title,
    )


@transaction.atomic
def record_answer(
    *, actor: Any, petition: Petition, answered_on: date, answer: str, reference: str = ""
) -> Petition:
    """The competent agency's answer to a forwarded petition: recorded on the forwarding letter; the time
    limit given to the agency ends."""
    _require_change(actor, petition)
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.state != "forwarded":
        raise ValidationError(_("Only a forwarded petition awaits an agency's answer."))
    if not nfc(answer):
        raise ValidationError({"answer": _("Give the content of the answer.")})
    sent = petition.forwardings.filter(letter=LetterKind.FORWARD).last()
    if sent is None:
        raise ValidationError(_("This petition has no forwarding letter."))
    if answered_on < sent.sent_on:
        raise ValidationError({"answered_on": _("The answer cannot be dated before the forwarding letter.")})
    if answered_on > timezone.localdate():
        raise ValidationError({"answered_on": _("The answer date cannot be in the future.")})
    sent.answered_on, sent.answer, sent.answer_reference = answered_on, nfc(answer), nfc(reference)
    sent.save(update_fields=["answered_on", "answer", "answer_reference"])
    _stop_all(actor, petition, answered_on, "Cơ quan có thẩm quyền đã trả lời")
    casework.transition(actor=actor, case=petition, name="answer", data={"on": answered_on})
    petition.refresh_from_db()
    return petition


@transaction.atomic
def close_petition(
    *, actor: Any, petition: Petition, outcome: str, closed_on: date | None = None
) -> Petition:
    """Kết thúc — close a petition with its outcome (after the agency's answer, after handling, or after the
    petitioner was guided)."""
    _require_change(actor, petition)
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    closed_on = closed_on or timezone.localdate()
    if not nfc(outcome):
        raise ValidationError({"outcome": _("Give the outcome.")})
    if closed_on < petition.received_on:
        raise ValidationError({"closed_on": _("A petition cannot close before it was received.")})
    casework.transition(
        actor=actor, case=petition, name="close", data={"reason": nfc(outcome), "on": closed_on}
    )
    _stop_all(actor, petition, closed_on, nfc(outcome)[:200])
    Petition.objects.filter(pk=petition.pk).update(outcome=nfc(outcome), closed_on=closed_on)
    petition.refresh_from_db()
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=petition,
        changes={"outcome": {"before": "", "after": petition.outcome}},
    )
    return petition


@transaction.atomic
def extend_handling(
    *, actor: Any, petition: Petition, days: int, reason: str, especially_complex: bool = False
) -> LegalClock:
    """Gia hạn — extend a time limit only as its law allows (rules.check_extension): the resolution of a
    denunciation the Office handles, once by up to 30 days when complex, twice when especially complex (Luật
    Tố cáo 2018, Art. 30). Every other time limit of a petition is refused with the reason: a complaint's
    longer times are its complex or remote-area facts (Luật Khiếu nại 2011, Art. 28, 37), a denunciation's
    intake is 10 working days when checked in several places (Art. 24)."""
    if not access.can_assign(actor, petition):
        raise PermissionDenied(
            _("Only the head of the unit or the office's leadership may extend a time limit.")
        )
    clocks = _running(petition)
    if not clocks:
        raise ValidationError(_("No time limit is running on this petition."))
    chosen = next((c for c in clocks if c.kind == rules.DENUNCIATION_RESOLUTION.key), clocks[0])
    # Locked: two extensions at the same time must count each other.
    clock = LegalClock.objects.select_for_update().get(pk=chosen.pk)
    refusal = rules.check_extension(
        clock.kind, days=days, already=clock.extensions.count(), especially_complex=especially_complex
    )
    if refusal:
        raise ValidationError({"days": refusal})
    return casework.extend_clock(actor=actor, record=petition, clock=clock, days=days, reason=reason)


def can_see_reception(user: Any) -> bool:
    """The reception book (who came, about what) is kept by the unit that receives petitions: its staff,
    the heads of its line and the office's leadership read it."""
    viewer = access.viewer_for(user)
    if not viewer.is_active:
        return False
    unit = Unit.objects.filter(code=settings.CHANCERY_PETITIONS_UNIT).first()
    return viewer.is_leadership or (
        unit is not None and (viewer.unit_id == unit.pk or unit.pk in viewer.headed_unit_ids)
    )


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
