"""The national format of what the Office writes (NĐ 30/2020 Phụ lục I), as a reader sees it: the title of a
decision centred and bold, one paragraph per line of the text (not lines stretched across a justified
paragraph), no "Kính gửi:" with nobody after it, and the short lines under the issuing body and the motto."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from chancery.appraisal import decision as president
from chancery.core.tests.office_suite import convert, needs_libreoffice
from chancery.documents import layout

DECISION_BODY = "\n".join(
    [
        "QUYẾT ĐỊNH",
        "Về việc tặng thưởng Huân chương Lao động",
        "",
        "CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "",
        "QUYẾT ĐỊNH:",
        "Điều 1. Tặng thưởng Huân chương Lao động hạng Ba cho 12 tập thể và 30 cá nhân có tên trong danh sách kèm "
        "theo, đã có thành tích xuất sắc trong công tác, góp phần vào sự nghiệp xây dựng chủ nghĩa xã hội và "
        "bảo vệ Tổ quốc.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
    ]
)


def values(**overrides: object) -> dict[str, object]:
    return {
        "office": "CHỦ TỊCH NƯỚC",
        "number": "Số:        /QĐ-CTN",
        "subject": "",
        "place_date": "Hà Nội, ngày      tháng      năm 2026",
        "recipient": "",
        "body": DECISION_BODY,
        "closing": "",
        "copies": ["Như Điều 3;", "Lưu: VT, Vụ TĐKT."],
        "signer_title": "CHỦ TỊCH NƯỚC",
        "signer_name": "",
        **overrides,
    }


def test_the_title_and_the_lines_in_capitals_are_headings() -> None:
    blocks = layout.body_blocks(DECISION_BODY)
    headings = [b.text for b in blocks if b.heading]
    assert headings == [
        "QUYẾT ĐỊNH",
        "Về việc tặng thưởng Huân chương Lao động",
        "CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "QUYẾT ĐỊNH:",
    ]
    assert len(blocks) == 8  # blank lines only separate
    report = layout.body_blocks("BÁO CÁO\nTình hình tháng 11\n\nI. TÌNH HÌNH CHUNG\nTrong tháng ...")
    assert [(b.heading, b.centred) for b in report] == [
        (True, True),
        (True, True),
        (True, False),
        (False, False),
    ]
    letter = layout.body_blocks("Văn phòng Chủ tịch nước nhận được Công văn số 5123/BNV-TĐKT.\nĐề nghị ...")
    assert not any(b.heading for b in letter)  # a letter's text has no title


def rendered(**overrides: object) -> DocxDocument:
    return Document(io.BytesIO(layout.render_docx(layout.default_template(), values(**overrides))))


def test_each_line_is_its_own_paragraph_and_the_headings_are_centred_in_bold() -> None:
    document = rendered()
    paragraphs = {p.text: p for p in document.paragraphs}
    for heading in ("QUYẾT ĐỊNH", "CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "QUYẾT ĐỊNH:"):
        assert paragraphs[heading].alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold for run in paragraphs[heading].runs)
    article = next(p for p in document.paragraphs if p.text.startswith("Điều 1."))
    assert article.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert not article._p.findall(".//" + qn("w:br"))  # no line break stretched by justification
    assert not any("\u2063" in p.text for p in document.paragraphs)


def test_kinh_gui_only_when_there_is_someone_to_address() -> None:
    assert not any(p.text.startswith("Kính gửi") for p in rendered().paragraphs)
    addressed = rendered(recipient="Bộ Nội vụ", body="Văn phòng Chủ tịch nước nhận được ...")
    assert [p.text for p in addressed.paragraphs if p.text.startswith("Kính gửi")] == ["Kính gửi: Bộ Nội vụ"]


def test_a_report_names_whom_it_is_sent_to_under_its_title() -> None:
    body = "BÁO CÁO\nKết quả công tác tháng 11\n\nI. TÌNH HÌNH CHUNG\nTrong tháng ..."
    texts = [p.text for p in rendered(recipient="Chủ tịch nước", body=body).paragraphs if p.text.strip()]
    at = texts.index("Kính gửi: Chủ tịch nước")
    assert texts[at - 2 : at] == ["BÁO CÁO", "Kết quả công tác tháng 11"]
    assert texts[at + 1] == "I. TÌNH HÌNH CHUNG"
    letter = [p.text for p in rendered(recipient="Bộ Nội vụ", body="Văn phòng nhận được ...").paragraphs]
    assert letter.index("Kính gửi: Bộ Nội vụ") < letter.index("Văn phòng nhận được ...")


@pytest.mark.parametrize(
    ("name", "set_as"),
    [
        ("VĂN PHÒNG CHỦ TỊCH NƯỚC", "VĂN PHÒNG\nCHỦ TỊCH NƯỚC"),
        ("CHỦ TỊCH NƯỚC", "CHỦ TỊCH NƯỚC"),
        ("ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH", "ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH"),
    ],
)
def test_a_long_issuing_body_is_set_in_two_balanced_lines(name: str, set_as: str) -> None:
    assert layout.balanced(name) == set_as


def test_an_office_template_with_the_text_inside_a_sentence_still_renders() -> None:
    template = Document(io.BytesIO(layout.default_template()))
    template.add_paragraph("Nội dung: {{ body }}")
    out = io.BytesIO()
    template.save(out)
    document = Document(io.BytesIO(layout.render_docx(out.getvalue(), values(body="Dòng một\nDòng hai"))))
    assert any(p.text.startswith("Nội dung: Dòng một") for p in document.paragraphs)


def test_the_header_has_its_short_lines() -> None:
    header = rendered().tables[0]
    ruled = [
        cell
        for row in header.rows
        for cell in row.cells
        if any(p._p.find(".//" + qn("w:pBdr")) is not None for p in cell.paragraphs)
    ]
    assert len(ruled) == 2  # under the issuing body, under the motto


def words(pdf: Path) -> list[tuple[str, float, float, float]]:
    """Each word poppler reads on the first page with its left, right and top, in points."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = []
    for match in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out
    ):
        found.append((match.group(4), float(match.group(1)), float(match.group(3)), float(match.group(2))))
    return found


