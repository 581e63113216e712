"""Issue 26: an act in the President's name that says "những người có tên trong danh sách kèm theo" is signed
and issued with that list after it (Nghị định 30/2020, Phụ lục I): one typed in the form, whose template has
no place for a list, goes for signature only once its drafter uploads the DOCX with the list."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chancery.documents import drafting, layout, rules, services
from chancery.documents.tests.factories import Office, approved, draft

pytestmark = [pytest.mark.django_db]

NAMING_A_LIST = (
    "QUYẾT ĐỊNH:\n"
    "Điều 1. Cho nhập quốc tịch Việt Nam đối với những người có tên trong danh sách kèm theo.\n"
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."
)


@pytest.mark.parametrize(
    ("text", "names_a_list"),
    [
        ("Đặc xá cho 12 người có tên trong danh sách kèm theo, tại 2 trại giam.", True),
        ("Tặng thưởng cho 3 cá nhân có tên trong Danh sách kèm theo Quyết định này.", True),
        ("Phê chuẩn điều ước quốc tế kèm theo Tờ trình của Chính phủ.", False),
        ("Ban hành kèm theo Quyết định này Quy chế làm việc.", False),
        ("Quyết định này có hiệu lực kể từ ngày ký.", False),
    ],
)
def test_a_text_naming_its_attached_list_is_told_apart(text: str, names_a_list: bool) -> None:
    assert rules.refers_to_attached_list(text) is names_a_list


def _with_list(document) -> bytes:
    """The draft's DOCX with the list after the signature, as its drafter uploads it."""
    return drafting.with_annex(
        document,
        "DANH SÁCH NGƯỜI ĐƯỢC NHẬP QUỐC TỊCH VIỆT NAM",
        ("STT", "Họ và tên", "Ngày sinh"),
        [("1", "Nguyễn Thị An", "01/02/1990")],
    )


def test_a_decision_naming_its_list_is_not_signed_without_it(office: Office) -> None:
    document = approved(
        office,
        issuer="president",
        doc_type="quyet_dinh",
        summary="Về việc cho nhập quốc tịch Việt Nam",
        body=NAMING_A_LIST,
    )
    assert drafting.missing_annex(document)
    with pytest.raises(ValidationError, match="danh sách kèm theo"):
        services.send_for_signature(actor=document.drafted_by, document=document)
    document.refresh_from_db()
    assert document.state == "approved" and not document.numbers.exists()  # no number spent on it


def test_the_decision_goes_for_signature_once_its_list_is_uploaded(office: Office) -> None:
    document = draft(
        office,
        issuer="president",
        doc_type="quyet_dinh",
        summary="Về việc cho nhập quốc tịch Việt Nam",
        body=NAMING_A_LIST,
    )
    services.upload_version(
        actor=office.specialist, document=document, upload=SimpleUploadedFile("qd.docx", _with_list(document))
    )
    assert not drafting.missing_annex(document)
    services.submit_for_approval(actor=office.specialist, document=document, reviewers=[office.head])
    services.decide_step(actor=office.head, document=document, approve=True)
    services.decide_step(actor=office.president, document=document, approve=True)
    entry = services.send_for_signature(actor=office.specialist, document=document)
    assert entry.text.endswith("/QĐ-CTN")


def test_an_uploaded_file_naming_its_list_without_one_is_refused_too(office: Office) -> None:
    """The text the form holds may say nothing of a list while the uploaded decision does."""
    document = draft(
        office,
        issuer="president",
        doc_type="quyet_dinh",
        summary="Về việc cho nhập quốc tịch Việt Nam",
        body="",
    )
    values = drafting.context(document) | {"body": NAMING_A_LIST}
    content = layout.render_docx(drafting.template_bytes("quyet_dinh"), values)
    services.upload_version(
        actor=office.specialist, document=document, upload=SimpleUploadedFile("qd.docx", content)
    )
    assert drafting.missing_annex(document)


def test_a_letter_mentioning_a_list_is_not_held_to_it(office: Office) -> None:
    """Only an act (a decision, an order ...) decides on the persons of a list; a letter may mention one."""
    document = draft(office, body="Danh sách và ý kiến của các cơ quan liên quan gửi kèm theo.")
    assert not drafting.missing_annex(document)
