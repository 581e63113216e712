"""The OCR of an incoming scan: its pages rasterised (a PDF with pypdfium2, an image's frames with Pillow),
each read by Tesseract with its Vietnamese model ("vie", Debian's tesseract-ocr-vie) as words with their boxes
(Tesseract's TSV), and the scan split into documents at its blank pages and its separator sheets (a clerk
scans a day's mail in one go with a blank sheet, or a sheet with the office's separator barcode, between two
letters: `separator_sheet` prints it).

A red stamp over the signature is taken out before reading: the page is read in its red channel, where red
ink is as light as the paper and black print stays black."""

from __future__ import annotations

import io
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext

from chancery.documents.scanning.words import Box, Line, TesseractWord, Word, lines_of, normalised

LANGUAGE = "vie"
DPI = 300
MAX_PAGES = 100


def damaged_pdf() -> str:
    return gettext("The PDF file is damaged or protected by a password: it cannot be read.")


def damaged_image() -> str:
    return gettext("The image file is damaged: it cannot be read.")


def too_many_pages() -> str:
    return gettext("The file has more than %(n)s pages: split it into several files.") % {"n": MAX_PAGES}


# a page larger than A3 at 300 dpi is rasterised at a lower resolution (an A0 plan is no letter)
MAX_PAGE_PIXELS = 4961 * 3508
# a page with less ink than this (share of dark pixels) is blank: a separator sheet, a blank back
BLANK_INK = 0.002
# what the office's own separator sheet's barcode says (`separator_sheet`, `is_separator`)
SEPARATOR = "CHANCERY-TACH"
SHEET_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"  # Debian's fonts-dejavu-core


class ScanError(ValueError):
    """The scan cannot be read (damaged, encrypted, too many pages); the message says why, in Vietnamese."""


def tesseract_available() -> bool:
    """Whether the tesseract program and its Vietnamese model are installed."""
    if shutil.which("tesseract") is None:
        return False
    import pytesseract

    try:
        return LANGUAGE in pytesseract.get_languages(config="")
    except Exception:  # a broken installation reads nothing
        return False


@dataclass(frozen=True)
class Page:
    number: int
    width: int
    height: int
    dpi: int
    lines: tuple[Line, ...] = ()
    blank: bool = False
    seconds: float = 0.0
    separator: bool = False  # a separator sheet: its barcode says so (`is_separator`); blank for the split

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "width": self.width,
            "height": self.height,
            "dpi": self.dpi,
            "blank": self.blank,
            "separator": self.separator,
            "text": self.text,
            "lines": [
                {
                    "text": line.text,
                    "box": line.box.as_dict(),
                    "confidence": round(line.confidence, 3),
                }
                for line in self.lines
            ],
        }


@dataclass
class Scan:
    pages: list[Page] = field(default_factory=list)

    @property
    def documents(self) -> list[list[Page]]:
        return [
            [self.pages[i] for i in group] for group in split_at_blank_pages([p.blank for p in self.pages])
        ]


def split_at_blank_pages(blank: Sequence[bool]) -> list[list[int]]:
    """The documents of a scan as lists of page indexes: a run of blank pages separates two documents;
    blank pages are in none."""
    documents: list[list[int]] = []
    current: list[int] = []
    for index, is_blank in enumerate(blank):
        if is_blank:
            if current:
                documents.append(current)
            current = []
        else:
            current.append(index)
    if current:
        documents.append(current)
    return documents


def page_count(content: bytes) -> int:
    """How many pages the scan has (a PDF's pages, an image's frames); ScanError if it cannot be opened."""
    return sum(1 for _ in _page_sizes(content))


