"""The signature as the law shows it (Nghị định 30/2020/NĐ-CP Phụ lục I): where the signer's signature and
the seal stand on the page, what the signed PDF shows, and what pdfsig reads back."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Sequence
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chancery.documents import layout, services, signing
from chancery.documents.models import DraftVersion, NumberStatus
from chancery.documents.tests.factories import (
    PDF,
    Office,
    _pdf,
    approved,
    draft,
)
from chancery.documents.tests.test_signing import signed_copy

pytestmark = [pytest.mark.django_db]


# --- the signature as the law shows it (Nghị định 30/2020/NĐ-CP Phụ lục I) --------------------------------------


def pdf_text(content: bytes, tmp_path) -> str:
    """The text poppler reads on the pages, signatures' appearances included, with its spaces folded."""
    path = tmp_path / "signed.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def pdfsig(content: bytes, tmp_path) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout


poppler = pytest.mark.skipif(
    not (shutil.which("pdfsig") and shutil.which("pdftotext")),
    reason="poppler-utils is not installed (.ci/run installs it)",
)


def awaiting_signature(office: Office):
    document = approved(office)
    services.send_for_signature(actor=office.specialist, document=document)
    return document


@poppler
def test_the_signer_signs_in_the_signature_block_then_the_offices_seal_covers_its_left_third(
    office: Office, tmp_path
) -> None:
    document = services.issue_document(actor=office.leader, document=awaiting_signature(office))
    content = signed_copy(document)
    shown = signing.visible_signatures(content)  # the last page's signature fields, in order
    assert [name for name, _box in shown] == ["NguoiKy1", "VPCTN2"]
    (sx0, sy0, sx1, sy1), (ox0, oy0, ox1, oy1) = (box for _name, box in shown)
    assert sx1 > sx0 and sy1 > sy0 and ox1 > ox0 and oy1 > oy0  # visible, not /Rect [0 0 0 0]
    assert ox0 < sx0 < ox1 <= sx0 + (sx1 - sx0) / 2  # the seal over the left of the signer's signature
    assert sy0 < (oy0 + oy1) / 2 < sy1
    signer, seal = signing.check(content)
    assert signer.is_good and seal.is_good
    assert signer.signer == f"{office.leader.full_name} (thử nghiệm)"
    assert seal.signer == "Văn phòng Chủ tịch nước (thử nghiệm)"
    assert signer.signed_at is not None and seal.signed_at is not None
    assert signer.signed_at <= seal.signed_at
    report = pdfsig(content, tmp_path)
    assert report.count("Signature Validation: Signature is Valid.") == 2, report
    assert re.findall(r"Signature Field Name: (\S+)", report) == ["NguoiKy1", "VPCTN2"]
    text = pdf_text(content, tmp_path)
    here = signer.signed_at.astimezone(signing.VIETNAM)
    assert (
        f"{office.leader.full_name} {office.leader.position} Thời gian ký: {here:%d/%m/%Y %H:%M:%S} +07:00"
        in text
    )
    assert "Văn phòng Chủ tịch nước Thời gian ký:" in text


@poppler
def test_the_signing_times_on_the_page_are_vietnams(office: Office, tmp_path) -> None:
    at = dt.datetime(2026, 12, 5, 9, 30, tzinfo=dt.UTC)
    signed = signing.sign_as_signer(
        PDF,
        signer=signing.signer_for(office.leader),
        name=office.leader.full_name,
        title="Chủ nhiệm",
        reason="Ký",
        at=at,
    )
    sealed = signing.sign(signed, reason="Ban hành", at=at + dt.timedelta(seconds=5))
    text = pdf_text(sealed, tmp_path)
    assert "Chủ nhiệm Thời gian ký: 05/12/2026 16:30:00 +07:00" in text
    assert "Văn phòng Chủ tịch nước Thời gian ký: 05/12/2026 16:30:05 +07:00" in text
    assert [c.signed_at for c in signing.check(sealed)] == [at, at + dt.timedelta(seconds=5)]
    assert pdfsig(sealed, tmp_path).count("Signature is Valid.") == 2


