"""The search backends (chancery.search.backends): each finds the same hits, in the same order, as an
exhaustive reference (every match ranked by SQL written here, as the search did before pools, cut into the
backend's pools by recency, then the access policy applied to everything), and a restricted person gets every
hit they may see and none they may not, however far down the ranking they lie."""

import random
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chancery.core import access
from chancery.core.models import RoleCode, SecrecyLevel
from chancery.core.tests.factories import UnitFactory, make_staff
from chancery.core.tests.protected.models import Complaint, Memo
from chancery.core.text import fold
from chancery.search.backends import get_backend
from chancery.search.backends.base import SearchBackend
from chancery.search.backends.postgres import PostgresSearchBackend
from chancery.search.models import SearchEntry
from chancery.search.query import parse
from chancery.search.selectors import SearchFilter, search

pytestmark = pytest.mark.django_db

FAMILY = ["Nguyễn", "Trần", "Lương", "Đặng", "Hoàng", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức"]
GIVEN = ["Cường", "Hoà", "Hòa", "Khoa", "Đào", "Thuỷ", "Dũng"]
PLACES = ["Đà Nẵng", "Hà Nội", "Huế", "Thanh Hoá", "Đắk Lắk"]
SUBJECTS = ["thu hồi đất", "tranh chấp đất đai", "khen thưởng", "đặc xá", "kết luận thanh tra"]
# What people type: whole words and prefixes, with and without diacritics, and quoted phrases.
TYPED = sorted(
    {w for name in FAMILY + MIDDLE + GIVEN for w in (name, fold(name), fold(name)[:2], fold(name)[:3])}
    | {w for place in PLACES for w in place.split()}
    | {f'"{s}"' for s in SUBJECTS}
    | {f'"{fold(s)}"' for s in SUBJECTS}
    | {"don", "đơn", "khieu", "to cao", "d", "h"}
)


def _corpus_text(rng: random.Random) -> tuple[str, str]:
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    title = f"{rng.choice(['Đơn khiếu nại của', 'Đơn tố cáo của', 'Tờ trình về'])} {name}"
    body = f"Về việc {rng.choice(SUBJECTS)} tại {rng.choice(PLACES)}; {rng.choice(SUBJECTS)}"
    return title, body


@pytest.fixture
def corpus():
    """80 records of two kinds in two units, some secret, with dates that differ (and memos without one)."""
    home, other = UnitFactory.create(), UnitFactory.create()
    people = {
        "specialist": make_staff("cv", unit=home, roles=(RoleCode.SPECIALIST,)),
        "outsider": make_staff("ngoai", unit=other, roles=(RoleCode.SPECIALIST,)),
        "cleared": make_staff(
            "mat", unit=home, roles=(RoleCode.SPECIALIST,), clearance=SecrecyLevel.CONFIDENTIAL
        ),
        "leader": make_staff(
            "lanhdao", unit=None, roles=(RoleCode.LEADERSHIP,), clearance=SecrecyLevel.TOP_SECRET
        ),
    }
    rng = random.Random(27)
    for n in range(80):
        title, body = _corpus_text(rng)
        unit = home if n % 3 else other
        secrecy = SecrecyLevel.CONFIDENTIAL if n % 7 == 0 else SecrecyLevel.NONE
        if n % 5 == 0:
            Memo.objects.create(title=f"{title} {body}", owning_unit=unit, secrecy=secrecy)
        else:
            record = Complaint.objects.create(title=title, body=body, owning_unit=unit, secrecy=secrecy)
            SearchEntry.objects.filter(object_type="protected.complaint", object_id=record.pk).update(
                on_date=date(2026, 1, 1) + timedelta(days=rng.randrange(30))
            )
    return people


def _all_matches(q: str, module: str = "") -> list[tuple[int, int, float, date | None]]:
    """Every match of `q`: (id, title hit, relevance, date), by SQL of its own (the search before pools)."""
    query = parse(q)
    phrase = " ".join(re.findall(r"[a-z0-9]+", fold(q)))
    like = "%" + phrase.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    title_hit = "CASE WHEN substr(e.folded, 1, length(e.title)) LIKE %s ESCAPE '\\' THEN 1 ELSE 0 END"
    where, params = (" AND e.module = %s", [module]) if module else ("", [])
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT e.id, {title_hit}, ts_rank_cd(e.document, to_tsquery('simple', %s)), e.on_date"
            f" FROM search_searchentry e WHERE e.document @@ to_tsquery('simple', %s){where}"
        )
        params = [like, query.tsquery(), query.tsquery(), *params]
    else:
        sql = (
            f"SELECT e.id, {title_hit}, -search_fts.rank, e.on_date FROM search_fts"
            f" JOIN search_searchentry e ON e.id = search_fts.rowid WHERE search_fts MATCH %s{where}"
        )
        params = [like, query.fts5(), *params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(pk, hit, score, on_date) for pk, hit, score, on_date in cursor.fetchall()]


