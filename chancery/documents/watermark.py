"""Watermarks on the copies of secret documents a person downloads or prints: the person's name, the time and
the secrecy level across every page, so that a copy found where it should not be names whose copy it was
(Luật Bảo vệ bí mật nhà nước: copying and printing a state secret is allowed only to those permitted, and
every copy must be traceable). The stored original is never changed; each download is a new marked copy.

PDF: a diagonal mark and a footer line drawn on each page (pypdf merges a page drawn with fpdf2). DOCX: the
same line in every section's header and footer. Scans and photos: put on a PDF page, then marked.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core.models import SecrecyLevel
from chancery.core.text import fold
from chancery.documents import layout

MARKS: dict[int, str] = {
    SecrecyLevel.CONFIDENTIAL: "MẬT",
    SecrecyLevel.SECRET: "TỐI MẬT",
    SecrecyLevel.TOP_SECRET: "TUYỆT MẬT",
}


@dataclass(frozen=True)
class Copy:
    """Whose copy: written on every page."""

    viewer: str
    username: str
    secrecy: int
    at: datetime

    @property
    def line(self) -> str:
        local = timezone.localtime(self.at)
        return (
            f"{MARKS.get(self.secrecy, '')} - Bản của {self.viewer} ({self.username}) - "
            f"{local:%d/%m/%Y %H:%M}"
        )


def _overlay(width: float, height: float, copy: Copy) -> bytes:
    """One transparent page of the given size (points) with the diagonal mark and the footer line."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(width, height))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    font = layout.font_files()
    if font is not None:
        pdf.add_font("Mark", "B", font[1])
        family, big, line = "Mark", MARKS.get(copy.secrecy, ""), copy.line
    else:  # no font with the Vietnamese letters: the same words without the marks
        family, big, line = "helvetica", fold(MARKS.get(copy.secrecy, "")).upper(), fold(copy.line)
    pdf.set_text_color(200, 30, 30)
    with pdf.local_context(fill_opacity=0.18, stroke_opacity=0.18), pdf.rotation(35, width / 2, height / 2):
        pdf.set_font(family, "B", min(width, height) / 6)
        pdf.set_xy(0, height / 2 - 60)
        pdf.cell(width, 60, big, align="C")
        pdf.set_font(family, "B", 14)
        pdf.set_xy(0, height / 2 + 10)
        pdf.cell(width, 20, line, align="C")
    pdf.set_font(family, "B", 8)
    pdf.set_xy(20, height - 22)
    pdf.cell(width - 40, 12, line, align="C")
    return bytes(pdf.output())


def mark_pdf(content: bytes, copy: Copy) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    try:
        # a signed file is marked in an incremental update: its signed bytes stay as they were, so that each
        # signature still checks (intact) on the reader's copy, the mark shown as added after signing
        # (the examiner of issue 30 found both signatures broken on a secret document's copy)
        writer = (
            PdfWriter(io.BytesIO(content), incremental=True)
            if _signed(content)
            else PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
        )
        overlays: dict[tuple[float, float], Any] = {}
        for page in writer.pages:
            size = (float(page.mediabox.width), float(page.mediabox.height))
            if size not in overlays:
                overlays[size] = PdfReader(io.BytesIO(_overlay(*size, copy))).pages[0]
            page.merge_page(overlays[size])
        writer.add_metadata({"/Subject": copy.line})
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ValidationError(_("The file is not a readable PDF: %(error)s") % {"error": error}) from error


def _signed(content: bytes) -> bool:
    from chancery.documents import signing

    try:
        return bool(signing.signature_count(content))
    except Exception:  # not a PDF pyHanko reads: marked as a new file, or refused by pypdf below
        return False


def mark_docx(content: bytes, copy: Copy) -> bytes:
    from docx import Document
    from docx.shared import Pt, RGBColor

    document = Document(io.BytesIO(content))
    for section in document.sections:
        for part in (section.header, section.footer):
            paragraph = part.add_paragraph()
            run = paragraph.add_run(copy.line)
            run.bold, run.font.size, run.font.color.rgb = True, Pt(9), RGBColor(0xC8, 0x1E, 0x1E)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def image_to_pdf(content: bytes) -> bytes:
    """A scan or photo on an A4 page, so that it can be marked like any PDF."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(io.BytesIO(content), x=10, y=10, w=190)
    return bytes(pdf.output())


def marked_copy(content: bytes, name: str, copy: Copy) -> tuple[bytes, str, str]:
    """The marked copy of a stored file: (content, file name, content type)."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    if content.startswith(b"%PDF-"):
        return mark_pdf(content, copy), f"{stem}.pdf", "application/pdf"
    if content.startswith(b"PK\x03\x04"):
        return (
            mark_docx(content, copy),
            f"{stem}.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    return mark_pdf(image_to_pdf(content), copy), f"{stem}.pdf", "application/pdf"
