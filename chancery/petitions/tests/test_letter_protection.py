"""A denunciation's own text (Luật Tố cáo 2018, Art. 47-48 and 56): the denouncer's identity written in the
letter is redacted in every outlet, and merging or splitting keeps the protection."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from freezegun import freeze_time
from openpyxl import load_workbook

from chancery.casework import lists
from chancery.core import services as core_services
from chancery.core.models import AuditEvent, Job, Notification
from chancery.petitions import rules, services
from chancery.petitions.models import LinkVerdict, PetitionKind
from chancery.petitions.registry import PETITION_LIST
from chancery.petitions.tests.factories import (
    DENUNCIATION_TEXT,
    denunciation,
    register,
)
from chancery.petitions.tests.test_protection import ID_NUMBER, NAME, PHONE, _api, _client

pytestmark = [pytest.mark.django_db]


# --- the letter's own text (Luật Tố cáo 2018, Art. 47–48 and 56) ---------------------------------------------

LETTER = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ĐƠN TỐ CÁO Kính gửi: Chủ tịch nước. "
    "Tôi tên là Phạm Thị Tố Nga, sinh năm 1979, CCCD số 036 190 001 122, số điện thoại 0987.000.111, "
    "email tonga.pham@gmail.com, địa chỉ: Xóm Bãi, xã Hòa Bình, tỉnh Ninh Bình. Tôi tố cáo ông Trần Văn "
    "Bình, Chủ tịch Ủy ban nhân dân xã Hòa Bình, đã nhận tiền của các hộ dân để hợp thức hóa đất lấn chiếm "
    "ven sông theo Quyết định số 318/QĐ-UBND ngày 12/3/2026, tổng số tiền khoảng 800.000.000 đồng, vi phạm "
    "Điều 47 Luật Tố cáo. Xin liên hệ với tôi qua Zalo +84 987 000 111. "
    "Người tố cáo (ký, ghi rõ họ tên) PHẠM THỊ TỐ NGA"
)
LETTER_SUMMARY = "Bà Phạm Thị Tố Nga (ĐT 0987.000.111) tố cáo Chủ tịch UBND xã Hòa Bình nhận tiền"
LETTER_SECRETS = (
    "Tố Nga",
    "TỐ NGA",
    "To Nga",
    "036 190 001 122",
    "0987.000.111",
    "987 000 111",
    "tonga.pham",
    "Xóm Bãi",
    "1979",
)
KEPT = ("Trần Văn Bình", "800.000.000 đồng", "Điều 47", "318/QĐ-UBND", "12/3/2026")
QUERIES = (
    "0987.000.111",
    "036 190 001 122",
    "036190001122",
    '"Phạm Thị Tố Nga"',
    '"pham thi to nga"',
    "PHẠM THỊ TỐ NGA",
    "tonga.pham@gmail.com",
    "Xóm Bãi",
)


def _plain(html: str) -> str:
    """A page's text without its tags (a search snippet marks words inside a name)."""
    import html as html_module
    import re

    return html_module.unescape(re.sub(r"<[^>]+>", "", html))


def _letter_leaks(text: str) -> list[str]:
    return [s for s in LETTER_SECRETS if s in _plain(text)]


@pytest.fixture
def parent_head(office):
    from chancery.core.models import RoleCode
    from chancery.core.tests.factories import make_staff

    return make_staff("chanhvanphong", unit=office.unit.parent, roles=(RoleCode.HEAD_OF_UNIT,))


@pytest.fixture
def letter_case(office, parent_head, django_capture_on_commit_callbacks):
    """A denunciation whose letter names its writer the way real letters do, registered by the clerk and
    assigned by name to one handler."""
    with freeze_time("2026-11-05"), django_capture_on_commit_callbacks(execute=True):
        petition = denunciation(
            office.clerk,
            summary=LETTER_SUMMARY,
            content=LETTER,
            petitioners=[
                services.PersonData(
                    NAME,
                    id_number=ID_NUMBER,
                    phone=PHONE,
                    email="tonga.pham@gmail.com",
                    address="Xóm Bãi, xã Hòa Bình",
                    province_code=37,
                )
            ],
        )
        core_services.assign_record(actor=office.head, record=petition, user=office.handler)
    return petition


