"""Unified search at scale: 1,000,000 index entries of Vietnamese text (names, places, subjects), searched
through `chancery.search.selectors.search` (the backend of CHANCERY_SEARCH_BACKEND: FTS5 on SQLite, tsvector
+ GIN on PostgreSQL), as a specialist (the access policy applied) and as leadership. The queries: rare and
common words, with and without diacritics, quoted phrases, prefixes.

Baseline, measured in the same run: an ILIKE scan (`folded ILIKE '%luong%'` for each word, LIKE on SQLite)
with the same access filter and the same page size. Each first page is compared with the exhaustive ranking
(every match ranked, then the access policy: what the search showed before its backends ranked pools of the
newest matches, `SearchBackend.exhaustive`), for each query and person.
"""

import random
from datetime import date, timedelta

from django.db import connection

from bench import people
from bench.timing import measure, report
from chancery.core import access
from chancery.core.models import RoleCode, SecrecyLevel, Unit, User
from chancery.core.text import fold
from chancery.search.backends import get_backend
from chancery.search.models import SearchEntry
from chancery.search.query import parse
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
    "luong van cuong",  # a name: rare
    "Lương Văn Cường",  # the same, with diacritics
    "nguyen thi thuy",
    "Trần Quốc Hoà",
    "dang huu khoa",
    "khieu nai ngo xuan kien",
    "trinh cong lo",  # prefixes
    "hoang thanh ph",
    '"thu hoi dat" da nang',  # quoted phrases
    '"kết luận thanh tra" Huế',
    '"dac xa" "ha noi"',
    "nguyen",  # common words
    "khieu nai",
    "Đơn tố cáo",
    "ho so 12345",  # a file number
    "mai ba oanh",
]
PAGE = 20


def _ilike(user: User, q: str) -> list[SearchEntry]:
    words = fold(q.replace('"', " ")).split()
    entries = access.visible_search_entries(user, SearchEntry.objects.all())
    for word in words:  # every word somewhere in the text, like the full-text query
        entries = entries.filter(folded__icontains=word)
    return list(entries.order_by("-on_date", "-id")[: PAGE + 1])


def _exhaustive(user: User, q: str) -> list[int]:
    """The first page as the search found it before: every match ranked, then the access policy."""
    ranked = get_backend().exhaustive(parse(q), SearchFilter(q=q))
    shown: list[int] = []
    for at in range(0, len(ranked), 5000):
        chunk = ranked[at : at + 5000]
        visible = set(
            access.visible_search_entries(user, SearchEntry.objects.filter(pk__in=chunk)).values_list(
                "pk", flat=True
            )
        )
        shown += [pk for pk in chunk if pk in visible]
        if len(shown) > PAGE:
            break
    return shown[:PAGE]


def _median(user: User, q: str) -> float:
    def call(text: str) -> object:
        return search(user, SearchFilter(q=text))

    return measure(call, [q] * 3, warmup=1).p50


def run(scale: int, requests: int) -> None:
    specialist, leader = _people()
    _seed(scale)
    backend = get_backend()
    print(f"   backend: {type(backend).__name__}, first pool {backend.pool_size:,} matches")
    queries = [QUERIES[i % len(QUERIES)] for i in range(max(requests, len(QUERIES)))]
    same, differ = 0, []
    for label, user in (("as a specialist (access policy applied)", specialist), ("as leadership", leader)):

        def ours_call(q: str, u: User = user) -> object:
            return search(u, SearchFilter(q=q))

        def baseline_call(q: str, u: User = user) -> object:
            return _ilike(u, q)

        ours = measure(ours_call, queries, warmup=len(QUERIES))  # after a pass over every query
        # The baseline once over every query (an ILIKE scan takes about a second).
        report(f"search, {label}, {connection.vendor}", ours, measure(baseline_call, QUERIES), "ILIKE scan")
        for q in QUERIES:
            page = [hit.entry.pk for hit in search(user, SearchFilter(q=q)).hits]
            if page == _exhaustive(user, q):
                same += 1
            else:
                matches = len(backend.exhaustive(parse(q), SearchFilter(q=q)))
                differ.append(f"{q} ({user.username}, {matches:,} matches)")
    print("   each query, median of 3 (ms): specialist / leadership")
    for q in QUERIES:
        times = [_median(user, q) for user in (specialist, leader)]
        print(f"     {q:<28} {times[0]:6.1f} / {times[1]:6.1f}")
    total = same + len(differ)
    print(f"   first page identical to the exhaustive ranking: {same} of {total} (query, person)")
    for line in differ:
        print(f"     differs: {line}")
    hits = search(specialist, SearchFilter(q="luong van cuong")).hits
    print(f"   e.g. “luong van cuong” → {hits[0].entry.title if hits else 'nothing'}")