def _issued_with_the_offices_certificate_only(settings, tmp_path, actor, document) -> list[str]:
    """What issuing `document` is refused with when the Office's certificate is a PKCS#12 file and no test
    certificate stands in for anything else."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    folder = settings.VAR_DIR / "signing"
    signing.identity()  # the Office keeps its certificate, as a PKCS#12 file
    key = serialization.load_pem_private_key((folder / "test-signer.key").read_bytes(), None)
    cert = x509.load_pem_x509_certificate((folder / "test-signer.pem").read_bytes())
    office_p12 = tmp_path / "office.p12"
    office_p12.write_bytes(
        pkcs12.serialize_key_and_certificates(b"VPCTN", key, cert, None, serialization.NoEncryption())  # type: ignore[arg-type]
    )
    signing.forget()
    settings.CHANCERY_SIGNING_PKCS12 = str(office_p12)
    settings.CHANCERY_SIGNING_TEST_CERTIFICATE = False
    try:
        with pytest.raises(ValidationError) as refused:
            services.issue_document(actor=actor, document=document)
    finally:
        signing.forget()
        settings.CHANCERY_SIGNING_PKCS12 = ""
        settings.CHANCERY_SIGNING_TEST_CERTIFICATE = True
    return refused.value.messages


def test_a_signer_without_a_certificate_issues_nothing(office: Office, settings, tmp_path) -> None:
    document = awaiting_signature(office)
    refused = _issued_with_the_offices_certificate_only(settings, tmp_path, office.leader, document)
    assert office.leader.full_name in " ".join(refused)
    assert_not_issued(document)


@poppler
def test_what_is_issued_in_the_presidents_name_carries_the_presidents_seal_not_the_offices(
    office: Office, tmp_path
) -> None:
    """The examiner of issue 26: a President's decision was sealed with the Office's seal and certificate."""
    document = services.issue_document(
        actor=office.president,
        document=awaiting_signature_of(office, issuer="president", doc_type="quyet_dinh"),
    )
    content = signed_copy(document)
    assert [name for name, _box in signing.visible_signatures(content)] == ["NguoiKy1", "DauCTN2"]
    signer, seal = signing.check(content)
    assert signer.is_good and seal.is_good
    assert seal.signer == "Chủ tịch nước (thử nghiệm)"
    by_the_office = services.issue_document(actor=office.leader, document=awaiting_signature(office))
    office_seal = signing.check(signed_copy(by_the_office))[1]
    assert seal.certificate_sha256 and seal.certificate_sha256 != office_seal.certificate_sha256
    text = pdf_text(content, tmp_path)
    assert "Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam Thời gian ký:" in text
    assert "Văn phòng Chủ tịch nước Thời gian ký:" not in text


def test_without_the_presidents_seal_a_presidents_document_is_not_sealed_with_the_offices(
    office: Office, settings, tmp_path
) -> None:
    # the President signs with their own key, which the test authority issued while test certificates were on
    document = awaiting_signature_of(office, issuer="president", doc_type="quyet_dinh")
    president_key = signing.signer_for(office.president)
    settings.CHANCERY_REMOTE_SIGNER = lambda user: president_key if user == office.president else None
    refused = _issued_with_the_offices_certificate_only(settings, tmp_path, office.president, document)
    assert "CHANCERY_PRESIDENT_SIGNING_PKCS12" in " ".join(refused)
    assert_not_issued(document)


def awaiting_signature_of(office: Office, **overrides: Any):
    document = approved(office, **overrides)
    services.send_for_signature(actor=office.specialist, document=document)
    return document


def assert_not_issued(document) -> None:
    document.refresh_from_db()
    assert document.state == "signing"
    assert document.numbers.get().status == NumberStatus.RESERVED
    assert not DraftVersion.objects.filter(document=document, is_signed=True).exists()


class Phone:
    """A double of a remote signing service (VNPT SmartCA, Viettel MySign): it receives the hash, the
    signer approves or declines on their phone, it returns the signature."""

    asks_the_signer = True

    def __init__(self, key: signing.Pkcs12Signer, *, approves: bool) -> None:
        self.key, self.approves = key, approves
        self.asked: list[tuple[bytes, str]] = []

    def certificate(self) -> Any:
        return self.key.certificate()

    def chain(self) -> Sequence[Any]:
        return self.key.chain()

    def sign_hash(self, digest: bytes, *, algorithm: str, description: str) -> bytes:
        self.asked.append((digest, description))
        if not self.approves:
            raise signing.SigningDeclined("Người ký đã từ chối trên điện thoại")
        return self.key.sign_hash(digest, algorithm=algorithm, description=description)


def test_a_clerk_cannot_sign_with_the_signers_key_kept_on_the_server(office: Office) -> None:
    """The examiner of issue 30: the clerk issued an unrelated PDF signed with the leader's own key, and an
    unsigned document with it, without the leader acting. A key on the server asks nobody: only its owner."""
    document = awaiting_signature(office)
    for upload in (None, _pdf("Bo nhiem ong Nguyen Van A")):
        with pytest.raises(ValidationError, match="chữ ký số"):
            services.issue_document(actor=office.clerk, document=document, signed_file=upload)
    assert_not_issued(document)
    issued = services.issue_document(actor=office.leader, document=document)  # the signer himself
    assert issued.state == "issued"


def test_the_remote_signing_service_is_asked_once_with_the_hash(office: Office, settings) -> None:
    phone = Phone(signing._test_signer(office.leader), approves=True)
    settings.CHANCERY_REMOTE_SIGNER = lambda user: phone if user == office.leader else None
    document = services.issue_document(actor=office.clerk, document=awaiting_signature(office))
    [(digest, description)] = phone.asked
    assert len(digest) == 32
    assert description.startswith("Ký văn bản số ")
    signer, seal = signing.check(signed_copy(document))
    assert signer.is_good and seal.is_good


def test_a_signer_who_declines_on_the_phone_issues_nothing(office: Office, settings) -> None:
    phone = Phone(signing._test_signer(office.leader), approves=False)
    settings.CHANCERY_REMOTE_SIGNER = lambda user: phone
    document = awaiting_signature(office)
    with pytest.raises(ValidationError) as refused:
        services.issue_document(actor=office.leader, document=document)
    message = " ".join(refused.value.messages)
    assert office.leader.full_name in message
    assert "Người ký đã từ chối trên điện thoại" in message
    assert_not_issued(document)


def test_the_lines_typed_in_a_draft_stay_lines(office: Office) -> None:
    """Found by the examiner of issue 30: 'Nơi nhận', 'Kính gửi' and the body lost their line breaks (every
    run of white space was made one space), so the PDF printed '- - Như trên; - Lưu: VT, TH.' on one line."""
    from chancery.documents.tests.factories import draft

    document = draft(
        office,
        addressee="Bộ Tư pháp;\r\nBộ Ngoại giao",
        body="Đoạn một,  dòng một.\nDòng hai.\n\n\n\nĐoạn hai.",
        copies_to="- Như trên;\n- Lưu: VT, TH.\n",
    )
    assert document.addressee == "Bộ Tư pháp;\nBộ Ngoại giao"
    assert document.body == "Đoạn một, dòng một.\nDòng hai.\n\nĐoạn hai."
    assert document.copies == ["Như trên;", "Lưu: VT, TH."]


def drawn_up_as_a_file(office: Office):
    """A draft a module drew up as a DOCX (a decision), approved and awaiting signature."""
    from chancery.documents import layout
    from chancery.documents.tests.factories import draft_data
    from chancery.documents.tests.test_layout import values

    decision = layout.render_docx(
        layout.default_template(),
        values(signer_title="CHỦ NHIỆM", signer_name=office.leader.full_name, number="Số:      /VPCTN-TH"),
    )
    document = services.draft_from_file(
        actor=office.specialist, data=draft_data(office, body=""), content=decision, name="quyet-dinh.docx"
    )
    services.submit_for_approval(actor=office.specialist, document=document, reviewers=[office.head])
    services.decide_step(actor=office.head, document=document, approve=True)
    services.decide_step(actor=office.leader, document=document, approve=True)
    services.send_for_signature(actor=office.specialist, document=document)
    return document


@poppler
@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None, reason="no LibreOffice"
)
def test_a_document_drawn_up_as_a_file_is_issued_as_that_file_not_the_empty_template(
    office: Office, tmp_path
) -> None:
    """The examiner of issue 30: a President's decision issued without an upload carried its title alone."""
    document = services.issue_document(actor=office.leader, document=drawn_up_as_a_file(office))
    content = signed_copy(document)
    assert "Điều 1. Tặng thưởng Huân chương Lao động hạng Ba" in pdf_text(content, tmp_path)
    assert pdfsig(content, tmp_path).count("Signature Validation: Signature is Valid.") == 2


