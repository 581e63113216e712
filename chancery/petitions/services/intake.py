"""Petitions, intake: the data a petition arrives with, its petitioners, and registration from any channel."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core import access, audit, dates, uploads
from chancery.core import services as core_services
from chancery.core.models import Agency, AuditAction, Unit
from chancery.core.provinces import check_address, place_of_former_address
from chancery.core.text import fold, nfc, nfc_lines
from chancery.petitions import matching
from chancery.petitions.models import (
    Channel,
    MatchKey,
    Petition,
    Petitioner,
    PetitionKind,
    ReceptionVisit,
    Salutation,
)
from chancery.petitions.services.clocks import _intake_periods, _start, _store_content_keys
from chancery.search import index as search_index

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


can_register = access.can_register_petitions  # the policy decides (core/access/modules.py)


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


def _group_name(people: Sequence[Any], people_count: int) -> str:
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
    name = _group_name(people, petition.people_count)[:250]
    province = people[0].province_code if people and people[0].province_code else petition.province_code
    if (name, province) != (petition.petitioner_name, petition.province_code):  # else saved, indexed once
        petition.petitioner_name, petition.province_code = name, province
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
    named = [] if data.is_anonymous else [p for p in data.petitioners if nfc(p.full_name)]
    people_count = max(data.people_count or 1, len(named), 1)
    petition = Petition(
        # the list's fields as the petitioners will give them (`_refresh_people` saves again only if not)
        petitioner_name=_group_name(
            [PersonData(full_name=nfc(p.full_name)) for p in named[:1]], people_count
        )[:250],
        province_code=named[0].province_code if named and named[0].province_code else None,
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
    with search_index.deferred():  # its entry reads the petitioners: indexed once they are stored
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
