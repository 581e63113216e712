"""Agencies the office corresponds with: petitions forwarded, documents received and sent."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chancery.core import access, audit
from chancery.core.models import Agency, AuditAction
from chancery.core.text import fold, nfc


@transaction.atomic
def create_agency(
    *,
    actor: Any,
    name: str,
    short_name: str = "",
    code: str = "",
    address: str = "",
    province_code: int | None = None,
) -> Agency:
    """Add a body to the office's list of agencies (petitions forwarded, documents received and sent)."""
    if actor is not None and not access.viewer_for(actor).has_working_role:
        raise PermissionDenied(_("You may not add agencies."))
    name, code = nfc(name), nfc(code).strip()
    if not name:
        raise ValidationError({"name": _("Give the agency's name.")})
    if Agency.objects.filter(folded=fold(name)).exists():
        raise ValidationError({"name": _("This agency is already on the list.")})
    if code and Agency.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Another agency already has this code.")})
    agency = Agency.objects.create(
        name=name,
        short_name=nfc(short_name),
        code=code,
        address=nfc(address),
        province_code=province_code,
        folded=fold(name),
    )
    audit.record(
        action=AuditAction.CREATE,
        actor=actor,
        subject=agency,
        changes={k: {"before": None, "after": v} for k, v in audit.snapshot(agency).items()},
    )
    return agency
