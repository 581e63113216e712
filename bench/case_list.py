"""The shared case list (`/lists/<key>/`) at 1,000,000 cases: the first page, a filter with a sort, the
deadline filter, and a page 100,000 rows deep; as a specialist (the access policy applied: 1 case in 16 is
the unit's) and as leadership (every case within the clearance).

Baseline: Django admin's changelist of the same table (bench/admin.py: the same columns, filter by state,
sortable columns, 50 rows a page, the unit fetched in the same query), which counts the whole table and the
filtered rows on every page and pages by OFFSET; it applies no access policy at all.
"""

import random
from datetime import timedelta

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from bench import people
from bench.search import FAMILY, GIVEN, KINDS, MIDDLE, PLACES, SUBJECTS
from bench.timing import measure, report
from chancery.casework import lists
from chancery.casework.services import ClockRow, load_clocks
from chancery.core import access
from chancery.core.models import RoleCode, SecrecyLevel, User
from chancery.core.tests.protected.models import Complaint

UNITS = 16
BATCH = 10_000
STATES = ["received", "accepted", "rejected", "answered"]


def _people() -> tuple[User, User, list[int]]:
    found = people.units("bench-l", "Vụ thử", UNITS)
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
    return specialist, leader, [u.pk for u in found]


def _seed(scale: int, units: list[int]) -> None:
    have = Complaint.objects.count()
    if have >= scale:
        print(f"   seeded already: {have:,} cases")
        return
    print(f"   seeding {scale - have:,} cases, a running time limit on every third ...", flush=True)
    rng = random.Random(have)
    start = timezone.now() - timedelta(days=6 * 365)
    created_at = Complaint._meta.get_field("created_at")
    created_at.auto_now_add = False  # seeded over six years, not today
    today = timezone.localdate()
    try:
        for first in range(have, scale, BATCH):
            cases = []
            for n in range(first, min(scale, first + BATCH)):
                name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                cases.append(
                    Complaint(
                        title=f"{rng.choice(KINDS)} của {name} về {rng.choice(SUBJECTS)}",
                        body=f"Tại {rng.choice(PLACES)}; hồ sơ số {n}",
                        state=rng.choice(STATES),
                        owning_unit_id=rng.choice(units),
                        secrecy=SecrecyLevel.NONE if n % 50 else SecrecyLevel.CONFIDENTIAL,
                        created_at=start + timedelta(minutes=n * 3 * 365 * 24 * 60 // max(scale, 1)),
                    )
                )
            with transaction.atomic():
                made = Complaint.objects.bulk_create(cases)
                clocks = [
                    ClockRow(
                        object_type="protected.complaint",
                        object_id=case.pk,
                        kind="handling",
                        label="Thời hạn giải quyết",
                        unit="calendar",
                        days=30,
                        started_on=today - timedelta(days=rng.randrange(0, 60)),
                        due_on=today + timedelta(days=rng.randrange(-30, 30)),
                    )
                    for case in made
                    if case.pk % 3 == 0
                ]
                load_clocks(clocks)
            print(f"     {min(scale, first + BATCH):,}", end="\r", flush=True)
    finally:
        created_at.auto_now_add = True
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print()


def _cursor_at(user: User, depth: int) -> str:
    """The keyset cursor of the page that starts `depth` rows into the person's list (newest first)."""
    visible = access.visible_records(user, Complaint.objects.all()).order_by("-id")
    pk = visible.values_list("pk", flat=True)[depth - 1]
    return lists.Cursor(True, "-id", None, pk).encode()


def run(scale: int, requests: int) -> None:
    specialist, leader, units = _people()
    _seed(scale, units)
    clients = {}
    for user in (specialist, leader):
        clients[user.pk] = Client()
        clients[user.pk].force_login(user)

    def getter(user: User):
        def get(url: str) -> object:
            response = clients[user.pk].get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    admin = getter(leader)
    print(f"   {Complaint.objects.count():,} cases; {connection.vendor}; {requests} requests per figure")
    rng = random.Random(11)
    states = [rng.choice(STATES) for _ in range(requests)]
    base = "/admin/protected/complaint/"
    few = max(5, requests // 4)
    for label, user in (("as a specialist (access policy applied)", specialist), ("as leadership", leader)):
        ours = getter(user)
        report(
            f"first page, newest first, {label}",
            measure(ours, ["/lists/complaints/"] * requests),
            measure(admin, [base] * few),
            "Django admin",
        )
        report(
            f"filtered by state, sorted by title, {label}",
            measure(ours, [f"/lists/complaints/?state={s}&sort=title" for s in states]),
            measure(admin, [f"{base}?state__exact={s}&o=2" for s in states[:few]]),
            "Django admin",
        )
        # Admin has no way to ask this (the time limits are another table): the figure alone.
        overdue = measure(ours, ["/lists/complaints/?deadline=overdue"] * requests)
        print(f"   overdue cases (a running time limit past due), {label}\n     Chancery          {overdue}")
        depth = min(100_000, scale // 2) if user is leader else min(50_000, scale // 40)
        cursor = _cursor_at(user, depth)
        report(
            f"a page {depth:,} rows deep, {label}",
            measure(ours, [f"/lists/complaints/?cursor={cursor}"] * requests),
            measure(admin, [f"{base}?p={depth // 50}"] * few),
            "Django admin",
        )