@poppler
@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None, reason="no LibreOffice"
)
def test_a_typed_draft_edited_in_a_word_processor_is_issued_as_edited(office: Office, tmp_path) -> None:
    """The examiner of issue 30: the typed text was issued although an edited file had been approved."""

    from chancery.documents.tests.test_layout import values

    document = draft(office)  # typed: version 1 made from the template
    edited = layout.render_docx(
        layout.default_template(),
        values(
            body="Nội dung đã chỉnh sửa trong Word: đồng ý đề nghị.",
            signer_title="CHỦ NHIỆM",
            number="Số:      /VPCTN-TH",
        ),
    )
    services.upload_version(
        actor=office.specialist, document=document, upload=SimpleUploadedFile("sua.docx", edited)
    )
    services.submit_for_approval(actor=office.specialist, document=document, reviewers=[office.head])
    services.decide_step(actor=office.head, document=document, approve=True)
    services.decide_step(actor=office.leader, document=document, approve=True)
    services.send_for_signature(actor=office.specialist, document=document)
    text = pdf_text(signed_copy(services.issue_document(actor=office.leader, document=document)), tmp_path)
    assert "chỉnh sửa trong Word" in text and "5123/BNV" not in text
    typed = approved(office)  # never edited: printed from what was typed
    services.send_for_signature(actor=office.specialist, document=typed)
    issued = services.issue_document(actor=office.leader, document=typed)
    assert "5123/BNV" in pdf_text(signed_copy(issued), tmp_path)


