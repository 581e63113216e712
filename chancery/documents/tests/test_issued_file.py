"""A document drawn up as a file (a module's decision and its annex, a DOCX a person uploaded) is issued with
the register's number and date on its page (F8 of issue 30: the signed copy of a President's decision read
"Số:        /QĐ-CTN" and "ngày      tháng      năm 2026"); a file that says otherwise is refused."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from chancery.core.tests.office_suite import needs_libreoffice
from chancery.documents import layout, services
from chancery.documents.models import OutgoingDocument
from chancery.documents.tests.factories import Office, draft_data
from chancery.documents.tests.test_layout import values


def decision_with_annex(**overrides: object) -> bytes:
    document = Document(io.BytesIO(layout.render_docx(layout.default_template(), values(**overrides))))
    layout.start_annex(document, "DANH SÁCH")
    layout.append_table(document, ("STT", "Họ và tên"), [("1", "Nguyễn Văn An")])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def texts(content: bytes) -> list[str]:
    return [p.text for p in layout._paragraphs(Document(io.BytesIO(content)))]


def test_the_blank_number_date_and_the_annex_tie_are_written() -> None:
    stamped = layout.stamp_number_and_date(decision_with_annex(), number="125/QĐ-CTN", on=date(2027, 1, 4))
    shown = texts(stamped)
    assert "Số: 125/QĐ-CTN" in shown
    assert "Hà Nội, ngày 04 tháng 01 năm 2027" in shown  # the year of issue, not the year the draft was made
    assert (
        "(Kèm theo Quyết định số 125/QĐ-CTN ngày 04 tháng 01 năm 2027 của Chủ\u00a0tịch\u00a0nước)" in shown
    )
    # the body's own dates are left alone
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in shown


def test_dotted_blanks_are_blanks_too() -> None:
    content = decision_with_annex(
        number="Số: ......./QĐ-CTN", place_date="Hà Nội, ngày ..... tháng ..... năm ....."
    )
    shown = texts(layout.stamp_number_and_date(content, number="125/QĐ-CTN", on=date(2027, 1, 4)))
    assert "Số: 125/QĐ-CTN" in shown and "Hà Nội, ngày 04 tháng 01 năm 2027" in shown


def _variant(mutate) -> bytes:
    document = Document(io.BytesIO(decision_with_annex()))
    mutate(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_every_number_and_date_line_is_checked_in_the_body_headers_and_footers() -> None:
    """The examiner of issue 30: a stale "Số: 77/QĐ-CTN" in the heading (a blank one in the annex first), or
    in a header, was issued beside the register's number."""

    def stale_in_header(document):
        document.sections[0].header.paragraphs[0].text = "Số: 77/QĐ-CTN"

    def stale_date_in_footer(document):
        document.sections[0].footer.paragraphs[0].text = "Hà Nội, ngày 01 tháng 01 năm 2020"

    def blank_first_then_stale(document):
        document.paragraphs[0].insert_paragraph_before("Số:      /QĐ-CTN")
        document.add_paragraph("Số: 77/QĐ-CTN")

    for mutate in (stale_in_header, stale_date_in_footer, blank_first_then_stale):
        with pytest.raises(ValidationError):
            layout.stamp_number_and_date(_variant(mutate), number="125/QĐ-CTN", on=date(2027, 1, 4))


def test_a_tracked_insertion_in_the_number_is_read_as_written() -> None:
    from docx.oxml import parse_xml

    def tracked(document):
        line = next(p for p in layout._paragraphs(document) if p.text.startswith("Số:"))
        line._p.append(
            parse_xml(
                '<w:ins xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:id="9" '
                'w:author="x"><w:r><w:t>77</w:t></w:r></w:ins>'
            )
        )

    content = _variant(tracked)  # "Số:      /QĐ-CTN77": the blank number is written, the line as a whole
    shown = texts(layout.stamp_number_and_date(content, number="125/QĐ-CTN", on=date(2027, 1, 4)))
    assert "Số: 125/QĐ-CTN" in shown and not any("77" in line for line in shown if line.startswith("Số"))


def test_a_blank_number_under_another_symbol_takes_the_registers() -> None:
    """The second examiner: the honours reply writes "Số:   /VPCTN-TĐKT" while the register of its unit gives
    "…/VPCTN-HC"; it could not be sent for signature."""
    content = decision_with_annex(number="Số:        /VPCTN-TĐKT")
    shown = texts(layout.stamp_number_and_date(content, number="3339/VPCTN-HC", on=date(2026, 12, 7)))
    assert "Số: 3339/VPCTN-HC" in shown


