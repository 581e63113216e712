"""The file kept with a document registered from a scan: its pages as a searchable PDF/A (ISO 19005-2, the
archival PDF), the scan's images with an invisible text layer read by Tesseract's Vietnamese model, made by
OCRmyPDF (PyPI `ocrmypdf`, with Debian's `ghostscript` for the PDF/A conversion and `tesseract-ocr-vie`).
A reader finds its words with the PDF viewer's search and copies them; the archive keeps a format made to
last.

Every page is read again (`force_ocr`): a scan's pages are images, and a PDF that arrives with a text layer
of its own (a scanner's) has it replaced by one read the same way as every other. Debian 12's Ghostscript
10.0.0 corrupts the text of pages kept as they are (`skip_text`), which OCRmyPDF refuses for that reason."""

from __future__ import annotations

import io
import logging
import shutil

from chancery.documents.scanning import ocr

log = logging.getLogger(__name__)


def available() -> bool:
    """Whether this server can write searchable PDF/A: OCRmyPDF, Tesseract with Vietnamese and Ghostscript."""
    try:
        import ocrmypdf  # noqa: F401
    except ImportError:
        return False
    return shutil.which("gs") is not None and ocr.tesseract_available()


def pdf_a(pdf: bytes) -> bytes | None:
    """`pdf` (a scan's pages) as a searchable PDF/A, or None when it cannot be made here (the caller keeps
    the scan's own pages: nothing is lost, only the text layer)."""
    if not available():
        return None
    import ocrmypdf

    out = io.BytesIO()
    try:
        ocrmypdf.ocr(
            io.BytesIO(pdf),
            out,
            language=[ocr.LANGUAGE],
            output_type="pdfa-2",
            force_ocr=True,
            jobs=1,
            optimize=0,
            progress_bar=False,
        )
    except Exception:  # any failure of the external tools leaves the scan's own pages as the file
        log.warning("searchable PDF/A not made", exc_info=True)
        return None
    return out.getvalue()