def _order(row: tuple[int, int, float, date | None]) -> tuple:
    """How the search always ranked: title hit, relevance, newest date (none last), newest entry."""
    pk, hit, score, on_date = row
    return (-hit, -score, on_date is None, -(on_date.toordinal() if on_date else 0), -pk)


def _reference(user, q: str, backend: SearchBackend, module: str = "") -> list[int]:
    """The ids the user should be shown for `q`, in order: the matches by recency cut into the backend's
    pools, each ranked (title hit, relevance, newest date with none last, newest id), and of those the
    entries the access policy lets the user see."""

    newest_first = sorted(_all_matches(q, module), key=lambda row: -row[0])
    ranked: list[int] = []
    at, size = 0, backend.pool_size
    while at < len(newest_first):
        ranked += [row[0] for row in sorted(newest_first[at : at + size], key=_order)]
        at, size = at + size, size * backend.growth
    visible = set(access.visible_search_entries(user, SearchEntry.objects.all()).values_list("pk", flat=True))
    return [pk for pk in ranked if pk in visible]


def _every_page(user, q: str, size: int, module: str = "") -> list[int]:
    found: list[int] = []
    while True:
        results = search(user, SearchFilter(q=q, module=module), limit=size, offset=len(found))
        found += [hit.entry.pk for hit in results.hits]
        if not results.has_more:
            return found
        assert len(results.hits) == size


@pytest.fixture(params=["default", "small", "small, newest first"])
def backend(request, monkeypatch):
    """The database's backend as configured; with pools and windows so small that nearly every query reads
    several pools and several windows; and so, on PostgreSQL, reading the entries newest first rather than
    through GIN (chosen by the statistics, which the tests' few entries do not have)."""
    chosen = get_backend()
    if request.param != "default":
        monkeypatch.setattr(chosen, "pool_size", 3)
        monkeypatch.setattr(chosen, "growth", 2)
        monkeypatch.setattr(chosen, "first_window", 2)
    if request.param == "small, newest first":
        if not isinstance(chosen, PostgresSearchBackend):
            pytest.skip("PostgreSQL only")
        monkeypatch.setattr(chosen, "newest_first", lambda *args: True)
    return chosen


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(st.sampled_from(TYPED), min_size=1, max_size=3),
    who=st.sampled_from(["specialist", "outsider", "cleared", "leader"]),
    size=st.sampled_from([1, 4, 20]),
    module=st.sampled_from(["", "complaints"]),
)
def test_each_backend_finds_what_the_exhaustive_reference_finds(corpus, backend, words, who, size, module):
    q = " ".join(words)
    assert _every_page(corpus[who], q, size, module) == _reference(corpus[who], q, backend, module)


def test_the_sample_is_not_trivial(corpus, backend) -> None:
    """The reference compares more than empty pages: common words match more than several pools."""
    assert len(_all_matches("don")) > 40
    assert len(_reference(corpus["specialist"], "don", backend)) > 10
    assert len(_reference(corpus["outsider"], "don", backend)) < len(
        _reference(corpus["leader"], "don", backend)
    )


def test_with_few_matches_the_order_is_the_exhaustive_ranking(corpus) -> None:
    """No more matches than the first pool: exactly the ranking of every match, as before pools."""
    backend = get_backend()
    for q in ("luong", '"thu hoi dat"', "hoa", "Đơn tố cáo"):
        rows = _all_matches(q)
        assert 0 < len(rows) <= backend.pool_size
        expected = [row[0] for row in sorted(rows, key=_order)]
        assert backend.pool(parse(q), SearchFilter(q=q), None, backend.pool_size) == expected
        assert backend.exhaustive(parse(q), SearchFilter(q=q)) == expected


def test_a_restricted_person_gets_every_hit_beyond_the_first_window_and_nothing_else(monkeypatch) -> None:
    """The hits a specialist may see are the oldest of many matches: far beyond the first pool and window,
    behind newer records of another unit and newer secret records of their own unit."""
    backend = get_backend()
    monkeypatch.setattr(backend, "pool_size", 4)
    monkeypatch.setattr(backend, "first_window", 2)
    home, other = UnitFactory.create(), UnitFactory.create()
    specialist = make_staff("cv", unit=home, roles=(RoleCode.SPECIALIST,))
    mine = [
        Complaint.objects.create(title=f"Đơn của Lương Thị Hoà số {n}", owning_unit=home).pk for n in range(3)
    ]
    for n in range(30):
        Complaint.objects.create(title=f"Đơn của Lương Thị Hoà, bản {n}", owning_unit=other)
        Memo.objects.create(
            title=f"Tờ trình mật về Lương Thị Hoà {n}", owning_unit=home, secrecy=SecrecyLevel.SECRET
        )
    for q in ("luong thi hoa", "Lương Thị Hoà", '"luong thi" ho'):
        for size in (1, 2, 20):
            found = _every_page(specialist, q, size)
            ids = set(SearchEntry.objects.filter(pk__in=found).values_list("object_id", flat=True))
            assert ids == set(mine), (q, size)
            assert found == _reference(specialist, q, backend)