def test_an_annex_tied_to_another_decision_is_refused_and_a_typed_year_is_not_doubled() -> None:
    def tied(document):
        line = next(p for p in document.paragraphs if "Kèm theo" in p.text)
        line.text = "(Kèm theo Quyết định số 15/QĐ-CTN ngày 01 tháng 01 năm 2025 của Chủ tịch nước)"

    with pytest.raises(ValidationError):
        layout.stamp_number_and_date(_variant(tied), number="125/QĐ-CTN", on=date(2027, 1, 4))

    def year_typed(document):
        line = next(p for p in document.paragraphs if "Kèm theo" in p.text)
        line.text = "(Kèm theo Quyết định số      /QĐ-CTN ngày      tháng      năm 2027 của Chủ tịch nước)"

    shown = texts(
        layout.stamp_number_and_date(_variant(year_typed), number="125/QĐ-CTN", on=date(2027, 1, 4))
    )
    assert "(Kèm theo Quyết định số 125/QĐ-CTN ngày 04 tháng 01 năm 2027 của Chủ tịch nước)" in shown


def test_the_same_number_and_date_written_by_hand_pass() -> None:
    content = decision_with_annex(number="Số: 125 /QĐ-CTN", place_date="Hà Nội, ngày 04 tháng 01 năm 2027")
    stamped = layout.stamp_number_and_date(content, number="125/QĐ-CTN", on=date(2027, 1, 4))
    assert "Số: 125 /QĐ-CTN" in texts(stamped)  # as its author wrote it: the same number