@needs_libreoffice
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_libreoffice_shows_the_decisions_title_centred_and_its_lines_unstretched(tmp_path: Path) -> None:
    source = tmp_path / "quyet-dinh.docx"
    source.write_bytes(layout.render_docx(layout.default_template(), values()))
    found = words(convert(source, "pdf"))
    text_left, text_right = 30 * 72 / 25.4, (210 - 15) * 72 / 25.4
    title = [w for w in found if w[0] in {"QUYẾT", "ĐỊNH"}][:2]
    assert len(title) == 2
    middle = (title[0][1] + title[1][2]) / 2
    assert abs(middle - (text_left + text_right) / 2) < 6  # centred on the text's width
    # "Điều 2." is a short line: set at its natural spacing, not spread to the right margin
    article = [w for w in found if w[3] == next(x[3] for x in found if x[0] == "2.")]
    assert max(w[2] for w in article) < text_right - 100
    assert not any(w[0].startswith("gửi") for w in found)
    national = next(w for w in found if w[0] == "CỘNG"), next(w for w in found if w[0] == "NAM")
    assert national[0][3] == pytest.approx(national[1][3], abs=1)  # the national title on one line


def _runs_of(pdf: bytes) -> list[tuple[str, float, str]]:
    """(text, font size, font) of each piece of text pypdf reads on the first page."""
    from pypdf import PdfReader

    found: list[tuple[str, float, str]] = []

    def visit(text: str, cm: object, tm: list[float], font: dict | None, size: float) -> None:
        if text.strip():
            scale = abs(tm[0]) if tm and tm[0] else 1
            found.append((text.strip(), round(size * scale, 1), str((font or {}).get("/BaseFont", ""))))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return found


