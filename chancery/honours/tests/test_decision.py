"""From verdicts to the signed decision: the draft decision with its annex in the law's order, the reply to
the proposing body with the reasons, the number from the outgoing register, the awards in the history, and a
later nomination for the same award refused by that history."""

import io
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from chancery.documents import services as documents
from chancery.documents.tests.factories import make_office
from chancery.honours import decision, services
from chancery.honours.models import AwardRecord, HonoursBatch, Nomination, Verdict
from chancery.honours.tests.factories import appraise, good_row, honours_in, import_list, make_batch, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(settings):
    office = make_office()
    # the documents office's general department stands in for the honours department
    settings.CHANCERY_HONOURS_UNITS = (office.general.code,)
    return office, honours_in(office)


def _latest(document) -> bytes:
    version = document.versions.order_by("-version").first()
    assert version is not None
    return version.file.read()


def _appraised_batch(h):
    batch = make_batch(h)
    rows = [
        good_row(1),
        good_row(2),
        good_row(3),
        [4, "Công ty Cổ phần Sông Đà", "", "Bộ Xây dựng", "HCLĐ hạng Ba"],
    ]
    rows[3] += [""] * 5
    headings = [
        "STT",
        "Họ và tên",
        "Năm sinh",
        "Đơn vị công tác",
        "Hình thức khen thưởng",
        "Số quyết định khen thưởng trước",
        "Ngày quyết định khen thưởng trước",
        "Năm hoàn thành xuất sắc nhiệm vụ",
        "Năm hoàn thành tốt nhiệm vụ",
        "Chiến sĩ thi đua cơ sở (năm)",
        "Cá nhân/Tập thể",
    ]
    for row in rows[:3]:
        row.append("Cá nhân")
    rows[3].append("Tập thể")
    import_list(h, batch, workbook(rows, headings))
    for n in Nomination.objects.filter(batch=batch, row__in=[2, 3]).select_related("honoree"):
        services.record_award(
            actor=None,
            honoree=n.honoree,
            award="bk-ttg",
            decision_number=f"{99 + n.row}/QĐ-TTg",
            decided_on=date(2018, 6, 1),
        )
    appraise(h, batch)
    return HonoursBatch.objects.get(pk=batch.pk)


def test_nominees_still_to_review_stop_the_submission(setup):
    office, h = setup
    batch = _appraised_batch(h)
    with pytest.raises(ValidationError, match="cần xem xét"):
        services.prepare_decision(
            actor=h.specialist, batch=batch, signer=office.vice_president, reply_signer=office.leader
        )


