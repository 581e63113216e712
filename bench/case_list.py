"""The real case lists (`/lists/petitions/`, `/lists/incoming-documents/`) at 1,000,000 rows each: the first
page, a filter by state, the deadline filter, a sort by the date received, the list's prefix filter, and a
page deep in the list (by its keyset cursor); as a specialist (the access policy applied: a specialist sees
the unit's cases, one unit in 16) and as leadership (every case within the clearance).

The rows are the demo's (`chancery.petitions.demo.generate`, `chancery.documents.demo.load_incoming`) over six
years (2021-2026), with the states, time limits and assignments the demo gives them, spread over 16 units:
a petition is owned by one of them and, while open, assigned to one; an incoming document is owned by the
clerical unit and, once routed, assigned to one of them. Seeded data is kept: a second run at the same scale
counts what is there, year by year, and adds only what is missing.

Baseline: Django admin's changelist of the same tables (bench/list_admin.py: the list's columns, filter by
state, sortable columns, a prefix search, 50 rows a page, the related rows fetched in the same query), which
counts the whole table and the filtered rows on every page and pages by OFFSET; it applies no access policy.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db import connection, transaction
from django.db.models import Max
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from bench import list_admin, people
from bench.timing import Latency, measure, report
from chancery.casework import lists
from chancery.casework.services import load_clocks
from chancery.core import audit, services
from chancery.core import selectors as core_selectors
from chancery.core.access import visible_records
from chancery.core.bulk import insert
from chancery.core.models import (
    Assignment,
    AssignmentKind,
    NumberRegister,
    RoleCode,
    SecrecyLevel,
    Unit,
    User,
)
from chancery.documents import demo as documents_demo
from chancery.documents.models import IncomingDocument
from chancery.documents.registry import INCOMING_LIST
from chancery.petitions import demo as petitions_demo
from chancery.petitions import rules
from chancery.petitions.models import Channel, Petition
from chancery.petitions.registry import PETITION_LIST

UNITS = 16
BATCH = 10_000
YEARS = range(2021, 2027)
CLERICAL = "phong-van-thu"


def _people() -> tuple[User, User, list[Unit]]:
    found = people.units("bench-l", "Vụ thử", UNITS)
    # who registers the petitions that do not arrive online (the demo's clerk)
    people.person("bench.list.vt", "Văn thư đo danh sách", found[1], (RoleCode.CLERK,))
    specialist = people.person("bench.list.cv", "Chuyên viên đo danh sách", found[0], (RoleCode.SPECIALIST,))
    # Leadership that also administers, so the same person opens Django admin; cleared for Mật only, so
    # no second factor is asked.
    leader = people.person(
        "bench.list.ld",
        "Lãnh đạo đo danh sách",
        None,
        (RoleCode.LEADERSHIP, RoleCode.ADMINISTRATOR),
        SecrecyLevel.CONFIDENTIAL,
    )
    if not Unit.objects.filter(code=CLERICAL).exists():  # the incoming register's unit (the demo's)
        services.create_unit(actor=None, code=CLERICAL, name="Phòng Văn thư - Lưu trữ (thử)", kind="division")
    return specialist, leader, found


def _per_year(scale: int) -> Iterator[tuple[int, int]]:
    """(year, rows that year) of `scale` rows spread evenly over YEARS."""
    years = list(YEARS)
    for n, year in enumerate(years):
        yield year, scale // len(years) + (1 if n < scale % len(years) else 0)


# --- petitions ------------------------------------------------------------------------------------------

# what the demo's registration makes of each outcome (chancery.petitions.demo.load)
_STATE = {
    "open": "received",
    "forward": "forwarded",
    "guide": "guided",
    "store": "stored",
    "handle": "handling",
}
_OPEN = {"received", "handling", "forwarded"}


def _write_petitions(
    batch: list[petitions_demo.Generated], year: int, units: list[Unit], fallback: Any, rng: random.Random
) -> None:
    """One batch as the demo's loader leaves it (numbers of the year's register, state, decision, time
    limits), without what the list does not read (petitioners, letters, duplicate keys, search entries);
    each petition owned by one of `units` and, while open, assigned to one of them (its lead unit)."""
    today = timezone.localdate()
    until = min(today, date(year, 12, 31))
    calendar = core_selectors.office_calendar(year, year + 1)
    object_type = audit.object_type_of(Petition)
    clerk = User.objects.get(username="bench.list.vt")
    with transaction.atomic():
        register, _created = NumberRegister.objects.get_or_create(
            code="don-thu",
            year=year,
            defaults={"name": "Sổ tiếp nhận, xử lý đơn thư", "pattern": "{number}/ĐT"},
        )
        register = NumberRegister.objects.select_for_update().get(pk=register.pk)
        highest = Petition.objects.filter(year=year).aggregate(top=Max("number"))["top"] or 0
        number = max(register.last_number, highest)
        for item in batch:
            number += 1
            p = item.petition
            p.number, p.registry_number = number, f"{number}/ĐT"
            p.tracking_code = "".join(rng.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789") for _ in range(10))
            p.owning_unit = rng.choice(units)
            p.received_by = None if p.channel == Channel.ONLINE else clerk
            p.secrecy = SecrecyLevel.CONFIDENTIAL if rng.random() < 0.02 else SecrecyLevel.NONE
            p.identity_protected = p.kind == rules.Kind.DENUNCIATION
            names = [x.full_name for x in item.people]
            extra = p.people_count - 1
            p.petitioner_name = (
                names[0] + (f" và {extra} người khác" if extra > 0 else "") if names else "Nặc danh"
            )
            p.state = _STATE[item.outcome]
            if item.outcome != "open":
                p.decided_on = min(until, p.received_on + timedelta(days=rng.randint(2, 9)))
                p.path = item.outcome
                if item.outcome == "forward" and item.answered:
                    p.state = "closed"
                    p.closed_on = min(until, p.decided_on + timedelta(days=rng.randint(20, 45)))
                    p.outcome = "Cơ quan có thẩm quyền đã giải quyết và trả lời người gửi đơn"
                if item.outcome == "store":
                    p.grounds = [rng.choice(petitions_demo.GROUNDS).value]
                if item.outcome == "forward" and p.competent_agency is None:
                    p.competent_agency = fallback
        Petition.objects.bulk_create([i.petition for i in batch])
        clocks, assignments = [], []
        for item in batch:
            p = item.petition
            kind = rules.Kind(p.kind)
            if p.state == "received":  # the time limits a registration starts
                for period in rules.intake_periods(
                    kind, competent_elsewhere=p.competent_agency_id is not None
                ):
                    clocks.append(
                        petitions_demo._clock_row(object_type, p.pk, period, p.received_on, calendar)
                    )
            elif p.state == "handling" and p.decided_on:
                period = rules.handling_period(kind, instance=p.instance or 1)
                clocks.append(petitions_demo._clock_row(object_type, p.pk, period, p.decided_on, calendar))
            elif p.state == "forwarded" and p.decided_on:
                answer_by = rules.agency_answer_by(calendar, kind, p.decided_on)
                if answer_by:
                    agency = p.competent_agency
                    name = (agency.short_name or agency.name) if agency else ""
                    period = rules.agency_answer_period(name, p.decided_on, answer_by)
                    clocks.append(
                        petitions_demo._clock_row(object_type, p.pk, period, p.decided_on, calendar)
                    )
            if p.state in _OPEN:
                assignments.append(
                    Assignment(
                        object_type=object_type,
                        object_id=p.pk,
                        unit=rng.choice(units),
                        kind=AssignmentKind.LEAD,
                    )
                )
        insert(assignments)
        load_clocks(clocks)
        NumberRegister.objects.filter(pk=register.pk).update(last_number=number)


def _seed_petitions(scale: int, units: list[Unit]) -> None:
    agencies = petitions_demo.ensure_agencies()
    fallback = next(iter(agencies.values()))  # the demo's agency of a forwarding that names none
    today = timezone.localdate()
    for year, target in _per_year(scale):
        have = Petition.objects.filter(year=year).count()
        if have >= target:
            continue
        started = time.perf_counter()
        rng = random.Random(f"petitions-{year}-{have}")
        batch: list[petitions_demo.Generated] = []
        made = 0
        for item in petitions_demo.generate(
            target - have,
            year=year,
            seed=year * 7919 + have,
            unit=units[0],
            agencies=agencies,
            until=min(today, date(year, 12, 31)),
        ):
            batch.append(item)
            if len(batch) >= BATCH:
                _write_petitions(batch, year, units, fallback, rng)
                made += len(batch)
                batch = []
                print(f"     petitions {year}: {have + made:,} / {target:,}", end="\r", flush=True)
        if batch:
            _write_petitions(batch, year, units, fallback, rng)
            made += len(batch)
        seconds = time.perf_counter() - started
        print(f"     petitions {year}: {made:,} added in {seconds:.0f} s ({made / seconds:,.0f}/s)      ")


# --- incoming documents ---------------------------------------------------------------------------------


def _seed_incoming(scale: int, units: list[Unit]) -> None:
    """The demo's incoming register (`load_incoming`: numbers of the year's registers, states by age, the
    leadership's direction, the lead unit's assignment and its time limit, search entries), the lead unit one
    of `units` instead of the demo's six departments."""
    codes = [u.code for u in units]
    saved = documents_demo.HANDLING_UNITS
    documents_demo.HANDLING_UNITS = codes
    try:
        for year, target in _per_year(scale):
            have = IncomingDocument.objects.filter(year=year).count()
            if have >= target:
                continue
            started = time.perf_counter()
            made = documents_demo.load_incoming(
                target - have,
                year=year,
                seed=year * 104729 + have,
                chunk=BATCH,
                progress=lambda n, y=year, h=have, t=target: print(
                    f"     incoming {y}: {h + n:,} / {t:,}", end="\r", flush=True
                ),
            )
            seconds = time.perf_counter() - started
            print(f"     incoming {year}: {made:,} added in {seconds:.0f} s ({made / seconds:,.0f}/s)      ")
    finally:
        documents_demo.HANDLING_UNITS = saved