def _page_sizes(content: bytes) -> Iterator[tuple[float, float]]:
    if content.startswith(b"%PDF-"):
        import pypdfium2 as pdfium

        try:
            document = pdfium.PdfDocument(content)
        except pdfium.PdfiumError as error:
            raise ScanError(damaged_pdf()) from error
        try:
            for index in range(len(document)):
                yield document.get_page_size(index)
        finally:
            document.close()
        return
    from PIL import Image, ImageSequence

    try:
        with Image.open(io.BytesIO(content)) as image:
            for frame in ImageSequence.Iterator(image):
                yield float(frame.width), float(frame.height)
    except Exception as error:  # Pillow raises many kinds on a damaged file
        raise ScanError(damaged_image()) from error


def rasterise(content: bytes, *, dpi: int = DPI) -> Iterator[tuple[Any, int]]:
    """Each page of the scan as an RGB image with the resolution it was rasterised at (an image's own, or
    `dpi` when it says none)."""
    if content.startswith(b"%PDF-"):
        import pypdfium2 as pdfium

        try:
            document = pdfium.PdfDocument(content)
        except pdfium.PdfiumError as error:
            raise ScanError(damaged_pdf()) from error
        try:
            if len(document) > MAX_PAGES:
                raise ScanError(too_many_pages())
            for index in range(len(document)):
                page = document[index]
                width, height = page.get_size()
                scale = dpi / 72
                if width * height * scale * scale > MAX_PAGE_PIXELS:
                    scale = (MAX_PAGE_PIXELS / (width * height)) ** 0.5
                bitmap = page.render(scale=scale)
                image = bitmap.to_pil().convert("RGB")
                bitmap.close()
                page.close()
                yield image, round(scale * 72)
        finally:
            document.close()
        return
    from PIL import Image, ImageSequence

    try:
        with Image.open(io.BytesIO(content)) as image:
            for index, frame in enumerate(ImageSequence.Iterator(image)):
                if index >= MAX_PAGES:
                    raise ScanError(too_many_pages())
                resolution = frame.info.get("dpi", (dpi, dpi))[0] or dpi
                yield frame.convert("RGB"), round(float(resolution))
    except ScanError:
        raise
    except Exception as error:
        raise ScanError(damaged_image()) from error


# what is lighter than this (of 255) is paper: the grain of a scan, a red seal in the red channel
PAPER = 180


def without_red(image: Any) -> Any:
    """The page in shades of grey as its red channel shows it, the paper made white: a red seal fades into
    the paper (in the red channel red ink is nearly as light as the paper), and so does a scan's grain."""
    grey = image.getchannel("R") if image.mode == "RGB" else image.convert("L")
    return grey.point(lambda value: 255 if value > PAPER else value)