def test_without_libreoffice_a_document_drawn_up_as_a_file_asks_for_its_pdf(
    office: Office, monkeypatch
) -> None:
    from chancery.documents import drafting

    monkeypatch.setattr(drafting, "office_suite", lambda: None)
    document = drawn_up_as_a_file(office)
    with pytest.raises(ValidationError, match="tải lên bản PDF"):
        services.issue_document(actor=office.leader, document=document)
    assert_not_issued(document)


@poppler
def test_a_decision_with_an_annex_is_signed_in_its_signature_block_not_on_the_annex(
    office: Office, tmp_path
) -> None:
    """The examiner of issue 30: the signature and the seal went to the last page, the annex's."""
    from chancery.documents import layout

    pdf = layout.vietnamese_pdf()
    pdf.add_page()
    pdf.set_font("Letter", "B", 13)
    pdf.set_xy(105, 120)
    pdf.multi_cell(90, 6, "CHỦ NHIỆM", align="C")
    pdf.set_xy(105, 150)
    pdf.multi_cell(90, 6, office.leader.full_name, align="C")
    for page in (2, 3):
        pdf.add_page()
        pdf.set_font("Letter", "", 12)
        pdf.multi_cell(0, 6, f"PHỤ LỤC - trang {page}: danh sách tập thể, cá nhân được khen thưởng")
    content = bytes(pdf.output())
    signed = signing.sign_as_signer(
        content,
        signer=signing.signer_for(office.leader),
        name=office.leader.full_name,
        title="Chủ nhiệm",
        reason="Ký",
    )
    sealed = signing.sign(signed, reason="Ban hành")
    assert [(field, page) for field, page, _box in signing.signature_fields(sealed)] == [
        ("NguoiKy1", 0),
        ("VPCTN2", 0),
    ]
    assert pdfsig(sealed, tmp_path).count("Signature Validation: Signature is Valid.") == 2