def _seed(scale: int, units: list[Unit]) -> None:
    petitions, incoming = Petition.objects.count(), IncomingDocument.objects.count()
    if petitions >= scale and incoming >= scale:
        print(f"   seeded already: {petitions:,} petitions, {incoming:,} incoming documents")
        return
    print(
        f"   seeding {max(0, scale - petitions):,} petitions, {max(0, scale - incoming):,} incoming ...",
        flush=True,
    )
    _seed_petitions(scale, units)
    _seed_incoming(scale, units)
    with connection.cursor() as cursor:
        # as autovacuum leaves a table that stopped growing: statistics, and the visibility map that lets
        # PostgreSQL answer the access policy's assignment lookups from the index alone
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# --- measuring ------------------------------------------------------------------------------------------


def _deep_cursor(user: User, model: Any, depth: int) -> str:
    """The keyset cursor of the page that starts `depth` rows into the person's list in its default order
    (newest received first), as the page's "next" link gives it."""
    visible = visible_records(user, model.objects.all()).order_by("-received_on", "-id")
    value, pk = visible.values_list("received_on", "pk")[depth - 1]
    return lists.Cursor(True, "-received_on", value, pk).encode()


def run(scale: int, requests: int) -> None:
    specialist, leader, units = _people()
    _seed(scale, units)
    clients = {}
    for user in (specialist, leader):
        clients[user.pk] = Client()
        clients[user.pk].force_login(user)

    def getter(user: User) -> Callable[[str], object]:
        def get(url: str) -> object:
            response = clients[user.pk].get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    admin = getter(leader)
    few = max(5, requests // 4)
    rng = random.Random(11)
    print(
        f"   {Petition.objects.count():,} petitions, {IncomingDocument.objects.count():,} incoming documents;"
        f" "
        f"{connection.vendor}; {requests} requests per figure, {few} per admin figure"
    )
    cases = (
        (
            PETITION_LIST,
            Petition,
            ["received", "handling", "forwarded", "guided", "stored", "closed"],
            "number",
            [str(rng.randint(100, 999)) for _ in range(requests)],
        ),
        (
            INCOMING_LIST,
            IncomingDocument,
            ["registered", "routed", "closed"],
            "sender",
            [rng.choice(documents_demo.SENDERS)[0][: rng.randint(4, 12)] for _ in range(requests)],
        ),
    )
    figures: list[tuple[str, str, str, Latency, Latency | None]] = []

    def figure(title: str, who: str, label: str, ours: Latency, theirs: Latency | None) -> None:
        figures.append((title, who, label, ours, theirs))
        if theirs is None:
            print(f"   {title}: {label}, {who}\n     Chancery          {ours}")
        else:
            report(f"{title}: {label}, {who}", ours, theirs, "Django admin")

    with override_settings(ROOT_URLCONF="bench.list_admin"):
        for listed, model, states, prefix, prefixes in cases:
            url = reverse("casework:list", args=[listed.key])
            base = f"{list_admin.PREFIX}{model._meta.app_label}/{model._meta.model_name}/"
            picked = [rng.choice(states) for _ in range(requests)]
            title = listed.key
            for who, user in (("specialist", specialist), ("leadership", leader)):
                get = getter(user)

                def q(**params: str) -> str:
                    return f"{url}?{urlencode(params)}"  # noqa: B023 (used in this iteration only)

                figure(title, who, "first page", measure(get, [url] * requests), measure(admin, [base] * few))
                figure(
                    title,
                    who,
                    "state filter",
                    measure(get, [q(state=s) for s in picked]),
                    measure(admin, [f"{base}?state__exact={s}" for s in picked[:few]]),
                )
                # Admin has no way to ask this (the time limits are another table): the figure alone.
                figure(title, who, "overdue", measure(get, [q(deadline="overdue")] * requests), None)
                figure(
                    title,
                    who,
                    "sorted by date received, oldest first",
                    measure(get, [q(sort="received_on")] * requests),
                    measure(admin, [f"{base}?o=2"] * few),
                )
                figure(
                    title,
                    who,
                    f"{prefix} starts with",
                    measure(get, [q(**{prefix: p}) for p in prefixes]),
                    measure(admin, [f"{base}?{urlencode({'q': p})}" for p in prefixes[:few]]),
                )
                depth = max(50, min(100_000, scale // 4) if user is leader else min(25_000, scale // 64))
                cursor = _deep_cursor(user, model, depth)
                figure(
                    title,
                    who,
                    f"a page {depth:,} rows deep",
                    measure(get, [q(cursor=cursor)] * requests),
                    measure(admin, [f"{base}?p={depth // 50}"] * few),
                )
    print("\n   | list | figure | person | Chancery p50 / p95 | Django admin p50 / p95 | ratio (p95) |")
    print("   | --- | --- | --- | ---: | ---: | ---: |")
    for title, who, label, ours, theirs in figures:
        their = f"{theirs.p50:,.1f} / {theirs.p95:,.1f} ms" if theirs else "—"
        ratio = f"{theirs.p95 / ours.p95:,.1f}x" if theirs and ours.p95 else "—"
        mark = "" if ours.p95 <= 100 else " **>100**"
        print(
            f"   | {title} | {label} | {who} | {ours.p50:,.1f} / {ours.p95:,.1f} ms{mark}"
            f" | {their} | {ratio} |"
        )