def test_the_pdf_sets_each_part_in_the_size_and_style_phu_luc_i_gives_it() -> None:
    runs = _runs_of(layout.render_pdf(values(signer_name="Lương Cường")))

    def run(starting: str) -> tuple[str, float, str]:
        return next(r for r in runs if r[0].startswith(starting))

    national, motto, place = run("CỘNG HÒA"), run("Độc lập"), run("Hà Nội")
    assert 12 <= national[1] <= 13 and "Bold" in national[2]  # II.1
    assert 13 <= motto[1] <= 14 and "Bold" in motto[2]
    assert 13 <= place[1] <= 14 and "Italic" in place[2]  # II.4
    received = run("Nơi nhận")
    assert received[1] == 12 and "BoldItalic" in received[2]  # II.9
    assert run("- Như Điều 3")[1] == 11
    assert 13 <= run("Lương Cường")[1] <= 14 and "Bold" in run("Lương Cường")[2]  # II.7


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_pdf_indents_a_paragraphs_first_line_and_not_the_next(tmp_path: Path) -> None:
    pdf = tmp_path / "quyet-dinh.pdf"
    pdf.write_bytes(layout.render_pdf(values()))
    found = words(pdf)
    margin = 30 * 72 / 25.4
    first = next(w for w in found if w[0] == "Điều" and w[1] > margin + 5)  # "Điều 1." opens its paragraph
    below = sorted({w[3] for w in found if w[3] > first[3] + 5})[0]  # the paragraph's second line
    left = min(w[1] for w in found if w[3] == below)
    assert left == pytest.approx(margin, abs=4)  # at the margin
    assert first[1] - left == pytest.approx(10 * 72 / 25.4, abs=1)  # the first line one centimetre in


def test_a_summary_has_its_short_line_under_it_and_a_title_alone_has_none() -> None:
    def ruled_after(document: DocxDocument) -> list[str]:
        paragraphs = document.paragraphs
        return [
            paragraphs[i - 1].text
            for i, p in enumerate(paragraphs)
            if i and p._p.find(".//" + qn("w:pBdr")) is not None
        ]

    assert ruled_after(rendered()) == ["Về việc tặng thưởng Huân chương Lao động"]
    alone = Document(
        io.BytesIO(layout.render_docx(layout.default_template(), values(body="BÁO CÁO\n\nNội dung.")))
    )
    assert ruled_after(alone) == []
    length = layout.summary_rule_mm(["Về việc tặng thưởng Huân chương Lao động"])
    assert 1 / 3 <= length / (len("Về việc tặng thưởng Huân chương Lao động") * 2.4) <= 1 / 2


LONG_RECIPIENT = "Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương;"


@pytest.mark.parametrize("paragraphs", [8, 14, 28])
def test_the_signature_block_stays_on_one_page_and_the_recipients_in_their_column(paragraphs: int) -> None:
    """The examiner of issue 30: a typed letter put its signer's title on one page and the name on the next,
    and a long recipient ran under the signature."""
    from pypdf import PdfReader

    from chancery.documents import signing

    if layout.font_files() is None:
        pytest.skip("no font with the Vietnamese letters")
    body = "\n".join(
        f"Đoạn {i}. Văn phòng đề nghị các cơ quan phối hợp thực hiện nhiệm vụ được giao."
        for i in range(paragraphs)
    )
    content = layout.render_pdf(
        values(
            body=body,
            signer_title="KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM",
            signer_name="Phạm Thanh Hà",
            copies=[LONG_RECIPIENT, "Lưu: VT, TH."],
        )
    )
    pages = len(PdfReader(io.BytesIO(content)).pages)
    found = {}
    for index in range(pages):
        for text in signing._page(content, index)[2]:
            for key in ("KT. CHỦ NHIỆM", "Phạm Thanh Hà", "Nơi nhận"):
                if key in text.text:
                    found[key] = index
            if text.text.startswith("- Các Bộ") or "Trung ương" in text.text:
                assert text.x + 0.45 * text.size * len(text.text) < 105 * signing.MM  # left of the block
    assert found["KT. CHỦ NHIỆM"] == found["Phạm Thanh Hà"] == found["Nơi nhận"]


@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None, reason="no LibreOffice"
)
def test_a_decision_keeps_its_signature_block_on_one_page_in_libreoffice(tmp_path: Path) -> None:
    """The examiner of issue 30: the honours decision had "CHỦ TỊCH NƯỚC" at the foot of page 1 and the
    signature and name on page 2."""
    from chancery.documents import drafting, signing

    copies = ["Như Điều 3;", "Ban Tổ chức Trung ương;", "Văn phòng Trung ương Đảng;", "Lưu: VT, Vụ TĐKT."]
    for lines in (36, 37, 38):  # without the rule, the block broke across pages 2 and 3 at these lengths
        body = DECISION_BODY + "\n" + "\n".join(f"Điều {n}. Nội dung điều {n}." for n in range(3, lines))
        rendered = layout.render_docx(
            layout.default_template(), values(body=body, signer_name="Nguyễn Quốc Trung", copies=copies)
        )
        content = drafting.pdf_of_docx(rendered)
        pages = {}
        from pypdf import PdfReader

        for index in range(len(PdfReader(io.BytesIO(content)).pages)):
            for text in signing._page(content, index)[2]:
                if "Nguyễn Quốc Trung" in text.text:
                    pages["name"] = index
                if text.text.strip() == "CHỦ TỊCH NƯỚC" and text.x > 250:
                    pages["title"] = index
        assert pages["name"] == pages["title"], (lines, pages)


