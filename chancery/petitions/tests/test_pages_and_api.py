"""A petition from intake to closure through the web pages and through the API; the public form and lookup;
the classification suggestions."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from django.core.cache import cache
from django.test import Client
from freezegun import freeze_time
from rest_framework.test import APIClient

from chancery.core import services as core_services
from chancery.petitions import classify, services
from chancery.petitions.models import Field, Petition, PetitionKind
from chancery.petitions.tests.factories import LAND_TEXT, register

pytestmark = [pytest.mark.django_db]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@freeze_time("2026-11-05 09:00")
def test_a_clerk_takes_a_petition_from_the_form_to_closure(office):
    client = _client(office.clerk)
    original = register(office.clerk, kind=PetitionKind.RECOMMENDATION)
    form = {
        "channel": "post",
        "received_on": "2026-11-05",
        "full_name": "Lê Thị Bích",
        "province": "1",
        "ward": "70",
        "address": "Số 5 Hàng Bài",
        "people_count": "1",
        "summary": "Kiến nghị về bồi thường đất",
        "content": LAND_TEXT,
        "kind": "recommendation",
        "field": "land",
        "competent_agency": str(office.agency.pk),
    }
    response = client.post("/petitions/new/", form)
    petition = Petition.objects.exclude(pk=original.pk).get()
    assert response.status_code == 302 and response["Location"] == f"/petitions/{petition.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="duplicates"' in page and original.registry_number in page
    client.post(f"/petitions/{petition.pk}/duplicate/", {"other": original.pk, "verdict": "same_matter"})
    response = client.post(
        f"/petitions/{petition.pk}/decide/", {"agency": office.agency.pk, "on": "2026-11-05"}
    )
    petition.refresh_from_db()
    assert (
        petition.state == "forwarded" and petition.matter_id == Petition.objects.get(pk=original.pk).matter_id
    )
    letter = petition.forwardings.get()
    download = client.get(f"/petitions/{petition.pk}/letters/{letter.pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].endswith('.docx"')
    client.post(
        f"/petitions/{petition.pk}/answer/",
        {"answered_on": "2026-11-05", "answer": "Đã giải quyết", "reference": "12/UBND"},
    )
    client.post(f"/petitions/{petition.pk}/close/", {"closed_on": "2026-11-05", "outcome": "Đã có kết quả"})
    petition.refresh_from_db()
    assert petition.state == "closed" and petition.outcome == "Đã có kết quả"


@freeze_time("2026-11-05 09:00")
def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(office):
    response = _client(office.clerk).post(
        "/petitions/new/",
        {
            "channel": "post",
            "received_on": "2026-11-09",
            "summary": "",
            "content": "x",
            "kind": "complaint",
            "field": "land",
            "people_count": "1",
            "id_number": "12ab",
            "province": "79",
            "ward": "70",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Petition.objects.exists()
    assert 'value="12ab"' in page and "is-invalid" in page
    assert page.count('role="alert"') >= 3


@freeze_time("2026-11-05 09:00")
def test_the_intake_check_shows_duplicates_and_a_suggestion_while_typing(office):
    original = register(office.clerk)
    fragment = (
        _client(office.clerk)
        .get("/petitions/new/check/", {"summary": original.summary, "content": LAND_TEXT, "province": "1"})
        .content.decode()
    )
    assert 'data-testid="duplicate-warning"' in fragment and original.registry_number in fragment
    assert 'data-testid="suggestion"' in fragment


@freeze_time("2026-11-05 09:00")
def test_the_intake_check_reads_an_old_address_and_the_province_picker_names_the_merged_provinces(office):
    client = _client(office.clerk)
    old = "Thôn Yên Lạc, xã Nhật Tân, huyện Kim Bảng, tỉnh Hà Nam"
    fragment = client.get("/petitions/new/check/", {"address": old}).content.decode()
    assert 'data-testid="former-address"' in fragment and "Phường Kim Thanh, Ninh Bình" in fragment
    # A ward already chosen, or another province chosen, means the clerk has decided: nothing to say.
    for extra in ({"ward": "13402", "province": "37"}, {"province": "1"}):
        assert (
            "former-address"
            not in client.get("/petitions/new/check/", {"address": old, **extra}).content.decode()
        )
    page = client.get("/petitions/new/").content.decode()
    assert "Ninh Bình (gồm cả Hà Nam, Nam Định cũ)" in page


@freeze_time("2026-11-05 09:00")
def test_the_whole_path_over_the_api(office):
    api = _api(office.clerk)
    created = api.post(
        "/api/v1/petitions/",
        {
            "channel": "post",
            "received_on": "2026-11-04",
            "summary": "Kiến nghị bồi thường",
            "content": LAND_TEXT,
            "kind": "recommendation",
            "field": "land",
            "petitioners": [{"full_name": "Trần Văn Cường", "province_code": 1, "id_number": "001080011111"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["registry_number"] == "1/ĐT" and "forward" in created.json()["actions"]
    bad = api.post(f"/api/v1/petitions/{pk}/decide/", {"on": "2026-11-01"}, format="json")
    assert bad.status_code == 400
    decided = api.post(f"/api/v1/petitions/{pk}/decide/", {"agency": office.agency.pk}, format="json")
    assert decided.status_code == 200 and decided.json()["state"] == "forwarded"
    assert decided.json()["letters"][0]["answer_by"] == "2026-11-19"
    assert api.post(f"/api/v1/petitions/{pk}/remind/").status_code == 200
    answered = api.post(
        f"/api/v1/petitions/{pk}/answer/",
        {"answered_on": "2026-11-05", "answer": "Đã trả lời"},
        format="json",
    )
    assert answered.json()["state"] == "answered"
    closed = api.post(f"/api/v1/petitions/{pk}/close/", {"outcome": "Xong"}, format="json")
    assert closed.json()["state"] == "closed"
    wrong = api.post(f"/api/v1/petitions/{pk}/close/", {"outcome": "Lần nữa"}, format="json")
    assert wrong.status_code == 400 and wrong.json()
    assert _api(office.outsider).get(f"/api/v1/petitions/{pk}/").status_code == 404
    assert (
        _api(office.outsider)
        .post(f"/api/v1/petitions/{pk}/close/", {"outcome": "x"}, format="json")
        .status_code
        == 404
    )


@freeze_time("2026-11-05 09:00")
def test_bad_api_input_is_refused_with_vietnamese_messages_and_stores_nothing(office):
    response = _api(office.clerk).post(
        "/api/v1/petitions/",
        {
            "channel": "fax",
            "received_on": "2026-12-01",
            "summary": "",
            "content": "",
            "kind": "x",
            "field": "land",
        },
        format="json",
    )
    assert response.status_code == 400 and not Petition.objects.exists()
    future = _api(office.clerk).post(
        "/api/v1/petitions/",
        {
            "channel": "post",
            "received_on": "2026-12-01",
            "summary": "A",
            "content": "B",
            "kind": "complaint",
            "field": "land",
            "petitioners": [{"full_name": "X"}],
        },
        format="json",
    )
    assert future.status_code == 400 and "received_on" in str(future.json())


@freeze_time("2026-11-05 09:00")
def test_a_citizen_sends_a_petition_online_and_follows_it_by_its_code(office):
    client = Client()
    page = client.post(
        "/cong-dan/gui-don/",
        {
            "full_name": "Vũ Thị Hoa",
            "id_number": "001190012345",
            "phone": "0912 345 678",
            "province": "1",
            "address": "Số 3 Lý Thường Kiệt",
            "kind": "recommendation",
            "summary": "Kiến nghị về bồi thường",
            "content": LAND_TEXT,
        },
    )
    petition = Petition.objects.get()
    assert petition.channel == "online" and petition.received_by is None
    assert petition.tracking_code in page.content.decode()
    found = client.get("/cong-dan/tra-cuu/", {"code": petition.tracking_code.lower()}).content.decode()
    assert 'data-testid="lookup-result"' in found and petition.registry_number in found
    assert "Vũ Thị Hoa" not in found and LAND_TEXT[:40] not in found
    missing = client.get("/cong-dan/tra-cuu/", {"code": "ZZZZZZZZZZ"}).content.decode()
    assert 'data-testid="lookup-none"' in missing


ONLINE_FORM = {
    "full_name": "A B",
    "id_number": "001190012345",
    "phone": "0912345678",
    "province": "1",
    "address": "x",
    "kind": "recommendation",
    "summary": "S",
    "content": "C",
}


@freeze_time("2026-11-05 09:00")
def test_the_online_form_refuses_robots_and_floods(office):
    client = Client()
    data = dict(ONLINE_FORM)
    client.post("/cong-dan/gui-don/", {**data, "website": "http://spam"})
    assert not Petition.objects.exists()
    for _ in range(7):
        client.post("/cong-dan/gui-don/", data)
    # past three an hour from one address, each petition needs a proof of work a script posting blindly lacks
    assert Petition.objects.count() == 3


@freeze_time("2026-11-05 09:00")
def test_behind_the_proxy_each_citizen_has_their_own_limit(office):
    """Behind nginx every request comes from 127.0.0.1: the limit counts the citizen's own address."""

    cache.clear()
    data = dict(ONLINE_FORM)
    first = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    second = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    for _ in range(3):
        first.post("/cong-dan/gui-don/", data)
    refused = first.post("/cong-dan/gui-don/", data).content.decode()
    assert Petition.objects.count() == 3 and "trình duyệt của bạn cần xác nhận" in refused
    second.post("/cong-dan/gui-don/", data)
    assert Petition.objects.count() == 4
    # an address the caller writes itself, not through a trusted proxy, is not believed
    spoofing = Client(REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="192.0.2.1")
    for _ in range(6):
        spoofing.post("/cong-dan/gui-don/", {**data, "full_name": "C D"})
    assert Petition.objects.count() == 7


