"""Honours batches: who works on them and the batch itself."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from chancery.core import access, audit, dates
from chancery.core.models import Agency, AuditAction
from chancery.core.services import take_number
from chancery.core.text import nfc
from chancery.honours.models import HonoursBatch

# Audit messages read in Vietnamese, the language of the Office's records.


BATCH_REGISTER = "dot-khen-thuong"


def can_work_on_honours(user: Any) -> bool:
    """Only the staff of the units that handle honours (CHANCERY_HONOURS_UNITS, with the units under
    them) open a batch, import its lists and start its jobs; others read what the policy shows them."""
    return access.works_in(user, settings.CHANCERY_HONOURS_UNITS)


def refusal() -> str:
    """What a person outside those units is told, on the page, in the API and when a job is refused: whose
    work it is."""
    return gettext("Only the staff of %(units)s receive honours nominations.") % {
        "units": access.unit_names(settings.CHANCERY_HONOURS_UNITS)
    }


@transaction.atomic
def create_batch(
    *,
    actor: Any,
    title: str,
    proposing_body: Agency,
    proposed_on: date,
    received_on: date | None = None,
    submission_reference: str = "",
    incoming_document: Any = None,
) -> HonoursBatch:
    """Open a batch for one proposing body's submission, numbered in the year's register of batches."""
    if not can_work_on_honours(actor):
        raise PermissionDenied(refusal())
    today = timezone.localdate()
    received_on = received_on or today
    errors = {
        name: problem
        for name, value, label in (
            ("proposed_on", proposed_on, gettext("Date of the submission")),
            ("received_on", received_on, gettext("Received on")),
        )
        if (problem := dates.date_problem(value, label=label, today=today))
    }
    if errors:
        raise ValidationError(errors)
    if proposed_on > received_on:
        raise ValidationError(
            {"proposed_on": gettext("The date of the submission cannot be after the date it was received.")}
        )
    if incoming_document is not None and not access.can_view(actor, incoming_document):
        raise PermissionDenied(gettext("You may not work with this incoming document."))
    number, _written = take_number(code=BATCH_REGISTER, on=received_on, name="Sổ đợt đề nghị khen thưởng")
    batch = HonoursBatch(
        owning_unit=access.unit_of(actor),
        year=received_on.year,
        number=number,
        title=nfc(title).strip(),
        proposing_body=proposing_body,
        submission_reference=nfc(submission_reference).strip(),
        proposed_on=proposed_on,
        received_on=received_on,
        incoming_document=incoming_document,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    batch.full_clean(
        exclude=["owning_unit", "created_by", "import_job", "appraisal_job", "incoming_document"]
    )
    batch.save()
    audit.record(
        action=AuditAction.CREATE, actor=actor, subject=batch, message=f"Tiếp nhận đợt đề nghị {batch.code}"
    )
    return batch


def _check_editable(actor: Any, batch: HonoursBatch) -> None:
    if not access.can_change(actor, batch):
        raise PermissionDenied(gettext("You may not change this honours batch."))
    if batch.state not in ("received", "appraised"):
        raise ValidationError(
            gettext("The honours batch is “%(state)s”: its list cannot be changed.")
            % {"state": batch.state_label}
        )


@transaction.atomic
def attach_dossier(*, actor: Any, batch: HonoursBatch, files: Sequence[Any]) -> int:
    """The dossier of the batch (the submission, minutes, achievement reports...), each file with its
    checksum; a file refused (empty, too large, not a document) refuses them all, nothing half-stored."""
    from chancery.core.services import attach_file

    if not access.can_change(actor, batch):
        raise PermissionDenied(gettext("You may not change this honours batch."))
    for upload in files:
        attach_file(actor=actor, record=batch, upload=upload)
    return len(files)