def test_the_decision_goes_from_verdicts_to_the_history(setup):
    office, h = setup
    batch = _appraised_batch(h)
    four = Nomination.objects.get(batch=batch, row=4)
    three = Nomination.objects.get(batch=batch, row=5)  # the collective
    assert three.subject == "collective"
    services.override_verdict(
        actor=h.specialist,
        nomination=four,
        outcome=Verdict.FAIL,
        reason="Không có bản sao Bằng khen của Thủ tướng",
    )
    services.override_verdict(
        actor=h.specialist, nomination=three, outcome=Verdict.PASS, reason="Hội đồng đã xem xét hồ sơ tập thể"
    )
    batch = services.prepare_decision(
        actor=h.specialist, batch=batch, signer=office.vice_president, reply_signer=office.leader
    )
    assert batch.state == "submitted"
    draft = batch.decision_document
    assert draft is not None
    content = _latest(draft)
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "Về việc tặng thưởng Huân chương Lao động hạng Ba" in text
    assert "cho 1 tập thể và 2 cá nhân" in text
    tables = Document(io.BytesIO(content)).tables
    annex = [t for t in tables if t.rows[0].cells[0].text == "STT"]
    names = [row.cells[1].text for table in annex for row in table.rows[1:]]
    assert names[0].startswith("Công ty Cổ phần Sông Đà")  # collectives first
    assert names[1:] == [
        "Nguyễn Văn Giáo 1, Trường THPT Chu Văn An",
        "Nguyễn Văn Giáo 2, Trường THPT Chu Văn An",
    ]
    reply = batch.reply_document
    assert reply is not None
    reply_text = "\n".join(p.text for p in Document(io.BytesIO(_latest(reply))).paragraphs)
    assert "Nguyễn Văn Giáo 3" in reply_text and "Không có bản sao" in reply_text
    # the record holds what the letter says, and its "Nơi nhận", as the file does
    assert "Nguyễn Văn Giáo 3" in reply.body and reply.copies_to.splitlines() == [
        "Như trên;",
        "Lưu: VT, Vụ TĐKT.",
    ]
    from chancery.documents import layout

    signed_by = [p.text for p in layout._paragraphs(Document(io.BytesIO(_latest(reply))))]
    assert office.leader.full_name in signed_by  # the reply's signer printed under the signature
    assert layout.problems(content) == [] and layout.problems(_latest(reply)) == []  # Nghị định 30, Phụ lục I
    # the reply goes on to signature with the number of its unit's register (its file wrote /VPCTN-TĐKT)
    documents.submit_for_approval(actor=h.specialist, document=reply, reviewers=[])
    documents.decide_step(actor=office.leader, document=reply, approve=True)
    documents.send_for_signature(actor=h.specialist, document=reply, on=date(2025, 5, 5))
    reply.refresh_from_db()
    assert reply.state == "signing"
    with pytest.raises(ValidationError, match="chưa được ký"):
        services.record_decision(actor=h.specialist, batch=batch)
    documents.submit_for_approval(actor=h.specialist, document=draft, reviewers=[office.head])
    documents.decide_step(actor=office.head, document=draft, approve=True)
    documents.decide_step(actor=office.vice_president, document=draft, approve=True)
    documents.send_for_signature(actor=h.specialist, document=draft, on=date(2025, 5, 5))
    issued = documents.issue_document(actor=office.vice_president, document=draft, on=date(2025, 5, 6))
    batch = services.record_decision(actor=h.specialist, batch=batch)
    assert batch.state == "decided" and batch.decision_number == issued.number_text
    assert issued.number_text.endswith("/QĐ-CTN")
    assert AwardRecord.objects.filter(decision_number=issued.number_text).count() == 3
    assert AwardRecord.objects.filter(nomination=four).count() == 0
    first = AwardRecord.objects.get(decision_number=issued.number_text, nomination__row=2)
    assert (first.period_from, first.period_to) == (2019, 2024)  # the years counted: the next period follows
    from pypdf import PdfReader

    from chancery.core import jobs

    printing = services.start_certificates(actor=h.specialist, batch=batch)
    jobs.run(printing.pk)
    printing.refresh_from_db()
    assert printing.status == "done", printing.error
    opened = jobs.result_file(h.specialist, printing)
    assert opened is not None
    assert len(PdfReader(opened[0]).pages) == 3
    later = make_batch(h, proposed_on=date(2026, 3, 1))
    import_list(h, later, workbook([good_row(1)]))
    appraise(h, later)
    refused = Nomination.objects.get(batch=later)
    assert refused.outcome == Verdict.FAIL and issued.number_text in refused.summary


def test_the_annex_follows_the_order_of_the_law():
    from chancery.honours.models import Honoree

    def n(row, award, subject, name):
        return Nomination(row=row, award=award, subject=subject, posthumous=False, honoree=Honoree(name=name))

    groups = decision.annex(
        [
            n(2, "hcld-3", "individual", "B"),
            n(3, "hcld-2", "individual", "A"),
            n(4, "hcld-3", "collective", "C"),
            n(5, "hcdl-3", "individual", "D"),
        ]
    )
    assert [(g.award, g.subject) for g in groups] == [
        ("hcdl-3", "individual"),
        ("hcld-2", "individual"),
        ("hcld-3", "collective"),
        ("hcld-3", "individual"),
    ]