def test_suggestions_learn_from_confirmed_petitions():
    samples = [
        ("Tố cáo chủ tịch xã nhận hối lộ", "denunciation"),
        ("Khiếu nại quyết định thu hồi đất", "complaint"),
    ] * 5
    model = classify.NaiveBayes().train(samples)
    assert model.predict("tôi tố cáo cán bộ nhận hối lộ")[0] == "denunciation"
    assert model.predict("khiếu nại quyết định thu hồi")[0] == "complaint"
    assert (
        classify.by_phrases("Xin ân giảm án tử hình cho con tôi", Field.values, Field.OTHER) == Field.CLEMENCY
    )


@pytest.mark.django_db
def test_a_suggestion_never_learns_in_a_request_it_asks_the_job_once_and_takes_what_the_job_stored(settings):
    """Learning is the job's (petitions.learning), stored for every process: a keystroke neither trains nor
    waits; with nothing stored it asks for the job once and the law's phrases decide; once the job stored a
    model, the next look (every learning.CHECK seconds) takes it."""
    from chancery.core.models import Job
    from chancery.petitions import corpus, learning
    from chancery.petitions.matching import Corpus

    settings.CHANCERY_CLASSIFY_IN_BACKGROUND = True
    classify.forget()
    corpus.forget()
    first = classify.suggest("Tôi tố cáo chủ tịch xã nhận hối lộ")
    assert (first.kind, first.learned) == (PetitionKind.DENUNCIATION, False)  # the phrases meanwhile
    classify._stored.checked_at = 0.0  # another process, or the next minute
    assert corpus.current().documents == 0
    classify.suggest("Khiếu nại quyết định thu hồi đất")
    assert Job.objects.filter(kind=learning.KIND, status="queued").count() == 1  # asked once

    samples = [
        ("tôi tố cáo cán bộ nhận hối lộ", "denunciation"),
        ("khiếu nại quyết định thu hồi", "complaint"),
    ]
    learnt = classify.Learnt(
        classify.NaiveBayes().train(samples * 3),
        classify.NaiveBayes().train(
            [(t, Field.LAND) for t, _k in samples] + [("ân giảm án", Field.CLEMENCY)]
        ),
        {(Field.LAND, 1): 42},
        7,
    )
    learning.store(learning.CLASSIFIER, classify.dump(learnt), learnt.petitions)
    fitted = Corpus(3, np.array([1.5, 2.0, 1.0], dtype=np.float32), np.array([5, 9], dtype=np.uint32))
    learning.store(learning.CORPUS, corpus.dump(fitted), 3)
    classify.suggest("khiếu nại")
    assert not classify._models.learnt.kind.is_trained  # looked less than a minute ago: not yet
    classify._stored.checked_at = corpus._stored.checked_at = 0.0
    taken = classify.suggest("tôi tố cáo cán bộ nhận hối lộ", province_code=1)
    assert (taken.learned, taken.kind, taken.agency_id) == (True, "denunciation", 42)
    assert classify.load(classify.dump(learnt)).kind.scores("tố cáo") == learnt.kind.scores("tố cáo")
    read = corpus.current()
    assert read.documents == 3 and read.idf.tolist() == [1.5, 2.0, 1.0] and read.templates.tolist() == [5, 9]
    assert Job.objects.filter(kind=learning.KIND).count() == 1  # fresh: nobody asked again
    classify.forget()
    corpus.forget()


