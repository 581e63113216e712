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
    assert "(Kèm theo Quyết định số 125/QĐ-CTN ngày 04 tháng 01 năm 2027 của Chủ tịch nước)" in shown
    # the body's own dates are left alone
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in shown


def test_the_same_number_and_date_written_by_hand_pass() -> None:
    content = decision_with_annex(number="Số: 125/QĐ-CTN", place_date="Hà Nội, ngày 4 tháng 1 năm 2027")
    stamped = layout.stamp_number_and_date(content, number="125/QĐ-CTN", on=date(2027, 1, 4))
    assert "Số: 125/QĐ-CTN" in texts(stamped)


@pytest.mark.parametrize(
    ("overrides", "says"),
    [
        ({"number": "Số: 7/QĐ-CTN"}, "7/QĐ-CTN"),
        ({"place_date": "Hà Nội, ngày 30 tháng 12 năm 2026"}, "04/01/2027"),
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
def test_a_pdf_draft_without_its_number_is_not_issued(office: Office) -> None:
    from chancery.documents.tests.factories import PDF

    document = presidents_decision_from_file(office, PDF, "quyet-dinh.pdf")
    with pytest.raises(ValidationError) as refused:
        services.issue_document(actor=office.president, document=document)
    assert "DOCX" in str(refused.value.message_dict["file"])
    document.refresh_from_db()
    assert document.state == "signing" and not document.versions.filter(is_signed=True).exists()
