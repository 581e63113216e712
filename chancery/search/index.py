"""What is searched: modules register their record types here, and every save or delete of a registered
record updates its entry in the same transaction (signals, so the web UI, the API, imports and jobs alike
keep the index in step); a service that saves a record more than once wraps itself in `deferred()` and the
record is indexed once, at its end.

    search.index.register(
        Petition, module="petitions", label=_("Petitions"),
        title=lambda p: p.subject, body=lambda p: f"{p.petitioner_name} {p.summary}",
        state=lambda p: p.state, date=lambda p: p.received_on,
    )
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chancery.core import access, audit, jobs
from chancery.core.models import SecrecyLevel, Unit, User
from chancery.core.text import fold, nfc
from chancery.search.models import SearchEntry


@dataclass(frozen=True)
class Indexed:
    model: type[models.Model]
    module: str
    label: str | Promise
    title: Callable[[Any], str]
    body: Callable[[Any], str]
    state: Callable[[Any], str] | None = None
    date: Callable[[Any], date | None] | None = None
    everyone: bool = False  # a directory entry (units, staff): every member of staff may find it
    include: Callable[[Any], bool] | None = None  # False: keep this record out of the index
    prefetch: tuple[str, ...] = ()  # related rows `body` reads, fetched a chunk at a time on reindex


REGISTRY: dict[str, Indexed] = {}


def register(model: type[models.Model], **options: Any) -> None:
    spec = Indexed(model=model, **options)
    REGISTRY[audit.object_type_of(model)] = spec
    uid = f"search-{audit.object_type_of(model)}"
    post_save.connect(_saved, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(_deleted, sender=model, dispatch_uid=uid, weak=False)


def modules() -> list[tuple[str, str]]:
    """(module, label) of every registered module, for the filter."""
    seen: dict[str, str] = {}
    for spec in REGISTRY.values():
        seen.setdefault(spec.module, str(spec.label))
    return sorted(seen.items(), key=lambda item: item[1])


def type_label(object_type: str) -> str:
    """The label of a record type as its module registered it ("Văn bản đi", not the module's first)."""
    spec = REGISTRY.get(object_type)
    return str(spec.label) if spec else ""


def state_label(object_type: str, state: str) -> str:
    """A record's state as its workflow names it in the reader's language, never the code ("signing")."""
    spec = REGISTRY.get(object_type)
    workflow = getattr(spec.model, "workflow", None) if spec else None
    states = getattr(workflow, "states", None) or {}
    return str(states.get(state, "")) if state else ""


def entry_values(spec: Indexed, record: Any) -> dict[str, Any]:
    # The index is shared by everyone who may see the record: a protected record's text is indexed redacted
    # (access.redacted_text for no reader), so neither a query nor a snippet ever finds or shows the identity.
    shown = access.text_redactor(None, record)
    title = nfc(shown(spec.title(record)))[:300]
    body = nfc(shown(spec.body(record)))
    object_type = audit.object_type_of(record)
    return {
        "module": spec.module,
        "title": title,
        "body": body,
        "folded": fold(f"{title} {body}"),
        "state": spec.state(record) if spec.state else "",
        "on_date": spec.date(record) if spec.date else None,
        "url": audit.subject_url(object_type, record.pk) or "",
        "owning_unit_id": getattr(record, "owning_unit_id", None),
        "secrecy": getattr(record, "secrecy", SecrecyLevel.NONE),
        "everyone": spec.everyone,
    }


def index_record(record: Any) -> None:
    """The record's entry written as it is now, in the saving transaction, by one upsert."""
    spec = REGISTRY.get(audit.object_type_of(record))
    if spec is None:
        return
    object_type = audit.object_type_of(record)
    if spec.include is not None and not spec.include(record):
        SearchEntry.objects.filter(object_type=object_type, object_id=record.pk).delete()
        return
    values = entry_values(spec, record)
    SearchEntry.objects.bulk_create(
        [SearchEntry(object_type=object_type, object_id=record.pk, **values)],
        update_conflicts=True,
        unique_fields=["object_type", "object_id"],
        update_fields=list(values),
    )


_pending = threading.local()  # the records saved inside `deferred()`, by (type, id), on this thread


@contextmanager
def deferred() -> Iterator[None]:
    """Index the registered records saved inside the block once, as they are at its end: for a service that
    saves a record, then the rows its entry reads (a petition's petitioners), then the record again. An
    error inside indexes nothing (its transaction is rolled back). Nested blocks index at the outermost
    one's end."""
    if getattr(_pending, "records", None) is not None:
        yield
        return
    _pending.records = {}
    try:
        yield
        records = _pending.records
    finally:
        _pending.records = None
    for record in records.values():
        index_record(record)


def _saved(sender: type[models.Model], instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    records = getattr(_pending, "records", None)
    if records is not None:
        records[(audit.object_type_of(instance), instance.pk)] = instance
    else:
        index_record(instance)


def _deleted(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    records = getattr(_pending, "records", None)
    object_type = audit.object_type_of(instance)
    if records is not None:
        records.pop((object_type, instance.pk), None)
    SearchEntry.objects.filter(object_type=object_type, object_id=instance.pk).delete()


def reindex(ctx: jobs.JobContext | None = None, chunk: int = 500) -> dict[str, int]:
    """Rebuild every registered module's entries (after a module is added or its indexed fields change).
    Resumable: the cursor is "<record type>:<last id>"."""
    position = ctx.cursor if ctx else ""
    types = sorted(REGISTRY)
    if ctx is not None:
        ctx.set_total(sum(spec.model._default_manager.count() for spec in REGISTRY.values()))
    indexed = 0
    for object_type in types:
        done_type, _, done_id = position.rpartition(":")
        if done_type and object_type < done_type:
            continue
        after = int(done_id) if done_type == object_type else 0
        spec = REGISTRY[object_type]
        while True:
            found = spec.model._default_manager.filter(pk__gt=after).order_by("pk")
            rows = list(found.prefetch_related(*spec.prefetch)[:chunk])
            if not rows:
                break
            with transaction.atomic():
                for row in rows:
                    index_record(row)
                after = rows[-1].pk
                if ctx is not None:
                    ctx.checkpoint(f"{object_type}:{after}", done=len(rows))
            indexed += len(rows)
    return {"indexed": indexed}


@jobs.job_kind("search_reindex", _("Rebuild the search index"))
def reindex_job(ctx: jobs.JobContext) -> dict[str, int]:
    return reindex(ctx)


# The organisation is searchable by everyone on the staff: units and the staff directory (name, position,
# unit; never contact details or clearance).
register(
    Unit,
    module="organisation",
    label=_("Organisation"),
    title=lambda u: u.name,
    body=lambda u: u.short_name,
    everyone=True,
)
register(
    User,
    module="organisation",
    label=_("Organisation"),
    title=lambda u: u.full_name or u.username,
    body=lambda u: f"{u.position} {u.unit.name if u.unit_id else ''}",
    everyone=True,
    include=lambda u: u.is_active,
)