@pytest.mark.django_db
def test_the_learning_job_learns_both_from_the_petitions_on_file_and_stores_them(office):
    from chancery.petitions import learning
    from chancery.petitions.models import Learned

    register(office.clerk)
    assert learning.learn() == {"petitions": 0, "letters": 1}  # one letter parsed, none classified yet
    assert set(Learned.objects.values_list("name", flat=True)) == {learning.CLASSIFIER, learning.CORPUS}


@freeze_time("2026-11-05 09:00")
def test_the_suggested_agency_is_the_provinces_committee_for_land(office):
    committee = core_services.create_agency(actor=None, name="Ủy ban nhân dân Thành phố Hà Nội (bản sao)")
    hanoi = core_services.create_agency(actor=None, name="Ủy ban nhân dân tỉnh Thái Nguyên")
    assert classify.suggest_agency(Field.LAND, 19) == hanoi.pk
    assert classify.suggest_agency(Field.LAND, 1) == office.agency.pk
    assert committee.pk != office.agency.pk
    assert classify.suggest_agency(Field.CLEMENCY, 1) is None


@freeze_time("2026-11-05 09:00")
def test_the_dashboard_counts_from_the_records(office):
    register(office.clerk)
    register(office.clerk, kind=PetitionKind.DENUNCIATION, received_on=date(2026, 10, 1))
    page = _client(office.specialist).get("/petitions/").content.decode()
    assert 'data-testid="figure-received">2<' in page
    assert 'data-testid="chart-kind"' in page


