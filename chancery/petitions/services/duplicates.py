"""Petitions, duplicates: linking or merging a petition with the one it repeats, and the record of the
check."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.casework import services as casework
from chancery.core import access, audit
from chancery.core import services as core_services
from chancery.core.models import AuditAction
from chancery.petitions import selectors as petition_selectors
from chancery.petitions.models import (
    DuplicateDecision,
    LinkVerdict,
    Matter,
    Petition,
)
from chancery.petitions.services.clocks import _stop_all
from chancery.petitions.services.intake import (
    _person_data,
    _refresh_people,
    _require_change,
    _store_petitioners,
)

# Audit messages read in Vietnamese, the language of the Office's records.


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
        from chancery.petitions.services.scanning import protect_scanned

        protect_scanned(target)  # a denunciation merged in: what the target's scan read is wiped
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