@pytest.mark.parametrize(
    ("overrides", "says"),
    [
        ({"number": "Số: 7/QĐ-CTN"}, "7/QĐ-CTN"),
        ({"place_date": "Hà Nội, ngày 30 tháng 12 năm 2026"}, "04/01/2027"),
        ({"place_date": "Hà Nội, ngày 4 tháng 1 năm 2027"}, "04/01/2027"),  # the format writes "ngày 04"
        ({"number": "Số: 7 7/QĐ-CTN"}, "7 7/QĐ-CTN"),
        ({"number": ""}, "Số:"),
        ({"place_date": ""}, "ngày"),
    ],
)
def test_a_file_that_disagrees_with_the_register_or_has_no_place_for_it_is_refused(
    overrides: dict[str, str], says: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        layout.stamp_number_and_date(
            decision_with_annex(**overrides), number="125/QĐ-CTN", on=date(2027, 1, 4)
        )
    assert says in str(refused.value.message_dict["file"])


def signed_text(document: OutgoingDocument) -> str:
    from pypdf import PdfReader

    signed = document.versions.get(is_signed=True)
    with signed.file.open("rb") as handle:
        return "".join(page.extract_text() or "" for page in PdfReader(handle).pages)


def presidents_decision_from_file(office: Office, content: bytes, name: str) -> OutgoingDocument:
    document = services.draft_from_file(
        actor=office.specialist,
        data=draft_data(office, issuer="president", doc_type="quyet_dinh", body=""),
        content=content,
        name=name,
    )
    services.submit_for_approval(actor=office.specialist, document=document, reviewers=[])
    services.decide_step(actor=office.president, document=document, approve=True)
    services.send_for_signature(actor=office.specialist, document=document)
    document.refresh_from_db()
    return document


@needs_libreoffice
@pytest.mark.django_db
def test_the_issued_copy_of_a_file_made_decision_shows_its_number_and_date(office: Office) -> None:
    document = presidents_decision_from_file(office, decision_with_annex(), "quyet-dinh.docx")
    issued = services.issue_document(actor=office.president, document=document, on=date(2026, 12, 7))
    shown = " ".join(signed_text(issued).split())
    assert f"Số: {issued.number_text}" in shown
    assert "Hà Nội, ngày 07 tháng 12 năm 2026" in shown
    assert f"Kèm theo Quyết định số {issued.number_text} ngày 07 tháng 12 năm 2026" in shown


@pytest.mark.django_db
def test_a_pdf_draft_goes_for_signature_only_as_a_docx_and_spends_no_number(office: Office) -> None:
    """The examiner of issue 30: a PDF draft took a number on its way to signature, was then refused on issue
    (a PDF cannot be numbered here) and could no longer be replaced: the number was spent for nothing."""
    from chancery.documents.models import DocumentNumber
    from chancery.documents.tests.factories import PDF

    with pytest.raises(ValidationError) as refused:
        presidents_decision_from_file(office, PDF, "quyet-dinh.pdf")
    assert "DOCX" in str(refused.value.message_dict["file"])
    document = OutgoingDocument.objects.get()
    assert document.state == "approved" and not DocumentNumber.objects.exists()


@pytest.mark.django_db
def test_a_file_that_could_not_be_numbered_is_refused_before_a_number_is_spent(office: Office) -> None:
    from chancery.documents.models import DocumentNumber

    document = services.draft_from_file(
        actor=office.specialist,
        data=draft_data(office, issuer="president", doc_type="quyet_dinh", body=""),
        content=decision_with_annex(number="Số: 77/QĐ-CTN"),
        name="quyet-dinh.docx",
    )
    services.submit_for_approval(actor=office.specialist, document=document, reviewers=[])
    services.decide_step(actor=office.president, document=document, approve=True)
    with pytest.raises(ValidationError) as refused:
        services.send_for_signature(actor=office.specialist, document=document)
    assert "77/QĐ-CTN" in str(refused.value.message_dict["file"])
    document.refresh_from_db()
    assert document.state == "approved" and not DocumentNumber.objects.exists()


def test_a_pdf_showing_its_number_before_other_words_is_recognised() -> None:
    from chancery.documents import signing

    pdf = layout.vietnamese_pdf()
    pdf.add_page()
    pdf.set_font("Letter", "", 13)
    pdf.cell(60, 8, "Số: 1125/QĐ-CTN")
    pdf.cell(80, 8, "Độc lập - Tự do - Hạnh phúc")
    content = bytes(pdf.output())
    assert signing.shows_number(content, "1125/QĐ-CTN")
    assert not signing.shows_number(content, "125/QĐ-CTN")  # part of another number


@pytest.mark.django_db
def test_a_letters_subject_says_v_v_once(office: Office) -> None:
    from chancery.documents import drafting
    from chancery.documents.tests.factories import draft

    for typed in (
        "V/v trả lời đề nghị khen thưởng",
        "v/v trả lời đề nghị khen thưởng",
        "Trả lời đề nghị khen thưởng",
        "Về việc trả lời đề nghị khen thưởng",  # "V/v Về việc …" (the examiner of issue 30)
    ):
        document = draft(office, summary=typed)
        assert drafting.context(document)["subject"].lower() in ("v/v trả lời đề nghị khen thưởng",)


@pytest.mark.django_db
def test_an_unsigned_pdf_brought_at_issue_is_refused_whatever_it_shows(office: Office) -> None:
    """Examiners of issue 30: an unsigned, unrelated PDF ("Số: 15/QĐ-CTN", 2020) uploaded in "Ký và ban hành"
    was signed and registered under the reserved number; then one with the right number and another date or
    text. What is signed here is the approved version; an unsigned upload is refused, even one showing the
    register's number, and nothing is issued."""
    from chancery.documents.models import NumberStatus
    from chancery.documents.tests.factories import PDF, approved, numbered_pdf

    document = approved(office, issuer="president", doc_type="quyet_dinh")
    entry = services.send_for_signature(actor=office.specialist, document=document)
    for unsigned in (PDF, numbered_pdf(document)):
        with pytest.raises(ValidationError) as refused:
            services.issue_document(actor=office.president, document=document, signed_file=unsigned)
        assert "chữ ký số" in str(refused.value.message_dict["file"])
    entry.refresh_from_db()
    assert entry.status == NumberStatus.RESERVED  # nothing issued, the number still reserved
    issued = services.issue_document(actor=office.president, document=document)
    assert issued.state == "issued"


@pytest.mark.django_db
def test_an_order_has_no_noi_nhan_and_like_above_needs_an_addressee(office: Office) -> None:
    """The examiner of issue 30: an order (lệnh) printed "Nơi nhận:" over nothing, or "Như trên" with no
    "Kính gửi" above to refer to. The defaults follow rules.default_copies, in the PDF and the DOCX."""
    import io

    from docx import Document as Docx

    from chancery.documents import drafting, rules, signing
    from chancery.documents.tests.factories import draft

    order = draft(office, issuer="president", doc_type="lenh", copies_to="", addressee="")
    assert drafting.context(order)["copies"] == rules.default_copies("lenh", "") == []
    assert "nơinhận" not in signing.shown_text(drafting.render_pdf(order)).casefold()
    docx_text = "\n".join(
        p.text
        for t in Docx(io.BytesIO(drafting.render_docx(order))).tables
        for c in t._cells
        for p in c.paragraphs
    )
    assert "Nơi nhận" not in docx_text
    letter = draft(office, copies_to="", addressee="")
    assert drafting.context(letter)["copies"] == ["Lưu: VT."]
    addressed = draft(office, copies_to="")
    assert drafting.context(addressed)["copies"] == ["Như trên;", "Lưu: VT."]
    assert "Nơinhận" in signing.shown_text(drafting.render_pdf(addressed))


def _number_line(text: str):
    def mutate(document):
        line = next(p for p in layout._paragraphs(document) if p.text.startswith("Số:"))
        line.text = text

    return mutate


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("SỐ:      /QĐ-CTN", "Số: 125/QĐ-CTN"),  # in capitals
        ("Số       /QĐ-CTN", "Số: 125/QĐ-CTN"),  # without the colon
        ("So\u0302\u0301:      /QĐ-CTN", "Số: 125/QĐ-CTN"),  # typed decomposed (NFD)
        ("VĂN PHÒNG\nSố: ..../QĐ-CTN", "VĂN PHÒNG\nSố: 125/QĐ-CTN"),  # after a line break in one paragraph
    ],
)
def test_a_blank_number_is_found_however_it_is_typed(written: str, shown: str) -> None:
    """The examiner of issue 30: a number place in capitals, without its colon, decomposed, or after a
    Shift+Enter line break was not seen, and the file went out without its number."""
    stamped = layout.stamp_number_and_date(
        _variant(_number_line(written)), number="125/QĐ-CTN", on=date(2027, 1, 4)
    )
    assert shown in texts(stamped)


