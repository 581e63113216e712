"""Unified search: Vietnamese without diacritics, phrases, filters, highlights, and the access policy, on the
database the suite runs on (SQLite FTS5 or PostgreSQL tsvector)."""

from datetime import date

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from chancery.core import services as core_services
from chancery.core.models import RoleCode, SecrecyLevel
from chancery.core.tests.factories import UnitFactory, make_staff
from chancery.core.tests.protected.models import Complaint, Memo
from chancery.search import query as search_query
from chancery.search.models import SearchEntry
from chancery.search.selectors import SearchFilter, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    home, other = UnitFactory.create(), UnitFactory.create()
    return {
        "home": home,
        "other": other,
        "cv": make_staff("cv", unit=home, roles=(RoleCode.SPECIALIST,)),
        "outsider": make_staff("ngoai", unit=other, roles=(RoleCode.SPECIALIST,)),
        "leader": make_staff(
            "lanhdao", unit=None, roles=(RoleCode.LEADERSHIP,), clearance=SecrecyLevel.TOP_SECRET
        ),
        "letter": Complaint.objects.create(
            title="Đơn khiếu nại của ông Lương Cường",
            body="Về việc thu hồi đất tại xã Đông Hoà, huyện Hoà Vang, thành phố Đà Nẵng",
            owning_unit=home,
        ),
        "secret": Memo.objects.create(
            title="Tờ trình mật về Lương Cường", owning_unit=home, secrecy=SecrecyLevel.SECRET
        ),
    }


def _titles(user, q, **filters):
    return [hit.entry.title for hit in search(user, SearchFilter(q=q, **filters)).hits]


def test_words_without_diacritics_find_vietnamese_text(office) -> None:
    assert _titles(office["cv"], "luong cuong") == ["Đơn khiếu nại của ông Lương Cường"]
    assert _titles(office["cv"], "LƯƠNG CƯỜNG") == ["Đơn khiếu nại của ông Lương Cường"]
    assert _titles(office["cv"], "da nang") == ["Đơn khiếu nại của ông Lương Cường"]  # đ counts as d


def test_old_and_new_tone_placement_find_each_other(office) -> None:
    assert (
        _titles(office["cv"], "Hòa Vang")
        == _titles(office["cv"], "Hoà Vang")
        == ["Đơn khiếu nại của ông Lương Cường"]
    )


def test_a_word_prefix_matches(office) -> None:
    assert _titles(office["cv"], "khieu luo") == ["Đơn khiếu nại của ông Lương Cường"]


def test_a_quoted_phrase_needs_its_words_in_order(office) -> None:
    assert _titles(office["cv"], '"thu hoi dat"') == ["Đơn khiếu nại của ông Lương Cường"]
    assert _titles(office["cv"], '"dat thu hoi"') == []


def test_a_record_outside_the_access_policy_is_not_found(office) -> None:
    assert _titles(office["outsider"], "luong cuong") == []
    assert "Tờ trình mật về Lương Cường" not in _titles(office["cv"], "luong cuong")  # no clearance
    assert "Tờ trình mật về Lương Cường" in _titles(office["leader"], "luong cuong")


def test_an_assignment_opens_the_record_to_search_and_ending_it_closes_it(office) -> None:
    head = make_staff("truong", unit=office["home"], roles=(RoleCode.HEAD_OF_UNIT,))
    assignment = core_services.assign_record(actor=head, record=office["letter"], user=office["outsider"])
    assert _titles(office["outsider"], "luong cuong") == ["Đơn khiếu nại của ông Lương Cường"]
    core_services.end_assignment(actor=head, assignment=assignment, record=office["letter"])
    assert _titles(office["outsider"], "luong cuong") == []


def test_filters_by_module_state_and_date(office) -> None:
    today = office["letter"].created_at.date()
    assert _titles(office["leader"], "luong cuong", module="memos") == ["Tờ trình mật về Lương Cường"]
    assert _titles(office["cv"], "luong cuong", state="received") == ["Đơn khiếu nại của ông Lương Cường"]
    assert _titles(office["cv"], "luong cuong", state="answered") == []
    assert _titles(office["cv"], "luong cuong", date_from=today, date_to=today) == [
        "Đơn khiếu nại của ông Lương Cường"
    ]
    assert _titles(office["cv"], "luong cuong", date_to=date(2000, 1, 1)) == []


