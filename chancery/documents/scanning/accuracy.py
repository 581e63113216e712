"""How well the scans are read, from what the clerks kept and corrected: each document registered from a scan
keeps the scan's job and which of its documents it is (IncomingDocument.scanned_from/scanned_part), the job
keeps what was proposed for it, and the register what the clerk confirmed. A field read and kept as proposed
counts as right, one the clerk changed as corrected; a field not read counts for neither. Nothing else is
stored: the corrections are the difference between the two records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from chancery.core.text import fold
from chancery.documents.models import IncomingDocument

# the fields proposed (the job's names) with their label and how the registered document holds them
FIELDS: dict[str, Any] = {
    "sender": _("sender"),
    "reference": _("number and symbol"),
    "issued_on": _("date of the document"),
    "doc_type": _("type"),
    "summary": _("summary"),
    "signer": _("signed by"),
    "urgency": _("urgency"),
    "secrecy": _("secrecy level"),
}


def _same_text(proposed: Any, kept: Any) -> bool:
    return " ".join(fold(str(proposed)).split()) == " ".join(fold(str(kept or "")).split())


def _kept(name: str, proposed: dict[str, Any], document: IncomingDocument) -> bool | None:
    """Whether the clerk kept the field as read (True), corrected it (False), or it was not read (None)."""
    value, text = proposed.get("value"), proposed.get("text")
    if name == "sender":
        if value:  # an agency of the list
            return bool(document.sender_id == value)
        return _same_text(text, document.sender_name) if text else None
    if value in (None, ""):
        return None
    if name == "issued_on":
        return document.issued_on is not None and document.issued_on.isoformat() == str(value)
    if name in ("urgency", "secrecy"):
        return getattr(document, name) == value
    if name == "doc_type":
        return document.doc_type == value
    return _same_text(value, getattr(document, name))


@dataclass(frozen=True)
class FieldAccuracy:
    label: Any
    read: int  # documents in which the field was read
    kept: int  # of those, kept as read

    @property
    def share(self) -> float | None:
        return self.kept / self.read if self.read else None


def accuracy(documents: QuerySet[IncomingDocument], *, limit: int = 500) -> tuple[int, list[FieldAccuracy]]:
    """Over the latest `limit` documents registered from scans among `documents` (the caller's own, as the
    access policy lets them see): how many there are, and for each field how often it was read and kept."""
    rows = list(
        documents.filter(scanned_from__isnull=False).select_related("scanned_from").order_by("-pk")[:limit]
    )
    read = dict.fromkeys(FIELDS, 0)
    kept = dict.fromkeys(FIELDS, 0)
    for document in rows:
        found = (document.scanned_from.result or {}).get("documents") if document.scanned_from else None
        if not isinstance(found, list) or not 0 <= (document.scanned_part or 0) < len(found):
            continue
        fields = found[document.scanned_part or 0].get("fields") or {}
        for name in FIELDS:
            proposed = fields.get(name)
            verdict = _kept(name, proposed, document) if isinstance(proposed, dict) else None
            if verdict is not None:
                read[name] += 1
                kept[name] += int(verdict)
    return len(rows), [FieldAccuracy(FIELDS[name], read[name], kept[name]) for name in FIELDS]