@pytest.mark.parametrize(
    "written", ["SỐ: 77/QĐ-CTN", "Số 77/QĐ-CTN", "VĂN PHÒNG\nSố: 77/QĐ-CTN", "So\u0302\u0301: 77/QĐ-CTN"]
)
def test_another_number_however_typed_is_refused(written: str) -> None:
    with pytest.raises(ValidationError):
        layout.stamp_number_and_date(
            _variant(_number_line(written)), number="125/QĐ-CTN", on=date(2027, 1, 4)
        )


def test_a_body_line_beginning_with_so_is_not_a_number_place() -> None:
    def body(document):
        document.add_paragraph("Số lượng cán bộ/năm tăng so với cùng kỳ.")

    stamped = layout.stamp_number_and_date(_variant(body), number="125/QĐ-CTN", on=date(2027, 1, 4))
    assert "Số lượng cán bộ/năm tăng so với cùng kỳ." in texts(stamped)


@pytest.mark.parametrize(
    ("tie", "filled"),
    [
        (
            "(Ban hành kèm theo Quyết định số ..../QĐ-CTN ngày ..../..../2027 của Chủ tịch nước)",
            "(Ban hành kèm theo Quyết định số 125/QĐ-CTN ngày 04/01/2027 của Chủ tịch nước)",
        ),
        (
            "(KÈM THEO QUYẾT ĐỊNH SỐ      /QĐ-CTN NGÀY      THÁNG      NĂM 2027 CỦA CHỦ TỊCH NƯỚC)",
            "(KÈM THEO QUYẾT ĐỊNH SỐ 125/QĐ-CTN ngày 04 tháng 01 năm 2027 CỦA CHỦ TỊCH NƯỚC)",
        ),
    ],
)
def test_an_annex_tie_is_filled_in_figures_or_in_capitals(tie: str, filled: str) -> None:
    def tied(document):
        line = next(p for p in document.paragraphs if "Kèm theo" in p.text)
        line.text = tie

    shown = texts(layout.stamp_number_and_date(_variant(tied), number="125/QĐ-CTN", on=date(2027, 1, 4)))
    assert filled in shown


def test_a_written_date_or_number_is_refused_when_it_goes_for_signature_without_quoting_a_number() -> None:
    """The examiner of issue 30: a date written in the file was refused only on issue, and the message at
    sending quoted the register's number, which the refused step does not keep."""

    def dated(document):
        line = next(p for p in layout._paragraphs(document) if p.text.startswith("Hà Nội, ngày"))
        line.text = "Hà Nội, ngày 01 tháng 12 năm 2026"

    with pytest.raises(ValidationError) as refused:
        layout.stamp_number_and_date(_variant(dated), number="125/QĐ-CTN", on=date(2026, 12, 4), dates=False)
    assert "ngày ban hành" in str(refused.value.message_dict["file"])
    with pytest.raises(ValidationError) as numbered:
        layout.stamp_number_and_date(
            _variant(_number_line("Số: 77/QĐ-CTN")), number="125/QĐ-CTN", on=date(2026, 12, 4), dates=False
        )
    assert "125" not in str(numbered.value.message_dict["file"])