def test_the_index_follows_every_write(office) -> None:
    letter = office["letter"]
    letter.title = "Đơn kiến nghị của bà Nguyễn Thị Đào"
    letter.save()
    assert _titles(office["cv"], "luong cuong") == []
    assert _titles(office["cv"], "nguyen thi dao") == ["Đơn kiến nghị của bà Nguyễn Thị Đào"]
    letter.delete()
    assert _titles(office["cv"], "nguyen thi dao") == []
    assert not SearchEntry.objects.filter(object_type="protected.complaint").exists()


def test_the_staff_directory_is_found_by_everyone(office) -> None:
    make_staff(
        "tbk", unit=office["other"], roles=(RoleCode.CLERK,), full_name="Trần Bá Khoa", position="Văn thư"
    )
    assert _titles(office["cv"], "tran ba khoa") == ["Trần Bá Khoa"]


def test_matches_are_highlighted_in_the_original_spelling(office) -> None:
    hit = search(office["cv"], SearchFilter(q="luong cuong")).hits[0]
    assert str(hit.title_html) == "Đơn khiếu nại của ông <mark>Lương</mark> <mark>Cường</mark>"


def test_markup_in_a_record_is_escaped_in_the_snippet(office) -> None:
    Complaint.objects.create(title="<script>alert(1)</script> Lương Cường", owning_unit=office["home"])
    html = str(search(office["cv"], SearchFilter(q="luong", module="complaints")).hits[0].title_html)
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("junk", ["", "   ", '"', "&|!:*()<->", "' OR 1=1 --", "\x00"])
def test_junk_queries_find_nothing_and_do_not_fail(office, junk) -> None:
    assert search(office["cv"], SearchFilter(q=junk)).hits == []


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_any_text_parses_to_safe_query_syntax(text) -> None:
    parsed = search_query.parse(text)
    for word in parsed.terms:
        assert word.isascii() and word.isalnum()
    assert all(ch.isalnum() or ch in ' :*&()<->"' for ch in parsed.tsquery() + parsed.fts5())


def test_the_backend_is_the_databases_own() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT unaccent('Đặng Thị Hồng Thuỷ')")
            assert cursor.fetchone()[0] == "Dang Thi Hong Thuy"  # PostgreSQL's unaccent agrees with our fold
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'search_fts'")
            assert cursor.fetchone()[0] == 1


def test_what_was_typed_found_whole_in_a_title_comes_before_text_that_only_mentions_its_words(office) -> None:
    for n in range(3):
        Complaint.objects.create(
            title=f"Đơn số {n}",
            body="Nguyễn Văn Thắng, Nguyễn Văn Thắng và Nguyễn Văn Thắng",
            owning_unit=office["home"],
        )
    make_staff("nvt", unit=office["other"], roles=(RoleCode.HEAD_OF_UNIT,), full_name="Nguyễn Văn Thắng")
    assert _titles(office["cv"], "nguyen van thang")[0] == "Nguyễn Văn Thắng"
    assert _titles(office["cv"], "van thang")[0] == "Nguyễn Văn Thắng"


def test_a_document_is_shown_with_its_own_kind_and_its_state_in_words(settings, tmp_path) -> None:
    """The second examiner of issue 30: drafts came up as "Văn bản đến" with the state "signing"."""
    from chancery.documents import services as documents
    from chancery.documents.tests.factories import approved, make_office

    settings.MEDIA_ROOT = tmp_path
    office = make_office()
    document = approved(office, summary="Trả lời đề nghị khen thưởng Huân chương Lao động")
    documents.send_for_signature(actor=office.specialist, document=document)
    [hit] = [
        h
        for h in search(office.leader, SearchFilter(q="huan chuong lao dong")).hits
        if h.entry.object_id == document.pk and "outgoing" in h.entry.object_type
    ]
    assert (hit.module_label, hit.state_label) == ("Văn bản đi", "Chờ ký")