def test_certificates_are_one_page_each():
    from pypdf import PdfReader

    content = decision.certificates_pdf(
        [("Nguyễn Văn Giáo", "Trường THPT", "Huân chương Lao động hạng Ba", "12/QĐ-CTN", date(2025, 5, 6))]
        * 3
    )
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 3
    assert "Nguyễn Văn Giáo" in reader.pages[0].extract_text()


def test_the_figures_count_the_awards_decided_and_the_appraisal_speed(setup):
    from chancery.honours import stats

    office, h = setup
    batch = _appraised_batch(h)
    for n in Nomination.objects.filter(batch=batch, outcome=Verdict.REVIEW):
        services.override_verdict(
            actor=h.specialist, nomination=n, outcome=Verdict.FAIL, reason="Thiếu hồ sơ chứng minh"
        )
    batch = services.prepare_decision(
        actor=h.specialist, batch=batch, signer=office.vice_president, reply_signer=office.leader
    )
    draft = batch.decision_document
    assert draft is not None
    documents.submit_for_approval(actor=h.specialist, document=draft, reviewers=[])
    documents.decide_step(actor=office.vice_president, document=draft, approve=True)
    documents.send_for_signature(actor=h.specialist, document=draft, on=date(2025, 5, 5))
    documents.issue_document(actor=office.vice_president, document=draft, on=date(2025, 5, 6))
    services.record_decision(actor=h.specialist, batch=batch)
    figures = stats.overview(h.head, date(2025, 1, 1), date(2025, 12, 31))
    assert figures.awarded == 2
    assert figures.by_award == [("Huân chương Lao động hạng Ba", 2)]
    assert figures.by_body == [(office.ministry.name, 2)]
    assert figures.by_month == [("05/2025", 2)]
    assert figures.nominated == 4
    assert stats.overview(h.outsider, date(2025, 1, 1), date(2025, 12, 31)).awarded == 0
    # the home page comes at once and loads these figures after it, for the person who asks
    from chancery.core.tests.factories import signed_in

    home = signed_in(h.head).get("/honours/?year=2025").content.decode()
    assert 'hx-get="/honours/figures/?year=2025"' in home and 'data-testid="awarded"' not in home
    shown = signed_in(h.head).get("/honours/figures/?year=2025").content.decode()
    assert 'data-testid="awarded">2<' in shown and "Khen thưởng đã quyết định năm 2025" in shown
    assert (
        'data-testid="awarded">0<'
        in signed_in(h.outsider).get("/honours/figures/?year=2025").content.decode()
    )
    for junk in ("abc", "-5", "0", "10000", "99999999999999999999"):  # this year's, and says why
        page = signed_in(h.head).get(f"/honours/figures/?year={junk}").content.decode()
        assert 'data-testid="year-refused"' in page and "không phải là một năm từ 2000 đến 2100" in page
    assert 'data-testid="year-refused"' not in shown


def test_the_bodies_past_the_eighth_are_one_row_so_the_rows_add_up_to_the_total() -> None:
    from chancery.honours.stats import _with_others

    rows = [(f"Bộ {n}", 20 - n) for n in range(12)]
    shown = _with_others(rows, shown=8)
    assert len(shown) == 9 and shown[-1] == ("Các cơ quan khác (4)", 12 + 11 + 10 + 9)
    assert sum(n for _name, n in shown) == sum(n for _name, n in rows)
    assert _with_others(rows[:9], shown=8) == rows[:9]  # one more body is shown by its name