NOT_HANDLING = ["specialist", "head", "parent_head", "leader"]


def _user(office, parent_head, role):
    return parent_head if role == "parent_head" else getattr(office, role)


@pytest.mark.parametrize("role", NOT_HANDLING)
def test_the_letter_text_is_redacted_on_the_page_for_everyone_not_handling_it(
    office, parent_head, letter_case, role
):
    page = _client(_user(office, parent_head, role)).get(letter_case.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert not _letter_leaks(text)
    assert all(kept in _plain(text) for kept in KEPT)  # the accused and the facts stay readable
    assert "***" in text


@pytest.mark.parametrize("role", NOT_HANDLING)
def test_the_letter_text_is_redacted_in_the_api_for_everyone_not_handling_it(
    office, parent_head, letter_case, role
):
    answer = _api(_user(office, parent_head, role)).get(f"/api/v1/petitions/{letter_case.pk}/")
    assert answer.status_code == 200
    assert not _letter_leaks(answer.content.decode())
    data = answer.json()
    assert all(kept in data["content"] for kept in KEPT)
    assert "Trần Văn Bình" not in data["summary"] or "***" in data["summary"]


def test_the_handlers_read_the_letter_in_full_and_each_opening_is_audited(office, letter_case):
    from chancery.core.models import AuditAction

    def openings(user) -> int:
        return AuditEvent.objects.filter(
            action=AuditAction.VIEW, actor=user, object_id=letter_case.pk, object_type="petitions.petition"
        ).count()

    for user in (office.clerk, office.handler):
        before = openings(user)
        page = _client(user).get(letter_case.get_absolute_url()).content.decode()
        assert "Tôi tên là Phạm Thị Tố Nga" in page and "036 190 001 122" in page
        assert openings(user) == before + 1
        data = _api(user).get(f"/api/v1/petitions/{letter_case.pk}/").json()
        assert data["content"] == LETTER
        assert openings(user) == before + 2
    # Reading it redacted is not an opening of the full text.
    _client(office.head).get(letter_case.get_absolute_url())
    assert openings(office.head) == 0


@pytest.mark.parametrize("role", ["handler", "specialist", "head", "parent_head", "leader"])
def test_search_never_finds_the_letter_by_its_writers_identity(office, parent_head, letter_case, role):
    """The index holds the redacted text only: not even the handler finds it by the phone or the name."""
    from chancery.search.models import SearchEntry

    user = _user(office, parent_head, role)
    entry = SearchEntry.objects.get(object_type="petitions.petition", object_id=letter_case.pk)
    assert not _letter_leaks(f"{entry.title} {entry.body}")
    for query in QUERIES:
        page = _client(user).get("/search/", {"q": query}).content.decode()
        assert letter_case.registry_number not in page, query
        api = _api(user).get("/api/v1/search/", {"q": query}).json()
        assert all(f"/petitions/{letter_case.pk}/" not in str(hit) for hit in api.get("results", [])), query
    page = _client(user).get("/search/", {"q": "hợp thức hóa đất lấn chiếm"}).content.decode()
    assert letter_case.registry_number in page  # found by the facts, with a snippet that names no one
    assert not _letter_leaks(page.replace('value="hợp thức hóa đất lấn chiếm"', ""))


@pytest.mark.parametrize("role", ["specialist", "head", "parent_head", "leader"])
def test_exports_carry_the_summary_redacted(
    office, parent_head, letter_case, role, django_capture_on_commit_callbacks
):
    user = _user(office, parent_head, role)
    rows = list(lists.export_rows(PETITION_LIST, user, {}))
    assert rows and not _letter_leaks(str(rows))
    client = _client(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/lists/petitions/export/", {"query": ""})
    job = Job.objects.filter(kind="list_export", started_by=user).latest("id")
    sheet = load_workbook(BytesIO(client.get(f"/jobs/{job.pk}/file/").getvalue())).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert "tố cáo Chủ tịch UBND xã Hòa Bình" in cells and not _letter_leaks(cells)
    assert not _letter_leaks(_client(user).get("/lists/petitions/").content.decode())
    assert not _letter_leaks(_api(user).get("/api/v1/lists/petitions/").content.decode())


def test_the_handler_exports_the_summary_in_clear(office, letter_case):
    assert LETTER_SUMMARY in str(list(lists.export_rows(PETITION_LIST, office.handler, {})))


def _pdf_text(content: bytes) -> str:
    """A PDF's text, folded and without spaces or punctuation (extraction spaces letters its own way)."""
    import re

    from pypdf import PdfReader

    from chancery.core.text import fold

    text = " ".join(page.extract_text() or "" for page in PdfReader(BytesIO(content)).pages)
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _squeezed(value: str) -> str:
    import re

    from chancery.core.text import fold

    return re.sub(r"[^a-z0-9]", "", fold(value))


def _forward(office, petition, agency=None):
    with freeze_time("2026-11-05"):
        services.decide_petition(
            actor=office.handler,
            petition=petition,
            data=services.DecisionData(
                facts=rules.Facts(kind=rules.Kind.DENUNCIATION), agency=agency or office.agency
            ),
        )
    return petition.forwardings.get()


@pytest.mark.parametrize("role", ["handler", "head"])
def test_the_forwarding_letter_encloses_a_redacted_copy_as_pdf_and_says_so(office, letter_case, role):
    letter = _forward(office, letter_case)
    assert "bản sao đơn đã lược bỏ" in letter.body  # the letter says what it encloses
    assert not _letter_leaks(letter.body)
    user = getattr(office, role)
    url = f"/petitions/{letter_case.pk}/letters/{letter.pk}/enclosure/"
    answer = _client(user).get(url)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = _pdf_text(answer.content)
    assert not [s for s in (*LETTER_SECRETS, NAME, ID_NUMBER, PHONE) if _squeezed(s) in text]
    assert _squeezed("Trần Văn Bình") in text and _squeezed("800.000.000 đồng") in text
    assert _squeezed("lược bỏ") in text
    api = _api(user).get(f"/api/v1/petitions/{letter_case.pk}/").json()
    (listed,) = api["letters"]
    assert listed["enclosure"].endswith(url)
    by_api = _api(user).get(f"/api/v1/petitions/{letter_case.pk}/letters/{letter.pk}/enclosure/")
    assert by_api.status_code == 200 and _pdf_text(by_api.content) == text
    pdf = _client(user).get(f"/petitions/{letter_case.pk}/letters/{letter.pk}/pdf/").content
    assert not [s for s in (*LETTER_SECRETS, NAME) if _squeezed(s) in _pdf_text(pdf)]


def test_notifications_and_the_audit_trail_never_carry_the_letters_identity(
    office, letter_case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _forward(office, letter_case)
        with freeze_time("2026-11-20"):
            services.record_answer(
                actor=office.handler,
                petition=letter_case,
                answered_on=date(2026, 11, 19),
                answer="Đã xác minh; đã làm việc với bà Phạm Thị Tố Nga, ĐT 0987.000.111.",
            )
            services.close_petition(
                actor=office.handler,
                petition=letter_case,
                outcome="Đã báo kết quả cho bà Phạm Thị Tố Nga qua số 0987.000.111 tại Xóm Bãi.",
            )
    notices = " ".join(f"{n.title} {n.url}" for n in Notification.objects.all())
    assert not _letter_leaks(notices)
    events = " ".join(f"{e.object_repr} {e.changes} {e.message}" for e in AuditEvent.objects.all())
    assert not _letter_leaks(events)
    assert not _letter_leaks(_client(office.leader).get("/audit/").content.decode())
    page = _client(office.head).get(letter_case.get_absolute_url()).content.decode()
    assert not _letter_leaks(page)  # the answer and the outcome are free text too


# --- merging keeps the protection ----------------------------------------------------------------------------


def _same_matter_complaint(office, actor=None):
    return register(
        actor or office.clerk,
        summary="Phản ánh Chủ tịch UBND xã Hòa Bình nhận tiền hợp thức hóa đất lấn chiếm",
        content=DENUNCIATION_TEXT,
        kind=PetitionKind.COMPLAINT,
    )


def test_merging_a_denunciation_into_a_complaint_protects_the_complaint(office, letter_case):
    complaint = _same_matter_complaint(office)
    services.decide_duplicate(
        actor=office.handler, petition=letter_case, other=complaint, verdict=LinkVerdict.MERGED
    )
    complaint.refresh_from_db()
    for user in (office.specialist, office.head, office.leader):
        page = _client(user).get(complaint.get_absolute_url()).content.decode()
        assert NAME not in page and ID_NUMBER not in page
        assert "Nguyễn Văn An" not in page  # nor the complaint's own petitioner, in its history's values
        data = _api(user).get(f"/api/v1/petitions/{complaint.pk}/").json()
        assert {p["full_name"] for p in data["petitioners"]} == {"***"}
        rows = {r["id"]: r["cells"] for r in _api(user).get("/api/v1/lists/petitions/").json()["results"]}
        assert rows[complaint.pk]["petitioner_name"] == "***"
        for query in ('"Phạm Thị Tố Nga"', '"pham thi to nga"', '"Tố Nga"', '"TO NGA"'):
            assert (
                complaint.registry_number not in _client(user).get("/search/", {"q": query}).content.decode()
            )
    # the complaint's own handler (the clerk who registered it) sees everyone on it
    assert NAME in _client(office.clerk).get(complaint.get_absolute_url()).content.decode()


def test_only_a_handler_may_merge_a_protected_denunciation(office, letter_case):
    """Otherwise anyone could merge it into a petition they registered, and read the denouncer there."""
    from django.core.exceptions import PermissionDenied

    mine = _same_matter_complaint(office, actor=office.head)
    with pytest.raises(PermissionDenied):
        services.decide_duplicate(
            actor=office.head, petition=letter_case, other=mine, verdict=LinkVerdict.MERGED
        )
    assert not mine.petitioners.filter(full_name=NAME).exists()


def test_merging_a_complaint_into_a_denunciation_keeps_it_protected_even_when_reclassified(
    office, letter_case
):
    complaint = _same_matter_complaint(office)
    services.decide_duplicate(
        actor=office.clerk, petition=complaint, other=letter_case, verdict=LinkVerdict.MERGED
    )
    assert letter_case.petitioners.count() == 2
    services.classify_petition(
        actor=office.handler,
        petition=letter_case,
        kind=PetitionKind.COMPLAINT,
        field=letter_case.field,
        competent_agency=None,
    )
    for user in (office.specialist, office.head):
        page = _client(user).get(letter_case.get_absolute_url()).content.decode()
        people = page.split('data-testid="petitioners"')[1].split("</section>")[0]
        assert NAME not in page and "Nguyễn Văn An" not in people and "***" in people
        assert not _letter_leaks(page)
        for query in ('"Phạm Thị Tố Nga"', '"to nga"'):
            found = _client(user).get("/search/", {"q": query}).content.decode()
            assert letter_case.registry_number not in found


def test_a_part_split_from_a_denunciation_stays_protected_and_only_a_handler_splits_it(office, letter_case):
    from django.core.exceptions import PermissionDenied

    parts = [
        services.PartData(PetitionKind.DENUNCIATION, letter_case.field, "Tố cáo nhận tiền", LETTER),
        services.PartData(PetitionKind.COMPLAINT, letter_case.field, "Khiếu nại bồi thường", LETTER),
    ]
    with pytest.raises(PermissionDenied):
        services.split_petition(actor=office.head, petition=letter_case, parts=parts)
    (part,) = services.split_petition(actor=office.handler, petition=letter_case, parts=parts)
    page = _client(office.specialist).get(part.get_absolute_url()).content.decode()
    assert NAME not in page and not _letter_leaks(page)


# --- the duplicate check is no oracle ------------------------------------------------------------------------

# The same matter in other words: alike enough to be the same matter if the same person wrote it (Jaccard
# 0.32 against the letter), not alike enough on its own.
PARAPHRASE = (
    "Đề nghị làm rõ việc ông Trần Văn Bình, Chủ tịch Ủy ban nhân dân xã Hòa Bình, đã nhận tiền của các hộ "
    "dân để hợp thức hóa đất lấn chiếm ven sông theo Quyết định số 318/QĐ-UBND ngày 12/3/2026, tổng số "
    "tiền khoảng 800.000.000 đồng; người dân trong xã rất bức xúc."
)


def _check_fragment(user, name: str) -> str:
    return (
        _client(user)
        .get(
            "/petitions/new/check/",
            {"summary": "Phản ánh cán bộ xã", "content": PARAPHRASE, "full_name": name, "province": "37"},
        )
        .content.decode()
    )


def _same_petitioner_shown(fragment: str, petition) -> bool:
    line = next((row for row in fragment.split("<li>") if petition.registry_number in row), "")
    return "cùng người gửi" in line or "same petitioner" in line


def test_the_live_check_does_not_confirm_a_guessed_denouncer_and_its_use_is_audited(office, letter_case):
    from chancery.core.models import AuditAction

    right = _check_fragment(office.specialist, NAME)
    wrong = _check_fragment(office.specialist, "Nguyễn Thị Hoa")
    assert not _same_petitioner_shown(right, letter_case)
    assert (letter_case.registry_number in right) == (letter_case.registry_number in wrong)
    assert not _letter_leaks(right)
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, actor=office.specialist, object_id=letter_case.pk
    ).exists()
    # Its handler may know: the same check tells them.
    assert _same_petitioner_shown(_check_fragment(office.handler, NAME), letter_case)


def test_the_api_duplicates_do_not_confirm_a_guessed_denouncer(office, letter_case):
    from chancery.core.models import AuditAction

    guess = register(
        office.specialist,
        summary="Phản ánh cán bộ xã",
        content=PARAPHRASE,
        petitioners=[services.PersonData(NAME, province_code=37)],
    )
    found = _api(office.specialist).get(f"/api/v1/petitions/{guess.pk}/duplicates/").json()
    assert all(not d["same_petitioner"] for d in found if d["id"] == letter_case.pk)
    assert not _letter_leaks(str(found))
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, actor=office.specialist, object_id=letter_case.pk
    ).exists()
    core_services.assign_record(actor=office.head, record=guess, user=office.handler)
    mine = _api(office.handler).get(f"/api/v1/petitions/{guess.pk}/duplicates/").json()
    assert any(d["same_petitioner"] for d in mine if d["id"] == letter_case.pk)


# --- the accused's own body ----------------------------------------------------------------------------------


def test_forwarding_to_the_body_of_the_accused_warns_on_the_page_and_in_the_api(office, letter_case):
    answer = _api(office.handler).post(
        f"/api/v1/petitions/{letter_case.pk}/classify/",
        {
            "kind": letter_case.kind,
            "field": letter_case.field,
            "competent_agency": office.agency.pk,
            "accused_agency": office.agency.pk,
        },
        format="json",
    )
    assert answer.status_code == 200 and answer.json()["accused_agency"] == office.agency.pk
    assert answer.json()["warnings"]  # the competent agency chosen is the accused's own body
    page = _client(office.handler).get(letter_case.get_absolute_url()).content.decode()
    assert 'data-testid="accused-body-warning"' in page
    with freeze_time("2026-11-05"):
        decided = _api(office.handler).post(
            f"/api/v1/petitions/{letter_case.pk}/decide/", {"agency": office.agency.pk}, format="json"
        )
    assert decided.status_code == 200 and decided.json()["state"] == "forwarded"  # a warning, not a refusal
    assert any(office.agency.name in w for w in decided.json()["warnings"])
    page = _client(office.handler).get(letter_case.get_absolute_url()).content.decode()
    assert 'data-testid="accused-body-warning"' in page


def test_no_warning_when_the_agency_is_not_the_accuseds(office, letter_case):
    services.classify_petition(
        actor=office.handler,
        petition=letter_case,
        kind=letter_case.kind,
        field=letter_case.field,
        competent_agency=office.other_agency,
        accused_agency=office.agency,
    )
    data = _api(office.handler).get(f"/api/v1/petitions/{letter_case.pk}/").json()
    assert data["warnings"] == []


# --- it never fails open -------------------------------------------------------------------------------------


def test_when_redaction_cannot_run_nothing_of_the_letter_is_shown(office, letter_case, monkeypatch):
    from chancery.core import redaction

    def broken(*args, **kwargs):
        raise RuntimeError("no redaction today")

    monkeypatch.setattr(redaction.policy, "redact", broken)  # where the access layer calls it
    page = _plain(_client(office.head).get(letter_case.get_absolute_url()).content.decode())
    assert not _letter_leaks(page) and "Trần Văn Bình" not in page
    assert redaction.WITHHELD in page
    data = _api(office.head).get(f"/api/v1/petitions/{letter_case.pk}/").json()
    assert data["content"] == redaction.WITHHELD
    letter_case.save()  # the index is rebuilt while it fails: it keeps nothing of the text
    from chancery.search.models import SearchEntry

    entry = SearchEntry.objects.get(object_type="petitions.petition", object_id=letter_case.pk)
    assert not _letter_leaks(f"{entry.title} {entry.body}") and "Trần Văn Bình" not in entry.body


def test_a_denunciation_says_its_denouncer_is_protected_in_the_record_the_api_and_the_trail(office) -> None:
    """The examiner of issue 26: the API said "identity_protected": false for every denunciation and the
    trail "Người tố cáo được bảo vệ: không", while every page protected the denouncer."""
    petition = denunciation(office.clerk)
    assert petition.identity_protected
    shown = _api(office.head).get(f"/api/v1/petitions/{petition.pk}/").json()
    assert shown["identity_protected"] is True
    created = AuditEvent.objects.get(object_type="petitions.petition", object_id=petition.pk, action="create")
    assert created.changes["identity_protected"]["after"] is True
    other = register(office.clerk, kind=PetitionKind.RECOMMENDATION)
    assert _api(office.head).get(f"/api/v1/petitions/{other.pk}/").json()["identity_protected"] is False


def test_the_identity_flag_is_known_for_a_petition_received_online_with_no_receiver(office) -> None:
    """NOT (received_by = x) is NULL when no one received it: the flag was unknown, and every such row of a
    list asked again, one query each (helper-43's case-list bench)."""
    from chancery.petitions import selectors
    from chancery.petitions.models import Channel, Petition
    from chancery.petitions.tests.factories import denunciation, register

    protected = denunciation(None, channel=Channel.ONLINE)
    open_one = register(None, channel=Channel.ONLINE)
    both = Petition.objects.filter(pk__in=[protected.pk, open_one.pk])
    flags = {p.pk: p.identity_visible for p in selectors.with_identity_flag(both, office.leader)}  # type: ignore[attr-defined]
    assert flags == {protected.pk: False, open_one.pk: True}


def test_the_list_redacts_its_protected_rows_without_a_query_per_row(office, letter_case):
    """The list reads the people on file of its page's protected rows at once (PETITION_LIST.prefetch): one
    query a denunciation made a leader's first page 8 queries and 30 ms slower (bench/README.md, case list)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = _client(office.leader).get("/lists/petitions/").content.decode()
        assert not _letter_leaks(page)
        return len(captured)

    once = queries()
    for n in range(4):
        denunciation(office.clerk, summary=f"{LETTER_SUMMARY} (lần {n + 2})", content=LETTER)
    assert queries() == once