@freeze_time("2026-11-05 09:00")
def test_citizen_reception_records_who_came_how_many_and_registers_the_petition_handed_in(office):
    client = _client(office.clerk)
    response = client.post(
        "/petitions/reception/", {"held_on": "2026-11-05", "place": "Trụ sở TCD", "host": "Ngô Thị Hồng"}
    )
    session_url = response["Location"]
    client.post(
        session_url,
        {
            "visitor": "Hoàng Văn Lâm",
            "people": "12",
            "province": "40",
            "content": "Đoàn 12 hộ dân về đền bù",
            "outcome": "petition",
            "summary": "Kiến nghị về đền bù",
            "kind": "recommendation",
            "field": "land",
        },
    )
    client.post(
        session_url, {"visitor": "Bà Lý", "people": "1", "content": "Hỏi thủ tục", "outcome": "guided"}
    )
    missing = client.post(session_url, {"visitor": "X", "people": "0", "content": "", "outcome": "petition"})
    assert missing.status_code == 200 and missing.content.decode().count('role="alert"') >= 2
    petition = Petition.objects.get()
    assert (petition.channel, petition.people_count, petition.province_code) == ("reception", 12, 40)
    page = client.get(session_url).content.decode()
    assert "Hoàng Văn Lâm" in page and petition.registry_number in page
    figures = _client(office.leader).get("/petitions/").content.decode()
    assert "13" in figures  # people received
    assert _client(office.outsider).get(session_url).status_code == 403
    assert _client(office.outsider).get("/petitions/reception/").status_code == 403
    # nor the book's figures on the petitions page (examiner 62: shown to those the book refuses)
    assert 'data-testid="reception-figures"' in figures
    assert (
        'data-testid="reception-figures"' not in _client(office.outsider).get("/petitions/").content.decode()
    )


