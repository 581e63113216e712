"""How well letters are read, from what the clerks kept and corrected: each petition registered from a scan
keeps, field by field, whether the field was read and whether the registration kept it as read
(`ScannedLetter.fields`, measured by `services.register_scanned_letter`). A field read and kept counts as
right, one the clerk changed as corrected; a field not read counts for neither (as for incoming documents,
`documents.scanning.accuracy`, whose `FieldAccuracy` this shares). Only counts leave this module: never a
value, so a denunciation's letter tells nothing of its writer here."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from chancery.documents.scanning.accuracy import FieldAccuracy
from chancery.petitions.models import Petition, ScannedLetter

FIELDS: dict[str, Any] = {
    "full_name": _("petitioner's name"),
    "address": _("address"),
    "province": _("province"),
    "ward": _("commune / ward"),
    "id_number": _("identity card number"),
    "phone": _("phone"),
    "kind": _("kind"),
    "summary": _("summary"),
    "content": _("content"),
}


def accuracy(petitions: QuerySet[Petition], *, limit: int = 500) -> tuple[int, list[FieldAccuracy]]:
    """Over the latest `limit` petitions registered from scans among `petitions` (those the caller may see):
    how many there are, and for each field how often it was read and kept as read."""
    rows = list(
        ScannedLetter.objects.filter(petition__in=petitions.values("pk"))
        .order_by("-pk")
        .values_list("fields", flat=True)[:limit]
    )
    read = dict.fromkeys(FIELDS, 0)
    kept = dict.fromkeys(FIELDS, 0)
    for fields in rows:
        for name in FIELDS:
            measured = (fields or {}).get(name)
            if isinstance(measured, dict) and measured.get("kept") is not None:
                read[name] += 1
                kept[name] += int(bool(measured["kept"]))
    return len(rows), [FieldAccuracy(FIELDS[name], read[name], kept[name]) for name in FIELDS]
