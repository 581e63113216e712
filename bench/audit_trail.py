"""The audit-trail list page at scale: filtered by record and by user, newest first, first and deep pages.

Baseline: Django admin's changelist of the same table with the same filters (COUNT and OFFSET pagination),
served by the same process from the same database, with the same access policy applied.
"""

import random
from datetime import timedelta

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from bench.timing import measure, report
from chancery.core import audit
from chancery.core.models import AuditChainHead, AuditEvent, RoleCode, Unit, UnitKind, User

ACTORS = 200
RECORDS = 50_000
OBJECT_TYPE = "petitions.petition"  # the module to come; the audit trail takes any record type
BATCH = 20_000


def _seed_people() -> tuple[User, list[int]]:
    from chancery.core import services

    unit = Unit.objects.filter(code="bench").first() or services.create_unit(
        actor=None, code="bench", name="Đơn vị đo hiệu năng", kind=UnitKind.DEPARTMENT
    )
    viewer = User.objects.filter(username="bench.viewer").first() or services.create_staff(
        actor=None,
        username="bench.viewer",
        full_name="Người đo hiệu năng",
        unit=unit,
        password="Bench-Password-2026!",
        roles=(RoleCode.LEADERSHIP, RoleCode.ADMINISTRATOR),
        clearance=1,
    )
    existing = list(User.objects.filter(username__startswith="bench.actor").values_list("pk", flat=True))
    for n in range(len(existing), ACTORS):
        existing.append(
            services.create_staff(
                actor=None, username=f"bench.actor{n}", full_name=f"Cán bộ {n}", unit=unit
            ).pk
        )
    return viewer, existing


def _seed_events(scale: int, actors: list[int]) -> None:
    have = AuditEvent.objects.count()
    if have >= scale:
        print(f"   seeded already: {have:,} events")
        return
    audit.seal_pending()
    print(f"   seeding {scale - have:,} events ...", flush=True)
    rng = random.Random(have)
    key = audit._audit_key()
    head, _ = AuditChainHead.objects.get_or_create(pk=1)
    start = timezone.now() - timedelta(days=365)
    next_id = (AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    remaining = scale - have
    while remaining > 0:
        rows = []
        for _ in range(min(BATCH, remaining)):
            record = rng.randrange(1, RECORDS)
            event = AuditEvent(
                id=next_id,
                at=start + timedelta(seconds=next_id * 30),
                actor_id=rng.choice(actors),
                actor_name="Cán bộ",
                action=rng.choice(["view", "update", "create", "transition", "assign"]),
                object_type=OBJECT_TYPE,
                object_id=record,
                object_repr=f"Đơn số {record}/2026",
                secrecy=0,
                changes={"status": {"before": "received", "after": "classified"}},
            )
            audit.sign_event(event, key)  # as record() does: `chancery audit verify` names an event without
            head.seq += 1
            event.seq, event.prev_hash = head.seq, head.hash
            event.hash = head.hash = audit.compute_hash(event, event.seq, event.prev_hash, key)
            rows.append(event)
            next_id += 1
        with transaction.atomic():
            AuditEvent.objects.bulk_create(rows, batch_size=2000)
            head.save()
        remaining -= len(rows)
    audit.write_checkpoint()  # the seeded chain's end, anchored as a seal would
    if connection.vendor == "postgresql":
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            # Rows were seeded with their ids (the hash covers them): move the id sequence past them.
            for statement in connection.ops.sequence_reset_sql(no_style(), [AuditEvent]):
                cursor.execute(statement)
            cursor.execute("ANALYZE core_auditevent")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def run(*, scale: int, requests: int) -> None:
    viewer, actors = _seed_people()
    _seed_events(scale, actors)
    client = Client()
    client.force_login(viewer)

    def get(url: str) -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    rng = random.Random(7)
    records = [rng.randrange(1, RECORDS) for _ in range(requests)]
    people = [rng.choice(actors) for _ in range(requests)]
    print(f"   {AuditEvent.objects.count():,} events; {connection.vendor}; {requests} requests per figure")

    report(
        "filtered by record (first page)",
        measure(get, [f"/audit/?object_type={OBJECT_TYPE}&object_id={r}" for r in records]),
        measure(get, [f"/admin/core/auditevent/?object_type={OBJECT_TYPE}&object_id={r}" for r in records]),
        "Django admin",
    )
    report(
        "filtered by user (first page)",
        measure(get, [f"/audit/?actor={p}" for p in people]),
        measure(get, [f"/admin/core/auditevent/?actor__id__exact={p}" for p in people]),
        "Django admin",
    )
    deep = []
    for person in people[: max(3, requests // 4)]:
        url = f"/audit/?actor={person}"
        for _ in range(20):
            page = client.get(url).context["page"]
            url = f"/audit/?actor={person}&before={page.next_before}"
        deep.append(url)
    report(
        "filtered by user, page 21",
        measure(get, deep),
        measure(get, [f"/admin/core/auditevent/?actor__id__exact={p}&p=21" for p in people[: len(deep)]]),
        "Django admin",
    )