def ink(image: Any) -> float:
    """The share of dark pixels on the page (read on a small copy: quick, and specks of dust count little)."""
    small = image.convert("L").resize((max(1, image.width // 8), max(1, image.height // 8)))
    histogram = small.histogram()
    return sum(histogram[:128]) / max(1, small.width * small.height)


def separator_codes() -> tuple[str, ...]:
    """What a separator sheet's barcode says (settings.CHANCERY_SCAN_SEPARATORS): the office's own sheet
    (`separator_sheet`) and those the office's scanners already use."""
    return tuple(str(c).strip().upper() for c in getattr(settings, "CHANCERY_SCAN_SEPARATORS", (SEPARATOR,)))


def is_separator(grey: Any) -> bool:
    """Whether the page is a separator sheet: it carries a barcode (QR, Code 39, Code 128…) saying one of
    `separator_codes()`. Read on a copy at half the resolution: a sheet's barcode is large, and that is
    quick."""
    import zxingcpp

    small = grey.resize((max(1, grey.width // 2), max(1, grey.height // 2)))
    wanted = separator_codes()
    return any(code.text.strip().upper() in wanted for code in zxingcpp.read_barcodes(small))


def separator_sheet() -> bytes:
    """The office's separator sheet as a PDF to print: its QR code in the middle of an A4 page, and what it
    is for, in Vietnamese. A clerk puts one between two documents (or letters) of a scan."""
    import numpy as np
    import zxingcpp
    from PIL import Image, ImageDraw, ImageFont

    dpi = 150
    page = Image.new("L", (round(8.27 * dpi), round(11.69 * dpi)), 255)
    code = Image.fromarray(
        np.asarray(zxingcpp.write_barcode(zxingcpp.BarcodeFormat.QRCode, SEPARATOR, 600, 600))
    )
    page.paste(code, ((page.width - code.width) // 2, (page.height - code.height) // 2))
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(SHEET_FONT, 36)
    for offset, text in (
        (-420, gettext("SEPARATOR SHEET")),
        (380, gettext("Put between two documents when scanning")),
    ):
        width = draw.textlength(text, font=font)
        draw.text(((page.width - width) / 2, page.height / 2 + offset), text, fill=0, font=font)
    out = io.BytesIO()
    page.save(out, "PDF", resolution=dpi)
    return out.getvalue()


def read_page(image: Any, number: int, *, dpi: int = DPI, language: str = LANGUAGE) -> Page:
    """One page read by Tesseract: its lines of words with their boxes and confidences."""
    import pytesseract

    started = time.perf_counter()
    grey = without_red(image)
    if ink(grey) < BLANK_INK:
        return Page(number, image.width, image.height, dpi, (), True, time.perf_counter() - started)
    if is_separator(grey):
        return Page(number, image.width, image.height, dpi, (), True, time.perf_counter() - started, True)
    data = pytesseract.image_to_data(
        grey,
        lang=language,
        config=f"--psm 3 --dpi {dpi}",
        output_type=pytesseract.Output.DICT,
    )
    words = [
        TesseractWord(
            Word(
                normalised(str(text).strip()),
                Box(number, int(left), int(top), int(width), int(height)),
                max(0.0, float(confidence)) / 100,
            ),
            int(block),
            int(paragraph),
            int(line),
        )
        for text, left, top, width, height, confidence, block, paragraph, line in zip(
            data["text"],
            data["left"],
            data["top"],
            data["width"],
            data["height"],
            data["conf"],
            data["block_num"],
            data["par_num"],
            data["line_num"],
            strict=True,
        )
        if str(text).strip() and float(confidence) >= 0
    ]
    lines = lines_of(words, page_width=image.width, page_height=image.height)
    return Page(
        number, image.width, image.height, dpi, tuple(lines), not lines, time.perf_counter() - started
    )


def read_scan(
    content: bytes,
    *,
    dpi: int = DPI,
    language: str = LANGUAGE,
    progress: Callable[[Page], None] | None = None,
) -> Scan:
    """Every page of the scan read; `progress(page)` after each."""
    scan = Scan()
    for number, (image, resolution) in enumerate(rasterise(content, dpi=dpi), start=1):
        page = read_page(image, number, dpi=resolution, language=language)
        scan.pages.append(page)
        if progress is not None:
            progress(page)
    return scan


def page_image(content: bytes, number: int, dpi: int) -> Any:
    """Page `number` (from 1) of the scan as an image at `dpi` (an image's frame as it is), for the page
    where the clerk sees where each field was read; IndexError for a page the scan has not."""
    if content.startswith(b"%PDF-"):
        import pypdfium2 as pdfium

        try:
            document = pdfium.PdfDocument(content)
        except pdfium.PdfiumError as error:
            raise ScanError(damaged_pdf()) from error
        try:
            if not 1 <= number <= len(document):
                raise IndexError(number)
            pdf_page = document[number - 1]
            bitmap = pdf_page.render(scale=max(dpi, 1) / 72)
            image = bitmap.to_pil().convert("RGB")
            bitmap.close()
            pdf_page.close()
            return image
        finally:
            document.close()
    from PIL import Image

    try:
        with Image.open(io.BytesIO(content)) as source:
            source.seek(number - 1)
            return source.convert("RGB")
    except (EOFError, IndexError):
        raise
    except Exception as error:  # Pillow raises many kinds on a damaged file
        raise ScanError(damaged_image()) from error
