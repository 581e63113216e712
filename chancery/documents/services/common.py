"""What every step on official documents shares: the clerical unit, the checks against the access policy
and the clearance, the calendar, and the record of a file's digital signatures."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from chancery.core import access, audit, selectors
from chancery.core.models import (
    SecrecyLevel,
    Unit,
)
from chancery.documents.models import (
    TYPE_CHOICES,
    SignatureVerification,
)

HANDLING_CLOCK = "handling"
PRESENTATION_CLOCK = "presentation"
_TYPES = {code for code, _name in TYPE_CHOICES}


def clerical_unit() -> Unit:
    """The unit that keeps the registers (Văn thư cơ quan); settings.CHANCERY_CLERICAL_UNIT names it."""
    code = settings.CHANCERY_CLERICAL_UNIT
    unit = Unit.objects.filter(code=code, is_active=True).first()
    if unit is None:
        raise ValidationError(
            _("The unit that keeps the registers (%(code)s) does not exist; set CHANCERY_CLERICAL_UNIT.")
            % {"code": code}
        )
    return unit


def _roles(user: Any) -> frozenset[str]:
    viewer = access.viewer_for(user)
    return viewer.roles if viewer.is_active else frozenset()


can_register = access.can_register_documents  # the policy decides (core/access/modules.py)


can_route = access.can_route_document


can_draft = access.can_draft_documents


def _require_view(actor: Any, record: Any) -> None:
    if not access.can_view(actor, record):
        raise PermissionDenied(_("You may not see this document."))


def _require_change(actor: Any, record: Any) -> None:
    if not access.can_change(actor, record):
        raise PermissionDenied(_("You may not change this document."))


def _check_clearance(actor: Any, secrecy: int) -> None:
    """Nobody registers or drafts a document above their own clearance: they could not see it afterwards."""
    if secrecy not in SecrecyLevel.values:
        raise ValidationError({"secrecy": _("Choose a secrecy level.")})
    if secrecy > access.viewer_for(actor).clearance:
        raise ValidationError(
            {"secrecy": _("Your clearance does not allow a document at this secrecy level.")}
        )


def _calendar_from(day: date) -> Any:
    return selectors.office_calendar(day.year, day.year + 1)


# --- digital signatures ----------------------------------------------------------------------------------


def record_signatures(record: Any, content: bytes, *, sha256: str, name: str) -> list[SignatureVerification]:
    """Check the signatures of a stored PDF and keep the result beside the record (an unreadable or unsigned
    file keeps none: the page says the file is not signed)."""
    from chancery.documents import signing

    if not content.startswith(b"%PDF-"):
        return []
    try:
        found = signing.check(content)
    except ValidationError:
        return []
    return SignatureVerification.objects.bulk_create(
        SignatureVerification(
            object_type=audit.object_type_of(record),
            object_id=record.pk,
            sha256=sha256,
            file_name=name[:255],
            signer=check.signer[:300],
            signed_at=check.signed_at,
            intact=check.intact,
            valid=check.valid,
            trusted=check.trusted,
            whole_file=check.whole_file,
            summary=check.summary[:300],
        )
        for check in found
    )