def test_a_short_numbered_line_is_a_section_heading_and_a_list_item_is_not() -> None:
    blocks = {
        b.text: b
        for b in layout.body_blocks(
            "BÁO CÁO\nTổng kết\n\nII. KẾT QUẢ\n1. Đặc xá\n- Người được đặc xá: 15.450;\n"
            "2. Chuẩn bị nội dung phục vụ Hội nghị (hạn 18/02/2026)."
        )
    }
    assert blocks["II. KẾT QUẢ"].heading and not blocks["II. KẾT QUẢ"].centred
    assert blocks["1. Đặc xá"].heading and not blocks["1. Đặc xá"].centred
    assert not blocks["- Người được đặc xá: 15.450;"].heading
    assert not blocks["2. Chuẩn bị nội dung phục vụ Hội nghị (hạn 18/02/2026)."].heading


def test_pages_after_the_first_are_numbered_and_an_annex_table_keeps_its_rows_whole() -> None:
    """Phụ lục I: the page number centred in the top margin from the second page; a long annex repeats its
    header row and never cuts a person's row between pages; a full name has room for one line (issue 26's
    examiner: six equal columns, names wrapped, 19 pages without numbers)."""
    document = Document(io.BytesIO(layout.default_template()))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and "PAGE" not in section.first_page_header._element.xml
    header = ("STT", "Họ và tên", "Năm sinh", "Nơi chấp hành án", "Tội danh", "Thời hạn tù")
    rows = [
        (str(i), "Nguyễn Quốc Tâm", "1985", "Trại giam Xuân Lộc", "Trộm cắp tài sản (Điều 173 BLHS)", "2 năm")
        for i in range(1, 51)
    ]
    layout.append_table(document, header, rows)
    table = document.tables[-1]
    assert table.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    assert all(row._tr.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None for row in table.rows[1:])
    widths = [w.mm for w in layout.word._column_widths(header, rows)]
    assert abs(sum(widths) - layout.BODY_WIDTH_MM) < 0.5
    assert widths[1] >= len("Nguyễn Quốc Tâm") * 2.5  # the name on one line
    assert widths[0] < widths[1] and widths[2] < widths[1]  # the number and the year narrow


def test_an_offence_column_is_not_squeezed_by_the_short_columns_beside_it() -> None:
    """The examiner of issue 26: in the amnesty annex the offence got 16 mm (14 lines a person, 64 pages for
    386 people) while the term beside it got 38 mm."""
    header = ("STT", "Họ và tên", "Ngày sinh", "Nơi cư trú", "Tội danh", "Mức án")
    rows = [
        (
            str(i),
            "Nguyễn Thị Phương Thảo",
            "09/01/1965",
            "Thanh Xuân, Hà Nội",
            "Lừa đảo chiếm đoạt tài sản (Điều 174 BLHS); Đánh bạc (Điều 321) BLHS",
            "Chung thân, giảm còn 20 năm",
        )
        for i in range(1, 30)
    ]
    widths = [w.mm for w in layout.word._column_widths(header, rows)]
    assert abs(sum(widths) - layout.BODY_WIDTH_MM) < 0.5
    assert widths[4] >= 35 and widths[4] == max(widths)  # the offence the widest, a few lines at most
    assert widths[2] >= len("09/01/1965") * 2.5  # a date is never broken


