"""Read queries of honours for the pages and the API: filtered by the access policy, lists by keyset."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from chancery.core import access
from chancery.core.text import fold

from . import rules
from .models import AwardRecord, Honoree, HonoursBatch, Nomination, Verdict

PAGE = 100


def visible_batches(user: Any) -> QuerySet[HonoursBatch]:
    return access.visible_records(user, HonoursBatch.objects.all())


def get_batch(user: Any, pk: int) -> HonoursBatch | None:
    return (
        visible_batches(user)
        .select_related("proposing_body", "import_job", "appraisal_job", "incoming_document")
        .filter(pk=pk)
        .first()
    )


def batches_with_counts(user: Any) -> QuerySet[HonoursBatch]:
    return (
        visible_batches(user)
        .select_related("proposing_body")
        .annotate(
            total=Count("nominations"),
            passing=Count("nominations", filter=Q(nominations__outcome=Verdict.PASS)),
            reviewing=Count("nominations", filter=Q(nominations__outcome=Verdict.REVIEW)),
            failing=Count("nominations", filter=Q(nominations__outcome=Verdict.FAIL)),
        )
        .order_by("-received_on", "-id")
    )


def nominations_page(
    batch: HonoursBatch, *, outcome: str = "", after: int = 0, name: str = ""
) -> list[Nomination]:
    """One page of a batch's nominations in row order, from row `after` on (keyset: no OFFSET, no COUNT);
    with `name`, those whose name holds it, diacritics folded (đ as d)."""
    rows = Nomination.objects.filter(batch=batch, row__gt=after)
    if outcome:
        rows = rows.filter(outcome=outcome)
    if folded := fold(name).strip():
        rows = rows.filter(honoree__folded_name__contains=folded)
    return list(rows.select_related("honoree").order_by("row")[: PAGE + 1])


def get_nomination(user: Any, pk: int) -> Nomination | None:
    nomination = Nomination.objects.select_related("batch", "honoree", "overridden_by").filter(pk=pk).first()
    if nomination is None or not access.can_view(user, nomination.batch):
        return None
    return nomination


def can_see_honoree(user: Any, honoree: Honoree) -> bool:
    """A person's honours history is seen by those who may see a batch that nominated them, and by the
    leadership; the history itself is the record of public decisions."""
    viewer = access.viewer_for(user)
    if viewer.is_leadership:
        return True
    return visible_batches(user).filter(nominations__honoree=honoree).exists()


def find_honorees(user: Any, query: str, *, limit: int = 50) -> list[Honoree]:
    """People and collectives whose folded name contains the folded query, among those the person may see."""
    found = Honoree.objects.filter(folded_name__contains=fold(query))
    if not access.viewer_for(user).is_leadership:
        found = found.filter(nominations__batch__in=visible_batches(user))
    return list(found.distinct().order_by("folded_name", "id")[:limit])


def dossier_of(batch: HonoursBatch) -> list[Any]:
    from chancery.core import audit
    from chancery.core.models import Attachment

    return list(Attachment.objects.filter(object_type=audit.object_type_of(HonoursBatch), object_id=batch.pk))


def history_of(honoree: Honoree) -> list[AwardRecord]:
    return list(AwardRecord.objects.filter(honoree=honoree).order_by("decided_on", "id"))


def nominations_of(user: Any, honoree: Honoree) -> list[Nomination]:
    return list(
        Nomination.objects.filter(honoree=honoree, batch__in=visible_batches(user))
        .select_related("batch")
        .order_by("-batch__received_on")
    )


def rule_sets() -> list[Any]:
    return sorted(rules.RULE_BOOK.all(), key=lambda r: (r.code, r.valid_from))


def review_awards(batch: HonoursBatch) -> list[tuple[str, str, int]]:
    """The awards with nominees still to review in the batch: (code, name, how many), most first."""
    counts = (
        Nomination.objects.filter(batch=batch, outcome=Verdict.REVIEW)
        .values_list("award")
        .annotate(n=Count("pk"))
        .order_by("-n", "award")
    )
    return [(code, rules.award_name(code), n) for code, n in counts]


def history_of_nomination(nomination: Nomination) -> list[dict[str, Any]]:
    """What re-imported lists changed in a nomination (each replaced value, old and new), newest first:
    the audit events of its batch that name it."""
    from chancery.core.audit import object_type_of
    from chancery.core.models import AuditEvent

    events = AuditEvent.objects.filter(
        object_type=object_type_of(HonoursBatch),
        object_id=nomination.batch_id,
        changes__nomination=nomination.pk,
    ).order_by("-at", "-pk")[:50]
    return [
        {
            "at": event.at,
            "actor_name": event.actor_name,
            "message": event.message,
            "rows": [row for row in event.change_rows if row["field"] != "nomination"],
        }
        for event in events
    ]