def test_a_denouncers_protected_petition_is_found_by_those_who_may_see_it_and_never_by_the_name(
    settings, tmp_path, monkeypatch
) -> None:
    from chancery.petitions.tests.factories import denunciation, make_office

    settings.MEDIA_ROOT = tmp_path
    office = make_office()
    petition = denunciation(office.clerk)
    for n in range(12):  # newer matches nobody but the leadership may see
        Memo.objects.create(
            title=f"Tờ trình mật số {n} về hợp thức hóa đất lấn chiếm",
            owning_unit=office.other_unit,
            secrecy=SecrecyLevel.TOP_SECRET,
        )
    backend = get_backend()
    monkeypatch.setattr(backend, "pool_size", 2)
    monkeypatch.setattr(backend, "first_window", 2)
    entry = SearchEntry.objects.get(object_type="petitions.petition", object_id=petition.pk)
    for user in (
        office.clerk,
        office.handler,
        office.specialist,
        office.head,
        office.leader,
        office.outsider,
    ):
        may_see = access.visible_search_entries(user, SearchEntry.objects.filter(pk=entry.pk)).exists()
        for q in ("hop thuc hoa dat lan chiem", "hợp thức hóa", '"dat lan chiem"'):
            found = _every_page(user, q, 5)
            assert (entry.pk in found) == may_see, (user.username, q)
            assert found == _reference(user, q, backend)
        for q in ("pham thi to nga", "Phạm Thị Tố Nga", "036190001122"):
            assert entry.pk not in _every_page(user, q, 5), (user.username, q)
    assert access.visible_search_entries(office.specialist, SearchEntry.objects.filter(pk=entry.pk)).exists()
    assert not access.visible_search_entries(
        office.outsider, SearchEntry.objects.filter(pk=entry.pk)
    ).exists()


def test_the_backend_is_chosen_by_the_setting_and_must_suit_the_database(settings) -> None:
    assert get_backend().vendor == connection.vendor
    settings.CHANCERY_SEARCH_BACKEND = "sqlite" if connection.vendor == "sqlite" else "postgres"
    assert get_backend().vendor == connection.vendor
    settings.CHANCERY_SEARCH_BACKEND = "postgres" if connection.vendor == "sqlite" else "sqlite"
    with pytest.raises(ImproperlyConfigured):
        get_backend()
    settings.CHANCERY_SEARCH_BACKEND = "elasticsearch"
    with pytest.raises(ImproperlyConfigured):
        get_backend()
    settings.CHANCERY_SEARCH_BACKEND = "chancery.search.models.SearchEntry"
    with pytest.raises(ImproperlyConfigured):
        get_backend()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_reads_newest_first_for_a_common_word_and_through_gin_for_a_rare_one(corpus, monkeypatch):
    backend = get_backend()
    assert isinstance(backend, PostgresSearchBackend)
    monkeypatch.setattr(backend, "_statistics", None)
    common, rare = backend.terms(parse("don")), backend.terms(parse("luong van cuong"))
    assert common is not None and rare is not None
    assert not backend.newest_first(*common, 3)  # no statistics before ANALYZE: GIN, the planner's default
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    monkeypatch.setattr(backend, "_statistics", None)
    assert backend.newest_first(*common, 3)
    assert not backend.newest_first(*rare, 3)
    for q in ("don", "luong van cuong", "d h"):
        assert _every_page(corpus["leader"], q, 4) == _reference(corpus["leader"], q, backend)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_asks_a_prefix_as_the_words_it_begins(corpus) -> None:
    """A word typed in part is asked as the words of the index that begin with it; one that begins many is
    checked on the rows the rest finds; one that begins none finds nothing."""
    backend = get_backend()
    assert isinstance(backend, PostgresSearchBackend)
    terms = backend.terms(parse("luo d"))
    assert terms is not None
    indexed, checked = terms
    assert [t.tsquery() for t in indexed] == ["luong"]
    assert len(checked) == 1 and {"da", "dao", "dang"} <= set(checked[0].lexemes)
    assert backend.terms(parse("luong xyzzy")) is None
    Complaint.objects.create(title="Đơn của Lương Xyzzyvăn", owning_unit=corpus["specialist"].unit)
    assert _titles_of(corpus["specialist"], "luong xyzzy") == ["Đơn của Lương Xyzzyvăn"]


def _titles_of(user, q: str) -> list[str]:
    return [hit.entry.title for hit in search(user, SearchFilter(q=q)).hits]
