"""Petitions, intake from paper: a letter of a scan registered (chancery.petitions.scanning) through the same
registration as every channel (`intake.register_petition`, its checks and errors), once, with what the
clerk kept of the proposal measured beside it (`ScannedLetter`).

A denunciation's letter is protected from the moment it is registered (Luật Tố cáo 2018, Art. 47): what the
scan job read of it (its pages' text, the proposed name, address and content) is wiped from the job's result,
which keeps only how sure each reading was; the clerk's page no longer shows its pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chancery.core.models import Job, JobStatus
from chancery.core.text import fold
from chancery.petitions.models import Petition, ScannedLetter
from chancery.petitions.scanning import job as scan_job
from chancery.petitions.selectors.reading import is_protected
from chancery.petitions.services.intake import PetitionData, register_petition


def _same(proposed: Any, kept: Any) -> bool:
    return " ".join(fold(str(proposed or "")).split()) == " ".join(fold(str(kept or "")).split())


def kept_fields(proposed: dict[str, Any], data: PetitionData) -> dict[str, dict[str, Any]]:
    """For each proposed field: whether it was read, how sure the reading was, and whether the registration
    keeps it as read (True), corrected it (False), or it was not read (None)."""
    person = next((p for p in data.petitioners if p.is_representative), None) or (
        data.petitioners[0] if data.petitioners else None
    )
    registered: dict[str, Any] = {
        "full_name": person.full_name if person else "",
        "address": person.address if person else "",
        "province": person.province_code if person else None,
        "ward": person.ward_code if person else None,
        "id_number": person.id_number if person else "",
        "phone": person.phone if person else "",
        "kind": data.kind,
        "summary": data.summary,
        "content": data.content,
    }
    measured: dict[str, dict[str, Any]] = {}
    for name, value in registered.items():
        field = proposed.get(name)
        field = field if isinstance(field, dict) else {}
        read = field.get("value") not in (None, "")
        kept: bool | None = None
        if read:
            kept = field["value"] == value if name in ("province", "ward") else _same(field["value"], value)
        measured[name] = {
            "read": read,
            "confidence": float(field.get("confidence") or 0.0),
            "kept": kept,
        }
    return measured


def letters_of(job: Job) -> list[dict[str, Any]]:
    letters = (job.result or {}).get("letters") if job.status == JobStatus.DONE else None
    return letters if isinstance(letters, list) else []


@transaction.atomic
def register_scanned_letter(
    *, actor: Any, job: Job, part: int, data: PetitionData, attachments: Iterable[Any] = ()
) -> Petition:
    """Vào sổ — register letter `part` (from 0) of the person's own scan job as a petition: refused for
    another person's scan, a letter the scan has not, or one already registered."""
    if not scan_job.may_read_letters(actor):
        raise PermissionDenied(scan_job.refusal())
    job = Job.objects.select_for_update().get(pk=job.pk)  # two registrations of one letter: one waits
    if job.kind != scan_job.KIND or job.started_by_id != getattr(actor, "pk", None):
        raise PermissionDenied(
            _("This scan was sent by another person: only the one who sent it registers it.")
        )
    letters = letters_of(job)
    if not 0 <= part < len(letters):
        raise ValidationError(_("The scan has no such letter."))
    earlier = ScannedLetter.objects.filter(job=job, part=part).select_related("petition").first()
    if earlier is not None:
        raise ValidationError(
            _("This letter of the scan has already been registered as petition %(number)s.")
            % {"number": earlier.petition.registry_number}
        )
    petition = register_petition(actor=actor, data=data, attachments=attachments)
    proposed = letters[part].get("fields") or {}
    ScannedLetter.objects.create(petition=petition, job=job, part=part, fields=kept_fields(proposed, data))
    if is_protected(petition):
        _forget_read_text(job, part)
    return petition


def protect_scanned(petition: Petition) -> None:
    """A petition that becomes protected after its registration (reclassified as a denunciation, or one
    merged into it): what its scan job read of it is wiped as at the registration of a denunciation."""
    if not is_protected(petition):
        return
    for row in ScannedLetter.objects.filter(petition=petition).select_related("job"):
        if row.job is not None:  # the job may have been cleared away: nothing of it is left to wipe
            _forget_read_text(row.job, row.part)


def _forget_read_text(job: Job, part: int) -> None:
    """Wipe from the job's result what it read of a protected letter: its pages' text and lines, and each
    proposed field's value, text and box (how sure each reading was stays)."""
    result = dict(job.result or {})
    letters = list(result.get("letters") or [])
    entry = dict(letters[part])
    entry["fields"] = {
        name: {
            "value": None,
            "text": "",
            "confidence": (field or {}).get("confidence", 0.0),
            "box": None,
            "note": "",
        }
        for name, field in (entry.get("fields") or {}).items()
    }
    entry["protected"] = True
    letters[part] = entry
    numbers = set(entry.get("pages") or [])
    result["pages"] = [
        {**page, "text": "", "lines": []} if page.get("number") in numbers else page
        for page in result.get("pages") or []
    ]
    result["letters"] = letters
    Job.objects.filter(pk=job.pk).update(result=result)