def test_the_last_paragraph_goes_with_the_signature_block_to_its_page() -> None:
    """The examiner of issue 26: a report's signature block stood alone at the top of its last page, cut off
    from "Trên đây là báo cáo..."; whatever the body's length, the two share a page."""
    from pypdf import PdfReader

    closing = "Trên đây là báo cáo kết quả công tác tháng của Văn phòng Chủ tịch nước."
    for paragraphs in range(18, 60, 2):
        body = "BÁO CÁO\nKết quả công tác tháng\n\nI. KẾT QUẢ THỰC HIỆN\n" + "\n".join(
            f"Trong tháng, nội dung công việc thứ {n} đã được các Vụ, đơn vị thuộc Văn phòng triển khai thực "
            "hiện theo kế hoạch đề ra, bảo đảm tiến độ và chất lượng."
            for n in range(1, paragraphs // 2)
        )
        pdf = layout.render_pdf(values(body=f"{body}\n{closing}", signer_name="Lê Khánh Hải"))
        pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]
        signed = next(i for i, text in enumerate(pages) if "Lê Khánh Hải" in text)
        assert "Trên đây là báo cáo" in " ".join(pages[signed].split()), paragraphs


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (date(2026, 7, 16), "ngày 16 tháng 7 năm 2026"),
        (date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
        (date(2026, 12, 1), "ngày 01 tháng 12 năm 2026"),
    ],
)
def test_a_cited_document_s_date_is_written_out_as_the_date_line_writes_it(day, written) -> None:
    """Found by the examiner of issue 26: "Tờ trình số … ngày 16/07/2026" in a decision's preamble. A document
    cites another by its number and its date written out, with the date line's leading zeros."""
    assert layout.written_date(day) == written
    assert layout.vietnamese_date(day) == f"Hà Nội, {written}"
    assert president.submission("12/TTr-VPCTN", day) == f"Tờ trình số 12/TTr-VPCTN {written}"


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("(Quyết định số 373/QĐ-CTN ngày 02/05/2023)", "(Quyết định số 373/QĐ-CTN ngày 02 tháng 5 năm 2023)"),
        ("Tờ trình số 12/TTr-BNV ngày 1/2/2026;", "Tờ trình số 12/TTr-BNV ngày 01 tháng 02 năm 2026;"),
        ("số 5/QĐ ngày 31/02/2026", "số 5/QĐ ngày 31/02/2026"),  # no such day: left as written
        ("đã nhận ngày 02/05/2023", "đã nhận ngày 02/05/2023"),  # not a citation
    ],
)
def test_a_text_s_citations_are_written_out(text, written) -> None:
    assert layout.written_citations(text) == written


def test_a_part_of_an_annex_never_begins_at_the_foot_of_a_page() -> None:
    """Found by the examiner of issue 26 on the amnesty's list of 15,450 people: page 552 ended with the
    heading "X. TRẠI GIAM NGỌC LÝ (930 người)" and its rows began on the next page."""
    import pypdf

    parts = [
        (
            f"TRẠI GIAM SỐ {n} ({size} người)",
            [
                (f"Nguyễn Văn {n}-{r}", "01/01/1980", "Hà Nội", "Trộm cắp tài sản", "36 tháng")
                for r in range(size)
            ],
        )
        for n, size in enumerate([3, 7, 11, 5, 9, 13, 2, 17, 4, 8, 6, 12, 10, 1, 15, 3, 9, 7], start=1)
    ]
    values = {
        "office": "CHỦ TỊCH NƯỚC",
        "number": "Số: 1/QĐ-CTN",
        "subject": "",
        "place_date": "Hà Nội, ngày 01 tháng 9 năm 2026",
        "recipient": "",
        "body": "QUYẾT ĐỊNH\nVề việc đặc xá\n\nĐiều 1. Đặc xá cho những người có tên trong danh sách kèm theo.",
        "closing": "",
        "copies": ["Như Điều 3;", "Lưu: VT."],
        "signer_title": "CHỦ TỊCH NƯỚC",
        "signer_name": "Lương Cường",
        "title": "",
    }
    annex = layout.Annex(
        "DANH SÁCH",
        "(Kèm theo Quyết định số 1/QĐ-CTN)",
        ("Họ và tên", "Ngày sinh", "Nơi cư trú", "Tội danh", "Mức án"),
        (),
        parts,
    )
    reader = pypdf.PdfReader(io.BytesIO(layout.render_pdf(values, annex=annex)))
    assert len(reader.pages) > 4
    for page in reader.pages[1:]:
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        assert not re.match(r"^[IVXLC]+\. TRẠI GIAM", lines[-1]), lines[-3:]