def test_the_decision_steps_over_the_api(setup):
    from rest_framework.test import APIClient

    office, h = setup
    batch = _appraised_batch(h)
    api = APIClient()
    api.force_authenticate(h.specialist)
    refused = api.post(
        f"/api/v1/honours-batches/{batch.pk}/prepare-decision/",
        {"signer": office.vice_president.pk, "reply_signer": office.leader.pk},
        format="json",
    )
    assert refused.status_code == 400 and "cần xem xét" in str(refused.json())
    for n in Nomination.objects.filter(batch=batch, outcome=Verdict.REVIEW):
        services.override_verdict(
            actor=h.specialist, nomination=n, outcome=Verdict.FAIL, reason="Thiếu hồ sơ chứng minh"
        )
    prepared = api.post(
        f"/api/v1/honours-batches/{batch.pk}/prepare-decision/",
        {"signer": office.vice_president.pk, "reply_signer": office.leader.pk},
        format="json",
    )
    assert prepared.status_code == 200 and prepared.json()["state"] == "submitted"
    assert prepared.json()["decision_document"] and prepared.json()["reply_document"]
    early = api.post(f"/api/v1/honours-batches/{batch.pk}/record-decision/")
    assert early.status_code == 400 and "chưa được ký" in str(early.json())


def test_the_draft_decision_shows_its_whole_text_names_its_batch_and_cites_the_submissions(setup):
    """Issue 26: the draft in Documents holds the decision's text and "Nơi nhận" (not its summary alone),
    its summary names the batch, and the preamble cites the proposing body's and the Office's Tờ trình, each
    by its number and date."""
    from chancery.core import links
    from chancery.core.tests.factories import signed_in
    from chancery.documents.tests.factories import issued

    office, h = setup
    batch = _appraised_batch(h)
    services.settle_reviews(
        actor=h.specialist, batch=batch, award="", outcome=Verdict.PASS, reason="Đã đối chiếu hồ sơ gốc"
    )
    presented = issued(
        office,
        doc_type="to_trinh",
        summary="Tờ trình đề nghị tặng thưởng Huân chương Lao động",
        addressee="Chủ tịch nước",
        on=date(2025, 4, 20),
    )
    links.link_records(actor=h.specialist, record=batch, other=presented)
    batch = services.prepare_decision(actor=h.specialist, batch=batch, signer=office.vice_president)
    draft = batch.decision_document
    assert draft is not None
    assert draft.summary == (
        f"Về việc tặng thưởng Huân chương Lao động hạng Ba (đợt {batch.code}, {batch.proposing_body.name})"
    )
    assert draft.body.startswith("QUYẾT ĐỊNH\nVề việc tặng thưởng Huân chương Lao động hạng Ba")
    assert re.search(
        r"\nĐiều 1\. Tặng thưởng Huân chương Lao động hạng Ba cho \d cá nhân có tên trong danh sách kèm theo,",
        draft.body,
    )
    assert "Điều 3. Thủ tướng Chính phủ" in draft.body
    assert draft.copies == ["Như Điều 3;", "Lưu: VT, Vụ TĐKT."]
    considered = (
        f"Xét đề nghị của Thủ tướng Chính phủ (đề nghị của {batch.proposing_body.name} tại Tờ trình số "
        f"1234/TTr-BGDĐT ngày 10 tháng 3 năm 2025) và Văn phòng Chủ tịch nước tại Tờ trình số "
        f"{presented.number_text} ngày 20 tháng 4 năm 2025,"
    )
    assert considered in draft.body
    text = "\n".join(p.text for p in Document(io.BytesIO(_latest(draft))).paragraphs)
    assert considered in text  # the DOCX says the same
    page = signed_in(h.specialist).get(draft.get_absolute_url()).content.decode()
    assert "Điều 3. Thủ tướng Chính phủ" in page and "Như Điều 3;" in page


def test_without_the_offices_submission_the_preamble_cites_the_proposing_bodys(setup):
    _office, h = setup
    batch = _appraised_batch(h)
    groups = decision.annex(Nomination.objects.filter(batch=batch).select_related("honoree"))
    considered = decision.decision_of(batch, groups).consideration
    assert considered == (
        f"Xét đề nghị của Thủ tướng Chính phủ (đề nghị của {batch.proposing_body.name} tại Tờ trình số "
        "1234/TTr-BGDĐT ngày 10 tháng 3 năm 2025),"
    )


def test_a_decision_naming_its_list_is_never_drawn_up_without_one(setup):
    from chancery.documents import drafting

    _office, h = setup
    batch = _appraised_batch(h)
    with pytest.raises(ValueError, match="list is empty"):
        decision.decision_docx(batch, [], drafting.template_bytes("quyet_dinh"))