def _crosses(a: signing.Box, b: signing.Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("specimen_width_mm", [30, 50, 75])
@pytest.mark.parametrize("recipients_reach_mm", [0, 100])
def test_the_seals_words_never_cross_the_signers_signature(
    specimen_width_mm: int, recipients_reach_mm: int
) -> None:
    """The examiner of issue 30: the Office's name and the signing time, set over the seal, ran across the
    signer's strokes. The seal covers the left third of the signature (Phụ lục I); its words go beside it,
    on the left where the page is blank there (else under it), and never over the signature."""
    mm = signing.MM
    signature = (120 * mm, 60 * mm, (120 + specimen_width_mm) * mm, 82 * mm)
    # "Nơi nhận" lines on the left, short or reaching into the middle of the page
    texts = (
        [signing._Text("x" * recipients_reach_mm, 30 * mm, 70 * mm, 2 * mm)] if recipients_reach_mm else []
    )
    box, side = signing.seal_place(signature, texts)
    seal_left = signature[0] + (signature[2] - signature[0]) / 3 - signing.SEAL_SIZE
    words = (
        (
            box[0],
            (box[1] + box[3] - signing.INFO_HEIGHT) / 2,
            seal_left,
            (box[1] + box[3] + signing.INFO_HEIGHT) / 2,
        )
        if side == "left"
        else (box[0], box[1], box[0] + signing.INFO_WIDTH, box[1] + signing.INFO_HEIGHT)
    )
    assert side == ("below" if recipients_reach_mm else "left")
    assert not _crosses(words, signature)
    assert not any(signing._overlaps(words, [t]) for t in texts)
    assert box[2] == pytest.approx(signature[0] + (signature[2] - signature[0]) / 3)  # over the left third


def _decision_pdf(
    name: str, annex_pages: int, *, name_in_annex: bool, name_on_next_page: bool = False
) -> bytes:
    from chancery.documents import layout

    pdf = layout.vietnamese_pdf()
    pdf.add_page()
    pdf.set_font("Letter", "", 12)
    pdf.set_xy(20, 230)
    pdf.multi_cell(80, 6, "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.")
    pdf.set_font("Letter", "B", 13)
    pdf.set_xy(105, 230)
    pdf.multi_cell(90, 6, "CHỦ NHIỆM", align="C")
    if name_on_next_page:  # the block split: its name at the top of the next page
        pdf.add_page()
    pdf.set_xy(105, 40 if name_on_next_page else 265)
    pdf.multi_cell(90, 6, name, align="C")
    for page in range(annex_pages):
        pdf.add_page()
        pdf.set_font("Letter", "", 12)
        row = name if name_in_annex and page == annex_pages - 1 else "Nguyễn Văn An"
        pdf.multi_cell(0, 6, f"PHỤ LỤC - trang {page + 2}\n1. {row} - Trường THPT Chu Văn An")
    return bytes(pdf.output())


def test_the_signature_goes_to_the_block_beside_noi_nhan_however_long_the_annex() -> None:
    """The examiner of issue 30: a 39-page decision was signed on its last annex page (only 30 pages from
    the end were searched), and an annex row with the signer's name took the signature."""
    name = "Lê Khánh Hải"
    assert signing.signature_page(_decision_pdf(name, 38, name_in_annex=False), name) == 0
    assert signing.signature_page(_decision_pdf(name, 3, name_in_annex=True), name) == 0
    assert (
        signing.signature_page(_decision_pdf(name, 2, name_in_annex=False, name_on_next_page=True), name) == 1
    )


def _block_pdf(name: str, recipients: int) -> bytes:
    """One page: "Nơi nhận" with `recipients` lines on the left, the block (title, then the name 35 mm
    lower) on the right, as Phụ lục I sets them."""
    from chancery.documents import layout

    pdf = layout.vietnamese_pdf()
    pdf.add_page()
    pdf.set_font("Letter", "", 11)
    pdf.set_xy(20, 200)
    lines = ["Nơi nhận:"] + [f"- Bộ, ngành số {n};" for n in range(1, recipients + 1)] + ["- Lưu: VT, TH."]
    pdf.multi_cell(80, 5, "\n".join(lines))
    pdf.set_font("Letter", "B", 13)
    pdf.set_xy(110, 200)
    pdf.multi_cell(85, 6, "KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM", align="C")
    pdf.set_xy(110, 247)
    pdf.multi_cell(85, 6, name, align="C")
    return bytes(pdf.output())


@pytest.mark.parametrize("recipients", [2, 9, 14])
def test_a_long_noi_nhan_does_not_push_the_signature_onto_the_name(recipients: int) -> None:
    """The examiner of issue 30: with a long "Nơi nhận" on the left, the lines beside the block were taken
    for the block's title and the signature fell on the printed name. Only the block's own column counts."""
    name = "Phạm Thanh Hà"
    content = _block_pdf(name, recipients)
    box = signing.signature_place(content, name)
    _width, _height, texts = signing._page(content)
    block = [t for t in texts if t.x > 100 * signing.MM]
    named = min((t for t in block if name in t.text), key=lambda t: t.y)
    title = min((t for t in block if "PHÓ CHỦ NHIỆM" in t.text), key=lambda t: t.y)
    assert box[1] >= named.y + 0.5 * named.size  # above the name
    assert box[3] <= title.y  # below the title
    assert box[3] - box[1] >= 16 * signing.MM  # the room between them, not a squeezed strip


def test_a_longer_name_containing_the_signers_is_not_the_signer() -> None:
    """A name is matched as whole words: "Lê Văn An" is not found in "Lê Văn Anh" nor "Phạm Thanh Hà" in
    "Nguyễn Phạm Thanh Hàn"."""
    assert signing._names("Phạm Thanh Hà", signing._fold("Phạm Thanh Hà"))
    assert signing._names("PHẠM THANH HÀ", signing._fold("Phạm Thanh Hà"))
    for other in ("Nguyễn Phạm Thanh Hàn", "Phạm Thanh Hải"):
        assert not signing._names(other, signing._fold("Phạm Thanh Hà"))
    assert not signing._names("Lê Văn Anh", signing._fold("Lê Văn An"))