def _in_content_control(document) -> None:
    """The number line moved into a content control (w:sdt), which python-docx's paragraph lists skip."""
    from docx.oxml import OxmlElement

    line = next(p for p in layout._every_paragraph(document) if p.text.startswith("Số:"))
    line.text = "Số: 77/QĐ-CTN"
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    line._p.addprevious(sdt)
    sdt.append(content)
    content.append(line._p)


@pytest.mark.parametrize(
    "mutate",
    [
        _number_line("\u200bSố: 77/QĐ-CTN"),  # a zero-width space before it
        _number_line("Số: 7\u200b7/QĐ-CTN"),  # and inside it
        _number_line("Số：77/QĐ-CTN"),  # a full-width colon
        _number_line("Số 99a/QĐ-CTN"),  # letters in the number
        _in_content_control,
    ],
    ids=["zero-width-before", "zero-width-inside", "full-width-colon", "letters", "content-control"],
)
def test_a_number_hidden_from_the_check_is_refused(mutate) -> None:
    """The examiner of issue 30 hid a stale number from the check in each of these ways, and the file was
    issued showing it beside nothing the register gave."""
    with pytest.raises(ValidationError):
        layout.stamp_number_and_date(_variant(mutate), number="125/QĐ-CTN", on=date(2027, 1, 4))


@pytest.mark.parametrize("written", ["\u200bSố:      /QĐ-CTN", "Số：      /QĐ-CTN"])
def test_a_blank_number_behind_invisible_or_full_width_marks_is_filled(written: str) -> None:
    stamped = layout.stamp_number_and_date(
        _variant(_number_line(written)), number="125/QĐ-CTN", on=date(2027, 1, 4)
    )
    assert "Số: 125/QĐ-CTN" in texts(stamped)


def _date_line(text: str):
    def mutate(document):
        line = next(p for p in layout._paragraphs(document) if p.text.startswith("Hà Nội, ngày"))
        line.text = text

    return mutate


def test_a_date_written_in_figures_is_checked_and_a_blank_one_filled() -> None:
    with pytest.raises(ValidationError) as refused:
        layout.stamp_number_and_date(
            _variant(_date_line("Hà Nội, ngày 15/11/2026")), number="125/QĐ-CTN", on=date(2027, 1, 4)
        )
    assert "15/11/2026" in str(refused.value.message_dict["file"])
    stamped = layout.stamp_number_and_date(
        _variant(_date_line("Hà Nội, ngày ..../..../2027")), number="125/QĐ-CTN", on=date(2027, 1, 4)
    )
    assert "Hà Nội, ngày 04 tháng 01 năm 2027" in texts(stamped)


def _tie(text: str):
    def mutate(document):
        line = next(p for p in document.paragraphs if "Kèm theo" in p.text)
        line.text = text

    return mutate


@pytest.mark.parametrize(
    ("tie", "filled"),
    [
        (
            "(Kèm theo Quyết định số      /QĐ-CTN ngày      tháng      năm 2027)",
            "(Kèm theo Quyết định số 125/QĐ-CTN ngày 04 tháng 01 năm 2027)",
        ),
        (
            "(Kèm theo Quyết định số …/QĐ-CTN ngày …/…/2027)",
            "(Kèm theo Quyết định số 125/QĐ-CTN ngày 04/01/2027)",
        ),
        (
            "(Kèm theo Quyết định số      /QĐ-CTN của Chủ tịch nước ngày ..... tháng ..... năm .....)",
            "(Kèm theo Quyết định số 125/QĐ-CTN của Chủ tịch nước ngày 04 tháng 01 năm 2027)",
        ),
        ("(Kèm theo Quyết định số ......../QĐ-CTN)", "(Kèm theo Quyết định số 125/QĐ-CTN)"),
    ],
)
def test_an_annex_tie_is_filled_whatever_follows_its_year(tie: str, filled: str) -> None:
    """The examiner of issue 30: "năm 2027)" came out as "năm 2027 2027)", and a tie in figures with dots
    was left blank."""
    shown = texts(layout.stamp_number_and_date(_variant(_tie(tie)), number="125/QĐ-CTN", on=date(2027, 1, 4)))
    assert filled in shown