def test_the_reply_gives_the_criteria_failed_with_their_article_never_the_appraisals_own_notes():
    from chancery.honours.decision import refusal_reason
    from chancery.honours.models import Nomination

    findings = [
        {"code": "years", "title": "Thành tích", "outcome": "pass", "reason": "đủ 5 năm", "article": ""},
        {
            "code": "unverified",
            "title": "Tham số chưa đối chiếu văn bản",
            "outcome": "review",
            "reason": "Các tham số sau chưa được đối chiếu với văn bản gốc",
            "article": "",
        },
        {
            "code": "prior",
            "title": "Khen thưởng trước",
            "outcome": "fail",
            "reason": "chưa đủ 5 năm kể từ Bằng khen của Thủ tướng Chính phủ",
            "article": "Điều 30 khoản 9 Nghị định 98/2023/NĐ-CP",
        },
    ]
    refused = Nomination(findings=findings, summary="mọi lý do", override_reason="")
    reason = refusal_reason(refused)
    assert "chưa đủ 5 năm kể từ Bằng khen" in reason and "(Điều 30 khoản 9 Nghị định 98/2023/NĐ-CP)" in reason
    assert "đối chiếu" not in reason and "đủ 5 năm" not in reason.replace("chưa đủ 5 năm", "")
    decided = Nomination(findings=findings, summary="", override_reason="Hồ sơ thiếu bản sao quyết định")
    assert refusal_reason(decided) == "Hồ sơ thiếu bản sao quyết định"


@pytest.mark.parametrize(
    ("forms", "words"),
    [
        (["hcld-3"], "tặng thưởng Huân chương Lao động hạng Ba"),
        (["ngut"], "phong tặng danh hiệu Nhà giáo Ưu tú"),
        (["bmvnah", "ttut"], "phong tặng danh hiệu Bà mẹ Việt Nam anh hùng và danh hiệu Thầy thuốc Ưu tú"),
        (["hcld-1", "hcld-2", "hcld-3", "hccsvv-1"], "tặng thưởng Huân chương và Huy chương"),
        (
            ["hcld-3", "ngut", "nsut", "nnut"],
            "tặng thưởng Huân chương Lao động hạng Ba và phong tặng danh hiệu vinh dự Nhà nước",
        ),
        (["gthcm"], "tặng Giải thưởng Hồ Chí Minh"),
        (
            ["hcld-1", "hcld-2", "hccsvv-1", "bmvnah", "ngut", "nsut"],
            "tặng thưởng Huân chương, Huy chương và phong tặng danh hiệu vinh dự Nhà nước",
        ),
    ],
)
def test_a_decision_confers_each_kind_of_award_in_its_own_words(forms, words):
    """Orders and medals are "tặng thưởng", honorary titles "phong tặng danh hiệu", prizes "tặng" (the examiner
    of issue 26 read "tặng thưởng" Bà mẹ Việt Nam anh hùng, and thirteen forms in one title)."""
    from chancery.honours.decision import _conferred

    assert _conferred(forms) == words