@freeze_time("2026-11-05 09:00")
def test_a_complaint_past_ninety_days_comes_to_the_check_ticked_out_of_time(office):
    late = register(office.clerk, decision_known_on=date(2026, 7, 1))  # 124 days before it was received
    in_time = register(office.clerk, decision_known_on=date(2026, 9, 1))
    page = _client(office.specialist).get(late.get_absolute_url()).content.decode()
    # the record's dates decide it (Luật Khiếu nại 2011, Art. 9): ticked, and not for the check to untick
    assert 'name="out_of_time" class="form-check-input" disabled id="id_out_of_time" checked' in page
    assert 'name="late_excuse"' in page
    page = _client(office.specialist).get(in_time.get_absolute_url()).content.decode()
    assert 'id="id_out_of_time" checked' not in page


@freeze_time("2026-11-05 09:00")
def test_an_excel_register_is_imported_row_by_row_and_bad_rows_are_reported(
    office, django_capture_on_commit_callbacks
):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from chancery.core.models import Job, JobStatus

    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Trích yếu",
            "Nội dung",
            "Ngày nhận",
            "Loại đơn",
            "Họ tên",
            "Tỉnh, thành phố",
            "Lĩnh vực",
            "Số người",
        ]
    )
    sheet.append(
        [
            "Khiếu nại thu hồi đất",
            LAND_TEXT,
            "02/11/2026",
            "Khiếu nại",
            "Nguyễn Văn An",
            "Nam Định",
            "Đất đai, nhà ở, bồi thường",
            1,
        ]
    )
    sheet.append(["Thiếu ngày", "Nội dung", None, "Khiếu nại", "B", "", "", ""])
    sheet.append(["Tố cáo", "Nội dung tố cáo", "03/11/2026", "tố cáo", "", "Atlantis", "", ""])
    sheet.append([None, None, None, None, None, None, None, None])
    sheet.append(["Kiến nghị", "Nội dung kiến nghị", "2026-11-04", "kien nghi", "", "", "", "3"])
    out = BytesIO()
    book.save(out)
    client = _client(office.clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/petitions/import/", {"file": SimpleUploadedFile("so-don.xlsx", out.getvalue())}
        )
    job = Job.objects.get(kind="petition_import")
    assert response["Location"] == f"/jobs/{job.pk}/" and job.status == JobStatus.DONE
    assert (job.result["registered"], job.result["skipped"]) == (2, 2)
    assert [p.split(":")[0] for p in job.result["problems"]] == ["Dòng 3", "Dòng 4"]
    first = Petition.objects.get(summary="Khiếu nại thu hồi đất")
    assert first.province_code == 37 and first.petitioner_name == "Nguyễn Văn An"  # Nam Định is now Ninh Bình
    anonymous = Petition.objects.get(summary="Kiến nghị")
    assert anonymous.is_anonymous and anonymous.people_count == 3
    bad = client.post("/petitions/import/", {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert bad.status_code == 302 and Job.objects.count() == 1
    assert client.get("/petitions/import/template.xlsx").status_code == 200


def test_a_time_limit_is_paused_with_its_reason_and_resumed_from_the_page(office):
    from chancery.casework.models import LegalClock

    with freeze_time("2026-11-05 09:00"):
        petition = register(office.clerk, received_on=date(2026, 11, 2), kind="recommendation")
        clock = LegalClock.objects.get(object_id=petition.pk)
        assert clock.due_on == date(2026, 11, 16)
        client = _client(office.specialist)
        missing = client.post(
            f"/petitions/{petition.pk}/pause/", {"clock": clock.pk, "on": "2026-11-05"}, follow=True
        )
        assert (
            "alert-danger" in missing.content.decode() and not clock.pauses.exists()
        )  # a pause needs its reason
        client.post(
            f"/petitions/{petition.pk}/pause/",
            {"clock": clock.pk, "on": "2026-11-05", "reason": "Chờ bổ sung hồ sơ"},
        )
        clock.refresh_from_db()
        assert clock.due_on is None and clock.pauses.get().reason == "Chờ bổ sung hồ sơ"
    with freeze_time("2026-11-12 09:00"):
        client = _client(office.specialist)  # a week later: a new session
        client.post(f"/petitions/{petition.pk}/pause/", {"clock": clock.pk, "on": "2026-11-10"})
        clock.refresh_from_db()
        # paused after Thursday 5/11, resumed on Tuesday 10/11: 3 working days (6, 9, 10/11) not counted
        assert clock.pauses.get().resumed_on == date(2026, 11, 10) and clock.due_on == date(2026, 11, 19)


@freeze_time("2026-11-05 09:00")
def test_a_letter_with_a_complaint_and_a_denunciation_is_split_from_its_page(office):
    letter = register(office.clerk)
    _client(office.specialist).post(
        f"/petitions/{letter.pk}/split/",
        {
            "kind_1": "complaint",
            "field_1": "land",
            "summary_1": "Khiếu nại thu hồi đất",
            "content_1": LAND_TEXT,
            "kind_2": "denunciation",
            "field_2": "corruption",
            "summary_2": "Tố cáo cán bộ địa chính",
            "content_2": "Tố cáo cán bộ địa chính nhận tiền",
            "summary_3": "",
        },
    )
    part = Petition.objects.get(parent=letter)
    assert part.kind == "denunciation" and part.registry_number == "2/ĐT"
    page = _client(office.specialist).get(letter.get_absolute_url()).content.decode()
    assert part.registry_number in page


@freeze_time("2026-11-05 09:00")
def test_the_petition_page_shows_the_due_date_of_its_time_limit(office):
    petition = register(office.clerk, received_on=date(2026, 11, 2))
    page = _client(office.specialist).get(petition.get_absolute_url()).content.decode()
    assert "<strong>12/11/2026</strong>" in page  # a complaint's 10 days to accept (Luật Khiếu nại, Art. 27)


def test_heads_upload_an_edited_letter_template_that_the_letters_then_use(office):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    from chancery.petitions import letters

    edited = Document(io.BytesIO(letters.default_template()))
    edited.add_paragraph("Mẫu riêng của Văn phòng {{ number }}")
    out = io.BytesIO()
    edited.save(out)
    assert _client(office.specialist).get("/petitions/letters/templates/").status_code == 403
    head = _client(office.head)
    head.post(
        "/petitions/letters/templates/",
        {"letter": "forward", "file": SimpleUploadedFile("m.docx", out.getvalue())},
    )
    assert letters.is_customised("forward")
    with freeze_time("2026-11-05 09:00"):
        petition = register(office.clerk, kind=PetitionKind.RECOMMENDATION)
        services.decide_petition(
            actor=office.specialist,
            petition=petition,
            data=services.DecisionData(facts=rules_facts("recommendation"), agency=office.agency),
        )
    text = "\n".join(
        p.text for p in Document(io.BytesIO(letters.render(petition.forwardings.get()))).paragraphs
    )
    assert "Mẫu riêng của Văn phòng Số: 1/VPCTN-TCD" in text
    head.post("/petitions/letters/templates/", {"letter": "forward", "reset": "1"})
    assert not letters.is_customised("forward")
    bad = head.post(
        "/petitions/letters/templates/",
        {"letter": "forward", "file": SimpleUploadedFile("m.docx", b"x")},
        follow=True,
    )
    assert "alert-danger" in bad.content.decode()


def rules_facts(kind: str):
    from chancery.petitions import rules

    return rules.Facts(kind=rules.Kind(kind))


@freeze_time("2026-11-05 09:00")
def test_the_dashboard_shows_a_chosen_year(office):
    register(office.clerk)
    register(office.clerk, received_on=date(2025, 12, 30))
    page = _client(office.specialist).get("/petitions/", {"year": "2025"}).content.decode()
    assert 'data-testid="figure-received">1<' in page and "2025" in page
    assert 'data-testid="per-officer"' in page and "Ngô Thị Hồng" in page
    # a year that is none is said, and this year's figures shown (never another year in silence)
    for asked in ("abc", "20255", "1999"):
        page = _client(office.specialist).get("/petitions/", {"year": asked}).content.decode()
        assert "không phải là một năm từ 2000 đến 2100" in page and "số liệu năm 2026" in page, asked