@pytest.mark.parametrize(
    "tie",
    [
        "(Kèm theo Quyết định số 15/QĐ-CTN ngày 01/01/2025 của Chủ tịch nước)",
        "(Kèm theo Quyết định số 15 / QĐ-CTN ngày 01 tháng 01 năm 2025)",
        "(Kèm theo Quyết định số 15/QĐ-CTN của Chủ tịch nước ngày 01 tháng 01 năm 2025)",
        "(Kèm theo Quyết định số 15/QĐ-CTN)",
        "(Kèm theo Quyết định số 125/QĐ-CTN ngày 01/01/2025)",  # this number, another date
    ],
)
def test_an_annex_tied_to_another_decision_however_written_is_refused(tie: str) -> None:
    with pytest.raises(ValidationError):
        layout.stamp_number_and_date(_variant(_tie(tie)), number="125/QĐ-CTN", on=date(2027, 1, 4))


def test_a_body_line_citing_what_came_with_another_document_is_not_a_tie() -> None:
    cited = "Xét danh sách kèm theo Tờ trình số 123/TTr-BNV ngày 10 tháng 10 năm 2026 của Bộ Nội vụ;"

    def body(document):
        document.add_paragraph(cited)

    assert cited in texts(
        layout.stamp_number_and_date(_variant(body), number="125/QĐ-CTN", on=date(2027, 1, 4))
    )


@pytest.mark.django_db
def test_a_decision_has_no_kinh_gui_and_an_order_no_noi_nhan(office: Office) -> None:
    """The examiner of issue 30: a decision printed "Kính gửi", an order printed the "Nơi nhận" its drafter
    typed. Both are refused where they are typed, with what to do, each under its own field."""
    from chancery.documents import rules

    assert rules.addressee_problem("quyet_dinh", "Bộ Nội vụ") and not rules.addressee_problem(
        "cong_van", "Bộ"
    )
    assert rules.copies_problem("lenh", "Lưu: VT.") and not rules.copies_problem("quyet_dinh", "Lưu: VT.")
    with pytest.raises(ValidationError) as refused:
        services.create_draft(
            actor=office.specialist,
            data=draft_data(office, issuer="president", doc_type="quyet_dinh", addressee="Bộ Nội vụ"),
        )
    assert "Kính gửi" in refused.value.message_dict["addressee"][0]
    with pytest.raises(ValidationError) as refused:
        services.create_draft(
            actor=office.specialist,
            data=draft_data(office, issuer="president", doc_type="lenh", addressee="", copies_to="Lưu: VT."),
        )
    assert "Nơi nhận" in refused.value.message_dict["copies_to"][0]


@pytest.mark.django_db
def test_a_title_typed_into_the_text_is_not_printed_twice(office: Office) -> None:
    from chancery.documents import drafting
    from chancery.documents.tests.factories import draft

    document = draft(
        office,
        issuer="president",
        doc_type="quyet_dinh",
        addressee="",
        summary="Về việc tặng thưởng Huân chương Lao động",
        body="QUYẾT ĐỊNH\nVề việc tặng thưởng Huân chương Lao động\n\nCHỦ TỊCH NƯỚC",
    )
    blocks = layout.body_blocks(drafting.context(document)["body"])
    assert [b.text for b in blocks].count("QUYẾT ĐỊNH") == 1
    assert blocks[1].text.startswith("Về việc") and blocks[1].centred


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("issuer", "doc_type", "addressee"),
    [
        ("office", "cong_van", "Bộ Tư pháp"),
        ("office", "thong_bao", ""),
        ("office", "to_trinh", "Chủ tịch nước"),
        ("office", "bao_cao", "Chủ tịch nước"),
        ("office", "ke_hoach", ""),
        ("office", "giay_moi", "Bộ Ngoại giao"),
        ("president", "quyet_dinh", ""),
        ("president", "lenh", ""),
    ],
)
def test_a_draft_from_each_template_is_in_the_national_layout(
    office: Office, issuer: str, doc_type: str, addressee: str
) -> None:
    """Issue 26: every document the Office drafts from its templates holds to Phụ lục I (heading, number and
    date lines, font, the signature block with the signer's name), checked by layout.problems."""
    from chancery.documents import drafting
    from chancery.documents.tests.factories import draft

    document = draft(office, issuer=issuer, doc_type=doc_type, addressee=addressee, copies_to="")
    assert layout.problems(drafting.render_docx(document)) == []