def test_a_decision_issued_without_a_file_prints_with_its_list(setup):
    """Found by the examiner of issue 26: a decision issued without a file (recorded from paper, or the
    demo's) printed from its text alone, without the list its Điều 1 names. Its PDF carries the batch's list,
    tied to the decision by its number and date, every name of it; another document's PDF carries none."""
    from chancery.appraisal import decision as president
    from chancery.documents import demo, drafting
    from chancery.documents.signing.signatures import shown_text

    office, h = setup
    batch = _appraised_batch(h)
    services.settle_reviews(
        actor=h.specialist, batch=batch, award="", outcome=Verdict.PASS, reason="Đã đối chiếu hồ sơ gốc"
    )
    passing = list(Nomination.objects.filter(batch=batch, outcome=Verdict.PASS).select_related("honoree"))
    groups = decision.annex(passing)
    fields = president.draft_fields(decision.decision_of(batch, groups))
    document = demo.issued_document(
        fields["summary"], on=date(2025, 9, 3), owning_unit=office.general, fields=fields
    )
    assert not document.versions.exists()
    HonoursBatch.objects.filter(pk=batch.pk).update(decision_document=document)
    text = shown_text(drafting.render_pdf(document))  # without spaces

    def shown(words: str) -> bool:
        return "".join(words.split()) in text

    assert shown("DANH SÁCH")
    assert shown(f"Kèm theo Quyết định số {document.number_text} ngày 03 tháng 9 năm 2025 của Chủ tịch nước")
    assert passing and all(shown(n.honoree.name) for n in passing)
    HonoursBatch.objects.filter(pk=batch.pk).update(decision_document=None)
    assert "DANHSÁCH" not in shown_text(drafting.render_pdf(document))


def test_a_long_list_is_printed_by_a_job_for_the_person_who_asked(setup, monkeypatch):
    """The amnesty's list of 15,450 people takes over a minute to lay out: a list longer than
    PRINT_NOW_MAX_ROWS is printed by a job, once, for the person who asked; nobody else gets the file."""
    from chancery.appraisal import decision as president
    from chancery.core import jobs
    from chancery.core.models import Job
    from chancery.core.tests.factories import signed_in
    from chancery.documents import demo, drafting
    from chancery.documents.signing.signatures import shown_text

    office, h = setup
    batch = _appraised_batch(h)
    services.settle_reviews(
        actor=h.specialist, batch=batch, award="", outcome=Verdict.PASS, reason="Đã đối chiếu hồ sơ gốc"
    )
    groups = decision.annex(
        Nomination.objects.filter(batch=batch, outcome=Verdict.PASS).select_related("honoree")
    )
    fields = president.draft_fields(decision.decision_of(batch, groups))
    document = demo.issued_document(
        fields["summary"], on=date(2025, 9, 3), owning_unit=office.general, fields=fields
    )
    HonoursBatch.objects.filter(pk=batch.pk).update(decision_document=document)
    url = f"/documents/outgoing/{document.pk}/pdf/"
    assert signed_in(h.specialist).get(url)["Content-Type"] == "application/pdf"  # a short list: at once
    monkeypatch.setattr(drafting, "PRINT_NOW_MAX_ROWS", 2)
    client = signed_in(h.specialist)
    asked = client.get(url)
    job = Job.objects.get(kind="outgoing_print")
    assert asked.status_code == 302 and asked["Location"] == f"/jobs/{job.pk}/"
    assert client.get(url)["Location"] == f"/jobs/{job.pk}/"  # asked again: the same job
    jobs.run(job.pk)
    job.refresh_from_db()
    listed = Nomination.objects.filter(batch=batch, outcome=Verdict.PASS).count()
    assert job.status == "done" and job.result["rows"] == listed > 2
    printed = b"".join(client.get(f"/jobs/{job.pk}/file/").streaming_content)
    assert "DANHSÁCH" in shown_text(printed)
    assert client.get(url)["Location"] == f"/jobs/{job.pk}/"  # done, its file kept: not printed again
    assert signed_in(office.legal_specialist).get(f"/jobs/{job.pk}/file/").status_code == 404


def test_a_collective_named_with_its_workplace_is_printed_with_it_once():
    """Found by the examiner of issue 26: "Phòng 7, Cục Cảnh sát giao thông, Bộ Công an, Bộ Công an"."""
    group = decision.AnnexGroup(
        award="hcld-3",
        subject="tap_the",
        rows=[
            ("Phòng 7, Cục Cảnh sát giao thông, Bộ Công an", "Bộ Công an"),
            ("Trường THPT Chu Văn An", "Hà Nội"),
        ],
    )
    rows = [row[0] for row in decision._parts([group])[0].rows]
    assert rows == ["Phòng 7, Cục Cảnh sát giao thông, Bộ Công an", "Trường THPT Chu Văn An, Hà Nội"]
