"""Where a petition went: the chain of forwardings and its loops, warnings about the accused body, and the
petition's running clocks and letters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from chancery.casework.models import LegalClock
from chancery.core import audit
from chancery.core.models import Agency
from chancery.petitions.models import (
    Forwarding,
    LetterKind,
    Petition,
)

# --- forwarding and its loops -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hop:
    on: date
    source: str
    target: str
    petition: str
    order: tuple[int, int] = (0, 0)  # (petition id, 0 arriving / 1 sent on): same-day hops in sequence


OFFICE = "Văn phòng Chủ tịch nước"


def forwarding_chain(petition: Petition) -> list[Hop]:
    """How the matter travelled between agencies, oldest first: each petition of the matter that an agency
    forwarded to the Office, and each one the Office forwarded on."""
    petitions = (
        Petition.objects.filter(matter_id=petition.matter_id)
        if petition.matter_id
        else Petition.objects.filter(pk=petition.pk)
    )
    hops = [
        Hop(p.received_on, str(p.sent_by_agency), OFFICE, p.registry_number, (p.pk, 0))
        for p in petitions.filter(sent_by_agency__isnull=False).select_related("sent_by_agency")
    ]
    hops += [
        Hop(f.sent_on, OFFICE, str(f.agency), f.petition.registry_number, (f.petition_id, 1))
        for f in Forwarding.objects.filter(
            petition__in=petitions, letter=LetterKind.FORWARD, agency__isnull=False
        ).select_related("agency", "petition")
    ]
    return sorted(hops, key=lambda h: (h.on, h.order))


def forwarding_loop(hops: list[Hop], *, next_agency: Agency | None = None) -> list[str] | None:
    """The loop in a matter's path, as the names along it, or None: the matter came back to the Office from
    an agency it had been forwarded to or had come from (A → Office → B → Office → A), including the hop the
    clerk is about to make (`next_agency`)."""
    path: list[str] = []
    for hop in hops:
        if not path or path[-1] != hop.source:
            path.append(hop.source)
        path.append(hop.target)
    if next_agency is not None:
        if not path:
            path.append(OFFICE)
        path.append(next_agency.name)
    agencies = [name for name in path if name != OFFICE]
    seen: dict[str, int] = {}
    for index, name in enumerate(agencies):
        if name in seen:
            start = path.index(name)
            end = len(path) - 1 - path[::-1].index(name)
            return path[start : end + 1]
        seen[name] = index
    return None


def accused_body_warnings(petition: Petition, *, agency: Agency | None = None) -> list[str]:
    """Warnings when a denunciation goes, or is about to go, to the body of the person denounced
    (`Petition.accused_agency`): the competent agency chosen (or `agency`, the one the clerk is about to
    pick) while it is being decided, and every forwarding already sent there. A warning, not a refusal:
    the body may still be the competent one for a matter of its own staff, and the clerk decides; what it
    receives is the copy with the denouncer's identity removed (letters.render_enclosure_pdf)."""
    from django.utils.translation import gettext as _

    accused = petition.accused_agency
    if accused is None:
        return []
    warnings = []
    target = agency or petition.competent_agency
    if petition.state == "received" and target is not None and target.pk == accused.pk:
        warnings.append(
            _(
                "%(agency)s is the body of the person denounced: forwarding the denunciation there may "
                "expose the denouncer. Check the competent agency."
            )
            % {"agency": accused.name}
        )
    if petition.forwardings.filter(letter=LetterKind.FORWARD, agency=accused).exists():
        warnings.append(
            _("This denunciation was forwarded to %(agency)s, the body of the person denounced.")
            % {"agency": accused.name}
        )
    return warnings


# --- clocks -------------------------------------------------------------------------------------------------


def running_clocks(petition: Petition) -> list[LegalClock]:
    return list(
        LegalClock.objects.filter(object_type=audit.object_type_of(petition), object_id=petition.pk)
        .prefetch_related("pauses", "extensions")
        .order_by("started_on", "id")
    )


def letters_of(petition: Petition) -> list[Forwarding]:
    return list(petition.forwardings.select_related("agency").order_by("sent_on", "id"))


def today() -> date:
    return timezone.localdate()


def standing_signer() -> str:
    """The name printed under the petitions letters' standing delegation block (letters.SIGNATURE_BLOCK;
    Phụ lục I: the signer's full name under the signature): the head of the department the petitions unit
    belongs to (Vụ Tư pháp), or of the petitions unit itself when it has no department above it; the head
    before a deputy. "" when none is recorded."""
    from django.conf import settings

    from chancery.core.models import RoleCode, Unit, UnitKind, User

    unit = Unit.objects.filter(code=settings.CHANCERY_PETITIONS_UNIT).select_related("parent").first()
    if unit is None:
        return ""
    department = unit.parent if unit.parent and unit.parent.kind == UnitKind.DEPARTMENT else unit
    heads = User.objects.filter(is_active=True, unit=department, roles__code=RoleCode.HEAD_OF_UNIT).distinct()
    ranked = sorted(heads, key=lambda head: (head.position.casefold().startswith("phó"), head.full_name))
    return ranked[0].full_name if ranked else ""
