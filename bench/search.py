"""Unified search at scale: 1,000,000 index entries of Vietnamese text (names, places, subjects), searched
without diacritics through `chancery.search.selectors.search` (FTS5 on SQLite, tsvector + GIN on PostgreSQL),
as a specialist (the access policy applied) and as leadership.

Baseline: the same question answered by an ILIKE scan (`folded ILIKE '%luong cuong%'`, LIKE on SQLite),
with the same access filter and the same page size.
"""

import random
from datetime import date, timedelta

from django.db import connection

from bench import people
from bench.timing import measure, report
from chancery.core.models import RoleCode, SecrecyLevel, Unit, User
from chancery.core.text import fold
from chancery.search.models import SearchEntry
from chancery.search.selectors import SearchFilter, search

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Lương",
    "Đinh",
    "Trịnh",
    "Mai",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Xuân", "Thu", "Hồng", "Bá", "Công"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hải",
    "Hạnh",
    "Hoà",
    "Hùng",
    "Khoa",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Thuỷ",
    "Trang",
    "Tuấn",
    "Vinh",
    "Yến",
    "Đào",
    "Khánh",
    "Nhung",
    "Oanh",
    "Quyên",
    "Tùng",
    "Uyên",
    "Hiếu",
    "Kiên",
    "Lộc",
    "Mạnh",
    "Nghĩa",
    "Phong",
]
PLACES = [
    "Hà Nội",
    "Hải Phòng",
    "Đà Nẵng",
    "Thành phố Hồ Chí Minh",
    "Cần Thơ",
    "Huế",
    "Nghệ An",
    "Thanh Hoá",
    "Quảng Ninh",
    "Lâm Đồng",
    "Đắk Lắk",
    "Bắc Ninh",
    "Gia Lai",
    "Khánh Hoà",
    "An Giang",
    "Cà Mau",
]
SUBJECTS = [
    "thu hồi đất",
    "bồi thường giải phóng mặt bằng",
    "chế độ chính sách người có công",
    "xử lý kỷ luật",
    "tranh chấp đất đai",
    "quyết định hành chính",
    "cấp giấy chứng nhận quyền sử dụng đất",
    "kết luận thanh tra",
    "khen thưởng",
    "đặc xá",
    "bản án đã có hiệu lực",
]
KINDS = ["Đơn khiếu nại", "Đơn tố cáo", "Đơn kiến nghị", "Đơn phản ánh"]
UNITS = 16
BATCH = 10_000


def _people() -> tuple[User, User]:
    found = people.units("bench-s", "Vụ đo", UNITS)
    specialist = people.person("bench.search.cv", "Chuyên viên đo", found[0], (RoleCode.SPECIALIST,))
    leader = people.person(
        "bench.search.ld", "Lãnh đạo đo", None, (RoleCode.LEADERSHIP,), SecrecyLevel.TOP_SECRET
    )
    return specialist, leader


def _seed(scale: int) -> None:
    have = SearchEntry.objects.filter(module="bench").count()
    if have >= scale:
        print(f"   seeded already: {have:,} entries")
        return
    print(f"   seeding {scale - have:,} entries ...", flush=True)
    units = list(Unit.objects.filter(code__startswith="bench-s").values_list("pk", flat=True))
    rng = random.Random(have)
    start = date(2020, 1, 1)
    for first in range(have, scale, BATCH):
        rows = []
        for n in range(first, min(scale, first + BATCH)):
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            title = f"{rng.choice(KINDS)} của {name}"
            body = f"Về việc {rng.choice(SUBJECTS)} tại {rng.choice(PLACES)}; hồ sơ số {n}/{2020 + n % 7}"
            rows.append(
                SearchEntry(
                    object_type="bench.record",
                    object_id=n,
                    module="bench",
                    title=title,
                    body=body,
                    folded=fold(f"{title} {body}"),
                    state=rng.choice(["received", "forwarded", "answered"]),
                    on_date=start + timedelta(days=n % 2400),
                    owning_unit_id=rng.choice(units),
                    secrecy=SecrecyLevel.NONE if n % 50 else SecrecyLevel.CONFIDENTIAL,
                )
            )
        SearchEntry.objects.bulk_create(rows)
        print(f"     {min(scale, first + BATCH):,}", end="\r", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
    print()


QUERIES = [
    "luong van cuong",
    "nguyen thi thuy",
    "tran quoc hoa",
    '"thu hoi dat" da nang',
    "dang huu khoa",
    "ho thanh yen",
    "khieu nai ngo xuan kien",
    "trinh cong loc",
    '"ket luan thanh tra" hue',
    "mai ba oanh",
]


def _ilike(user: User, q: str) -> list[SearchEntry]:
    from chancery.core import access

    words = fold(q.replace('"', " ")).split()
    entries = access.visible_search_entries(user, SearchEntry.objects.all())
    for word in words:  # every word somewhere in the text, like the full-text query
        entries = entries.filter(folded__icontains=word)
    return list(entries.order_by("-on_date", "-id")[:21])


def run(scale: int, requests: int) -> None:
    specialist, leader = _people()
    _seed(scale)
    queries = [QUERIES[i % len(QUERIES)] for i in range(requests)]
    for label, user in (("as a specialist (access policy applied)", specialist), ("as leadership", leader)):

        def ours_call(q: str, u: User = user) -> object:
            return search(u, SearchFilter(q=q))

        def baseline_call(q: str, u: User = user) -> object:
            return _ilike(u, q)

        ours = measure(ours_call, queries)
        baseline = measure(baseline_call, queries[: max(5, requests // 4)])
        report(f"search, {label}, {connection.vendor}", ours, baseline, "ILIKE scan")
    hits = search(specialist, SearchFilter(q="luong van cuong")).hits
    print(f"   e.g. “luong van cuong” → {hits[0].entry.title if hits else 'nothing'}")
