"""Reading the register line from a scanned incoming document (issue 29): the rules on the text the OCR gives,
tested on generated headings in the national format (Nghị định 30/2020, Phụ lục I), clean and with OCR's
slips. No OCR and no database here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chancery.core.text import fold
from chancery.documents.scanning import generated, ocr, register_line
from chancery.documents.scanning.agencies import Candidate, match_agency
from chancery.documents.scanning.words import lines_from_text

CANDIDATES = [
    Candidate(pk, name, abbreviation) for pk, (name, abbreviation) in enumerate(generated.AGENCIES, 1)
]
PK_OF = {name: pk for pk, (name, _abbreviation) in enumerate(generated.AGENCIES, 1)}

specimens = st.builds(
    generated.specimen,
    agency=st.integers(0, len(generated.AGENCIES) - 1),
    number=st.integers(1, 9999),
    issued_on=st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)),
    kind=st.sampled_from((*generated.KINDS, "giay_moi", "chi_thi", "nghi_quyet")),
    topic=st.integers(0, 50),
    signer=st.tuples(st.integers(0, 20), st.integers(0, 20), st.integers(0, 20)),
    title=st.integers(0, 10),
    urgency=st.integers(0, 3),
    secrecy=st.integers(0, 3),
    unit=st.integers(0, 10),
    place=st.integers(0, 10),
)
noises = st.builds(
    generated.Noise,
    accents=st.booleans(),
    number_word=st.sampled_from(["Số", "S6", "Sô", "So", "S0", "SỐ", "Sỏ"]),
    zero=st.booleans(),
    type_accent=st.booleans(),
    broken=st.booleans(),
)


CLEAN = generated.Noise()


def read(spec: generated.Specimen, noise: generated.Noise = CLEAN) -> register_line.Proposal:
    return register_line.propose(lines_from_text(generated.as_text(spec, noise)), CANDIDATES)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specimens)
def test_a_clean_heading_gives_every_field_exactly(spec: generated.Specimen) -> None:
    proposal = read(spec)
    assert proposal.value("number") == spec.number
    assert proposal.value("symbol") == spec.symbol
    assert proposal.value("reference") == spec.reference
    assert proposal.value("issued_on") == spec.issued_on
    assert proposal.value("doc_type") == spec.doc_type
    assert proposal.value("summary") == spec.summary
    assert proposal.value("signer") == spec.signer
    assert proposal.value("urgency") == spec.urgency
    assert proposal.value("secrecy") == spec.secrecy
    assert proposal.value("sender") == PK_OF[spec.agency]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specimens, noises)
def test_the_slips_of_ocr_are_forgiven(spec: generated.Specimen, noise: generated.Noise) -> None:
    """Missing diacritics, "S6" for "Số", "O" for 0, "QD" for "QĐ", lines broken: the number, symbol, date,
    type, marks and sender still exactly right; the summary and the signer right but for the diacritics."""
    proposal = read(spec, noise)
    assert proposal.value("number") == spec.number
    assert proposal.value("symbol") == spec.symbol
    assert proposal.value("issued_on") == spec.issued_on
    assert proposal.value("doc_type") == spec.doc_type
    assert fold(proposal.value("summary")) == fold(spec.summary)
    assert fold(proposal.value("signer")) == fold(spec.signer)
    assert proposal.value("urgency") == spec.urgency
    assert proposal.value("secrecy") == spec.secrecy
    assert proposal.value("sender") == PK_OF[spec.agency]


@settings(max_examples=50, deadline=None)
@given(specimens)
def test_each_field_says_where_it_was_read_and_how_sure(spec: generated.Specimen) -> None:
    proposal = read(spec)
    for name in ("number", "symbol", "issued_on", "doc_type", "summary", "signer", "sender"):
        field = proposal[name]
        assert field.box is not None and field.box.page == 1 and field.box.w > 0 and field.box.h > 0, name
        assert 0 < field.confidence <= 1, name
        assert field.text, name
    number, signer = proposal["number"].box, proposal["signer"].box
    assert number is not None and signer is not None
    assert number.y < signer.y and number.x < signer.x  # top left, bottom right
    as_dict = proposal.as_dict()
    assert as_dict["issued_on"]["value"] == spec.issued_on.isoformat()
    assert set(as_dict["number"]["box"]) == {"page", "x", "y", "w", "h"}


def heading(date_line: str, number_line: str = "Số: 12/QĐ-BNV") -> str:
    gap = generated.GAP
    return (
        f"BỘ NỘI VỤ{gap}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        f"{number_line}{gap}Độc lập - Tự do - Hạnh phúc\n"
        f"{gap}{date_line}\nQUYẾT ĐỊNH\nVề việc khen thưởng\n\nCăn cứ Luật;\n"
    )


def test_an_impossible_date_is_not_proposed() -> None:
    for written in ("ngày 31 tháng 02 năm 2025", "ngày 30 tháng 13 năm 2025", "ngày 00 tháng 05 năm 2025"):
        proposal = register_line.propose(lines_from_text(heading(f"Hà Nội, {written}")))
        assert proposal.value("issued_on") is None, written
        assert proposal["issued_on"].note.startswith("ngày không có thật"), written
        assert proposal["issued_on"].text  # what was read is kept for the clerk
    far = register_line.propose(lines_from_text(heading("Hà Nội, ngày 05 tháng 03 năm 1890")))
    assert far.value("issued_on") is None and "năm" in far["issued_on"].note


def test_the_date_is_read_with_a_month_without_its_leading_zero() -> None:
    proposal = register_line.propose(lines_from_text(heading("Hà Nội, ngày 5 tháng 3 năm 2025")))
    assert proposal.value("issued_on") == dt.date(2025, 3, 5)


def test_a_number_cited_in_the_text_is_not_the_documents_number() -> None:
    text = heading("Hà Nội, ngày 05 tháng 03 năm 2025", number_line="Số: 07/QĐ-BNV").replace(
        "Căn cứ Luật;", "Căn cứ Tờ trình số 5123/TTr-BTC;"
    )
    proposal = register_line.propose(lines_from_text(text))
    assert proposal.value("reference") == "07/QĐ-BNV"


def test_a_legal_normative_document_keeps_its_year_in_the_reference() -> None:
    text = heading("Hà Nội, ngày 05 tháng 03 năm 2025", number_line="Số: 05/2025/QĐ-BNV")
    proposal = register_line.propose(lines_from_text(text))
    assert proposal.value("number") == "05"
    assert proposal.value("symbol") == "QĐ-BNV"
    assert proposal.value("reference") == "05/2025/QĐ-BNV"


def test_the_letters_ocr_doubles_or_mistakes_in_a_symbol_are_put_right_by_the_title() -> None:
    gap = generated.GAP
    for printed, meant in (("TTIr-BNV", "TTr-BNV"), ("TIr-BNV", "TTr-BNV"), ("TTR-BNV", "TTr-BNV")):
        text = (
            f"BỘ NỘI VỤ{gap}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 17/{printed}\n"
            f"{gap}Hà Nội, ngày 05 tháng 03 năm 2025\nTỜ TRÌNH\nVề việc khen thưởng\n"
        )
        assert register_line.propose(lines_from_text(text)).value("symbol") == meant, printed
    text = heading("Hà Nội, ngày 05 tháng 03 năm 2025", number_line="Số: 7021/QĐÐ-BQP")  # Ð, the eth
    assert register_line.propose(lines_from_text(text)).value("reference") == "7021/QĐ-BQP"


def test_a_speck_of_the_seal_by_the_signers_name_is_not_part_of_it() -> None:
    text = heading("Hà Nội, ngày 05 tháng 03 năm 2025") + f"Nơi nhận:{generated.GAP}BỘ TRƯỞNG\n\n"
    text += f"{generated.GAP}Phạm: Thị An."
    assert register_line.propose(lines_from_text(text)).value("signer") == "Phạm Thị An"


def test_the_front_of_an_agency_is_no_secrecy_mark() -> None:
    gap = generated.GAP
    text = (
        f"ỦY BAN TRUNG ƯƠNG{gap}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        f"MẶT TRẬN TỔ QUỐC VIỆT NAM{gap}Độc lập - Tự do - Hạnh phúc\n"
        f"Số: 12/MTTW-BTT{gap}Hà Nội, ngày 05 tháng 03 năm 2025\nV/v góp ý dự thảo\nKính gửi: Văn phòng\n"
    )
    proposal = register_line.propose(lines_from_text(text))
    assert proposal.value("secrecy") == 0
    assert proposal.value("doc_type") == "cong_van"
    assert proposal.value("summary") == "góp ý dự thảo"
    assert proposal["sender"].text == "ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM"
    assert proposal.value("sender") is None  # no such agency in the list: the name as read, for the clerk


def matched(*read: str) -> int | None:
    found = match_agency(list(read), CANDIDATES)
    return found.pk if found is not None else None


def test_the_agency_is_matched_folded_and_forgiving() -> None:
    nghe_an = PK_OF["Ủy ban nhân dân tỉnh Nghệ An"]
    assert matched("BO NOI VU") == PK_OF["Bộ Nội vụ"]
    assert matched("ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN") == nghe_an
    assert matched("UY BAN NHAN DAN", "TINH NGHE AN") == nghe_an
    assert matched("BỘ TU PHAP") == PK_OF["Bộ Tư pháp"]
    assert matched("BỘ TƯ PHÁP.") == PK_OF["Bộ Tư pháp"]
    assert matched("CÔNG TY TNHH ABC") is None


def test_nothing_read_proposes_nothing() -> None:
    proposal = register_line.propose([])
    assert all(value["value"] is None for value in proposal.as_dict().values())
    proposal = register_line.propose(lines_from_text("một dòng chữ không có gì"))
    assert proposal.value("number") is None and proposal.value("issued_on") is None


def test_the_baseline_reads_only_what_is_printed_cleanly() -> None:
    from bench.scanning import naive

    clean = "Số: 12/QĐ-BNV\nHà Nội, ngày 05 tháng 03 năm 2025"
    assert naive(clean) == {
        "number": "12",
        "symbol": "QĐ-BNV",
        "issued_on": dt.date(2025, 3, 5),
    }
    assert naive("S6: 12/QĐ-BNV\nngay 05 thang 03 nam 2025")["number"] is None


def test_a_scan_is_split_into_documents_at_its_blank_pages() -> None:
    assert ocr.split_at_blank_pages([False, False, True, False, True, True, False]) == [[0, 1], [3], [6]]
    assert ocr.split_at_blank_pages([True, False, True]) == [[1]]
    assert ocr.split_at_blank_pages([True, True]) == []
    assert ocr.split_at_blank_pages([]) == []


def test_a_blank_page_has_no_ink_and_a_red_stamp_fades() -> None:
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (400, 560), "white")
    assert ocr.ink(ocr.without_red(page)) < ocr.BLANK_INK
    ImageDraw.Draw(page).ellipse((100, 100, 300, 300), outline=(200, 20, 30), width=12)
    assert ocr.ink(ocr.without_red(page)) < ocr.BLANK_INK  # only red: nothing to read
    ImageDraw.Draw(page).rectangle((40, 40, 360, 80), fill="black")
    assert ocr.ink(ocr.without_red(page)) > ocr.BLANK_INK


def _sheet_page() -> Any:
    """The printed separator sheet, as the scanner gives it back (rasterised at 200 dpi)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(ocr.separator_sheet())
    try:
        return document[0].render(scale=200 / 72).to_pil().convert("RGB")
    finally:
        document.close()


def test_the_separator_sheet_separates_and_another_barcode_does_not(settings) -> None:
    """Issue 29: several documents in one scan are split at blank pages or at barcode separator sheets."""
    import numpy as np
    import zxingcpp
    from PIL import Image

    sheet = _sheet_page()
    assert ocr.is_separator(ocr.without_red(sheet))
    page = ocr.read_page(sheet, 2, dpi=200)  # never sent to the OCR: a separator, blank for the split
    assert page.separator and page.blank and page.as_dict()["separator"] is True
    other = Image.new("L", sheet.size, 255)
    code = Image.fromarray(np.asarray(zxingcpp.write_barcode(zxingcpp.BarcodeFormat.QRCode, "HS-2026-0042")))
    other.paste(code.resize((400, 400)), (600, 800))
    assert not ocr.is_separator(other)  # a document's own barcode is no separator
    settings.CHANCERY_SCAN_SEPARATORS = ("HS-2026-0042",)  # the office's scanners' own sheets
    assert ocr.is_separator(other) and not ocr.is_separator(ocr.without_red(sheet))
